#include "train/weight_noise.hpp"

#include <cmath>

#include "core/cpu.hpp"
#include "nn/fast_math.hpp"

namespace seqgen {

namespace {
uint64_t splitmix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
}  // namespace

// Box-Muller on pair j: one 64-bit hash of (seed, step, j) gives u1 in (0, 1]
// and u2 in [0, 1) (24 bits each, so |ε| ≤ 5.8), and ε_j = r cos 2πu2,
// ε_{h+j} = r sin 2πu2 with r = √(−2 ln u1) and h = ⌈n/2⌉. Counter-based and
// branch-free, the loop vectorises: 3 ms for 4.3M weights where
// std::normal_distribution over mt19937 took 65.
SEQGEN_KERNEL void noise_draw(std::vector<float>& eps, size_t n, uint64_t seed, int64_t step) {
  const int64_t h = (int64_t(n) + 1) / 2;
  eps.resize(size_t(2 * h));
  const uint64_t key = splitmix64(splitmix64(seed) ^ uint64_t(step));
  float* e = eps.data();
#pragma omp parallel for schedule(static)
  for (int64_t j = 0; j < h; ++j) {
    const uint64_t r = splitmix64(key + uint64_t(j) * 0x9E3779B97F4A7C15ull);
    const float u1 = (float(uint32_t(r >> 40)) + 1.f) * (1.f / 16777216.f);
    const float u2 = float(uint32_t(r) & 0xFFFFFFu) * (1.f / 16777216.f);
    float s, c;
    sincos_turns(u2, s, c);
    const float rad = std::sqrt(-2.f * log_fast(u1));
    e[j] = rad * c, e[h + j] = rad * s;
  }
  eps.resize(n);
}

template <class T>
NoisePrior noise_prior(const T* mu, const T* s, size_t n) {
  double sum = 0;
  for (size_t i = 0; i < n; ++i) sum += mu[i];
  NoisePrior p;
  p.mu = sum / double(n);
  double v = 0;
  for (size_t i = 0; i < n; ++i) {
    const double d = mu[i] - p.mu;
    v += std::exp(2.0 * s[i]) + d * d;
  }
  p.sigma2 = v / double(n);
  return p;
}

template <class T>
double noise_complexity(const T* mu, const T* s, size_t n, const NoisePrior& p) {
  double c = 0;
  const double log_sp = 0.5 * std::log(p.sigma2);
  for (size_t i = 0; i < n; ++i) {
    const double d = mu[i] - p.mu;
    c += log_sp - s[i] + (std::exp(2.0 * s[i]) + d * d - p.sigma2) / (2 * p.sigma2);
  }
  return c;
}

template <class T>
void noise_grads(const T* mu, const T* s, const T* eps, const T* g_w, size_t n, double lambda, const NoisePrior& p,
                 T* g_mu, T* g_s) {
  const double inv = 1.0 / p.sigma2;
  const int64_t N = int64_t(n);
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < N; ++i) {
    const double sigma = std::exp(double(s[i]));
    const double g = g_w[i];
    g_s[i] = T(g * eps[i] * sigma + lambda * (sigma * sigma * inv - 1));
    g_mu[i] = T(g + lambda * (mu[i] - p.mu) * inv);
  }
}

template NoisePrior noise_prior<float>(const float*, const float*, size_t);
template NoisePrior noise_prior<double>(const double*, const double*, size_t);
template double noise_complexity<float>(const float*, const float*, size_t, const NoisePrior&);
template double noise_complexity<double>(const double*, const double*, size_t, const NoisePrior&);
template void noise_grads<float>(const float*, const float*, const float*, const float*, size_t, double,
                                 const NoisePrior&, float*, float*);
template void noise_grads<double>(const double*, const double*, const double*, const double*, size_t, double,
                                  const NoisePrior&, double*, double*);

}  // namespace seqgen
