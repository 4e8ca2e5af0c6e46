#include "train/weight_noise.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace seqgen {

void noise_draw(std::vector<float>& eps, size_t n, uint64_t seed, int64_t step) {
  eps.resize(n);
  const int64_t N = int64_t(n);
#pragma omp parallel for schedule(static)
  for (int64_t b0 = 0; b0 < N; b0 += 4096) {  // one stream per block of 4096 weights
    std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ull ^ (uint64_t(step) << 20) ^ uint64_t(b0 / 4096));
    std::normal_distribution<float> nd(0.f, 1.f);
    for (int64_t i = b0; i < std::min(N, b0 + 4096); ++i) eps[i] = nd(rng);
  }
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
