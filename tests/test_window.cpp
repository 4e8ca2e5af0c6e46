// One window step (eqs 46-51) on its own: the backward step's gradients
// (eqs 56-60) with respect to the pre-activations [α̂ β̂ κ̂] and κ_{t-1}
// against central differences of L = Σ r_w ⊙ w_t + Σ r_κ ⊙ κ_t, on a batch
// with a padded text (the whole network's check is in test_network.cpp).
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "grad_check.hpp"
#include "nn/window.hpp"

namespace seqgen {
namespace {

using test::grad_check;
using test::random_vec;

struct WindowCase {
  static constexpr int B = 2, K = 3, U = 6, V = 4;
  std::vector<double> p, abk_prev, r_w, r_k;
  std::vector<int32_t> chars = {0, 1, 2, 3, 1, 0, /* shorter text: */ 2, 2, 3, -1, -1, -1};
  WindowCase() {
    p = random_vec(size_t(B) * 3 * K, 11, 0.5);
    abk_prev.assign(size_t(B) * 4 * K, 0.0);
    // κ_{t-1} inside the texts, so that φ(t, u) is far from 0 at several u.
    for (int b = 0; b < B; ++b)
      for (int k = 0; k < K; ++k) abk_prev[size_t(b) * 4 * K + 2 * K + k] = 1.0 + 1.3 * k + 0.4 * b;
    r_w = random_vec(size_t(B) * V, 12), r_k = random_vec(size_t(B) * K, 13);
  }
  double loss(std::vector<double>* abk_out = nullptr) {
    std::vector<double> abk(size_t(B) * 4 * K), phi(size_t(B) * U), w(size_t(B) * V);
    window_forward_step<double>(B, K, U, V, p.data(), abk_prev.data(), chars.data(), abk.data(), phi.data(),
                                w.data());
    double L = 0;
    for (size_t i = 0; i < w.size(); ++i) L += r_w[i] * w[i];
    for (int b = 0; b < B; ++b)
      for (int k = 0; k < K; ++k) L += r_k[size_t(b) * K + k] * abk[size_t(b) * 4 * K + 2 * K + k];
    if (abk_out) *abk_out = abk;
    return L;
  }
  void check(const std::string& what, double perturb = 0) {
    std::vector<double> abk;
    loss(&abk);
    std::vector<double> dkappa = r_k, dp(p.size());
    window_backward_step<double>(B, K, U, V, abk.data(), chars.data(), r_w.data(), dkappa.data(), dp.data());
    dp[K] += perturb;  // a wrong analytic gradient must fail the check
    grad_check(what + " dL/dp", p, dp, [&] { return loss(); }, -1, 1e-5, 1e-5, 1e-4);
    // κ_t = κ_{t-1} + exp(κ̂_t) (51): dL/dκ_{t-1} is the dL/dκ_t the step hands back.
    std::vector<double> g(abk_prev.size(), 0.0);
    for (int b = 0; b < B; ++b)
      for (int k = 0; k < K; ++k) g[size_t(b) * 4 * K + 2 * K + k] = dkappa[size_t(b) * K + k];
    for (int b = 0; b < B; ++b)
      grad_check(what + " dL/dkappa_prev", abk_prev, g, [&] { return loss(); }, -1, 1e-5, 1e-5, 1e-4,
                 size_t(b) * 4 * K + 2 * K, size_t(b) * 4 * K + 3 * K);
  }
};

TEST(Window, StepGradientsMatchFiniteDifferences) { WindowCase().check("window"); }

// The check can fail: a gradient off by 1e-3 in one entry is caught.
TEST(Window, PerturbedGradientIsCaught) {
  ::testing::TestPartResultArray failures;
  {
    ::testing::ScopedFakeTestPartResultReporter rep(::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD,
                                                    &failures);
    WindowCase().check("window perturbed", 1e-3);
  }
  EXPECT_GE(failures.size(), 1);
}

}  // namespace
}  // namespace seqgen
