#include "sample/pen_sample.hpp"

#include <omp.h>

#include <algorithm>
#include <exception>
#include <cmath>
#include <memory>
#include <random>

#include "core/error.hpp"
#include "nn/mdn_output.hpp"
#include "nn/window.hpp"
#include "sample/fast_net.hpp"

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

// One network step for all lines: the packed bf16 step when the CPU has it,
// else the training forward with T = 1. Both start from the zero state.
class Stepper {
 public:
  Stepper(Network<float>& net, int B, const int32_t* chars, int U, bool fast) : net_(net) {
    if (fast) {
      fast_ = std::make_unique<FastNet>(net);
      fast_->reset(B, chars, U);
    }
    net_state_reset(net.config(), B, st_);
    in_.T = 1, in_.B = B;
    if (net.config().has_window()) in_.chars = chars, in_.U = U;
  }
  void step(const float* x) {
    if (fast_) return fast_->step(x);
    in_.x = x;
    net_.forward(in_, st_);
  }
  const float* output() const { return fast_ ? fast_->output() : net_.output(); }
  const float* abk() const { return fast_ ? fast_->window_abk() : net_.window_abk(0); }

 private:
  Network<float>& net_;
  std::unique_ptr<FastNet> fast_;
  NetState<float> st_;
  SeqBatch<float> in_;
};

// Lines line0.. of a request, drawn together on the calling thread.
std::vector<PenSample> pen_sample_part(Network<float>& net, int mixtures, const std::vector<std::vector<int32_t>>& texts,
                                       const PenSteps& prime_steps, const std::vector<int32_t>& prime_text,
                                       const PenSampleOptions& opt, int line0) {
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
  Stepper net_step(net, B, chars.data(), std::max(U, 1), opt.fast && B <= 16);

  // Priming: the network reads the real strokes (every line the same ones).
  std::vector<float> x(size_t(B) * 3, 0.f);  // x_1 = null vector (§2)
  for (size_t t = 0; t < prime_steps.size(); ++t) {
    net_step.step(x.data());
    const PenStep& p = prime_steps[t];
    for (int b = 0; b < B; ++b) x[b * 3] = p.dx, x[b * 3 + 1] = p.dy, x[b * 3 + 2] = p.eos;
  }

  std::vector<PenSample> out(B);
  std::vector<std::mt19937_64> rng;
  for (int b = 0; b < B; ++b) rng.emplace_back(opt.seed * 7919 + uint64_t(line0 + b));
  std::vector<bool> done(B, false);
  // Per line: the window has reached the last character; strokes begun and
  // finished since (the stroke in progress began after it: began_after);
  // steps drawn since the end rule fired (0 = not yet).
  std::vector<bool> reached(B, false), began_after(B, false);
  std::vector<int> strokes_after(B, 0), ending(B, 0);
  int cap = opt.steps;
  if (synthesis) {
    cap = 0;
    for (int b = 0; b < B; ++b) cap = std::max(cap, opt.max_steps_per_char * int(texts[b].size()) + 100);
  }
  std::vector<float> phi(U + 1);
  for (int t = 0; t < cap; ++t) {
    net_step.step(x.data());
    int active = 0;
    for (int b = 0; b < B; ++b) {
      if (done[b]) continue;
      const float* yb = net_step.output() + size_t(b) * Y;
      if (synthesis) {
        // End rule (§5.3): φ at the position just past the text beats every letter.
        window_phi(K, len[b] + 1, net_step.abk() + size_t(b) * 4 * K, phi.data());
        const auto best = std::max_element(phi.begin(), phi.begin() + len[b]);
        if (opt.keep_phi) out[b].phi.insert(out[b].phi.end(), phi.begin(), phi.begin() + len[b] + 1);
        if (best - phi.begin() == len[b] - 1) reached[b] = true;
        PenSample& o = out[b];
        const bool pen_down = !o.steps.empty() && o.steps.back().eos < 0.5f;
        if (ending[b] > 0) {
          if (!pen_down || ending[b]++ >= opt.finish_steps) {
            done[b] = true;
            continue;
          }
        } else if (phi[len[b]] > *best) {
          o.finished = true;
          const int mark = opt.mark_strokes.empty() ? 0 : opt.mark_strokes.at(size_t(texts[b].back()));
          if (pen_down && mark > 0 && strokes_after[b] >= mark) {
            // The stroke in progress is not part of the text: drop it (its
            // steps, outputs and φ rows; the row of this step stays last).
            const size_t W = size_t(len[b] + 1);
            while (!o.steps.empty() && o.steps.back().eos < 0.5f) {
              o.steps.pop_back();
              if (opt.keep_outputs) o.outputs.resize(o.outputs.size() - size_t(Y));
              if (opt.keep_phi) o.phi.erase(o.phi.end() - 2 * std::ptrdiff_t(W), o.phi.end() - std::ptrdiff_t(W));
            }
          }
          if (!pen_down || opt.finish_steps <= 0 || o.steps.empty() || o.steps.back().eos >= 0.5f) {
            done[b] = true;
            continue;
          }
          ending[b] = 1;
        }
      }
      if (opt.keep_outputs) out[b].outputs.insert(out[b].outputs.end(), yb, yb + Y);
      PenStep s = mixture_draw(mixtures, yb, float(opt.biases.empty() ? opt.bias : opt.biases.at(size_t(line0 + b))), rng[b]);
      out[b].steps.push_back(s);
      if (out[b].steps.size() == 1 || out[b].steps[out[b].steps.size() - 2].eos >= 0.5f) began_after[b] = reached[b];
      if (began_after[b] && s.eos >= 0.5f) ++strokes_after[b];
      x[b * 3] = s.dx, x[b * 3 + 1] = s.dy, x[b * 3 + 2] = s.eos;
      ++active;
    }
    if (active == 0) break;
  }
  for (auto& o : out)
    if (!o.steps.empty()) o.steps.back().eos = 1.f;  // the pen lifts at the end
  return out;
}

}  // namespace

// With the packed step, each core draws its own share of the lines (the
// products are small enough that splitting one product costs more than it
// saves); each line's random numbers depend on its index only.
std::vector<PenSample> pen_sample(Network<float>& net, int mixtures, const std::vector<std::vector<int32_t>>& texts,
                                  const PenSteps& prime_steps, const std::vector<int32_t>& prime_text,
                                  const PenSampleOptions& opt) {
  const int B = int(texts.size());
  int parts = std::min(B, opt.fast ? omp_get_max_threads() : 1);
  if ((B + parts - 1) / parts > 16) parts = 1;  // only packed steps (<= 16 lines) may run side by side
  if (parts <= 1) return pen_sample_part(net, mixtures, texts, prime_steps, prime_text, opt, 0);
  std::vector<std::vector<PenSample>> res(parts);
  std::exception_ptr error;
#pragma omp parallel for num_threads(parts)
  for (int p = 0; p < parts; ++p) {
    const int b0 = B * p / parts, b1 = B * (p + 1) / parts;
    try {
      std::vector<std::vector<int32_t>> sub(texts.begin() + b0, texts.begin() + b1);
      res[p] = pen_sample_part(net, mixtures, sub, prime_steps, prime_text, opt, b0);
    } catch (...) {
#pragma omp critical
      error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);
  std::vector<PenSample> out;
  for (auto& r : res) out.insert(out.end(), std::make_move_iterator(r.begin()), std::make_move_iterator(r.end()));
  return out;
}

}  // namespace seqgen
