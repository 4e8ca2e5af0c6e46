#include "nn/window.hpp"

#include "core/cpu.hpp"
#include "nn/fast_math.hpp"

#include <algorithm>
#include <cmath>

namespace seqgen {

template <class T>
SEQGEN_KERNEL void window_phi(int K, int n, const T* abk, T* phi) {
  const T *alpha = abk, *beta = abk + K, *kappa = abk + 2 * K;
  for (int u = 0; u < n; ++u) {
    T s = 0;
    for (int k = 0; k < K; ++k) {
      T d = kappa[k] - T(u + 1);
      s += alpha[k] * exp_t(-beta[k] * d * d);  // (46)
    }
    phi[u] = s;
  }
}

template <class T>
SEQGEN_KERNEL void window_forward_step(int B, int K, int U, int V, const T* p, const T* abk_prev,
                                       const int32_t* chars, T* abk, T* phi, T* w) {
  for (int b = 0; b < B; ++b) {
    T* ab = abk + size_t(b) * 4 * K;
    window_abk_step(K, p + size_t(b) * 3 * K, abk_prev + size_t(b) * 4 * K, ab);
    T* phib = phi + size_t(b) * U;
    window_phi(K, U, ab, phib);
    T* wb = w + size_t(b) * V;
    for (int v = 0; v < V; ++v) wb[v] = 0;
    const int32_t* cb = chars + size_t(b) * U;
    for (int u = 0; u < U; ++u)
      if (cb[u] >= 0) wb[cb[u]] += phib[u];                        // (47), c_u one-hot
  }
}

template <class T>
SEQGEN_KERNEL void window_backward_step(int B, int K, int U, int V, const T* abk, const int32_t* chars,
                                        const T* dw, T* dkappa, T* dp) {
  for (int b = 0; b < B; ++b) {
    const T* ab = abk + size_t(b) * 4 * K;
    const T *alpha = ab, *beta = ab + K, *kappa = ab + 2 * K, *step = ab + 3 * K;
    const int32_t* cb = chars + size_t(b) * U;
    const T* dwb = dw + size_t(b) * V;
    T* dpb = dp + size_t(b) * 3 * K;
    T* dkb = dkappa + size_t(b) * K;
    for (int k = 0; k < K; ++k) {
      T sa = 0, sb = 0, sk = 0;
      for (int u = 0; u < U; ++u) {
        if (cb[u] < 0) continue;
        T d = kappa[k] - T(u + 1);
        // ε(k,t,u) = α exp(-β(κ-u)^2) Σ_j dL/dw^j c_u^j            (56)
        T eps = alpha[k] * exp_t(-beta[k] * d * d) * dwb[cb[u]];
        sa += eps;
        sb += eps * d * d;
        sk += eps * d;
      }
      dpb[k] = sa;                                                 // (57)
      dpb[K + k] = -beta[k] * sb;                                  // (58)
      dkb[k] += -T(2) * beta[k] * sk;                              // (59)
      dpb[2 * K + k] = step[k] * dkb[k];                           // (60)
    }
  }
}

template void window_phi<float>(int, int, const float*, float*);
template void window_phi<double>(int, int, const double*, double*);
int32_t window_focus_char(const float* phi, const int32_t* chars, int U) {
  return chars[std::max_element(phi, phi + U) - phi];
}

template void window_forward_step<float>(int, int, int, int, const float*, const float*, const int32_t*,
                                         float*, float*, float*);
template void window_forward_step<double>(int, int, int, int, const double*, const double*, const int32_t*,
                                          double*, double*, double*);
template void window_backward_step<float>(int, int, int, int, const float*, const int32_t*, const float*,
                                          float*, float*);
template void window_backward_step<double>(int, int, int, int, const double*, const int32_t*, const double*,
                                           double*, double*);

}  // namespace seqgen
