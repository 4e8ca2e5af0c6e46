// The packed bf16 inference step computes what Network::forward computes, on
// both kernels: the generic one (every CPU) and, where the CPU has it, the
// AVX512-BF16 one; and the two agree closely with each other. With int8
// weights, less closely, and with the same guarantees of batch and threads.
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

// A small synthesis network: pen input, `V` letters, a window of K
// Gaussians, an output of M mixture components.
NetConfig synthesis_config(std::vector<int> hidden, int V, int K, int M) {
  NetConfig c;
  c.input_size = 3, c.hidden = std::move(hidden), c.output_size = mdn_output_size(M);
  c.window_alphabet = V, c.window_mixtures = K;
  return c;
}

// n standard normal values (pen inputs), from `seed`.
std::vector<float> normal_values(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> nd;
  std::vector<float> v(n);
  for (auto& e : v) e = nd(rng);
  return v;
}

Trace fast_run(const Network<float>& net, bool native, int B, int U, int T, const std::vector<int32_t>& chars,
             const std::vector<float>& x, int threads = 1, Weights weights = Weights::bf16) {
  FastNet fast(net, weights, native);
  fast.threads_set(threads);
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
  const NetConfig c = synthesis_config({24, 20, 17}, 7, 2, 3);
  Network<float> net(c);
  net.init(5);
  const int B = 3, U = 5, T = 12;
  std::vector<int32_t> chars = {0, 1, 2, 3, 4, 6, 5, 4, -1, -1, 2, 2, 2, 2, 2};
  const std::vector<float> x = normal_values(size_t(T) * B * 3, 2);
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
  for (Weights weights : {Weights::bf16, Weights::int8}) {
    const bool int8 = weights == Weights::int8;
    // int8: each weight off by up to 1/254 of its row's largest, each h by 1/254.
    const double tol = int8 ? 0.15 : 0.05;
    std::vector<Trace> runs;
    for (bool native : {false, true}) {
      if (native && !FastNet::native_default(weights)) break;  // the generic kernel is what such a CPU runs
      SCOPED_TRACE(std::string(native ? "native" : "generic") + " kernel, " + (int8 ? "int8" : "bf16"));
      runs.push_back(fast_run(net, native, B, U, T, chars, x, 1, weights));
      const Trace& r = runs.back();
      double worst = 0;
      for (size_t i = 0; i < r.y.size(); ++i) worst = std::max(worst, double(std::abs(r.y[i] - want.y[i])));
      for (size_t i = 0; i < r.abk.size(); ++i) EXPECT_NEAR(r.abk[i], want.abk[i], tol * (1 + std::abs(want.abk[i])));
      EXPECT_LT(worst, tol) << "the packed products drift too far from fp32";
      EXPECT_GT(worst, 0.0) << "suspiciously exact: is the packed step running?";
    }
    if (runs.size() == 2) {  // same operands, fp32 sums of the bf16 products in another order
      double worst = 0;
      for (size_t i = 0; i < runs[0].y.size(); ++i) worst = std::max(worst, double(std::abs(runs[0].y[i] - runs[1].y[i])));
      EXPECT_LT(worst, 1e-3) << "the generic and native kernels disagree";
    }
    if (!FastNet::native_default(weights)) {
      EXPECT_THROW(FastNet(net, weights, true), Error);
    }
  }
}

// With int8 weights the native and generic kernels give the same bits: the
// int32 sums are exact and the window's product never uses the CPU's bf16
// dot product (whose rounding differs between CPU models), so a seed draws the
// same strokes on any CPU. A first layer as wide as the shipped model's makes
// the window's sums round.
TEST(FastNet, Int8StepIsTheSameOnEveryKernel) {
  const NetConfig c = synthesis_config({400, 32}, 7, 10, 3);
  Network<float> net(c);
  net.init(9);
  const int B = 2, U = 6, T = 40;
  const std::vector<int32_t> chars = {0, 1, 2, 3, 4, 5, 6, 6, 5, 2, -1, -1};
  const std::vector<float> x = normal_values(size_t(T) * B * 3, 5);
  const Trace generic = fast_run(net, false, B, U, T, chars, x, 1, Weights::int8);
  if (!FastNet::native_default(Weights::int8)) {  // such a CPU runs the generic kernel only
    EXPECT_THROW(FastNet(net, Weights::int8, true), Error);
    return;
  }
  const Trace native = fast_run(net, true, B, U, T, chars, x, 1, Weights::int8);
  EXPECT_EQ(generic.abk, native.abk) << "the window would depend on the CPU";
  EXPECT_EQ(generic.y, native.y);
}

// A sequence restarted alone in a running batch goes on exactly as one
// started alone, and its neighbour is not disturbed.
TEST(FastNet, SlotResetMatchesAFreshStart) {
  const NetConfig c = synthesis_config({24, 20}, 7, 2, 3);
  Network<float> net(c);
  net.init(6);
  const int U = 4, T1 = 7, T2 = 9, Y = c.output_size;
  const std::vector<int32_t> first = {0, 1, 2, 3, 4, 5, -1, -1}, second = {6, 6, 1, -1};
  const std::vector<float> x = normal_values(size_t(T1 + T2) * 2 * 3, 3);
  for (Weights weights : {Weights::bf16, Weights::int8}) {
    SCOPED_TRACE(weights == Weights::int8 ? "int8" : "bf16");
    FastNet both(net, weights), alone0(net, weights), alone1(net, weights);
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
}

// A sequence's numbers do not depend on its batch: alone on one thread, or
// one of 11 (tiles of 8 and 3) with a wider window text, its
// outputs are the same to the bit, on both kernels. slot_move and batch_set
// carry a sequence to another slot of a shrinking batch unchanged.
TEST(FastNet, ASequenceDoesNotDependOnItsBatch) {
  const NetConfig c = synthesis_config({40, 24}, 7, 2, 3);
  Network<float> net(c);
  net.init(8);
  const int B = 11, U = 6, T = 10, Y = c.output_size;
  std::mt19937 rng(4);
  std::normal_distribution<float> nd;
  std::vector<float> x(size_t(T) * B * 3);
  for (auto& v : x) v = nd(rng);
  std::vector<int32_t> all_chars(size_t(B) * U);
  for (auto& ch : all_chars) ch = int(rng() % 7);
  for (int run = 0; run < 4; ++run) {
    const bool native = run % 2;
    const Weights weights = run < 2 ? Weights::bf16 : Weights::int8;
    if (native && !FastNet::native_default(weights)) continue;
    SCOPED_TRACE(std::string(native ? "native" : "generic") + " kernel, " + (run < 2 ? "bf16" : "int8"));
    FastNet alone(net, weights, native), batch(net, weights, native);
    const int seq = 9;
    std::vector<int32_t> mine(all_chars.begin() + seq * U, all_chars.begin() + seq * U + 4);  // 4 letters, then none
    alone.reset(1, mine.data(), 4);
    std::vector<int32_t> chars = all_chars;
    for (int k = 4; k < U; ++k) chars[size_t(seq) * U + k] = -1;
    batch.reset(B, chars.data(), U);
    for (int t = 0; t < T; ++t) {
      const float* xt = x.data() + size_t(t) * B * 3;
      if (t == 6) {  // sequences 3..10 leave; 9 moves to slot 3
        batch.slot_move(seq, 3);
        batch.batch_set(4);
      }
      const int at = t < 6 ? seq : 3;
      std::vector<float> xb(xt, xt + size_t(B) * 3);
      std::copy_n(xt + seq * 3, 3, xb.begin() + at * 3);
      alone.step(xt + seq * 3);
      batch.step(xb.data());
      for (int i = 0; i < Y; ++i) ASSERT_EQ(alone.output()[i], batch.output()[size_t(at) * Y + i]) << t << " " << i;
    }
  }
}

// Threads sharing the products' rows give the same bits as one thread.
TEST(FastNet, ThreadsGiveTheSameNumbers) {
  const NetConfig c = synthesis_config({40, 24}, 7, 2, 3);
  Network<float> net(c);
  net.init(5);
  const int U = 5, T = 8;
  std::mt19937 rng(6);
  std::normal_distribution<float> nd;
  for (int B : {1, 3, 9}) {
    std::vector<float> x(size_t(T) * B * 3);
    for (auto& v : x) v = nd(rng);
    std::vector<int32_t> chars(size_t(B) * U);
    for (auto& ch : chars) ch = int(rng() % 7);
    for (int run = 0; run < 4; ++run) {
      const bool native = run % 2;
      const Weights weights = run < 2 ? Weights::bf16 : Weights::int8;
      if (native && !FastNet::native_default(weights)) continue;
      SCOPED_TRACE(std::string(native ? "native" : "generic") + " kernel, " + (run < 2 ? "bf16" : "int8") + ", batch " +
                   std::to_string(B));
      const Trace one = fast_run(net, native, B, U, T, chars, x, 1, weights),
                  two = fast_run(net, native, B, U, T, chars, x, 2, weights);
      EXPECT_EQ(one.y, two.y);
      EXPECT_EQ(one.abk, two.abk);
    }
  }
  FastNet f(net);
  EXPECT_THROW(f.threads_set(0), Error);
}

}  // namespace
// While the window is far from the line's letters (fast_window_clear_of), a
// priming's state is the same whatever the line, to the bit: seqgen serve
// starts lines from a cached state. A state moved with slot_state_set goes on
// as the original would; once the window reaches the line, the line matters.
TEST(FastNet, PrimingStateDoesNotDependOnTheLineUntilTheWindowReachesIt) {
  const NetConfig c = synthesis_config({16, 12}, 9, 3, 2);
  Network<float> net(c);
  net.init(4);
  const int K = c.window_mixtures, P = 20, T = 160;
  float* wb = net.params.data() + net.tensor("win.b").offset;
  for (int k = 0; k < K; ++k) wb[2 * K + k] = -2.f;  // κ moves ~0.14 letters a step (eq 51)
  std::vector<int32_t> a(P + 5), b(P + 5);
  for (int u = 0; u < P; ++u) a[size_t(u)] = b[size_t(u)] = u % 7;  // the priming text
  for (int u = P; u < P + 5; ++u) a[size_t(u)] = 7, b[size_t(u)] = 8;  // two different lines
  const std::vector<float> x = normal_values(size_t(T) * 3, 5);
  for (Weights weights : {Weights::bf16, Weights::int8}) {  // int8: its h8 moves with the state
    SCOPED_TRACE(weights == Weights::int8 ? "int8" : "bf16");
    FastNet fa(net, weights), fb(net, weights), fc(net, weights);
    fa.reset(1, a.data(), P + 5), fb.reset(1, b.data(), P + 5), fc.reset(1, b.data(), P + 5);
    int clear = 0;
    bool differ = false;
    for (int t = 0; t < T; ++t) {
      fa.step(x.data() + size_t(t) * 3), fb.step(x.data() + size_t(t) * 3);
      if (clear == t && fast_window_clear_of(K, fa.window_abk(), P)) {
        ASSERT_EQ(fa.slot_state(0), fb.slot_state(0)) << "step " << t;
        ++clear;
      }
      differ = differ || fa.slot_state(0) != fb.slot_state(0);
    }
    ASSERT_GE(clear, 40);
    EXPECT_TRUE(differ) << "the line never mattered: the test proves nothing";
    // Line b from line a's state after `clear` steps.
    FastNet fa2(net, weights);
    fa2.reset(1, a.data(), P + 5);
    for (int t = 0; t < clear; ++t) fa2.step(x.data() + size_t(t) * 3);
    fc.slot_state_set(0, fa2.slot_state(0));
    fb.reset(1, b.data(), P + 5);
    for (int t = 0; t < T; ++t) {
      fb.step(x.data() + size_t(t) * 3);
      if (t < clear) continue;
      fc.step(x.data() + size_t(t) * 3);
      for (int i = 0; i < c.output_size; ++i) ASSERT_EQ(fb.output()[i], fc.output()[i]) << "step " << t;
    }
    EXPECT_THROW(fc.slot_state_set(0, std::vector<float>(3)), Error);
  }
}

}  // namespace seqgen
