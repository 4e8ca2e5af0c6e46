// The vectorisable exp/σ/tanh/log/sincos (LSTM cells, weight noise) match libm.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

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

TEST(FastMath, LogAndSincosAccuracy) {
  double worst_log = 0, worst_sin = 0, worst_cos = 0;
  auto log_error = [](float x) {  // absolute near ln x = 0, relative beyond
    const double l = std::log(double(x));
    return std::abs(double(log_fast(x)) - l) / std::max(1.0, std::abs(l));
  };
  for (float x = 1e-37f; x < 3e38f; x *= 1.0007f) worst_log = std::max(worst_log, log_error(x));
  for (float x = 0.25f; x <= 4.f; x += 1e-6f) worst_log = std::max(worst_log, log_error(x));
  for (float u = -3.f; u <= 3.f; u += 1.3e-6f) {
    float s, c;
    sincos_turns(u, s, c);
    worst_sin = std::max(worst_sin, std::abs(s - std::sin(2 * std::numbers::pi * double(u))));
    worst_cos = std::max(worst_cos, std::abs(c - std::cos(2 * std::numbers::pi * double(u))));
  }
  EXPECT_LT(worst_log, 2e-7);
  EXPECT_LT(worst_sin, 2e-7);
  EXPECT_LT(worst_cos, 2e-7);
  EXPECT_EQ(log_fast(1.f), 0.f);
}

}  // namespace
}  // namespace seqgen
