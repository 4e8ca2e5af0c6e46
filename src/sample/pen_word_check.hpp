// Words drawn again while a line is drawn: a reader (a recogniser,
// sample/pen_read.hpp) reads each word once the window has moved on from it,
// and a word it reads badly is drawn again from where it began (the network's
// state and the line's were kept there), with other random numbers. A line
// of n words then needs each word right, not all n at once, which a redraw of
// the whole line (pen_sample_checked.hpp) rarely gets when the line is long.
//
// A word ends at the last pen lift before the window's focus moves past the
// space after it (onto the next word); words the pen joins are read as one:
// with no lift since the word began when the focus passes the space, the word
// ends with the next word (a line's first "I" drawn as the stem of "think"'s
// t passes as an "I" alone, and "think" then lacks its t).
// The last word ends with the line. A word is read from its first
// pen-down step to that lift (the move to it left out) against its
// characters, as a line of its own.
//
// A word has up to word_retries + 1 draws, each from the word's start with
// random numbers of its own (draw 0 goes on with the line's). The line goes
// on from the first draw, in order, that reads at most word_max, or, if none
// does, from the best read one. That depends on the draws alone, not on when
// each was drawn: so draws may run side by side in rows of a batch that
// would otherwise be idle (pen_sample.cpp), and the line is the same as when
// its draws run one after the other in its own row.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "sample/pen_line.hpp"

namespace seqgen {

class FastNet;

class PenWordCheck {
 public:
  // What a row of the batch draws: draw `draw` of the line's word `word`
  // (the count of words settled before it).
  struct RowDraw {
    int word = 0, draw = 0;
  };

  // text: the line (alphabet indices), drawn after prime_chars characters of
  // priming text; opt: word_space, word_retries, word_max; seed: the line's;
  // score: the reader. text and score must outlive the check.
  PenWordCheck(const std::vector<int32_t>& text, int prime_chars, const PenSampleOptions& opt, uint64_t seed,
               const WordScore* score);
  // After each line.advance of row b of net, which draws `rd`. True: the row
  // goes on (perhaps with another draw, or with the line and state of the
  // draw chosen for the word: rd and `line` updated); false: the row has
  // nothing to draw (its draw waits for earlier ones, or belongs to a word
  // already settled) and may be given to another draw.
  bool after_step(PenLine& line, FastNet& net, int b, RowDraw& rd);
  // The same for a line drawn in one row only (seqgen serve's batches).
  void after_step(PenLine& line, FastNet& net, int b) { after_step(line, net, b, solo_); }
  // A draw of the current word is wanted beside those under way: one has
  // been read badly and draws are left.
  bool draw_wanted() const;
  // Starts the current word's next draw in row b (its window text already
  // the line's): the state at the word's start; returns the line there, reseeded.
  PenLine draw_start(FastNet& net, int b, RowDraw& rd);
  // Words drawn again: the draws after the first up to the one chosen (all
  // of them when none read well enough).
  int redraws() const { return redraws_; }

 private:
  struct Snap {
    PenLine line;
    std::vector<float> state;  // empty once the line is finished
    size_t from = 0;           // the word's first step to read (after the move to it)
    int word = 0;              // the first character of the words drawn from here (in the line's text)
  };
  struct Draw {
    std::optional<Snap> lift;  // at its last pen lift so far
    size_t lift_steps = 0;
    std::optional<Snap> here;  // once read: where the line goes on from if it is chosen
    int joined = -1;           // the last space the focus passed with no lift since the word began
    double score = 0;
  };
  bool settle(PenLine& line, FastNet& net, int b, RowDraw& rd);

  const std::vector<int32_t>* text_;
  std::vector<int> spaces_;  // positions of spaces in the text
  int prime_chars_, retries_;
  double max_;
  uint64_t seed_;
  const WordScore* score_;
  std::optional<Snap> start_;  // the current word's start
  std::vector<Draw> draws_;    // its draws started so far
  int settled_ = 0;            // words settled (RowDraw::word of the current one)
  int redraws_ = 0;
  RowDraw solo_;
};

}  // namespace seqgen
