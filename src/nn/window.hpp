// Soft window over a character sequence for handwriting synthesis (paper §5.1):
//   (α̂, β̂, κ̂)_t = W_h1p h^1_t + b_p                       (48)
//   α_t = exp(α̂_t), β_t = exp(β̂_t), κ_t = κ_{t-1} + exp(κ̂_t)   (49-51)
//   φ(t,u) = Σ_k α^k_t exp(-β^k_t (κ^k_t - u)^2),  u = 1..U  (46)
//   w_t = Σ_u φ(t,u) c_u                                  (47)
// and its derivatives (eqs 56-60). The product W_h1p h^1_t is the caller's;
// these functions do one timestep for B sequences. Characters are one-hot, so
// c_u is an index into the alphabet (V symbols); -1 pads shorter texts.
#pragma once
#include <cstdint>

#include "nn/fast_math.hpp"

namespace seqgen {

// α, β, κ of one sequence (eqs 49-51) from its p (3K) and the step before's
// abk_prev (4K, only κ read): abk = [α | β | κ | exp(κ̂)] (4K).
template <class T>
inline void window_abk_step(int K, const T* p, const T* abk_prev, T* abk) {
  for (int k = 0; k < K; ++k) {
    const T step = exp_t(p[2 * K + k]);
    abk[k] = exp_t(p[k]);                            // (49)
    abk[K + k] = exp_t(p[K + k]);                    // (50)
    abk[2 * K + k] = abk_prev[2 * K + k] + step;     // (51)
    abk[3 * K + k] = step;
  }
}

// p: B x 3K pre-activations [α̂ | β̂ | κ̂]. abk_prev: B x 4K of the previous
// step (only its κ part is read). abk: B x 4K out [α | β | κ | exp(κ̂)], kept
// for the backward step. chars: B x U. phi: B x U out. w: B x V out.
template <class T>
void window_forward_step(int B, int K, int U, int V, const T* p, const T* abk_prev, const int32_t* chars,
                         T* abk, T* phi, T* w);

// dw: B x V, dL/dw_t. dkappa: B x K; on entry dL/dκ_{t+1} (the part that flows
// back through eq 51), on exit dL/dκ_t (eq 59). dp: B x 3K out (eqs 57, 58, 60).
template <class T>
void window_backward_step(int B, int K, int U, int V, const T* abk, const int32_t* chars, const T* dw,
                          T* dkappa, T* dp);

// φ(t, u) for one sequence at u = 1..n (n may exceed the text length, for the
// end-of-writing rule of §5.3).
template <class T>
void window_phi(int K, int n, const T* abk_row, T* phi);

// The character the window is on: chars[u] of the largest φ_u (the first of
// equal ones) of a row of U (-1: padding).
int32_t window_focus_char(const float* phi, const int32_t* chars, int U);

}  // namespace seqgen
