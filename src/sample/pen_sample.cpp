#include "sample/pen_sample.hpp"

#include <omp.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>

#include "core/error.hpp"
#include "sample/fast_net.hpp"
#include "sample/pen_line.hpp"
#include "sample/pen_word_check.hpp"

namespace seqgen {
namespace {

// One network step for all rows: the packed step (fast_net.hpp), else the
// training forward with T = 1. Both start from the zero state; the packed one
// has room for `rows` (chars: rows x U) and steps the first B.
class Stepper {
 public:
  Stepper(Network<float>& net, int B, int rows, const int32_t* chars, int U, const PenSampleOptions& opt) : net_(net) {
    if (opt.fast) {
      fast_ = std::make_unique<FastNet>(net, opt.weights);
      fast_->reset(rows, chars, U);
      fast_->batch_set(B);
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

// Rows a batch has room for at least when words are checked: rows beyond the
// lines take draws of a word read badly side by side. A row costs little
// while the batch is small (the paper's network, int8, one core: 54, 66 and
// 94 µs a step for 1, 2 and 4 rows; bench/bench_sample --batches).
constexpr int kWordRowsMin = 4;

// Lines line0.. of a request, drawn together on the calling thread.
std::vector<PenSample> pen_sample_part(Network<float>& net, int mixtures, const std::vector<std::vector<int32_t>>& texts,
                                       const PenSteps& prime_steps, const std::vector<int32_t>& prime_text,
                                       const PenSampleOptions& opt, int line0) {
  const NetConfig& cfg = net.config();
  const bool synthesis = cfg.has_window();
  const int B = int(texts.size()), Y = cfg.output_size, K = cfg.window_mixtures;
  if (B == 0) fail("nothing to sample: no lines requested");
  // Words read badly are drawn again (pen_word_check.hpp): a reader of this thread's own.
  const bool check = synthesis && opt.word_reader && opt.fast;
  const int rows = check ? std::max(B, kWordRowsMin) : B;
  // c' = prime text + line text (§5.5); U is the longest.
  int U = 0;
  for (int b = 0; b < B && synthesis; ++b) {
    if (texts[b].empty()) fail("cannot write an empty line");
    U = std::max(U, int(prime_text.size() + texts[b].size()));
  }
  U = std::max(U, 1);
  std::vector<int32_t> chars(size_t(rows) * U, -1);
  for (int b = 0; b < B && synthesis; ++b) {
    std::copy(prime_text.begin(), prime_text.end(), chars.begin() + size_t(b) * U);
    std::copy(texts[b].begin(), texts[b].end(), chars.begin() + size_t(b) * U + prime_text.size());
  }
  Stepper net_step(net, B, rows, chars.data(), U, opt);
  FastNet* fast = net_step.fast();

  // Row r draws pens[r] for line line_of[r] (drawn[r]: which draw of its
  // word); each line decides its own steps (pen_line.hpp), and priming runs
  // through the same steps (every line reads the same strokes). With the
  // packed step a row leaves the batch when its line is finished or its draw
  // waits, and idle room takes draws a line's word wants.
  const WordScore score = check ? opt.word_reader() : WordScore();
  std::vector<PenLine> pens;
  std::vector<int> line_of;
  std::vector<PenWordCheck::RowDraw> drawn(static_cast<size_t>(B));
  std::vector<PenWordCheck> words;
  pens.reserve(size_t(rows));
  for (int b = 0; b < B; ++b) {
    const double bias = opt.biases.empty() ? opt.bias : opt.biases.at(size_t(line0 + b));
    const uint64_t seed = opt.seeds.empty() ? pen_line_seed(opt.seed, line0 + b) : opt.seeds.at(size_t(line0 + b));
    pens.emplace_back(prime_steps, int(prime_text.size()), texts[b], bias, seed, mixtures, Y, synthesis ? K : 0, opt);
    line_of.push_back(b);
    if (check) words.emplace_back(texts[b], int(prime_text.size()), opt, seed, &score);
  }
  std::vector<std::optional<PenLine>> finished(static_cast<size_t>(B));
  int left = B;
  std::vector<float> x(size_t(rows) * 3, 0.f);
  std::vector<int> gone;
  while (left > 0) {
    const int R = int(pens.size());
    for (int r = 0; r < R; ++r)
      if (!pens[r].done()) pens[r].input(&x[size_t(r) * 3]);
    net_step.step(x.data());
    gone.clear();
    for (int r = 0; r < R; ++r) {
      if (pens[r].done()) continue;  // the training forward's rows stay
      pens[r].advance(net_step.output() + size_t(r) * Y, synthesis ? net_step.abk() + size_t(r) * 4 * K : nullptr);
      const int l = line_of[r];
      if (check && !words[size_t(l)].after_step(pens[r], *fast, r, drawn[size_t(r)])) {
        gone.push_back(r);
      } else if (pens[r].done()) {
        finished[size_t(l)] = pens[r], --left;
        if (fast) gone.push_back(r);
      }
    }
    if (!fast) continue;
    // The last row moves into each gap, so that the batch stays 0..R-1.
    for (auto it = gone.rbegin(); it != gone.rend(); ++it) {
      const int r = *it, last = int(pens.size()) - 1;
      if (r != last) {
        fast->slot_move(last, r);
        pens[r] = std::move(pens[last]), line_of[r] = line_of[last], drawn[r] = drawn[last];
      }
      pens.pop_back(), line_of.pop_back(), drawn.pop_back();
    }
    for (int l = 0; check && l < B && int(pens.size()) < rows; ++l)
      while (int(pens.size()) < rows && !finished[size_t(l)] && words[size_t(l)].draw_wanted()) {
        const int r = int(pens.size());
        fast->batch_set(r + 1);
        fast->reset_slot(r, chars.data() + size_t(l) * U);
        drawn.emplace_back();
        pens.push_back(words[size_t(l)].draw_start(*fast, r, drawn.back()));
        line_of.push_back(l);
      }
    fast->batch_set(int(pens.size()));
  }
  std::vector<PenSample> out;
  for (int b = 0; b < B; ++b) {
    out.push_back(finished[size_t(b)]->finish());
    if (check) out.back().word_redraws = words[size_t(b)].redraws();
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
