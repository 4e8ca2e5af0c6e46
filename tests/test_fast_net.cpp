// The packed bf16 inference step computes what Network::forward computes, on
// both kernels: the generic one (every CPU) and, where the CPU has it, the
// AVX512-BF16 one; and the two agree closely with each other.
#include <gtest/gtest.h>

#include <random>

#include "core/error.hpp"
#include "nn/mdn_output.hpp"
#include "nn/network.hpp"
#include "sample/fast_net.hpp"

namespace seqgen {
namespace {

struct Trace {
  std::vector<float> y, abk;  // all steps
};

Trace fast_run(const Network<float>& net, bool native, int B, int U, int T, const std::vector<int32_t>& chars,
             const std::vector<float>& x) {
  FastNet fast(net, native);
  fast.reset(B, chars.data(), U);
  Trace r;
  const NetConfig& c = net.config();
  for (int t = 0; t < T; ++t) {
    fast.step(x.data() + size_t(t) * B * 3);
    r.y.insert(r.y.end(), fast.output(), fast.output() + B * c.output_size);
    r.abk.insert(r.abk.end(), fast.window_abk(), fast.window_abk() + B * 4 * c.window_mixtures);
  }
  return r;
}

TEST(FastNet, MatchesNetworkForward) {
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
  SeqBatch<float> in;
  in.T = 1, in.B = B, in.chars = chars.data(), in.U = U;
  Trace want;
  for (int t = 0; t < T; ++t) {
    in.x = x.data() + size_t(t) * B * 3;
    net.forward(in, st);
    want.y.insert(want.y.end(), net.output(), net.output() + B * c.output_size);
    want.abk.insert(want.abk.end(), net.window_abk(0), net.window_abk(0) + B * 4 * c.window_mixtures);
  }
  std::vector<Trace> runs;
  for (bool native : {false, true}) {
    if (native && !cpu_has_bf16()) break;  // the generic kernel is what such a CPU runs
    SCOPED_TRACE(native ? "AVX512-BF16 kernel" : "generic kernel");
    runs.push_back(fast_run(net, native, B, U, T, chars, x));
    const Trace& r = runs.back();
    double worst = 0;
    for (size_t i = 0; i < r.y.size(); ++i) worst = std::max(worst, double(std::abs(r.y[i] - want.y[i])));
    for (size_t i = 0; i < r.abk.size(); ++i) EXPECT_NEAR(r.abk[i], want.abk[i], 0.05 * (1 + std::abs(want.abk[i])));
    EXPECT_LT(worst, 0.05) << "bf16 products drift too far from fp32";
    EXPECT_GT(worst, 0.0) << "suspiciously exact: is the packed step running?";
  }
  if (runs.size() == 2) {  // same bf16 operands, fp32 sums in another order
    double worst = 0;
    for (size_t i = 0; i < runs[0].y.size(); ++i) worst = std::max(worst, double(std::abs(runs[0].y[i] - runs[1].y[i])));
    EXPECT_LT(worst, 1e-3) << "the generic and AVX512-BF16 kernels disagree";
  }
  if (!cpu_has_bf16()) {
    EXPECT_THROW(FastNet(net, true), Error);
  }
}

}  // namespace
}  // namespace seqgen
