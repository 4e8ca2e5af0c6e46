// Weight noise (§3.1), applied to the weights for one batch and removed after.
//  fixed:    w = μ + σ ε, one σ for all weights, ε ~ N(0, 1) drawn per batch.
//  adaptive: every weight has its own σ_i = exp(s_i), learnt with μ under the
//            description length of Graves (2011), "Practical variational
//            inference for neural networks":
//     L   = E_{w~Q} L_E(w) + λ L_C,      Q = Π_i N(μ_i, σ_i²)
//     L_C = KL(Q‖P) = Σ_i ln(σ_P/σ_i) + (σ_i² + (μ_i − μ_P)² − σ_P²) / (2σ_P²)
//     P   = N(μ_P, σ_P²), the best single-Gaussian prior:
//           μ_P = mean_i μ_i,  σ_P² = mean_i (σ_i² + (μ_i − μ_P)²)
//   With one sample w = μ + σ∘ε per batch (P's own dependence on μ and σ
//   drops out of the derivatives because P minimises L_C):
//     ∂L/∂μ_i = ∂L_E/∂w_i + λ (μ_i − μ_P) / σ_P²
//     ∂L/∂s_i = ∂L_E/∂w_i ε_i σ_i + λ (σ_i² / σ_P² − 1)
//   λ = 1 / (training sequences per epoch): L_C is paid once per pass.
//   The optimiser sees s/k with k = 1/σ₀ (trainer.cpp says why).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace seqgen {

// ε for update `step`: a function of (seed, step) only, so that a resumed run
// draws exactly the noise of the uninterrupted one, for any thread count.
void noise_draw(std::vector<float>& eps, size_t n, uint64_t seed, int64_t step);

struct NoisePrior {
  double mu = 0, sigma2 = 1;  // μ_P, σ_P²
};

template <class T>
NoisePrior noise_prior(const T* mu, const T* s, size_t n);

// L_C in nats.
template <class T>
double noise_complexity(const T* mu, const T* s, size_t n, const NoisePrior& p);

// g_mu = g_w + λ ∂L_C/∂μ, g_s = g_w ε σ + λ ∂L_C/∂s (both overwritten; g_mu may be g_w).
template <class T>
void noise_grads(const T* mu, const T* s, const T* eps, const T* g_w, size_t n, double lambda, const NoisePrior& p,
                 T* g_mu, T* g_s);

}  // namespace seqgen
