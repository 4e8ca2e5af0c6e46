// The vectorisable exp/σ/tanh used by float LSTM cells match libm.
#include <gtest/gtest.h>

#include <cmath>

#include "nn/fast_math.hpp"

namespace seqgen {
namespace {

TEST(FastMath, ExpSigmoidTanhAccuracy) {
  double worst_exp = 0, worst_sig = 0, worst_tanh = 0;
  for (float x = -87.f; x <= 88.f; x += 0.0137f) {
    worst_exp = std::max(worst_exp, std::abs(double(exp_fast(x)) / std::exp(double(x)) - 1));
  }
  for (float x = -30.f; x <= 30.f; x += 0.001f) {
    worst_sig = std::max(worst_sig, std::abs(double(sigmoid_t(x)) - 1 / (1 + std::exp(-double(x)))));
    worst_tanh = std::max(worst_tanh, std::abs(double(tanh_t(x)) - std::tanh(double(x))));
  }
  EXPECT_LT(worst_exp, 3e-7);
  EXPECT_LT(worst_sig, 1e-7);
  EXPECT_LT(worst_tanh, 3e-7);
  EXPECT_LT(sigmoid_t(-1000.f), 1e-37f);
  EXPECT_EQ(sigmoid_t(1000.f), 1.f);
  EXPECT_EQ(tanh_t(-1000.f), -1.f);
  EXPECT_EQ(tanh_t(1000.f), 1.f);
}

}  // namespace
}  // namespace seqgen
