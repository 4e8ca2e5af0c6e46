// One LSTM step (eqs 7-11) on its own: the backward step's gradients with
// respect to the pre-activations, c_{t-1} and the peepholes against central
// differences of L = Σ r_h ⊙ h_t + Σ r_c ⊙ c_t, with and without recurrent
// dropout (the whole network's check is in test_network.cpp).
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "grad_check.hpp"
#include "nn/lstm_cell.hpp"

namespace seqgen {
namespace {

using test::grad_check;
using test::random_vec;

struct CellCase {
  int B = 3, H = 5;
  std::vector<double> z, c_prev, peep, r_h, r_c;
  CellDropout drop;
  explicit CellCase(float p) {
    z = random_vec(size_t(B) * 4 * H, 1), c_prev = random_vec(size_t(B) * H, 2), peep = random_vec(3 * H, 3, 0.5);
    r_h = random_vec(size_t(B) * H, 4), r_c = random_vec(size_t(B) * H, 5);
    drop = {p, 12345u, 7u};
  }
  // The loss, and the activations and states it came from.
  double loss(std::vector<double>* act = nullptr, std::vector<double>* c_out = nullptr) {
    std::vector<double> a = z, c(size_t(B) * H), h(size_t(B) * H);
    lstm_forward_step<double>(B, H, a.data(), c_prev.data(), peep.data(), c.data(), h.data(), H, nullptr, drop);
    double L = 0;
    for (size_t i = 0; i < h.size(); ++i) L += r_h[i] * h[i] + r_c[i] * c[i];
    if (act) *act = a;
    if (c_out) *c_out = c;
    return L;
  }
  void check(const std::string& what, double perturb = 0) {
    std::vector<double> a, c;
    loss(&a, &c);
    std::vector<double> dc = r_c, dz(z.size()), dpeep(peep.size(), 0.0), db(4 * H, 0.0);
    lstm_backward_step<double>(B, H, a.data(), c_prev.data(), c.data(), peep.data(), r_h.data(), H, dc.data(),
                               dz.data(), nullptr, dpeep.data(), db.data(), 0.0, drop);
    dz[0] += perturb;  // a wrong analytic gradient must fail the check
    grad_check(what + " dL/dz", z, dz, [&] { return loss(); }, -1, 1e-5, 1e-5, 1e-4);
    grad_check(what + " dL/dc_prev", c_prev, dc, [&] { return loss(); }, -1, 1e-5, 1e-5, 1e-4);
    grad_check(what + " dL/dpeep", peep, dpeep, [&] { return loss(); }, -1, 1e-5, 1e-5, 1e-4);
    // The bias gradient is Σ over the batch of dL/dz.
    for (int j = 0; j < 4 * H; ++j) {
      double s = 0;
      for (int b = 0; b < B; ++b) s += dz[size_t(b) * 4 * H + j];
      EXPECT_NEAR(db[j], s - (j == 0 ? perturb : 0), 1e-12) << what << " bias " << j;
    }
  }
};

TEST(LstmCell, StepGradientsMatchFiniteDifferences) { CellCase(0.f).check("lstm"); }

TEST(LstmCell, StepGradientsWithRecurrentDropout) { CellCase(0.3f).check("lstm dropout"); }

// The check can fail: a gradient off by 1e-3 in one entry is caught.
TEST(LstmCell, PerturbedGradientIsCaught) {
  ::testing::TestPartResultArray failures;
  {
    ::testing::ScopedFakeTestPartResultReporter rep(::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD,
                                                    &failures);
    CellCase(0.f).check("lstm perturbed", 1e-3);
  }
  EXPECT_GE(failures.size(), 1);
}

}  // namespace
}  // namespace seqgen
