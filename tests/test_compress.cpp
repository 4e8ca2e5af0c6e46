// The compressor: range coder, its network's gradients and determinism, and
// whole-file round trips with the errors a damaged file must give.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "compress/byte_coder.hpp"
#include "compress/coder_net.hpp"
#include "compress/context_tables.hpp"
#include "compress/det_kernels.hpp"
#include "compress/det_kernels_impl.hpp"
#include "compress/match_model.hpp"
#include "compress/range_coder.hpp"
#include "grad_check.hpp"
#include "seqgen/error.hpp"

namespace seqgen {
namespace {

// Frequencies (each >= 1, summing to 2^16) from weights.
std::vector<uint32_t> freqs_from(const std::vector<double>& wts) {
  double s = 0;
  for (double w : wts) s += w;
  std::vector<uint32_t> f(wts.size());
  uint32_t sum = 0;
  for (size_t i = 0; i < wts.size(); ++i) sum += f[i] = 1 + uint32_t(wts[i] / s * (65536 - wts.size()));
  f[0] += 65536 - sum;
  return f;
}

void coder_round_trip(const std::vector<uint32_t>& f, int count, uint64_t seed, double max_bits) {
  const int n = int(f.size());
  std::vector<uint32_t> cum(n + 1);
  freq_cumulate(f.data(), n, cum.data());
  ASSERT_EQ(cum[n], 65536u);
  std::mt19937_64 rng(seed);
  std::discrete_distribution<int> pick(f.begin(), f.end());
  std::vector<int> syms(count);
  RangeEncoder enc;
  double info = 0;
  for (int& s : syms) {
    s = pick(rng);
    enc.encode(cum[s], f[s], 16);
    info += -std::log2(f[s] / 65536.0);
  }
  enc.finish();
  const std::string& out = enc.out();
  // The coder loses at most log2(1 + 2^16/2^24) < 0.0057 bits a symbol to the
  // truncated division.
  EXPECT_LE(8.0 * out.size(), info + 0.0057 * count + max_bits) << "coded size beyond the information content";
  RangeDecoder dec(reinterpret_cast<const uint8_t*>(out.data()), out.size());
  for (int i = 0; i < count; ++i) {
    int s = freq_find(cum.data(), n, dec.target(16));
    ASSERT_EQ(s, syms[i]) << "symbol " << i;
    dec.consume(cum[s], f[s]);
  }
  EXPECT_FALSE(dec.bad());
  EXPECT_EQ(dec.consumed(), out.size());
}

TEST(RangeCoder, RoundTripUniformAndRandom) {
  coder_round_trip(freqs_from(std::vector<double>(256, 1.0)), 20000, 1, 64);
  std::mt19937_64 rng(5);
  std::vector<double> w(256);
  for (double& x : w) x = std::uniform_real_distribution<double>(0, 1)(rng);
  coder_round_trip(freqs_from(w), 20000, 2, 64);
}

TEST(RangeCoder, RoundTripSkewed) {
  // One symbol at 65281/65536: long runs of it make the carries and the 0xFF runs.
  std::vector<uint32_t> f(256, 1);
  f[7] = 65536 - 255;
  coder_round_trip(f, 200000, 3, 64);
  std::vector<double> w(256);
  for (int i = 0; i < 256; ++i) w[i] = std::pow(0.5, i % 20);
  coder_round_trip(freqs_from(w), 50000, 4, 64);
}

TEST(RangeCoder, TruncatedStreamIsBad) {
  std::vector<uint32_t> f = freqs_from(std::vector<double>(256, 1.0));
  std::vector<uint32_t> cum(257);
  freq_cumulate(f.data(), 256, cum.data());
  RangeEncoder enc;
  for (int i = 0; i < 1000; ++i) enc.encode(cum[i % 256], f[i % 256], 16);
  enc.finish();
  RangeDecoder dec(reinterpret_cast<const uint8_t*>(enc.out().data()), enc.out().size() / 2);
  for (int i = 0; i < 1000; ++i) {
    int s = freq_find(cum.data(), 256, dec.target(16));
    dec.consume(cum[s], f[s]);
  }
  EXPECT_TRUE(dec.bad());
}

// Loss of a whole segment (forward only), double precision; extra: T x B x Y
// values added to the outputs before the softmax (the context tables' way in).
double segment_loss(CoderNet<double>& n, const std::vector<int32_t>& x, const std::vector<int32_t>& y, int T,
                    const std::vector<double>* extra = nullptr) {
  coder_net_state_reset(n);
  double loss = 0;
  const size_t BY = size_t(n.B) * n.cfg.output_size;
  for (int t = 0; t < T; ++t) {
    const double* p = coder_net_forward(n, t, x.data() + t * n.B, 1, extra ? extra->data() + t * BY : nullptr);
    for (int b = 0; b < n.B; ++b)
      if (y[t * n.B + b] >= 0) loss -= std::log(p[b * n.cfg.output_size + y[t * n.B + b]]);
  }
  return loss;
}

TEST(CoderNet, GradientsMatchFiniteDifferences) {
  NetConfig cfg;
  cfg.input_size = cfg.output_size = 5;
  cfg.input_onehot = true;
  cfg.hidden = {4, 3};
  const int B = 2, T = 4;
  CoderNet<double> n;
  coder_net_setup(n, cfg, B, T);
  coder_net_init(n, 7);
  std::mt19937 rng(3);
  for (double& w : n.w) w += std::uniform_real_distribution<double>(-0.5, 0.5)(rng);  // peepholes, biases too
  std::vector<int32_t> x(T * B), y(T * B);
  for (int i = 0; i < T * B; ++i) x[i] = int(rng() % 5), y[i] = int(rng() % 5);
  x[0] = -1, y[3] = -1;  // a missing input, a step without loss
  int count = 0;
  for (int v : y) count += v >= 0;
  segment_loss(n, x, y, T);
  coder_net_state_reset(n);
  for (int t = 0; t < T; ++t) coder_net_forward(n, t, x.data() + t * B, 1);
  coder_net_backward(n, T, y.data(), 1);
  std::vector<double> g = n.g;
  for (double& v : g) v *= count;  // backward averages over the predicted symbols
  test::grad_check("coder_net", n.w, g, [&] { return segment_loss(n, x, y, T); }, -1, 1e-6, 1e-5, 1e-7);
  // Logits added before the softmax (context_tables.hpp): dL/d extra = p - onehot (eq 37),
  // the step the tables take.
  std::vector<double> extra = test::random_vec(size_t(T) * B * 5, 4), ge(extra.size(), 0.0);
  segment_loss(n, x, y, T, &extra);
  for (int r = 0; r < T * B; ++r)
    for (int k = 0; k < 5; ++k) ge[r * 5 + k] = y[r] < 0 ? 0 : n.p[r * 5 + k] - (k == y[r]);
  test::grad_check("context_logits", extra, ge, [&] { return segment_loss(n, x, y, T, &extra); }, -1, 1e-6, 1e-6,
                   1e-7);
}

// Cross-entropy of `target` under softmax(logits), in double.
double softmax_loss(const std::vector<float>& l, int target, std::vector<float>* p = nullptr) {
  double m = l[0], s = 0;
  for (float v : l) m = std::max<double>(m, v);
  for (float v : l) s += std::exp(v - m);
  if (p)
    for (size_t k = 0; k < l.size(); ++k) (*p)[k] = float(std::exp(l[k] - m) / s);
  return -(l[target] - m - std::log(s));
}

// The tables' learnt weights and the match logit step along dL/da = Σ_k dL/dŷ_k r_k
// and dL/dŷ_match (context_tables.hpp): checked against finite differences of
// the loss through select().
TEST(ContextTables, WeightStepsMatchFiniteDifferences) {
  const int Y = 256;
  ContextTables ct;
  ct.setup(1, Y, 4096);
  std::string text;
  for (int i = 0; i < 20; ++i) text += "one two three two one ";
  const auto* d = reinterpret_cast<const unsigned char*>(text.data());
  std::vector<float> p(Y);
  auto logits = [&] { return std::vector<float>(ct.logits.begin(), ct.logits.end()); };
  for (int pos = 0; pos + 1 < int(text.size()); ++pos) {  // rows and weights of all visit classes
    ct.select(0, d + pos, std::min(pos, kContextHistory), pos > 30 ? d[pos - 22] : -1, 14);
    softmax_loss(logits(), d[pos], &p);
    ct.learn(0, p.data(), d[pos]);
  }
  const int pos = int(text.size()) - 3, match = 'x', target = d[pos];
  ct.select(0, d + pos, kContextHistory, match, 20);
  const double loss = softmax_loss(logits(), target, &p);
  // The weights select() used, and their slopes by central differences.
  std::vector<float*> params;
  for (int i = 0; i < kContextTables; ++i) params.push_back(&ct.mix[ct.weight[i]]);
  params.push_back(&ct.match_logit[match_bucket(20)]);
  std::vector<double> before, fd;
  for (float* a : params) {
    const float a0 = *a, h = 1e-2f;
    *a = a0 + h;
    ct.select(0, d + pos, kContextHistory, match, 20);
    const double up = softmax_loss(logits(), target);
    *a = a0 - h;
    ct.select(0, d + pos, kContextHistory, match, 20);
    const double down = softmax_loss(logits(), target);
    *a = a0;
    before.push_back(a0);
    fd.push_back((up - down) / (2.0 * h));
  }
  ct.select(0, d + pos, kContextHistory, match, 20);
  EXPECT_NEAR(softmax_loss(logits(), target), loss, 1e-6) << "select() changed what it reads";
  ct.learn(0, p.data(), target);
  int moved = 0;
  for (size_t i = 0; i < params.size(); ++i) {
    const float lr = i + 1 < params.size() ? ct.mix_lr : ct.match_lr;
    const double step = (before[i] - *params[i]) / lr;  // the gradient learn() used (bounded to ±1)
    EXPECT_NEAR(step, std::clamp(fd[i], -1.0, 1.0), 2e-3 + 2e-3 * std::abs(fd[i])) << "parameter " << i;
    moved += std::abs(fd[i]) > 1e-3;
  }
  EXPECT_GE(moved, 5) << "too few weights in use to test";
}

// Letter-spaced text ("t h e _ c a", Penn Treebank's character files) reads its
// words as the plain text does: the same word and two-word rows. Plain text
// with one-letter words ("a cat") keeps them apart.
TEST(ContextTables, SpacedLettersReadAsWords) {
  ContextTables ct;
  ct.setup(4, 256, 1 << 16);
  const std::string texts[4] = {"the ca", "t h e _ c a", "t h e _ c a ", "theca"};
  for (int b = 0; b < 4; ++b) {
    const auto* end = reinterpret_cast<const unsigned char*>(texts[b].data()) + texts[b].size();
    ct.select(b, end, int(texts[b].size()), -1, 0);
  }
  auto row = [&](int b, int t) { return ct.used[size_t(b) * kContextTables + t]; };
  EXPECT_EQ(row(0, kWordTable), row(1, kWordTable));          // current word "ca"
  EXPECT_EQ(row(0, kWordTable + 1), row(1, kWordTable + 1));  // "the", "ca"
  EXPECT_EQ(row(0, kWordTable + 1), row(2, kWordTable + 1));  // the space after "a" is inside the word
  EXPECT_NE(row(0, kWordTable), row(3, kWordTable));          // "theca" is another word
  EXPECT_NE(row(0, kWordTable + 1), row(3, kWordTable + 1));
}

// A match reads only bytes every lane already has: with two lanes holding the
// same text, lane 1 finds lane 0's copy but must not predict from a byte
// lane 0 codes at the same step; lane 0 predicts its own repeats right.
TEST(MatchModel, PredictsRepeatsFromKnownBytesOnly) {
  std::string lane;
  for (int i = 0; i < 30; ++i) lane += "abcdefghijklmnopqrstuvwxyz0123456789-" + std::to_string(i % 3);
  const std::string text = lane + lane;
  const uint64_t L = lane.size();
  const auto* d = reinterpret_cast<const unsigned char*>(text.data());
  MatchModel m;
  m.setup(2, L, text.size());
  int predicted = 0, right = 0;
  for (uint64_t i = 0; i < L; ++i) {
    for (int b = 0; b < 2; ++b) {
      int len = 0;
      const int c = m.predict(b, d, i, &len);
      if (c >= 0) {
        ASSERT_LT(m.ptr[b] % L, i) << "lane " << b << " step " << i << " predicts from a byte not yet coded";
        ASSERT_GE(len, 1);
        ++predicted, right += c == d[b * L + i];
      }
    }
    for (int b = 0; b < 2; ++b) m.update(b, d, i);
  }
  EXPECT_GT(predicted, int(L) * 3 / 4);  // lane 0 once its first period is past
  EXPECT_GT(right, predicted * 9 / 10);
}

TEST(CoderNet, ThreadCountChangesNoBit) {
  NetConfig cfg;
  cfg.input_size = cfg.output_size = 256;
  cfg.input_onehot = true;
  cfg.hidden = {37, 19};
  const int B = 5, T = 6;
  std::vector<float> p[2], w[2];
  for (int run = 0; run < 2; ++run) {
    CoderNet<float> n;
    coder_net_setup(n, cfg, B, T);
    coder_net_init(n, 11);
    std::vector<int32_t> x(T * B);
    for (int i = 0; i < T * B; ++i) x[i] = (i * 37) % 256;
    for (int t = 0; t < T; ++t) {
      const float* pr = coder_net_forward(n, t, x.data() + t * B, run + 1);
      p[run].insert(p[run].end(), pr, pr + B * 256);
    }
    coder_net_backward(n, T, x.data(), run + 1);
    w[run] = n.g;
  }
  EXPECT_EQ(0, std::memcmp(p[0].data(), p[1].data(), p[0].size() * 4));
  EXPECT_EQ(0, std::memcmp(w[0].data(), w[1].data(), w[0].size() * 4));
}

// The three kernels once, as compiled for the instruction set of the caller.
#define KERNELS_ALL(name, attr)                                                                          \
  attr void name(int R, int K, int N, const float* A, const float* W, const float* D, float* Z, float* G,  \
                 float* O) {                                                                              \
    det::rows_acc(R, K, N, A, K, W, N, Z, N);                                                             \
    det::grad_acc(R, 0, K, N, A, K, D, N, G, N);                                                          \
    det::dot_acc(R, K, N, W, N, D, N, O, K);                                                              \
  }
KERNELS_ALL(kernels_baseline, )
// A build for this machine (SEQGEN_NATIVE) is already at least AVX2, and GCC
// will not inline its wider kernels into a narrower target.
#ifdef __AVX2__
KERNELS_ALL(kernels_avx2, )
#else
KERNELS_ALL(kernels_avx2, __attribute__((target("arch=x86-64-v3"))))
#endif

// The compressor's products give the same bits for the baseline x86-64
// (SSE2), for AVX2 (with FMA available, which must not be used) and for the
// variant the loader picked on this machine: what lets a file compressed on
// one CPU be decompressed on another.
TEST(CoderNet, KernelsSameBitsOnEveryInstructionSet) {
  const int R = 7, K = 45, N = 77;  // odd sizes: the vector tails too
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(-1, 1);
  std::vector<float> A(R * K), W(K * N), D(R * N);
  for (auto* v : {&A, &W, &D})
    for (float& x : *v) x = u(rng);
  std::vector<float> out[3][3];  // [variant][Z, G, O]
  for (int v = 0; v < 3; ++v) {
    std::vector<float> Z(R * N, 0.5f), G(K * N, 0.25f), O(R * K, 0.125f);
    if (v == 0) kernels_baseline(R, K, N, A.data(), W.data(), D.data(), Z.data(), G.data(), O.data());
    if (v == 1) kernels_avx2(R, K, N, A.data(), W.data(), D.data(), Z.data(), G.data(), O.data());
    if (v == 2) {
      det_rows_acc(R, K, N, A.data(), K, W.data(), N, Z.data(), N);
      det_grad_acc(R, 0, K, N, A.data(), K, D.data(), N, G.data(), N);
      det_dot_acc(R, K, N, W.data(), N, D.data(), N, O.data(), K);
    }
    out[v][0] = Z, out[v][1] = G, out[v][2] = O;
  }
  for (int v = 1; v < 3; ++v)
    for (int k = 0; k < 3; ++k)
      EXPECT_EQ(0, std::memcmp(out[0][k].data(), out[v][k].data(), out[0][k].size() * 4))
          << "variant " << v << " kernel " << k;
}

CoderRun small_run() {
  CoderRun r;
  r.params.hidden = {32};
  r.params.seg = 10;
  r.params.lanes = 4;
  return r;
}

TEST(ByteCoder, RoundTripsTextRandomAndEmpty) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "the quick brown fox jumps over the lazy dog. ";
  std::mt19937_64 rng(9);
  std::string noise(3000, '\0');
  for (char& c : noise) c = char(rng());
  CoderRun r = small_run();
  for (const std::string& s : {text, noise, std::string(), std::string("x")}) {
    std::string packed = byte_compress(s, r);
    EXPECT_EQ(byte_decompress(packed, "t.sqz", r), s);
    if (s == text) {
      EXPECT_LT(packed.size(), s.size() / 3) << "repetitive text should shrink";
    }
  }
  // (Thread counts: CoderNet.ThreadCountChangesNoBit, and tests/compress_cli.sh on a whole file.)
}

void expect_error(const std::string& file, const std::string& part, const CoderRun& r) {
  try {
    byte_decompress(file, "bad.sqz", r);
    ADD_FAILURE() << "no error; expected one containing '" << part << "'";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.sqz"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST(ByteCoder, DamagedFilesGiveClearErrors) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "line " + std::to_string(i * 7919 % 1000) + " of a small test file\n";
  CoderRun r = small_run();
  const std::string good = byte_compress(text, r);
  expect_error(good.substr(0, good.size() - 10), "truncated", r);
  expect_error(good.substr(0, 20), "truncated", r);
  expect_error("hello", "not a seqgen compressed file", r);
  expect_error(good + "x", "unexpected bytes", r);
  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 0x10;  // inside the coded data
  expect_error(flipped, "corrupt", r);
  std::string header = good;
  header[12] ^= 1;  // inside the header
  expect_error(header, "corrupt", r);
  std::string old = good;
  old[4] = 2, old[5] = 0;  // a version 2 file (words of spaced letters read apart): refused, not misread
  expect_error(old, "format version 2 (this seqgen reads version 3", r);
  // Another seed, another starting network: the header's identity does not match.
  CoderRun other = r;
  other.params.seed = 2;
  std::string made = byte_compress(text, other);
  // Same length fields, identity bytes from the first file: the model check refuses it.
  EXPECT_EQ(byte_decompress(made, "ok.sqz", r), text);  // the settings travel in the header
  CoderRun with_model = r;
  with_model.model_path = "/nonexistent/model.safetensors";
  expect_error(made, "without a model file", with_model);
}

}  // namespace
}  // namespace seqgen
