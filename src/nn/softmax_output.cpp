#include "nn/softmax_output.hpp"

#include <algorithm>
#include <cmath>

namespace seqgen {

template <class T>
void softmax_probs(int K, const T* yhat, T tau, T* p) {
  T m = yhat[0];
  for (int k = 1; k < K; ++k) m = std::max(m, yhat[k]);
  T s = 0;
  for (int k = 0; k < K; ++k) s += (p[k] = std::exp((yhat[k] - m) / tau));
  for (int k = 0; k < K; ++k) p[k] /= s;
}

template <class T>
SoftmaxStats softmax_loss(int R, int K, const T* yhat, const int32_t* target, T* dyhat, T scale, T clip) {
  double loss = 0;
  int64_t count = 0, errors = 0;
#pragma omp parallel for reduction(+ : loss, count, errors) if (int64_t(R) * K > 32768)
  for (int r = 0; r < R; ++r) {
    const T* y = yhat + size_t(r) * K;
    T* dy = dyhat ? dyhat + size_t(r) * K : nullptr;
    int tgt = target[r];
    if (tgt < 0) {
      if (dy) std::fill(dy, dy + K, T(0));
      continue;
    }
    int best = 0;
    T m = y[0];
    for (int k = 1; k < K; ++k)
      if (y[k] > m) m = y[k], best = k;
    T s = 0;
    for (int k = 0; k < K; ++k) s += std::exp(y[k] - m);
    T logz = m + std::log(s);
    loss += double(logz - y[tgt]);  // (13)
    count += 1;
    errors += best != tgt;
    if (dy) {
      for (int k = 0; k < K; ++k) {
        T g = std::exp(y[k] - logz) - T(k == tgt);  // (14)
        dy[k] = scale * (clip > 0 ? std::clamp(g, -clip, clip) : g);
      }
    }
  }
  return {loss, count, errors};
}

template SoftmaxStats softmax_loss<float>(int, int, const float*, const int32_t*, float*, float, float);
template SoftmaxStats softmax_loss<double>(int, int, const double*, const int32_t*, double*, double, double);
template void softmax_probs<float>(int, const float*, float, float*);
template void softmax_probs<double>(int, const double*, double, double*);

}  // namespace seqgen
