#include "sample/pen_word_check.hpp"

#include <limits>

#include "sample/fast_net.hpp"

namespace seqgen {

PenWordCheck::PenWordCheck(const std::vector<int32_t>& text, int prime_chars, const PenSampleOptions& opt,
                           uint64_t seed, const WordScore* score)
    : text_(&text), prime_chars_(prime_chars), retries_(opt.word_retries), max_(opt.word_max), seed_(seed),
      score_(score) {
  for (int i = 0; i < int(text.size()); ++i)
    if (text[size_t(i)] == opt.word_space) spaces_.push_back(i);
}

void PenWordCheck::keep_start(const Snap& s) {
  start_ = s;
  word_ = s.word;
  attempt_ = 0;
  best_.reset();
  lift_.reset();
}

bool PenWordCheck::after_step(PenLine& line, FastNet& net, int b) {
  if (line.priming()) return false;
  const PenSample& o = line.drawn();
  const size_t n = o.steps.size();
  if (n == 0) return false;
  if (!start_) {  // the first step (the move from the style's last point) is not read
    if (!line.done()) start_ = Snap{line, net.slot_state(b), 1, 0};
    return false;
  }
  // The words just ended: all with the line, else those before the last space
  // the focus has moved past; they end at the last lift.
  int end = -1;
  size_t to = 0;
  std::optional<Snap> here;
  if (line.done()) {
    end = int(text_->size()), to = n;
    here = Snap{line, {}, n, end};
  } else {
    if (o.steps.back().eos >= 0.5f) lift_ = Snap{line, net.slot_state(b), n + 1, 0}, lift_steps_ = n;
    if (!lift_) return false;
    const int focus = o.focus.back() - prime_chars_;
    for (int sp : spaces_)
      if (sp >= word_ && sp < focus) end = sp;
    if (end < 0) return false;
    to = lift_steps_;
    lift_->word = end + 1;
    here = std::move(lift_);
    lift_.reset();
  }
  const double s = to > start_->from
                       ? (*score_)(o.steps, start_->from, to, text_->data() + word_, end - word_)
                       : std::numeric_limits<double>::infinity();
  ++attempt_;
  if (!(s > max_)) {  // read well enough (or the reader has no say: NaN)
    keep_start(*here);
    return false;
  }
  if (!best_ || s < best_score_) best_ = std::move(here), best_score_ = s;
  const Snap& back = attempt_ <= retries_ ? *start_ : *best_;
  line = back.line;
  if (!back.state.empty()) net.slot_state_set(b, back.state);
  if (attempt_ <= retries_) {
    line.reseed(seed_ * 0x9E3779B97F4A7C15ull + uint64_t(word_) * 1000003u + uint64_t(attempt_));
    lift_.reset();
    ++redraws_;
    return true;
  }
  keep_start(Snap(*best_));  // out of draws: the best read one
  return true;
}

}  // namespace seqgen
