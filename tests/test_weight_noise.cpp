// Adaptive weight noise (train/weight_noise.hpp): the derivatives of the
// description length against finite differences, the prior's optimality, and
// training with it end to end.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "train/weight_noise.hpp"

namespace seqgen {
namespace {

struct Problem {
  std::vector<double> mu, s, eps, a, b;
  double lambda = 0.3;
  // L_E(w) = Σ a_i w_i² + b_i w_i at w = μ + e^s ε, plus λ L_C with the best prior.
  double loss(const std::vector<double>& m, const std::vector<double>& ls) const {
    double le = 0;
    for (size_t i = 0; i < m.size(); ++i) {
      const double w = m[i] + std::exp(ls[i]) * eps[i];
      le += a[i] * w * w + b[i] * w;
    }
    const NoisePrior p = noise_prior(m.data(), ls.data(), m.size());
    return le + lambda * noise_complexity(m.data(), ls.data(), m.size(), p);
  }
};

Problem problem_make(int n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> nd(0, 1);
  Problem p;
  for (int i = 0; i < n; ++i) {
    p.mu.push_back(0.3 * nd(rng));
    p.s.push_back(std::log(0.05 + 0.1 * std::abs(nd(rng))));
    p.eps.push_back(nd(rng));
    p.a.push_back(nd(rng));
    p.b.push_back(nd(rng));
  }
  return p;
}

TEST(WeightNoise, AdaptiveGradientsMatchFiniteDifferences) {
  const int n = 12;
  Problem pr = problem_make(n, 4);
  std::vector<double> g_w(n), g_mu(n), g_s(n);
  for (int i = 0; i < n; ++i) {
    const double w = pr.mu[i] + std::exp(pr.s[i]) * pr.eps[i];
    g_w[i] = 2 * pr.a[i] * w + pr.b[i];
  }
  const NoisePrior prior = noise_prior(pr.mu.data(), pr.s.data(), n);
  noise_grads(pr.mu.data(), pr.s.data(), pr.eps.data(), g_w.data(), n, pr.lambda, prior, g_mu.data(), g_s.data());
  const double h = 1e-6;
  for (int i = 0; i < n; ++i) {
    for (int which = 0; which < 2; ++which) {
      std::vector<double> m = pr.mu, ls = pr.s;
      double& x = which == 0 ? m[i] : ls[i];
      const double x0 = x;
      x = x0 + h;
      const double up = pr.loss(m, ls);
      x = x0 - h;
      const double down = pr.loss(m, ls);
      const double fd = (up - down) / (2 * h), an = which == 0 ? g_mu[i] : g_s[i];
      EXPECT_NEAR(an, fd, 1e-6 * std::max(1.0, std::abs(fd))) << (which == 0 ? "mu " : "s ") << i;
    }
  }
}

TEST(WeightNoise, PriorMinimisesComplexity) {
  Problem pr = problem_make(50, 9);
  const NoisePrior best = noise_prior(pr.mu.data(), pr.s.data(), pr.mu.size());
  const double c = noise_complexity(pr.mu.data(), pr.s.data(), pr.mu.size(), best);
  EXPECT_GE(c, 0);
  for (double dm : {-0.01, 0.01})
    for (double ds : {0.9, 1.0, 1.1}) {
      if (dm == 0 && ds == 1.0) continue;
      NoisePrior q{best.mu + dm, best.sigma2 * ds};
      EXPECT_GT(noise_complexity(pr.mu.data(), pr.s.data(), pr.mu.size(), q), c);
    }
}

TEST(WeightNoise, ComplexityIsZeroWhenPosteriorIsThePrior) {
  std::vector<double> mu(8, 0.2), s(8, std::log(0.1));
  const NoisePrior p = noise_prior(mu.data(), s.data(), 8);
  EXPECT_NEAR(p.mu, 0.2, 1e-12);
  EXPECT_NEAR(p.sigma2, 0.01, 1e-12);
  EXPECT_NEAR(noise_complexity(mu.data(), s.data(), 8, p), 0.0, 1e-12);
}

TEST(WeightNoise, DrawIsRepeatableAndStandard) {
  std::vector<float> a, b, c;
  noise_draw(a, 400001, 5, 17);
  noise_draw(b, 400001, 5, 17);
  noise_draw(c, 400001, 5, 18);
  ASSERT_EQ(a.size(), 400001u);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  // Moments and tails of N(0, 1); the two halves (cos and sin of one pair) and
  // neighbouring steps uncorrelated.
  const size_t n = a.size(), h = (n + 1) / 2;
  double m = 0, v = 0, k = 0, over2 = 0, over3 = 0, pair = 0, steps = 0;
  for (size_t i = 0; i < n; ++i) {
    const double x = a[i];
    m += x, v += x * x, k += x * x * x * x, over2 += std::abs(x) > 2, over3 += std::abs(x) > 3, steps += x * c[i];
    if (i + h < n) pair += x * a[i + h];
  }
  m /= double(n), v = v / double(n) - m * m;
  EXPECT_NEAR(m, 0, 0.005);
  EXPECT_NEAR(v, 1, 0.01);
  EXPECT_NEAR(k / double(n), 3, 0.05);
  EXPECT_NEAR(over2 / double(n), 0.0455, 0.002);
  EXPECT_NEAR(over3 / double(n), 0.0027, 0.0005);
  EXPECT_NEAR(pair / double(h), 0, 0.01);
  EXPECT_NEAR(steps / double(n), 0, 0.01);
}

}  // namespace
}  // namespace seqgen
