#include "nn/mdn_output.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/error.hpp"

namespace seqgen {
namespace {

template <class T>
inline T softplus(T x) {
  return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}
// log cosh(x), exact for large |x| where cosh overflows.
template <class T>
inline T log_cosh(T x) {
  T a = std::abs(x);
  return a + std::log1p(std::exp(-2 * a)) - T(std::numbers::ln2);
}

}  // namespace

template <class T>
MdnStats mdn_loss(int R, int M, const T* yhat, const T* x, const uint8_t* mask, T* dyhat, T scale, T clip) {
  if (M < 1 || M > kMdnMaxMixtures) fail("mixture components must be 1..{}, not {}", kMdnMaxMixtures, M);
  const int Y = 1 + 6 * M;
  const double log2pi = std::log(2 * std::numbers::pi);
  double loss = 0, sse = 0;
  int64_t count = 0;
#pragma omp parallel for reduction(+ : loss, sse, count) if (R >= 256)
  for (int r = 0; r < R; ++r) {
    const T* yt = yhat + size_t(r) * Y;
    T* dy = dyhat ? dyhat + size_t(r) * Y : nullptr;
    if (mask && !mask[r]) {
      if (dy) std::fill(dy, dy + Y, T(0));
      continue;
    }
    // Rows are done in double whatever T is: a confident wrong prediction
    // (σ tiny, |ρ| near 1) makes Z/(1-ρ²) overflow float long before double.
    double y[1 + 6 * kMdnMaxMixtures];
    for (int i = 0; i < Y; ++i) y[i] = yt[i];
    const double x1 = x[size_t(r) * 3], x2 = x[size_t(r) * 3 + 1], x3 = x[size_t(r) * 3 + 2];
    const double ehat = y[0];
    const double *pih = y + 1, *mu1 = y + 1 + M, *mu2 = y + 1 + 2 * M, *s1h = y + 1 + 3 * M,
                 *s2h = y + 1 + 4 * M, *rhoh = y + 1 + 5 * M;
    double lp[kMdnMaxMixtures], logpi[kMdnMaxMixtures], z1v[kMdnMaxMixtures], z2v[kMdnMaxMixtures],
        Zv[kMdnMaxMixtures], rho[kMdnMaxMixtures], C[kMdnMaxMixtures];
    double pmax = pih[0];
    for (int j = 1; j < M; ++j) pmax = std::max(pmax, pih[j]);
    double psum = 0;
    for (int j = 0; j < M; ++j) psum += std::exp(pih[j] - pmax);
    const double plog = pmax + std::log(psum);
    double m = -INFINITY, mean1 = 0, mean2 = 0;
    for (int j = 0; j < M; ++j) {
      logpi[j] = pih[j] - plog;                                     // (19)
      double z1 = (x1 - mu1[j]) * std::exp(-s1h[j]), z2 = (x2 - mu2[j]) * std::exp(-s2h[j]);
      rho[j] = std::tanh(rhoh[j]);                                  // (22)
      double c = std::cosh(std::clamp(rhoh[j], -300.0, 300.0));
      C[j] = c * c;                                                 // (37) 1/(1-ρ²) = cosh²(ρ̂)
      double Z = z1 * z1 + z2 * z2 - 2 * rho[j] * z1 * z2;          // (25)
      // log N (24): -log(2π σ1 σ2 sqrt(1-ρ²)) - Z / (2(1-ρ²))
      lp[j] = logpi[j] - log2pi - s1h[j] - s2h[j] + log_cosh(rhoh[j]) - Z * C[j] / 2;
      z1v[j] = z1, z2v[j] = z2, Zv[j] = Z;
      m = std::max(m, lp[j]);
      double pj = std::exp(logpi[j]);
      mean1 += pj * mu1[j], mean2 += pj * mu2[j];
    }
    double s = 0;
    for (int j = 0; j < M; ++j) s += std::exp(lp[j] - m);
    const double lse = m + std::log(s);
    // log e = -softplus(ê), log(1-e) = -softplus(-ê)                  (18)
    const double eos_loss = x3 > 0.5 ? softplus(ehat) : softplus(-ehat);
    loss += eos_loss - lse;                                         // (26)
    sse += (x1 - mean1) * (x1 - mean1) + (x2 - mean2) * (x2 - mean2);
    count += 1;
    if (!dy) continue;
    auto put = [&](int i, double g) { dy[i] = T(scale * (clip > 0 ? std::clamp(g, -double(clip), double(clip)) : g)); };
    const double e = 1 / (1 + std::exp(ehat));
    put(0, x3 - e);                                                 // (27)
    for (int j = 0; j < M; ++j) {
      double gamma = std::exp(lp[j] - lse);                         // (28-29)
      double z1 = z1v[j], z2 = z2v[j], rj = rho[j], cj = C[j];
      double a1 = z1 - rj * z2, a2 = z2 - rj * z1;
      put(1 + j, std::exp(logpi[j]) - gamma);                       // (30)
      put(1 + M + j, -gamma * cj * a1 * std::exp(-s1h[j]));         // (31, 32)
      put(1 + 2 * M + j, -gamma * cj * a2 * std::exp(-s2h[j]));     // (31, 33)
      put(1 + 3 * M + j, -gamma * (cj * z1 * a1 - 1));              // (31, 34)
      put(1 + 4 * M + j, -gamma * (cj * z2 * a2 - 1));              // (31, 35)
      put(1 + 5 * M + j, -gamma * (z1 * z2 + rj * (1 - cj * Zv[j])));  // (31, 36)
    }
  }
  return {loss, sse, count};
}

template <class T>
void mdn_mixture(int M, const T* y, T bias, Mixture<T>& mix) {
  mix.e = T(1) / (T(1) + std::exp(y[0]));                          // (18)
  const T* pih = y + 1;
  T pmax = pih[0] * (1 + bias);
  for (int j = 1; j < M; ++j) pmax = std::max(pmax, pih[j] * (1 + bias));
  T s = 0;
  for (int j = 0; j < M; ++j) s += (mix.pi[j] = std::exp(pih[j] * (1 + bias) - pmax));  // (62)
  for (int j = 0; j < M; ++j) {
    mix.pi[j] /= s;
    mix.mu1[j] = y[1 + M + j];
    mix.mu2[j] = y[1 + 2 * M + j];
    mix.s1[j] = std::exp(y[1 + 3 * M + j] - bias);                 // (61)
    mix.s2[j] = std::exp(y[1 + 4 * M + j] - bias);
    mix.rho[j] = std::tanh(y[1 + 5 * M + j]);
  }
}

template MdnStats mdn_loss<float>(int, int, const float*, const float*, const uint8_t*, float*, float, float);
template MdnStats mdn_loss<double>(int, int, const double*, const double*, const uint8_t*, double*, double, double);
template void mdn_mixture<float>(int, const float*, float, Mixture<float>&);
template void mdn_mixture<double>(int, const double*, double, Mixture<double>&);

}  // namespace seqgen
