// Softmax output for discrete data (paper §3, eqs 12-14):
//   y^k = exp(ŷ^k) / Σ_k' exp(ŷ^k')                 (12)
//   L = -Σ_t log y_t^{x_{t+1}}                        (13)
//   ∂L/∂ŷ^k = y^k - δ_{k, x_{t+1}}                    (14)
#pragma once
#include <cstdint>

namespace seqgen {

struct SoftmaxStats {
  double loss = 0;   // Σ -ln y[target] over counted rows (nats)
  int64_t count = 0; // rows with a target
  int64_t errors = 0;  // rows whose most probable class is not the target
};

// yhat: R x K logits. target: R ints, -1 = no target (masked). If dyhat is not
// null it receives ∂L/∂ŷ (eq 14; zero for masked rows), clipped to
// [-clip, clip] when clip > 0, then multiplied by scale.
template <class T>
SoftmaxStats softmax_loss(int R, int K, const T* yhat, const int32_t* target, T* dyhat, T scale, T clip);

// Probabilities of one row at temperature tau (yhat / tau), into p (K).
template <class T>
void softmax_probs(int K, const T* yhat, T tau, T* p);

}  // namespace seqgen
