#include "sample/pen_sample.hpp"

#include <omp.h>

#include <algorithm>
#include <exception>
#include <memory>

#include "core/error.hpp"
#include "sample/fast_net.hpp"
#include "sample/pen_line.hpp"
#include "sample/pen_word_check.hpp"

namespace seqgen {
namespace {

// One network step for all lines: the packed step (fast_net.hpp), else the
// training forward with T = 1. Both start from the zero state.
class Stepper {
 public:
  Stepper(Network<float>& net, int B, const int32_t* chars, int U, const PenSampleOptions& opt) : net_(net) {
    if (opt.fast) {
      fast_ = std::make_unique<FastNet>(net, opt.weights);
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
  FastNet* fast() { return fast_.get(); }

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
  int U = 0;
  for (int b = 0; b < B && synthesis; ++b) {
    if (texts[b].empty()) fail("cannot write an empty line");
    U = std::max(U, int(prime_text.size() + texts[b].size()));
  }
  std::vector<int32_t> chars(size_t(B) * std::max(U, 1), -1);
  for (int b = 0; b < B && synthesis; ++b) {
    std::copy(prime_text.begin(), prime_text.end(), chars.begin() + size_t(b) * U);
    std::copy(texts[b].begin(), texts[b].end(), chars.begin() + size_t(b) * U + prime_text.size());
  }
  Stepper net_step(net, B, chars.data(), std::max(U, 1), opt);

  // Each line decides its own steps (pen_line.hpp); priming runs through the
  // same steps (every line reads the same strokes).
  std::vector<PenLine> lines;
  lines.reserve(size_t(B));
  // Words read badly are drawn again (pen_word_check.hpp): a reader of this thread's own.
  const WordScore score = synthesis && opt.word_reader && net_step.fast() ? opt.word_reader() : WordScore();
  std::vector<PenWordCheck> words;
  for (int b = 0; b < B; ++b) {
    const double bias = opt.biases.empty() ? opt.bias : opt.biases.at(size_t(line0 + b));
    const uint64_t seed = opt.seeds.empty() ? pen_line_seed(opt.seed, line0 + b) : opt.seeds.at(size_t(line0 + b));
    lines.emplace_back(prime_steps, int(prime_text.size()), texts[b], bias, seed, mixtures, Y, synthesis ? K : 0, opt);
    if (score) words.emplace_back(texts[b], int(prime_text.size()), opt, seed, &score);
  }
  std::vector<float> x(size_t(B) * 3, 0.f);
  for (;;) {
    int active = 0;
    for (int b = 0; b < B; ++b)
      if (!lines[b].done()) lines[b].input(&x[size_t(b) * 3]), ++active;
    if (active == 0) break;
    net_step.step(x.data());
    for (int b = 0; b < B; ++b) {
      if (lines[b].done()) continue;
      lines[b].advance(net_step.output() + size_t(b) * Y, synthesis ? net_step.abk() + size_t(b) * 4 * K : nullptr);
      if (score) words[size_t(b)].after_step(lines[b], *net_step.fast(), b);
    }
  }
  std::vector<PenSample> out;
  for (int b = 0; b < B; ++b) {
    out.push_back(lines[b].finish());
    if (score) out.back().word_redraws = words[size_t(b)].redraws();
  }
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
