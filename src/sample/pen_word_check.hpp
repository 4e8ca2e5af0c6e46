// Words drawn again while a line is drawn: a reader (a recogniser,
// sample/pen_read.hpp) reads each word once the window has moved on from it,
// and a word it reads badly is drawn again from where it began (the network's
// state and the line's were kept there), with other random numbers. A line
// of n words then needs each word right, not all n at once, which a redraw of
// the whole line (pen_sample_checked.hpp) rarely gets when the line is long.
//
// A word ends at the last pen lift before the window's focus moves past the
// space after it (onto the next word); words the pen joins are read as one.
// The last word ends with the line. A word is read from its first
// pen-down step to that lift (the move to it left out) against its
// characters, as a line of its own.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "sample/pen_line.hpp"

namespace seqgen {

class FastNet;

class PenWordCheck {
 public:
  // text: the line (alphabet indices), drawn after prime_chars characters of
  // priming text; opt: word_space, word_retries, word_max; seed: the line's;
  // score: the reader. text and score must outlive the check.
  PenWordCheck(const std::vector<int32_t>& text, int prime_chars, const PenSampleOptions& opt, uint64_t seed,
               const WordScore* score);
  // After each line.advance of sequence b of net: when a word has just ended
  // and reads worse than word_max, the line and b's state go back to the
  // word's start (true) to draw it again; after word_retries redraws the best
  // read draw is kept.
  bool after_step(PenLine& line, FastNet& net, int b);
  int redraws() const { return redraws_; }

 private:
  struct Snap {
    PenLine line;
    std::vector<float> state;
    size_t from = 0;  // the word's first step to read (after the move to it)
    int word = 0;     // the first character of the words drawn from here (in the line's text)
  };
  void keep_start(const Snap& s);

  const std::vector<int32_t>* text_;
  std::vector<int> spaces_;  // positions of spaces in the text
  int prime_chars_, retries_;
  double max_;
  uint64_t seed_;
  const WordScore* score_;
  std::optional<Snap> start_, lift_, best_;
  size_t lift_steps_ = 0;
  int word_ = 0, attempt_ = 0, redraws_ = 0;
  double best_score_ = 0;
};

}  // namespace seqgen
