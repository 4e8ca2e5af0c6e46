// Adam (Kingma & Ba 2015) for the compressor's learning as it reads, in plain
// float arithmetic with one order per weight, so encoder and decoder take the
// same step (sqrt and division are exactly rounded everywhere).
#pragma once
#include <cmath>
#include <vector>

namespace seqgen {

struct CoderAdam {
  float lr = 1e-3f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
  std::vector<float> m, v;
  float p1 = 1, p2 = 1;  // beta1^t, beta2^t

  void step(std::vector<float>& w, const std::vector<float>& g) {
    if (m.size() != w.size()) m.assign(w.size(), 0.f), v.assign(w.size(), 0.f);
    p1 = p1 * beta1, p2 = p2 * beta2;
    const float a = lr * std::sqrt(1.0f - p2) / (1.0f - p1);
    const size_t n = w.size();
    for (size_t i = 0; i < n; ++i) {
      m[i] = beta1 * m[i] + (1.0f - beta1) * g[i];
      v[i] = beta2 * v[i] + (1.0f - beta2) * (g[i] * g[i]);
      w[i] = w[i] - a * m[i] / (std::sqrt(v[i]) + eps);
    }
  }
};

}  // namespace seqgen
