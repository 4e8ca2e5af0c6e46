// One line being drawn, one network step at a time (pen_sample.hpp): reading
// its priming strokes, then drawing from each step's mixture (eqs 18-23, bias
// eqs 61-62) until the end rule, the stroke in progress and the cap say it is
// finished. pen_sample runs one per line of its batch; seqgen serve runs one
// per slot of a batch whose lines come and go (serve/batch_scheduler.hpp).
#pragma once
#include <cstdint>
#include <random>
#include <vector>

#include "sample/pen_sample.hpp"

namespace seqgen {

// The random numbers of line `line` (its index on the page) in draw `attempt`
// (0 = the first; a line that fails its check is drawn again).
inline uint64_t pen_line_seed(uint64_t seed, int line, int attempt = 0) {
  return (seed + 1000003 * uint64_t(attempt)) * 7919 + uint64_t(line);
}

class PenLine {
 public:
  // prime: steps read first (may be empty; must outlive the line);
  // prime_chars: their text's length, the window text being prime text +
  // `text` (§5.5); text: the line (alphabet indices; empty for a prediction
  // network, which draws opt.steps steps); Y, K: the network's outputs and
  // window mixtures (K = 0: no window).
  PenLine(const PenSteps& prime, int prime_chars, const std::vector<int32_t>& text, double bias, uint64_t seed,
          int mixtures, int Y, int K, const PenSampleOptions& opt);
  // x_t of the line's next step (3 values).
  void input(float* x) const;
  // Reads the line's outputs of the step just taken: ŷ_t (Y values) and the
  // window's α, β, κ (4K values; unused without a window). False once the
  // line is finished: it needs no more steps.
  bool advance(const float* y, const float* abk);
  bool done() const { return done_; }
  // Priming steps read so far; priming_skip(n): the first n are taken as read
  // (the network's state was set to theirs: FastNet::slot_state_set).
  int primed() const { return primed_; }
  bool priming() const { return primed_ < int(prime_->size()); }
  void priming_skip(int n);
  // The line drawn so far; its random numbers from now on (a word drawn
  // again, pen_word_check.hpp).
  const PenSample& drawn() const { return out_; }
  void reseed(uint64_t seed) { rng_.seed(seed); }
  // The drawn line (the pen lifts at its end).
  PenSample finish();

 private:
  const PenSteps* prime_;
  const PenSampleOptions* opt_;
  int len_, mark_, mixtures_, Y_, K_, cap_;
  int marks_from_ = 0;  // position in φ of the line's final marks (mark_: their strokes)
  float bias_, jump_bias_, rare_bias_;
  std::vector<uint8_t> rare_;  // per window position (prime text + line): a rare character (empty: none)
  std::mt19937_64 rng_;
  int primed_ = 0, t_ = 0;
  bool done_ = false;
  // The window has reached the final marks (kPenMarkReached); the stroke in
  // progress began after that; it began right of all the line's ink with the
  // window past the text (φ there at kPenMarkReached of its peak over the
  // text); strokes begun and finished since reached; steps drawn since the
  // end rule fired (0 = not yet).
  bool reached_ = false, began_after_ = false, began_past_ = false;
  int strokes_after_ = 0, ending_ = 0;
  PenSample out_;
  std::vector<float> phi_;
  double x_ = 0, ink_right_ = -1e300;  // the pen's x and the ink's rightmost, in pen units from the line's start
};

}  // namespace seqgen
