// Optimisers: the paper's rmsprop (eqs 38-41 with ERRATA's letters), SGD with
// momentum, Adam — checked against the update rules written out by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "train/optimizer.hpp"

namespace seqgen {
namespace {

TEST(Optimizer, RmspropEquations38to41) {
  Optimizer opt{opt_defaults(OptKind::rmsprop)};
  EXPECT_EQ(opt.cfg.lr, 1e-4);
  EXPECT_EQ(opt.cfg.momentum, 0.9);
  EXPECT_EQ(opt.cfg.decay, 0.95);
  EXPECT_EQ(opt.cfg.epsilon, 1e-4);
  std::vector<float> w = {1.f, -2.f}, g1 = {0.5f, -0.1f}, g2 = {0.3f, 0.2f};
  double n = 0, gm = 0, d = 0, wr = 1.0;
  for (auto* g : {&g1, &g2}) {
    opt.update(w.data(), g->data(), 2);
    double e = (*g)[0];
    n = 0.95 * n + 0.05 * e * e;
    gm = 0.95 * gm + 0.05 * e;
    d = 0.9 * d - 1e-4 * e / std::sqrt(n - gm * gm + 1e-4);
    wr += d;
  }
  EXPECT_NEAR(w[0], wr, 1e-7);
}

TEST(Optimizer, SgdMomentumAndAdam) {
  Optimizer sgd{opt_defaults(OptKind::sgd)};
  EXPECT_EQ(sgd.cfg.momentum, 0.99);  // §3.1
  std::vector<float> w = {0.f}, g = {1.f};
  sgd.update(w.data(), g.data(), 1);
  sgd.update(w.data(), g.data(), 1);
  EXPECT_NEAR(w[0], -(1e-4 + (0.99 * 1e-4 + 1e-4)), 1e-9);
  Optimizer adam{opt_defaults(OptKind::adam)};
  std::vector<float> v = {0.f};
  adam.update(v.data(), g.data(), 1);
  EXPECT_NEAR(v[0], -1e-3, 1e-7);  // first bias-corrected step is lr * sign(g)
  EXPECT_THROW(opt_kind_parse("lbfgs"), Error);
}

}  // namespace
}  // namespace seqgen
