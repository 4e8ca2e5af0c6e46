// The deep LSTM of paper §2 (Fig. 1) and, with a window, the synthesis
// network of §5 (Fig. 12):
//   h^1_t = H(W_ih1 x_t + W_h1h1 h^1_{t-1} [+ W_wh1 w_{t-1}] + b^1)                  (1, 52)
//   h^n_t = H(W_ihn x_t + W_h(n-1)hn h^{n-1}_t + W_hnhn h^n_{t-1} [+ W_whn w_t] + b^n) (2, 53)
//   ŷ_t = b_y + Σ_n W_hny h^n_t                                                        (3)
// with H the peephole LSTM (lstm_cell.hpp) and w_t the window (window.hpp)
// computed from h^1_t inside layer 1's time loop.
//
// The work is done layer by layer over a whole segment: every product that
// does not depend on the layer's own previous step (inputs, the layer below,
// the window for layers 2..N, the output, all weight gradients) is one matrix
// product over T*B rows; only h_{t-1} W_rec (and layer 1's window) stays in the
// time loop. Rows are time-major: r = t*B + b. Buffers grow to the largest
// segment seen and are reused; nothing is allocated per timestep.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/gemm.hpp"
#include "nn/lstm_cell.hpp"
#include "nn/net_config.hpp"

namespace seqgen {

// What carries from one segment (or sampling step) to the next.
template <class T>
struct NetState {
  int B = 0;
  std::vector<T> h, c;   // B x ΣH, row b = [layer 1 | layer 2 | ...]
  std::vector<T> kappa;  // B x K, window positions (eq 51)
  std::vector<T> w;      // B x V, last window vector (eq 47)
};
template <class T>
void net_state_reset(const NetConfig& c, int B, NetState<T>& s);

template <class Real>
struct SeqBatch {
  int T = 0, B = 0;
  const int32_t* x_idx = nullptr;  // T*B class indices of one-hot inputs; -1 = null vector
  const Real* x = nullptr;           // T*B x X dense inputs
  const int32_t* chars = nullptr;  // B x U window texts (synthesis), -1 = padding
  int U = 0;
};

template <class T>
class Network {
 public:
  explicit Network(const NetConfig& cfg);

  const NetConfig& config() const { return cfg_; }
  const std::vector<ParamTensor>& layout() const { return layout_; }
  const ParamTensor& tensor(const std::string& name) const;
  T* param(const std::string& name) { return params.data() + tensor(name).offset; }
  T* grad(const std::string& name) { return grads.data() + tensor(name).offset; }

  // Flat, in layout() order. grads is sized (zeros) by the first backward:
  // a network that only draws or reads never needs it.
  std::vector<T> params, grads;

  // Random initial weights (see network.cpp for the choices).
  void init(uint64_t seed);
  // Call after changing `params` (optimiser step, weight noise, loading).
  void params_changed() { ++version_; }

  // Recurrent dropout in every layer for the following forward passes
  // (training only; lstm_cell.hpp). key picks the masks; p = 0 turns it off.
  void dropout_set(float p, uint32_t key) { drop_p_ = p, drop_key_ = key; }
  float dropout_p() const { return drop_p_; }
  uint32_t dropout_key() const { return drop_key_; }

  // Runs in.T steps starting from `state`, which is left holding the final
  // state. The outputs ŷ are then in output(): T*B x Y.
  void forward(const SeqBatch<T>& in, NetState<T>& state);
  const T* output() const { return y_.data(); }

  // Accumulates ∂L/∂θ into grads for the last forward, given ∂L/∂ŷ (T*B x Y).
  // clip bounds ∂L/∂(LSTM pre-activations) (§2.1; <= 0 disables). dx, if
  // given, receives ∂L/∂x (T*B x X) for dense inputs.
  void backward(const T* dyhat, T clip, T* dx = nullptr);

  // Intermediate values of the last forward, for pictures and sampling.
  const T* hidden(int t) const { return hs_.data() + size_t(t + 1) * B_ * cfg_.hidden_total(); }
  const T* window_phi(int t) const { return phi_.data() + size_t(t) * B_ * U_; }    // B x U
  const T* window_abk(int t) const { return abk_.data() + size_t(t + 1) * B_ * 4 * cfg_.window_mixtures; }

 private:
  void input_project(int n, T* z, const SeqBatch<T>& in);
  void bf16_sync();
  GemmPacked* rec_packed(std::vector<GemmPacked>& packs, int n, bool backward, int B);

  NetConfig cfg_;
  std::vector<ParamTensor> layout_;
  std::vector<uint16_t> params_bf16_;
  uint64_t version_ = 1, bf16_version_ = 0;
  float drop_p_ = 0;
  uint32_t drop_key_ = 0;
  CellDropout drop_last_;  // the last forward's setting (row0 unused), for backward
  std::vector<GemmPacked> rec_fwd_, rec_bwd_;  // per layer: W_rec and W_rec^T for the time loops

  // The last forward's inputs and activations.
  int T_ = 0, B_ = 0, U_ = 0;
  const int32_t* x_idx_ = nullptr;
  const T* x_ = nullptr;
  const int32_t* chars_ = nullptr;
  std::vector<T> hs_;               // (T+1)*B x ΣH; block 0 = initial h
  std::vector<std::vector<T>> cs_;  // per layer (T+1)*B x H; block 0 = initial c
  std::vector<std::vector<T>> a_;   // per layer T*B x 4H gate activations
  std::vector<T> win_;              // (T+1)*B x V; block 0 = initial w
  std::vector<T> abk_;              // (T+1)*B x 4K; block 0 holds the initial κ
  std::vector<T> phi_;              // T*B x U
  std::vector<T> p_;                // T*B x 3K
  std::vector<T> y_;                // T*B x Y
  std::vector<uint16_t> hs16_;      // bf16 copy of hs_ (bf16 precision only)
  // Backward work space.
  std::vector<T> dhs_, dz_, dc_, dwin_, dp_, dkappa_;
  std::vector<uint16_t> dz16_;      // bf16 copy of dz_ (bf16 precision only)
};

}  // namespace seqgen
