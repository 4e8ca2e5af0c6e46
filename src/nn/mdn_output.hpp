// Mixture density output for pen offsets (paper §4.1, eqs 17-37): M bivariate
// Gaussians for (x1, x2) and a Bernoulli end-of-stroke probability for x3.
// Row layout of ŷ (1 + 6M): [ê | π̂ (M) | μ̂1 (M) | μ̂2 (M) | σ̂1 (M) | σ̂2 (M) | ρ̂ (M)].
//   e = 1/(1+exp(ê)) (18), π = softmax(π̂) (19), μ = μ̂ (20), σ = exp(σ̂) (21), ρ = tanh(ρ̂) (22)
//   L = -log Σ_j π_j N(x|μ_j,σ_j,ρ_j) - log(e if x3 = 1 else 1-e)    (26)
// computed in log space (log-sum-exp over components) so that no density
// under- or overflows; derivatives are eqs 27-37.
#pragma once
#include <cstdint>

namespace seqgen {

constexpr int kMdnMaxMixtures = 64;  // per-row work arrays live on the stack
inline int mdn_output_size(int M) { return 1 + 6 * M; }

struct MdnStats {
  double loss = 0;    // Σ L over counted rows (nats)
  double sse = 0;     // Σ squared error of the mixture mean offset (x1, x2)
  int64_t count = 0;  // counted rows
};

// yhat: R x (1+6M). x: R x 3 targets (x1, x2, x3). mask: R (nonzero = counted),
// or null for all rows. If dyhat is not null it receives ∂L/∂ŷ clipped to
// [-clip, clip] (clip > 0), times scale; masked rows get zeros.
template <class T>
MdnStats mdn_loss(int R, int M, const T* yhat, const T* x, const uint8_t* mask, T* dyhat, T scale, T clip);

// The mixture of one row, with the probability bias b of §5.4 (eqs 61-62;
// b = 0 is the unbiased mixture).
template <class T>
struct Mixture {
  T e;  // end-of-stroke probability
  T pi[kMdnMaxMixtures], mu1[kMdnMaxMixtures], mu2[kMdnMaxMixtures], s1[kMdnMaxMixtures],
      s2[kMdnMaxMixtures], rho[kMdnMaxMixtures];
};
template <class T>
void mdn_mixture(int M, const T* yhat, T bias, Mixture<T>& mix);

}  // namespace seqgen
