// The packed bf16 inference step computes what Network::forward computes.
#include <gtest/gtest.h>

#include <random>

#include "nn/mdn_output.hpp"
#include "nn/network.hpp"
#include "sample/fast_net.hpp"

namespace seqgen {
namespace {

TEST(FastNet, MatchesNetworkForward) {
  if (!FastNet::supported()) GTEST_SKIP() << "CPU without AVX512-BF16";
  NetConfig c;
  c.input_size = 3, c.hidden = {24, 20, 17}, c.output_size = mdn_output_size(3);
  c.window_alphabet = 7, c.window_mixtures = 2;
  Network<float> net(c);
  net.init(5);
  const int B = 3, U = 5, T = 12;
  std::vector<int32_t> chars = {0, 1, 2, 3, 4, 6, 5, 4, -1, -1, 2, 2, 2, 2, 2};
  std::mt19937 rng(2);
  std::normal_distribution<float> nd;
  std::vector<float> x(size_t(T) * B * 3);
  for (auto& v : x) v = nd(rng);
  NetState<float> st;
  net_state_reset(c, B, st);
  FastNet fast(net);
  fast.reset(B, chars.data(), U);
  SeqBatch<float> in;
  in.T = 1, in.B = B, in.chars = chars.data(), in.U = U;
  double worst = 0;
  for (int t = 0; t < T; ++t) {
    in.x = x.data() + size_t(t) * B * 3;
    net.forward(in, st);
    fast.step(in.x);
    for (int i = 0; i < B * c.output_size; ++i) worst = std::max(worst, double(std::abs(net.output()[i] - fast.output()[i])));
    for (int i = 0; i < B * 4 * c.window_mixtures; ++i)
      EXPECT_NEAR(fast.window_abk()[i], net.window_abk(0)[i], 0.05 * (1 + std::abs(net.window_abk(0)[i])));
  }
  EXPECT_LT(worst, 0.05) << "bf16 products drift too far from fp32";
  EXPECT_GT(worst, 0.0) << "suspiciously exact: is the fast path running?";
}

// A sequence restarted alone in a running batch goes on exactly as one
// started alone, and its neighbour is not disturbed.
TEST(FastNet, SlotResetMatchesAFreshStart) {
  if (!FastNet::supported()) GTEST_SKIP() << "CPU without AVX512-BF16";
  NetConfig c;
  c.input_size = 3, c.hidden = {24, 20}, c.output_size = mdn_output_size(3);
  c.window_alphabet = 7, c.window_mixtures = 2;
  Network<float> net(c);
  net.init(6);
  const int U = 4, T1 = 7, T2 = 9, Y = c.output_size;
  const std::vector<int32_t> first = {0, 1, 2, 3, 4, 5, -1, -1}, second = {6, 6, 1, -1};
  std::mt19937 rng(3);
  std::normal_distribution<float> nd;
  std::vector<float> x(size_t(T1 + T2) * 2 * 3);
  for (auto& v : x) v = nd(rng);
  FastNet both(net), alone0(net), alone1(net);
  both.reset(2, first.data(), U);
  alone0.reset(1, first.data(), U);
  for (int t = 0; t < T1; ++t) both.step(x.data() + size_t(t) * 6), alone0.step(x.data() + size_t(t) * 6);
  both.reset_slot(1, second.data());
  alone1.reset(1, second.data(), U);
  for (int t = T1; t < T1 + T2; ++t) {
    const float* xt = x.data() + size_t(t) * 6;
    both.step(xt), alone0.step(xt), alone1.step(xt + 3);
    for (int i = 0; i < Y; ++i) {
      ASSERT_EQ(both.output()[i], alone0.output()[i]) << "step " << t << " output " << i;
      ASSERT_EQ(both.output()[Y + i], alone1.output()[i]) << "step " << t << " output " << i;
    }
  }
}

}  // namespace
}  // namespace seqgen
