// CTC output: Pr(l | x) against a sum over every path, the derivative
// against finite differences, infeasible labellings, decoding, edit distance.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "grad_check.hpp"
#include "nn/ctc_output.hpp"

namespace seqgen {
namespace {

// Σ over all K^T paths whose collapse is `label` of Π_t y_t^{π_t}.
double ctc_brute_force(int T, int K, const std::vector<double>& yhat, const std::vector<int32_t>& label) {
  double total = 0;
  std::vector<int> path(T, 0);
  std::function<void(int)> walk = [&](int t) {
    if (t == T) {
      std::vector<int32_t> out;
      int prev = -1;
      for (int k : path) {
        if (k != prev && k != K - 1) out.push_back(k);
        prev = k;
      }
      if (out != label) return;
      double p = 1;
      for (int s = 0; s < T; ++s) {
        double z = 0;
        for (int k = 0; k < K; ++k) z += std::exp(yhat[s * K + k]);
        p *= std::exp(yhat[s * K + path[s]]) / z;
      }
      total += p;
      return;
    }
    for (int k = 0; k < K; ++k) path[t] = k, walk(t + 1);
  };
  walk(0);
  return total;
}

TEST(CtcOutput, ProbabilityIsTheSumOverPaths) {
  const int T = 5, K = 3;  // classes 0, 1 and the blank 2
  auto y = test::random_vec(T * K, 7, 1.5);
  for (const std::vector<int32_t>& label : {std::vector<int32_t>{0}, {0, 1}, {1, 1}, {0, 1, 0}, {}}) {
    const double L = ctc_loss<double>(T, K, y.data(), K, label.data(), int(label.size()), nullptr, 1.0);
    EXPECT_NEAR(L, -std::log(ctc_brute_force(T, K, y, label)), 1e-10) << label.size();
  }
}

TEST(CtcOutput, GradientByFiniteDifferences) {
  const int T = 9, K = 5;
  const std::vector<int32_t> label = {0, 2, 2, 3};  // a repeat needs a blank between
  auto y = test::random_vec(T * K, 3, 1.0);
  std::vector<double> dy(T * K);
  ctc_loss<double>(T, K, y.data(), K, label.data(), 4, dy.data(), 1.0);
  auto f = [&] { return ctc_loss<double>(T, K, y.data(), K, label.data(), 4, nullptr, 1.0); };
  test::grad_check("ctc", y, dy, f, -1, 1e-6, 1e-6, 1e-9);
  // Rows are probabilities minus occupancies: each sums to zero.
  for (int t = 0; t < T; ++t) {
    double s = 0;
    for (int k = 0; k < K; ++k) s += dy[t * K + k];
    EXPECT_NEAR(s, 0, 1e-12);
  }
}

TEST(CtcOutput, StrideAndScale) {
  const int T = 6, K = 4, ld = 7;  // rows of a batch of several lines: stride > K
  auto y = test::random_vec(T * ld, 5, 1.0);
  const std::vector<int32_t> label = {1, 0};
  std::vector<double> packed(T * K), d1(T * K), d2(T * ld, 99.0);
  for (int t = 0; t < T; ++t)
    for (int k = 0; k < K; ++k) packed[t * K + k] = y[t * ld + k];
  const double a = ctc_loss<double>(T, K, packed.data(), K, label.data(), 2, d1.data(), 1.0);
  const double b = ctc_loss<double>(T, K, y.data(), ld, label.data(), 2, d2.data(), 0.5);
  EXPECT_DOUBLE_EQ(a, b);
  for (int t = 0; t < T; ++t) {
    for (int k = 0; k < K; ++k) EXPECT_NEAR(d2[t * ld + k], 0.5 * d1[t * K + k], 1e-15);
    for (int k = K; k < ld; ++k) EXPECT_EQ(d2[t * ld + k], 99.0);  // other columns untouched
  }
}

TEST(CtcOutput, InfeasibleLabellingIsInfiniteWithZeroGradient) {
  const int K = 3;
  auto y = test::random_vec(3 * K, 1, 1.0);
  std::vector<double> dy(3 * K, 5.0);
  const std::vector<int32_t> twice = {0, 0};  // needs 3 steps: fits in 3
  EXPECT_TRUE(std::isfinite(ctc_loss<double>(3, K, y.data(), K, twice.data(), 2, dy.data(), 1.0)));
  const std::vector<int32_t> four = {0, 1, 0, 1};  // needs 4 steps
  EXPECT_TRUE(std::isinf(ctc_loss<double>(3, K, y.data(), K, four.data(), 4, dy.data(), 1.0)));
  for (double d : dy) EXPECT_EQ(d, 0.0);
}

TEST(CtcOutput, GreedyDecodingMergesRepeatsAndDropsBlanks) {
  const int K = 3;  // blank = 2
  // argmax per row: 0 0 2 0 1 1 2
  std::vector<float> y = {5, 0, 0, 5, 0, 0, 0, 0, 5, 5, 0, 0, 0, 5, 0, 0, 5, 0, 0, 0, 5};
  EXPECT_EQ(ctc_greedy<float>(7, K, y.data(), K), (std::vector<int32_t>{0, 0, 1}));
}

TEST(CtcOutput, EditDistance) {
  EXPECT_EQ(edit_distance({1, 2, 3}, {1, 2, 3}), 0);
  EXPECT_EQ(edit_distance({1, 2, 3}, {1, 3}), 1);
  EXPECT_EQ(edit_distance({}, {4, 4}), 2);
  EXPECT_EQ(edit_distance({1, 2, 3, 4}, {2, 1, 3, 5}), 3);
}

}  // namespace
}  // namespace seqgen
