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

}  // namespace
}  // namespace seqgen
