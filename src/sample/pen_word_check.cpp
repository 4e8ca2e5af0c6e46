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

bool PenWordCheck::after_step(PenLine& line, FastNet& net, int b, RowDraw& rd) {
  if (line.priming()) return true;
  if (rd.word != settled_) return false;  // a draw of a word settled meanwhile
  const PenSample& o = line.drawn();
  const size_t n = o.steps.size();
  if (n == 0) return true;
  if (!start_) {  // the first step (the move from the style's last point) is not read
    if (!line.done()) start_ = Snap{line, net.slot_state(b), 1, 0}, draws_.assign(1, Draw{});
    return true;
  }
  // The words just ended: all with the line, else those before the last space
  // the focus has moved past; they end at the last lift.
  Draw& d = draws_[size_t(rd.draw)];
  const int word = start_->word;
  int end = -1;
  size_t to = 0;
  if (line.done()) {
    end = int(text_->size()), to = n;
    d.here = Snap{line, {}, n, end};
  } else {
    if (o.steps.back().eos >= 0.5f) d.lift = Snap{line, net.slot_state(b), n + 1, 0}, d.lift_steps = n;
    const int focus = o.focus.back() - prime_chars_;
    for (int sp : spaces_)
      if (sp >= word && sp < focus) end = sp;
    if (end <= d.joined) return true;
    if (!d.lift) {  // the pen ran on past the space: these words and the next are one
      d.joined = end;
      return true;
    }
    to = d.lift_steps;
    d.lift->word = end + 1;
    d.here = std::move(d.lift);
    d.lift.reset();
  }
  d.score = to > start_->from ? (*score_)(o.steps, start_->from, to, text_->data() + word, end - word)
                              : std::numeric_limits<double>::infinity();
  return settle(line, net, b, rd);
}

// Row b's draw has just been read. The word is settled by the first draw that
// reads well enough (NaN: the reader has no say) with all before it read
// badly, or, once every draw is read badly, by the best read (the first of
// equals).
bool PenWordCheck::settle(PenLine& line, FastNet& net, int b, RowDraw& rd) {
  int chosen = -1;
  bool all_read = true;
  for (int i = 0; i < int(draws_.size()) && chosen < 0 && all_read; ++i) {
    if (!draws_[size_t(i)].here) all_read = false;
    else if (!(draws_[size_t(i)].score > max_)) chosen = i;
  }
  const bool passed = chosen >= 0;
  if (!passed && all_read && int(draws_.size()) == retries_ + 1) {
    chosen = 0;
    for (int i = 1; i < int(draws_.size()); ++i)
      if (draws_[size_t(i)].score < draws_[size_t(chosen)].score) chosen = i;
  }
  if (chosen < 0) {  // not settled: this row takes the next draw, if any is left
    if (int(draws_.size()) == retries_ + 1) return false;
    line = draw_start(net, b, rd);
    return true;
  }
  // A draw read and chosen at once goes on where it is; another is drawn
  // again from its lift (the same steps: its line keeps the random numbers).
  Snap& here = *draws_[size_t(chosen)].here;
  if (chosen != rd.draw || !passed) {
    line = here.line;
    if (!here.state.empty()) net.slot_state_set(b, here.state);
  }
  redraws_ += passed ? chosen : retries_;
  start_ = std::move(here);
  draws_.assign(1, Draw{});
  rd = RowDraw{++settled_, 0};
  return true;
}

bool PenWordCheck::draw_wanted() const {
  if (!start_ || int(draws_.size()) > retries_) return false;
  for (const Draw& d : draws_)
    if (d.here && d.score > max_) return true;
  return false;
}

PenLine PenWordCheck::draw_start(FastNet& net, int b, RowDraw& rd) {
  const int i = int(draws_.size());
  draws_.emplace_back();
  PenLine line = start_->line;
  net.slot_state_set(b, start_->state);
  line.reseed(seed_ * 0x9E3779B97F4A7C15ull + uint64_t(start_->word) * 1000003u + uint64_t(i));
  rd = RowDraw{settled_, i};
  return line;
}

}  // namespace seqgen
