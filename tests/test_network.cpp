// Finite-difference checks of every parameter kind of the deep LSTM (eqs 1-11,
// 52-53) and of its input derivatives, in double precision, for N = 1, 2, 3,
// dense and one-hot inputs, with and without a carried state.
#include <gtest/gtest.h>

#include "grad_check.hpp"
#include "nn/network.hpp"

namespace seqgen {
namespace {

struct Case {
  std::string name;
  NetConfig cfg;
  int T, B;
  bool carried;
};

// L = Σ r ⊙ ŷ, a random linear read-out, so ∂L/∂ŷ = r exactly.
void check_network(const Case& c) {
  SCOPED_TRACE(c.name);
  Network<double> net(c.cfg);
  net.init(7);
  // Larger random weights than init() so that every gate is far from linear.
  auto noise = test::random_vec(net.params.size(), 11, 0.3);
  for (size_t i = 0; i < noise.size(); ++i) net.params[i] += noise[i];
  net.params_changed();

  const int R = c.T * c.B;
  std::vector<int32_t> idx(R);
  std::vector<double> x;
  std::mt19937 rng(5);
  for (auto& k : idx) k = int(rng() % (c.cfg.input_size + 1)) - 1;  // -1 = null vector
  if (!c.cfg.input_onehot) x = test::random_vec(size_t(R) * c.cfg.input_size, 3);
  std::vector<int32_t> chars;
  int U = 0;
  if (c.cfg.has_window()) {
    U = 5;
    chars.resize(size_t(c.B) * U);
    for (int b = 0; b < c.B; ++b)
      for (int u = 0; u < U; ++u) chars[b * U + u] = (b == 1 && u >= 3) ? -1 : int(rng() % c.cfg.window_alphabet);
  }
  auto batch = [&]() {
    SeqBatch<double> in;
    in.T = c.T, in.B = c.B;
    if (c.cfg.input_onehot) in.x_idx = idx.data(); else in.x = x.data();
    if (U) in.chars = chars.data(), in.U = U;
    return in;
  };
  NetState<double> start;
  net_state_reset(c.cfg, c.B, start);
  if (c.carried) {  // a state left by an earlier segment, held fixed (truncated BPTT)
    net.forward(batch(), start);
  }
  const auto r = test::random_vec(size_t(R) * c.cfg.output_size, 17);
  auto loss = [&]() {
    NetState<double> s = start;
    net.params_changed();
    net.forward(batch(), s);
    double L = 0;
    for (size_t i = 0; i < r.size(); ++i) L += r[i] * net.output()[i];
    return L;
  };
  loss();
  std::fill(net.grads.begin(), net.grads.end(), 0.0);
  std::vector<double> dx(c.cfg.input_onehot ? 0 : size_t(R) * c.cfg.input_size);
  net.backward(r.data(), 0.0, dx.empty() ? nullptr : dx.data());
  for (auto& t : net.layout())
    test::grad_check(c.name + " " + t.name, net.params, net.grads, loss, 12, 1e-5, 1e-5, 1e-4, t.offset,
                     t.offset + t.size());
  if (!dx.empty()) test::grad_check(c.name + " dx", x, dx, loss, 20, 1e-5, 1e-5, 1e-4);
}

NetConfig config(int X, bool onehot, std::vector<int> H, int Y, int V = 0, int K = 0) {
  NetConfig c;
  c.input_size = X, c.input_onehot = onehot, c.hidden = std::move(H), c.output_size = Y;
  c.window_alphabet = V, c.window_mixtures = K;
  return c;
}

TEST(NetworkGrad, OneLayerDense) { check_network({"N1 dense", config(3, false, {5}, 4), 6, 2, false}); }
TEST(NetworkGrad, TwoLayersOneHot) { check_network({"N2 onehot", config(6, true, {4, 3}, 6), 5, 3, false}); }
TEST(NetworkGrad, ThreeLayersDense) { check_network({"N3 dense", config(3, false, {4, 5, 3}, 7), 5, 2, false}); }
TEST(NetworkGrad, ThreeLayersCarriedState) {
  check_network({"N3 carried", config(3, false, {4, 3, 4}, 5), 4, 2, true});
}
TEST(NetworkGrad, OneHotCarriedState) { check_network({"N1 carried", config(5, true, {6}, 5), 5, 2, true}); }
// The synthesis network: window between layer 1 and the layers above (eqs 46-60).
TEST(NetworkGrad, SynthesisWindowThreeLayers) {
  check_network({"synthesis N3", config(3, false, {4, 3, 4}, 7, 5, 2), 6, 2, false});
}
TEST(NetworkGrad, SynthesisWindowOneLayerCarried) {
  check_network({"synthesis N1 carried", config(3, false, {5}, 4, 4, 3), 5, 2, true});
}

// A segment run in two halves with the carried state gives the same outputs as
// one run: carrying state is exact.
TEST(Network, SplitSegmentsMatchWhole) {
  NetConfig c = config(3, false, {6, 5}, 4, 4, 2);
  Network<double> net(c);
  net.init(3);
  const int T = 8, B = 3, U = 4;
  auto x = test::random_vec(size_t(T) * B * 3, 9);
  std::vector<int32_t> chars = {0, 1, 2, 3, 3, 2, 1, 0, 1, 1, 2, -1};
  NetState<double> s;
  net_state_reset(c, B, s);
  SeqBatch<double> in{T, B, nullptr, x.data(), chars.data(), U};
  net.forward(in, s);
  std::vector<double> whole(net.output(), net.output() + size_t(T) * B * 4);
  net_state_reset(c, B, s);
  SeqBatch<double> a{5, B, nullptr, x.data(), chars.data(), U};
  net.forward(a, s);
  std::vector<double> first(net.output(), net.output() + size_t(5) * B * 4);
  SeqBatch<double> b2{3, B, nullptr, x.data() + size_t(5) * B * 3, chars.data(), U};
  net.forward(b2, s);
  for (size_t i = 0; i < first.size(); ++i) EXPECT_NEAR(first[i], whole[i], 1e-12);
  for (size_t i = 0; i < size_t(3) * B * 4; ++i) EXPECT_NEAR(net.output()[i], whole[first.size() + i], 1e-12);
}

// float and double run the same maths.
TEST(Network, FloatMatchesDouble) {
  NetConfig c = config(3, false, {8, 6}, 5, 4, 2);
  Network<double> nd(c);
  Network<float> nf(c);
  nd.init(4);
  nf.init(4);
  const int T = 6, B = 2, U = 3;
  auto x = test::random_vec(size_t(T) * B * 3, 2);
  std::vector<float> xf(x.begin(), x.end());
  std::vector<int32_t> chars = {0, 1, 2, 3, 2, 1};
  NetState<double> sd;
  NetState<float> sf;
  net_state_reset(c, B, sd);
  net_state_reset(c, B, sf);
  nd.forward({T, B, nullptr, x.data(), chars.data(), U}, sd);
  nf.forward({T, B, nullptr, xf.data(), chars.data(), U}, sf);
  for (int i = 0; i < T * B * 5; ++i) EXPECT_NEAR(nf.output()[i], nd.output()[i], 1e-4);
}

}  // namespace
}  // namespace seqgen
