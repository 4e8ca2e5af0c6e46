#include "compress/byte_coder.hpp"

#include <algorithm>
#include <array>

#include "api/text_model.hpp"
#include "compress/coder_adam.hpp"
#include "compress/coder_net.hpp"
#include "compress/context_tables.hpp"
#include "compress/match_model.hpp"
#include "compress/range_coder.hpp"
#include "core/error.hpp"

namespace seqgen {
namespace {

// Inputs shorter than this per lane use fewer lanes (a lane needs bytes to learn from).
constexpr uint64_t kMinLaneBytes = 4096;

struct Coder {
  CoderNet<float> net;
  CoderAdam adam;
  ContextTables ctx;
  MatchModel match;
  std::array<int32_t, 256> sym_of{};  // byte -> network symbol, -1 = none
  std::vector<int> byte_of;           // symbol -> byte, -1 = none
  uint64_t model_id = 0;
};

// The network and byte map for `p`, and the identity of where they start.
void coder_setup(Coder& c, SqzParams& p, const std::string& model_path, uint64_t length) {
  NetConfig cfg;
  if (!model_path.empty()) {
    LoadedTextModel m = text_model_load(model_path);
    cfg = m.model.header.net;
    c.byte_of.assign(cfg.output_size, -1);
    c.sym_of.fill(-1);
    for (int s = 0; s < m.vocab.size(); ++s)
      if (m.vocab.symbols[s].size() == 1 && s != m.vocab.unknown) {
        const int b = uint8_t(m.vocab.symbols[s][0]);
        c.byte_of[s] = b, c.sym_of[b] = s;
      }
    if (cfg.input_size != cfg.output_size)
      fail("{}: a text model predicts its own inputs; this one has {} inputs and {} outputs", model_path,
           cfg.input_size, cfg.output_size);
    p.hidden = cfg.hidden;
    p.pretrained = true;
    coder_net_setup(c.net, cfg, p.lanes, p.seg);
    std::copy(m.model.net.params.begin(), m.model.net.params.end(), c.net.w.begin());
  } else {
    cfg.input_size = cfg.output_size = 256;
    cfg.input_onehot = true;
    cfg.hidden = p.hidden;
    p.pretrained = false;
    coder_net_setup(c.net, cfg, p.lanes, p.seg);
    coder_net_init(c.net, p.seed);
    c.byte_of.resize(256);
    for (int b = 0; b < 256; ++b) c.byte_of[b] = b, c.sym_of[b] = b;
  }
  c.net.clip = 1;  // LSTM derivatives within [-1, 1], as §3 trains text
  c.ctx.setup(p.lanes, cfg.output_size, length);
  c.match.setup(p.lanes, (length + p.lanes - 1) / p.lanes, length);
  c.ctx.lr = p.context_lr;
  c.adam.lr = p.lr;
  // Identity: the starting weights, the byte map and every setting.
  uint64_t h = fnv1a64(c.net.w.data(), c.net.w.size() * sizeof(float));
  h = fnv1a64(c.byte_of.data(), c.byte_of.size() * sizeof(int), h);
  SqzHeader hh;
  hh.params = p;
  std::string s = sqz_header_write(hh);
  c.model_id = fnv1a64(s.data(), s.size(), h);
}

// Probabilities -> 256 frequencies, each >= 1, summing to 2^16: 1 + ⌊p·(2^16 - 256)⌋,
// the rest (or any excess from rounding) on the most probable byte.
void freq_from_probs(const float* p, const Coder& c, uint32_t* f) {
  constexpr uint32_t total = 1u << kCoderTotalBits;
  constexpr float K = float(total - 256);
  uint32_t sum = 0;
  int best = 0;
  for (int b = 0; b < 256; ++b) {
    const int s = c.sym_of[b];
    f[b] = 1 + (s >= 0 ? uint32_t(p[s] * K) : 0);
    sum += f[b];
    if (f[b] > f[best]) best = b;
  }
  f[best] = f[best] + total - sum;  // unsigned wrap-around subtracts an excess
}

int threads_of(const CoderRun& run) { return std::max(run.threads, 1); }

// The coding loop both sides share. code(freq, pos) codes the byte at bytes[pos]
// (encoder) or decodes it into bytes[pos] (decoder) and returns it.
template <class CodeFn>
void coder_loop(Coder& c, const SqzParams& p, std::string& bytes, int threads, const CodeFn& code,
                const ProgressFn& progress) {
  const uint64_t N = bytes.size();
  const int B = p.lanes, T = p.seg;
  const uint64_t L = (N + B - 1) / B;  // steps: bytes per lane (the last lanes may be shorter)
  std::vector<int32_t> x(B), targets(size_t(T) * B);
  std::array<uint32_t, 256> f;
  const int Y = c.net.cfg.output_size;
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  for (uint64_t s0 = 0; s0 < L; s0 += T) {
    const int steps = int(std::min<uint64_t>(T, L - s0));
    for (int t = 0; t < steps; ++t) {
      const uint64_t i = s0 + t;
      for (int b = 0; b < B; ++b) {
        const uint64_t pos = b * L + i;
        const int have = pos <= N ? int(std::min<uint64_t>(i, kContextHistory)) : 0;  // the lane's bytes before pos
        const auto* prev = data + (have ? pos : 0);
        x[b] = have ? c.sym_of[prev[-1]] : -1;
        int len = 0;
        const int m = pos < N ? c.match.predict(b, data, i, &len) : -1;
        c.ctx.select(b, prev, have, m >= 0 ? c.sym_of[m] : -1, len);
      }
      const float* prob = coder_net_forward(c.net, t, x.data(), threads, c.ctx.logits.data());
      for (int b = 0; b < B; ++b) {
        const uint64_t pos = b * L + i;
        int32_t& target = targets[size_t(t) * B + b];
        target = -1;
        if (pos >= N) continue;
        freq_from_probs(prob + size_t(b) * Y, c, f.data());
        target = c.sym_of[code(f.data(), pos)];
        c.ctx.learn(b, prob + size_t(b) * Y, target);
        c.match.update(b, data, i);
      }
    }
    if (s0 + steps < L) {  // learn from the segment (nothing left to predict after the last)
      coder_net_backward(c.net, steps, targets.data(), threads);
      c.adam.step(c.net.w, c.net.g);
    }
    if (progress) progress(int64_t(std::min(N, (s0 + steps) * B)), int64_t(N));
  }
}

SqzParams params_for_length(SqzParams p, uint64_t N) {
  if (const std::string e = sqz_params_problem(p); !e.empty()) fail("compress: {}", e);
  p.lanes = int(std::clamp<uint64_t>(N / kMinLaneBytes, 1, uint64_t(p.lanes)));
  return p;
}

}  // namespace

std::string byte_compress(const std::string& data, const CoderRun& run, const ProgressFn& progress) {
  SqzHeader h;
  h.params = params_for_length(run.params, data.size());
  Coder c;
  coder_setup(c, h.params, run.model_path, data.size());
  RangeEncoder enc;
  std::string bytes = data;
  coder_loop(
      c, h.params, bytes, threads_of(run),
      [&](const uint32_t* f, uint64_t pos) {
        const int b = uint8_t(bytes[pos]);
        uint32_t cum = 0;
        for (int u = 0; u < b; ++u) cum += f[u];
        enc.encode(cum, f[b], kCoderTotalBits);
        return b;
      },
      progress);
  enc.finish();
  h.model_id = c.model_id;
  h.length = data.size();
  h.crc = crc32_of(data);
  h.payload_size = enc.out().size();
  return sqz_header_write(h) + enc.out();
}

std::string byte_decompress(const std::string& file, const std::string& where, const CoderRun& run,
                            const ProgressFn& progress) {
  size_t hs = 0;
  SqzHeader h = sqz_header_read(file, where, hs);
  if (h.params.pretrained && run.model_path.empty())
    fail("{}: was compressed starting from a model file; name it with --model", where);
  if (!h.params.pretrained && !run.model_path.empty())
    fail("{}: was compressed without a model file; leave out --model {}", where, run.model_path);
  Coder c;
  SqzParams p = h.params;
  coder_setup(c, p, run.model_path, h.length);
  if (c.model_id != h.model_id)
    fail("{}: was made with another model or settings (identity {:016x}; {} gives {:016x})", where, h.model_id,
         run.model_path.empty() ? "this seqgen's seeded start" : run.model_path, c.model_id);
  RangeDecoder dec(reinterpret_cast<const uint8_t*>(file.data()) + hs, file.size() - hs);
  std::string out(h.length, '\0');
  std::array<uint32_t, 257> cum;
  auto corrupt = [&] { fail("{}: corrupt or truncated coded data", where); };
  coder_loop(
      c, h.params, out, threads_of(run),
      [&](const uint32_t* f, uint64_t pos) {
        if (dec.bad()) corrupt();
        freq_cumulate(f, 256, cum.data());
        const uint32_t t = dec.target(kCoderTotalBits);
        const int b = freq_find(cum.data(), 256, t);
        dec.consume(cum[b], f[b]);
        out[pos] = char(b);
        return b;
      },
      progress);
  if (dec.bad() || dec.consumed() != h.payload_size) corrupt();
  if (crc32_of(out) != h.crc) fail("{}: corrupt (the decompressed bytes do not match the stored checksum)", where);
  return out;
}

}  // namespace seqgen
