// Shape of a prediction or synthesis network (paper Figs 1 and 12) and the
// list of its parameter tensors.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace seqgen {

struct NetConfig {
  int input_size = 0;         // X: classes of a one-hot input, or 3 for pen steps
  bool input_onehot = false;  // inputs are class indices (text)
  std::vector<int> hidden;    // H_1..H_N, cells per LSTM layer
  int output_size = 0;        // Y: size of ŷ
  int window_alphabet = 0;    // V: characters of the synthesis window, 0 = no window (§5)
  int window_mixtures = 0;    // K: Gaussians of the window

  int layers() const { return int(hidden.size()); }
  int hidden_total() const;   // ΣH, width of the concatenated hidden state
  int hidden_offset(int n) const;  // column of layer n (0-based) within it
  bool has_window() const { return window_alphabet > 0; }
};

nlohmann::json net_config_to_json(const NetConfig& c);
// Throws seqgen::Error (prefixed by `where`) for missing or nonsensical fields.
NetConfig net_config_from_json(const nlohmann::json& j, const std::string& where);

// One parameter tensor inside the flat parameter vector.
struct ParamTensor {
  std::string name;
  int rows = 0, cols = 0;  // a vector has rows = 1
  size_t offset = 0;
  size_t size() const { return size_t(rows) * cols; }
};

// Tensor names (layer n counted from 1 as in the paper):
//   l<n>.w_x     X x 4H       input to layer n, the skip connections of eqs 1-2
//   l<n>.w_below H_{n-1} x 4H layer n-1 to layer n (eq 2), n > 1
//   l<n>.w_win   V x 4H       window to layer n (eqs 52-53)
//   l<n>.w_rec   H x 4H       recurrent (eqs 7-10)
//   l<n>.peep    3 x H        diagonal peepholes w_ci, w_cf, w_co (eqs 7, 8, 10)
//   l<n>.b       1 x 4H       gate biases [i f g o]
//   win.w, win.b H_1 x 3K, 1 x 3K  window parameters (eq 48)
//   out.w, out.b ΣH x Y, 1 x Y     all layers to the output (eq 3)
std::vector<ParamTensor> net_param_layout(const NetConfig& c);
// "l<n+1>.": the name prefix of layer n's tensors (n counted from 0).
std::string layer_prefix(int n);
size_t net_param_count(const NetConfig& c);

}  // namespace seqgen
