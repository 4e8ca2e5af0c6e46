// Mixture density output (eqs 17-37): loss against a direct evaluation of eq
// 26, finite-difference checks of every derivative, stability, clipping.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "grad_check.hpp"
#include "nn/mdn_output.hpp"

namespace seqgen {
namespace {

// Eq 26 evaluated literally (densities, no logs), for moderate values.
double loss_direct(int M, const double* y, const double* x) {
  double e = 1 / (1 + std::exp(y[0]));
  double pmax = 0, z = 0;
  for (int j = 0; j < M; ++j) z += std::exp(y[1 + j] - pmax);
  double p = 0;
  for (int j = 0; j < M; ++j) {
    double pi = std::exp(y[1 + j]) / z, m1 = y[1 + M + j], m2 = y[1 + 2 * M + j];
    double s1 = std::exp(y[1 + 3 * M + j]), s2 = std::exp(y[1 + 4 * M + j]), r = std::tanh(y[1 + 5 * M + j]);
    double d1 = (x[0] - m1) / s1, d2 = (x[1] - m2) / s2;
    double Z = d1 * d1 + d2 * d2 - 2 * r * d1 * d2;
    p += pi * std::exp(-Z / (2 * (1 - r * r))) / (2 * std::numbers::pi * s1 * s2 * std::sqrt(1 - r * r));
  }
  return -std::log(p) - std::log(x[2] > 0.5 ? e : 1 - e);
}

TEST(MdnOutput, LossMatchesEquation26) {
  const int M = 4, R = 6, Y = 1 + 6 * M;
  auto y = test::random_vec(R * Y, 1, 0.7);
  auto x = test::random_vec(R * 3, 2);
  for (int r = 0; r < R; ++r) x[r * 3 + 2] = r % 2;
  MdnStats s = mdn_loss<double>(R, M, y.data(), x.data(), nullptr, nullptr, 1.0, 0.0);
  double direct = 0;
  for (int r = 0; r < R; ++r) direct += loss_direct(M, y.data() + r * Y, x.data() + r * 3);
  EXPECT_NEAR(s.loss, direct, 1e-10);
  EXPECT_EQ(s.count, R);
}

TEST(MdnOutput, GradientsEq27to37) {
  const int M = 3, R = 5, Y = 1 + 6 * M;
  auto y = test::random_vec(R * Y, 3, 0.8);
  auto x = test::random_vec(R * 3, 4);
  for (int r = 0; r < R; ++r) x[r * 3 + 2] = (r % 3 == 0);
  std::vector<uint8_t> mask = {1, 1, 0, 1, 1};
  std::vector<double> dy(R * Y);
  mdn_loss<double>(R, M, y.data(), x.data(), mask.data(), dy.data(), 1.0, 0.0);
  auto f = [&] { return mdn_loss<double>(R, M, y.data(), x.data(), mask.data(), nullptr, 1.0, 0.0).loss; };
  const char* names[] = {"e", "pi", "mu1", "mu2", "sigma1", "sigma2", "rho"};
  for (int part = 0; part < 7; ++part) {
    for (int r = 0; r < R; ++r) {
      size_t b = size_t(r) * Y + (part == 0 ? 0 : 1 + (part - 1) * M), e = b + (part == 0 ? 1 : M);
      test::grad_check(names[part], y, dy, f, -1, 1e-5, 1e-5, 1e-4, b, e);
    }
  }
  for (int j = 0; j < Y; ++j) EXPECT_EQ(dy[2 * Y + j], 0.0) << "masked row has a gradient";
}

TEST(MdnOutput, ExtremeValuesStayFinite) {
  const int M = 2, Y = 1 + 6 * M;
  // Huge correlation pre-activations, tiny sigmas, a point far away.
  std::vector<float> y = {30, 50, -50, 0, 0, 0, 0, -8, -8, -8, -8, 40, -40};
  std::vector<float> x = {30, -20, 1};
  std::vector<float> dy(Y);
  MdnStats s = mdn_loss<float>(1, M, y.data(), x.data(), nullptr, dy.data(), 1.f, 100.f);
  EXPECT_TRUE(std::isfinite(s.loss));
  for (float g : dy) {
    EXPECT_TRUE(std::isfinite(g));
    EXPECT_LE(std::abs(g), 100.f);  // output clipping [-100, 100]
  }
}

TEST(MdnOutput, BiasSharpensMixture) {
  const int M = 3;
  std::vector<double> y = {0.2, 1.0, 0.5, -0.3, 0, 0, 0, 0, 0, 0, 0.4, 0.1, -0.2, 0.3, 0.3, 0.3, 0, 0, 0};
  Mixture<double> m0, m2;
  mdn_mixture<double>(M, y.data(), 0.0, m0);
  mdn_mixture<double>(M, y.data(), 2.0, m2);
  EXPECT_NEAR(m0.pi[0] + m0.pi[1] + m0.pi[2], 1.0, 1e-12);
  EXPECT_GT(m2.pi[0], m0.pi[0]);                    // eq 62
  EXPECT_NEAR(m2.s1[0], m0.s1[0] * std::exp(-2.0), 1e-12);  // eq 61
  EXPECT_NEAR(m0.e, 1 / (1 + std::exp(0.2)), 1e-12);
}

}  // namespace
}  // namespace seqgen
