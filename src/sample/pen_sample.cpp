#include "sample/pen_sample.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/error.hpp"
#include "nn/mdn_output.hpp"
#include "nn/window.hpp"

namespace seqgen {
namespace {

// One draw from the mixture of eqs 18-23 (biased by eqs 61-62).
PenStep mixture_draw(int M, const float* yhat, float bias, std::mt19937_64& rng) {
  Mixture<float> mix;
  mdn_mixture<float>(M, yhat, bias, mix);
  std::uniform_real_distribution<float> uni(0.f, 1.f);
  std::normal_distribution<float> nd;
  float u = uni(rng), acc = 0;
  int j = M - 1;
  for (int k = 0; k < M; ++k) {
    acc += mix.pi[k];
    if (u < acc) {
      j = k;
      break;
    }
  }
  float n1 = nd(rng), n2 = nd(rng);
  PenStep s;
  s.dx = mix.mu1[j] + mix.s1[j] * n1;
  s.dy = mix.mu2[j] + mix.s2[j] * (mix.rho[j] * n1 + std::sqrt(1 - mix.rho[j] * mix.rho[j]) * n2);
  s.eos = uni(rng) < mix.e ? 1.f : 0.f;
  return s;
}

}  // namespace

std::vector<PenSample> pen_sample(Network<float>& net, int mixtures, const std::vector<std::vector<int32_t>>& texts,
                                  const PenSteps& prime_steps, const std::vector<int32_t>& prime_text,
                                  const PenSampleOptions& opt) {
  const NetConfig& cfg = net.config();
  const bool synthesis = cfg.has_window();
  const int B = int(texts.size()), Y = cfg.output_size, K = cfg.window_mixtures;
  if (B == 0) fail("nothing to sample: no lines requested");
  // c' = prime text + line text (§5.5); U is the longest.
  std::vector<int> len(B, 0);
  int U = 0;
  if (synthesis) {
    for (int b = 0; b < B; ++b) {
      len[b] = int(prime_text.size() + texts[b].size());
      if (texts[b].empty()) fail("cannot write an empty line");
      U = std::max(U, len[b]);
    }
  }
  std::vector<int32_t> chars(size_t(B) * std::max(U, 1), -1);
  for (int b = 0; b < B && synthesis; ++b) {
    std::copy(prime_text.begin(), prime_text.end(), chars.begin() + size_t(b) * U);
    std::copy(texts[b].begin(), texts[b].end(), chars.begin() + size_t(b) * U + prime_text.size());
  }
  NetState<float> st;
  net_state_reset(cfg, B, st);
  SeqBatch<float> in;
  in.B = B;
  if (synthesis) in.chars = chars.data(), in.U = U;

  // Priming: the network reads the real strokes (all lines at once).
  std::vector<float> x(size_t(B) * 3, 0.f);  // x_1 = null vector (§2)
  if (!prime_steps.empty()) {
    const int Tp = int(prime_steps.size());
    std::vector<float> xp(size_t(Tp) * B * 3, 0.f);
    for (int t = 1; t < Tp; ++t)
      for (int b = 0; b < B; ++b) {
        const PenStep& p = prime_steps[t - 1];
        float* r = &xp[(size_t(t) * B + b) * 3];
        r[0] = p.dx, r[1] = p.dy, r[2] = p.eos;
      }
    in.T = Tp, in.x = xp.data();
    net.forward(in, st);
    const PenStep& last = prime_steps.back();
    for (int b = 0; b < B; ++b) x[b * 3] = last.dx, x[b * 3 + 1] = last.dy, x[b * 3 + 2] = last.eos;
  }

  std::vector<PenSample> out(B);
  std::vector<std::mt19937_64> rng;
  for (int b = 0; b < B; ++b) rng.emplace_back(opt.seed * 7919 + uint64_t(b));
  std::vector<bool> done(B, false);
  int cap = opt.steps;
  if (synthesis) {
    cap = 0;
    for (int b = 0; b < B; ++b) cap = std::max(cap, opt.max_steps_per_char * int(texts[b].size()) + 100);
  }
  std::vector<float> phi(U + 1);
  in.T = 1;
  for (int t = 0; t < cap; ++t) {
    in.x = x.data();
    net.forward(in, st);
    int active = 0;
    for (int b = 0; b < B; ++b) {
      if (done[b]) continue;
      const float* yb = net.output() + size_t(b) * Y;
      if (synthesis) {
        // End rule (§5.3): φ at the position just past the text beats every letter.
        window_phi(K, len[b] + 1, net.window_abk(0) + size_t(b) * 4 * K, phi.data());
        float best = *std::max_element(phi.begin(), phi.begin() + len[b]);
        if (opt.keep_phi) out[b].phi.insert(out[b].phi.end(), phi.begin(), phi.begin() + len[b] + 1);
        if (phi[len[b]] > best) {
          done[b] = true;
          out[b].finished = true;
          continue;
        }
      }
      if (opt.keep_outputs) out[b].outputs.insert(out[b].outputs.end(), yb, yb + Y);
      PenStep s = mixture_draw(mixtures, yb, float(opt.bias), rng[b]);
      out[b].steps.push_back(s);
      x[b * 3] = s.dx, x[b * 3 + 1] = s.dy, x[b * 3 + 2] = s.eos;
      ++active;
    }
    if (active == 0) break;
  }
  for (auto& o : out)
    if (!o.steps.empty()) o.steps.back().eos = 1.f;  // the pen lifts at the end
  return out;
}

}  // namespace seqgen
