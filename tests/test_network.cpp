// Finite-difference checks of every parameter kind of the deep LSTM (eqs 1-11,
// 52-53) and of its input derivatives, in double precision, for N = 1, 2, 3,
// dense and one-hot inputs, with and without a carried state.
#include <gtest/gtest.h>

#include <cmath>

#include "core/gemm.hpp"
#include "grad_check.hpp"
#include "nn/network.hpp"

namespace seqgen {
namespace {

struct Case {
  std::string name;
  NetConfig cfg;
  int T, B;
  bool carried;
  float dropout = 0;  // recurrent dropout with a fixed key: the masks are constants
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
  net.dropout_set(c.dropout, 99);

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
// Recurrent dropout (lstm_cell.hpp): the masked eq 9 and its derivatives.
TEST(NetworkGrad, RecurrentDropoutTwoLayersCarried) {
  check_network({"N2 dropout", config(4, true, {7, 6}, 5), 5, 3, true, 0.4f});
}

TEST(Network, RecurrentDropoutMasks) {
  const float p = 0.25f;
  const uint32_t thr = dropout_threshold(p);
  int dropped = 0, differ = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    bool a = dropout_drops(7, uint32_t(i), thr);
    dropped += a;
    differ += a != dropout_drops(8, uint32_t(i), thr);
  }
  EXPECT_NEAR(dropped / double(n), p, 0.005);            // binomial sd 0.0014
  EXPECT_NEAR(differ / double(n), 2 * p * (1 - p), 0.006);  // another key, independent masks
  EXPECT_EQ(dropout_threshold(0.f), 0u);                   // p = 0 never drops

  // The network's outputs: p = 0 is the plain network; p > 0 changes them,
  // and each key gives other masks.
  NetConfig cfg = config(5, true, {16}, 5);
  Network<double> net(cfg);
  net.init(3);
  std::vector<int32_t> idx = {0, 1, 2, 3, 4, 0, 1, 2};
  SeqBatch<double> in;
  in.T = 4, in.B = 2, in.x_idx = idx.data();
  auto run = [&](float p, uint32_t key) {
    net.dropout_set(p, key);
    NetState<double> s;
    net_state_reset(cfg, 2, s);
    net.forward(in, s);
    return std::vector<double>(net.output(), net.output() + 8 * 5);
  };
  const auto plain = run(0, 0);
  EXPECT_EQ(run(0, 5), plain);
  const auto d1 = run(0.5f, 1), d2 = run(0.5f, 2);
  EXPECT_NE(d1, plain);
  EXPECT_NE(d1, d2);
  EXPECT_EQ(run(0.5f, 1), d1);
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

double rel_err(const std::vector<float>& a, const std::vector<float>& b) {
  double d = 0, n = 0;
  for (size_t i = 0; i < a.size(); ++i) d += double(a[i] - b[i]) * (a[i] - b[i]), n += double(b[i]) * b[i];
  return std::sqrt(d / n);
}

// The bf16 path (products in bf16 with fp32 accumulation, W_rec packed once
// per update, bf16 copies of h and dz made by the cell) computes what the fp32
// path computes, to bf16's precision; and after the weights change it uses the
// new ones. One-hot text and the 3-layer synthesis network, carried state.
// Without native bf16 (or with SEQGEN_PRECISION=f32) bf16 is refused and the
// results are the fp32 ones, bit for bit.
TEST(Network, Bf16MatchesF32) {
  const bool native = cpu_has_bf16();
  struct RestoreF32 {
    ~RestoreF32() { gemm_set_precision(Precision::f32); }
  } restore;
  for (const NetConfig& c : {config(20, true, {48}, 20), config(3, false, {32, 24, 16}, 9, 6, 3)}) {
    SCOPED_TRACE(c.input_onehot ? "one-hot 1x48" : "synthesis 32,24,16");
    Network<float> net(c);
    net.init(5);
    const int T = 7, B = 5, U = 4, R = T * B;
    std::mt19937 rng(3);
    std::vector<int32_t> idx(R), chars(size_t(B) * U);
    for (auto& k : idx) k = int(rng() % c.input_size);
    for (auto& k : chars) k = int(rng() % std::max(1, c.window_alphabet));
    auto xd = test::random_vec(size_t(R) * c.input_size, 8);
    std::vector<float> x(xd.begin(), xd.end());
    auto rd = test::random_vec(size_t(R) * c.output_size, 9);
    std::vector<float> r(rd.begin(), rd.end());
    SeqBatch<float> in{T, B, c.input_onehot ? idx.data() : nullptr, c.input_onehot ? nullptr : x.data(),
                       c.has_window() ? chars.data() : nullptr, c.has_window() ? U : 0};
    auto run = [&](Precision p, std::vector<float>& out, std::vector<float>& grads) {
      ASSERT_EQ(gemm_set_precision(p), native ? p : Precision::f32);
      NetState<float> s;
      net_state_reset(c, B, s);
      net.forward(in, s);  // the second segment starts from this one's state
      net.forward(in, s);
      out.assign(net.output(), net.output() + size_t(R) * c.output_size);
      std::fill(net.grads.begin(), net.grads.end(), 0.f);
      net.backward(r.data(), 0.f);
      grads = net.grads;
    };
    for (int round = 0; round < 2; ++round) {
      std::vector<float> o32, g32, o16, g16;
      run(Precision::f32, o32, g32);
      run(Precision::bf16, o16, g16);
      EXPECT_LT(rel_err(o16, o32), 0.02) << "round " << round;
      EXPECT_LT(rel_err(g16, g32), 0.05) << "round " << round;
      if (!native) {
        EXPECT_TRUE(o16 == o32 && g16 == g32) << "round " << round;
      }
      auto noise = test::random_vec(net.params.size(), 20 + round, 0.3);
      for (size_t i = 0; i < noise.size(); ++i) net.params[i] += float(noise[i]);
      net.params_changed();
    }
  }
}

}  // namespace
}  // namespace seqgen
