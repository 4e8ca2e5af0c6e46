// Softmax output (eqs 12-14): loss, error count, derivative, masking, clipping.
#include <gtest/gtest.h>

#include "grad_check.hpp"
#include "nn/softmax_output.hpp"

namespace seqgen {
namespace {

TEST(SoftmaxOutput, GradientEq14) {
  const int R = 4, K = 5;
  auto y = test::random_vec(R * K, 1, 2.0);
  std::vector<int32_t> tgt = {0, 3, -1, 4};
  std::vector<double> dy(R * K);
  SoftmaxStats s = softmax_loss<double>(R, K, y.data(), tgt.data(), dy.data(), 1.0, 0.0);
  EXPECT_EQ(s.count, 3);
  auto f = [&] { return softmax_loss<double>(R, K, y.data(), tgt.data(), nullptr, 1.0, 0.0).loss; };
  test::grad_check("softmax", y, dy, f, -1, 1e-6, 1e-7, 1e-9);
}

TEST(SoftmaxOutput, LossAndErrors) {
  std::vector<float> y = {0, 0, std::log(2.f), 5, 0, 0};
  std::vector<int32_t> tgt = {2, 1};
  SoftmaxStats s = softmax_loss<float>(2, 3, y.data(), tgt.data(), nullptr, 1.f, 0.f);
  double p2 = 2.0 / 4.0, p1 = 1.0 / (std::exp(5.0) + 2);
  EXPECT_NEAR(s.loss, -std::log(p2) - std::log(p1), 1e-5);
  EXPECT_EQ(s.errors, 1);
}

TEST(SoftmaxOutput, ClipThenScale) {
  std::vector<float> y = {10, -10};
  std::vector<int32_t> tgt = {1};
  std::vector<float> dy(2);
  softmax_loss<float>(1, 2, y.data(), tgt.data(), dy.data(), 0.5f, 0.25f);
  EXPECT_FLOAT_EQ(dy[0], 0.125f);
  EXPECT_FLOAT_EQ(dy[1], -0.125f);
}

}  // namespace
}  // namespace seqgen
