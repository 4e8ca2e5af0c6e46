// The network the compressor codes with: the deep peephole LSTM of paper §2
// (eqs 1-3, 7-11; the same tensors as nn/network.hpp, so a text model's file
// loads into it) run over B lanes side by side, with its own forward and
// backward in plain loops so that every machine computes the same bits:
//   - every sum runs in one fixed order, written out in the source: a product
//     z[j] += Σ_k a[k] W[k][j] adds k = 0, 1, ... per element (the loops are
//     vectorised across j, which changes no element's order), and a dot
//     product Σ_j uses 32 partial sums combined in a fixed tree;
//   - exp, σ, tanh are det_math.hpp's; no multiply-add is fused
//     (-ffp-contract=off for src/compress/) and no library kernel is used;
//   - threads split work by output element, never one sum, so the thread count
//     changes nothing.
// Gradients are those of the summed cross-entropy (eq 38 per step) over a
// segment of T steps, truncated at the segment start (the state carries on,
// its gradient does not), divided by the number of predicted bytes.
//   y_t = b_y + Σ_n W_hny h^n_t,  Pr(x_{t+1} = k | y_t) = exp(y_t[k]) / Σ_k' exp(y_t[k'])   (3, 36)
#pragma once
#include <cstdint>
#include <vector>

#include "nn/net_config.hpp"

namespace seqgen {

template <class T>
struct CoderNet {
  NetConfig cfg;          // input_onehot, input_size X, hidden, output_size Y
  std::vector<T> w, g;    // parameters and gradients, net_param_layout(cfg) order
  int B = 0, Tmax = 0;    // lanes, steps per segment
  float clip = 0;         // bound on the LSTM derivatives dz (§2.1), 0 = none

  // Per layer: offsets of its tensors in w.
  struct Layer {
    int H = 0, H_below = 0;
    size_t w_x = 0, w_below = 0, w_rec = 0, peep = 0, b = 0;
  };
  std::vector<Layer> layers;
  size_t out_w = 0, out_b = 0;

  // Activations of the segment, slot s = step s-1 (slot 0: the carried state).
  // Per layer: a (i f g o after σ/tanh, (T+1) x B x 4H), c, tc = tanh(c), h
  // ((T+1) x B x H each). p: T x B x Y probabilities.
  std::vector<std::vector<T>> a, c, tc, h, dh, dz;
  std::vector<T> p, dy, dc;
  std::vector<int32_t> x;  // T x B inputs (-1: none)
};

// Shapes the net for B lanes and segments of up to Tmax steps; zero state.
template <class T>
void coder_net_setup(CoderNet<T>& n, const NetConfig& cfg, int B, int Tmax);
// Deterministic initial weights from a seed (uniform ±1/√H, forget bias 1).
template <class T>
void coder_net_init(CoderNet<T>& n, uint64_t seed);
// The carried state (h, c of every lane) to zero.
template <class T>
void coder_net_state_reset(CoderNet<T>& n);

// Step t (0-based in the segment): inputs x[b] (-1 = none), returns the B x Y
// probabilities of the next symbols. extra (B x Y, may be null) is added to
// the output activations ŷ before the softmax (the coder's context tables).
template <class T>
const T* coder_net_forward(CoderNet<T>& n, int t, const int32_t* x, int threads, const T* extra = nullptr);
// After `steps` forward steps: gradients (into n.g, overwritten) for the
// targets (steps x B, -1 = no loss there), then the last step's state becomes
// the carried state.
template <class T>
void coder_net_backward(CoderNet<T>& n, int steps, const int32_t* targets, int threads);
// The carried state moves on without a backward pass.
template <class T>
void coder_net_carry(CoderNet<T>& n, int steps);

}  // namespace seqgen
