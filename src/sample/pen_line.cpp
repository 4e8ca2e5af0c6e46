#include "sample/pen_line.hpp"

#include <algorithm>
#include <cmath>

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

PenLine::PenLine(const PenSteps& prime, int prime_chars, const std::vector<int32_t>& text, double bias,
                 uint64_t seed, int mixtures, int Y, int K, const PenSampleOptions& opt)
    : prime_(&prime), opt_(&opt), len_(K ? prime_chars + int(text.size()) : 0), mark_(0), mixtures_(mixtures),
      Y_(Y), K_(K), cap_(K ? opt.max_steps_per_char * int(text.size()) + 100 : opt.steps), bias_(float(bias)),
      jump_bias_(K ? std::max(float(bias), float(opt.jump_bias)) : float(bias)), rare_bias_(float(opt.rare_bias)),
      rng_(seed), phi_(size_t(len_) + 1) {
  if (K && rare_bias_ > float(bias) && !opt.rare_chars.empty()) {
    rare_.assign(size_t(len_), 0);
    for (size_t u = 0; u < text.size(); ++u) rare_[size_t(prime_chars) + u] = opt.rare_chars.at(size_t(text[u]));
  }
  if (K && !opt.mark_strokes.empty()) {
    // The line's final marks ("dog.", "Sunday!\""): their strokes, and where they begin.
    size_t i = text.size();
    while (i > 0 && opt.mark_strokes.at(size_t(text[i - 1])) > 0) mark_ += opt.mark_strokes.at(size_t(text[--i]));
    marks_from_ = prime_chars + int(i);
  }
  done_ = cap_ <= 0;
}

void PenLine::input(float* x) const {
  const int t = primed_ < int(prime_->size()) ? primed_ : -1;  // priming: x_1 = null vector (§2), then the strokes
  if (t == 0 || (t < 0 && prime_->empty() && out_.steps.empty())) {
    x[0] = x[1] = x[2] = 0.f;
    return;
  }
  const PenStep& s = t > 0 ? (*prime_)[size_t(t - 1)] : out_.steps.empty() ? prime_->back() : out_.steps.back();
  x[0] = s.dx, x[1] = s.dy, x[2] = s.eos;
}

bool PenLine::advance(const float* yb, const float* abk) {
  if (done_) return false;
  if (primed_ < int(prime_->size())) {  // the outputs of priming steps are not drawn from
    ++primed_;
    return true;
  }
  PenSample& o = out_;
  float peak = 0;  // φ's largest over the text
  if (K_) {
    // End rule (§5.3): φ at the position just past the text beats every letter.
    window_phi(K_, len_ + 1, abk, phi_.data());
    peak = *std::max_element(phi_.begin(), phi_.begin() + len_);
    if (opt_->keep_phi) o.phi.insert(o.phi.end(), phi_.begin(), phi_.begin() + len_ + 1);
    o.focus.push_back(int32_t(std::max_element(phi_.begin(), phi_.begin() + len_ + 1) - phi_.begin()));
    if (mark_ > 0 && !reached_) {  // once reached, always: no sum after that
      float on_marks = 0;
      for (int u = marks_from_; u < len_; ++u) on_marks += phi_[size_t(u)];
      reached_ = on_marks >= kPenMarkReached * peak;
    }
    const bool pen_down = !o.steps.empty() && o.steps.back().eos < 0.5f;
    if (ending_ > 0) {
      if (!pen_down || ending_++ >= opt_->finish_steps) return done_ = true, false;
    } else if (phi_[size_t(len_)] > peak) {
      o.finished = true;
      if (pen_down && opt_->finish_steps > 0 && (mark_ > 0 ? strokes_after_ >= mark_ : began_past_)) {
        // The stroke in progress is not part of the text: drop it (its
        // steps, outputs and φ rows; the row of this step stays last).
        const size_t W = size_t(len_ + 1);
        while (!o.steps.empty() && o.steps.back().eos < 0.5f) {
          o.steps.pop_back();
          if (opt_->keep_outputs) o.outputs.resize(o.outputs.size() - size_t(Y_));
          if (opt_->keep_phi) o.phi.erase(o.phi.end() - 2 * std::ptrdiff_t(W), o.phi.end() - std::ptrdiff_t(W));
          o.focus.erase(o.focus.end() - 2);
        }
      }
      if (!pen_down || opt_->finish_steps <= 0 || o.steps.empty() || o.steps.back().eos >= 0.5f)
        return done_ = true, false;
      ending_ = 1;
    }
  }
  if (opt_->keep_outputs) o.outputs.insert(o.outputs.end(), yb, yb + Y_);
  // The pen is up (the line's first move, or one after a lift): this step is
  // where the next stroke begins.
  const PenStep* prev = !o.steps.empty() ? &o.steps.back() : prime_->empty() ? nullptr : &prime_->back();
  const bool lifted = prev == nullptr || prev->eos >= 0.5f;
  float bias = lifted ? jump_bias_ : bias_;
  if (!rare_.empty()) {  // focus on a rare letter or the one before it
    const size_t f = size_t(o.focus.back());
    if ((f < rare_.size() && rare_[f]) || (f + 1 < rare_.size() && rare_[f + 1])) bias = std::max(bias, rare_bias_);
  }
  const PenStep s = mixture_draw(mixtures_, yb, bias, rng_);
  o.steps.push_back(s);
  x_ += double(s.dx) * opt_->stats.std_dx + opt_->stats.mean_dx;
  if (o.steps.size() == 1 || o.steps[o.steps.size() - 2].eos >= 0.5f) {  // a stroke begins
    began_after_ = reached_;
    began_past_ = K_ && x_ > ink_right_ && phi_[size_t(len_)] >= kPenMarkReached * peak;
  }
  ink_right_ = std::max(ink_right_, x_);
  if (began_after_ && s.eos >= 0.5f) ++strokes_after_;
  if (++t_ >= cap_) done_ = true;  // the safety cap
  return !done_;
}

void PenLine::priming_skip(int n) {
  if (n < 0 || n > int(prime_->size()) || primed_ != 0) fail("PenLine: cannot skip {} priming steps", n);
  primed_ = n;
}

PenSample PenLine::finish() {
  done_ = true;
  if (!out_.steps.empty()) out_.steps.back().eos = 1.f;  // the pen lifts at the end
  return std::move(out_);
}

}  // namespace seqgen
