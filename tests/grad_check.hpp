// Shared harness: compare analytic gradients with central finite differences.
#pragma once
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace seqgen::test {

// Checks d f / d v[i] against g[i] for `count` indices spread over v (all if
// count <= 0). Relative error uses max(|a|, |n|, floor) as scale.
inline void grad_check(const std::string& what, std::vector<double>& v, const std::vector<double>& g,
                       const std::function<double()>& f, int count = -1, double eps = 1e-6,
                       double tol = 1e-6, double floor = 1e-8, size_t begin = 0, size_t end = size_t(-1)) {
  end = std::min(end, v.size());
  size_t n = end - begin;
  if (n == 0) return;
  std::mt19937 rng(123);
  std::vector<size_t> idx;
  if (count <= 0 || size_t(count) >= n) {
    for (size_t i = begin; i < end; ++i) idx.push_back(i);
  } else {
    for (int k = 0; k < count; ++k) idx.push_back(begin + rng() % n);
  }
  double worst = 0;
  for (size_t i : idx) {
    double keep = v[i];
    v[i] = keep + eps;
    double fp = f();
    v[i] = keep - eps;
    double fm = f();
    v[i] = keep;
    double num = (fp - fm) / (2 * eps);
    double err = std::abs(num - g[i]) / std::max({std::abs(num), std::abs(g[i]), floor});
    worst = std::max(worst, err);
    EXPECT_LT(err, tol) << what << " index " << i - begin << ": analytic " << g[i] << " numeric " << num;
  }
  ::testing::Test::RecordProperty(what + "_worst_rel_err", std::to_string(worst));
}

inline std::vector<double> random_vec(size_t n, uint64_t seed, double scale = 1.0) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> d(0, scale);
  std::vector<double> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

}  // namespace seqgen::test
