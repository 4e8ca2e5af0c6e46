// Where the window was while a line was written (§5.3, Fig. 13), to catch the
// classic synthesis faults at the end of a line: skipped words and words
// written twice. Position u is "read" at step t when φ(t, u) is the largest
// window weight of that step. A word none of whose characters is ever read
// was skipped; a word read for under a third of the steps its letters and
// digits need at the line's pace was rushed (written as a scrawl, or not at
// all, while the window swept over it); a word of punctuation alone (" - ",
// " & ") is a mark of a few steps and is not judged so, and a bar (I, 1)
// counts as 0.3 of a letter (an "I" read for 3 steps was drawn, for 1 or 2 it
// was a dot or missing). A word read for many
// times the steps its length needs lingered: letters drawn over or repeated
// ("89..99", "Lalveuuul"). The line's end is reached at the first step whose focus is on
// or past its last character; the steps after that are the tail, and a tail
// much longer than the last word needs means the network went on writing
// after the text ended.
#pragma once
#include <cstdint>
#include <vector>

#include "seqgen/strokes.hpp"

namespace seqgen {

struct LineAlignment {
  int steps = 0;                   // rows of φ: steps drawn (+ the one on which the end rule fired)
  int words = 0;                   // words of the line (runs of non-space characters)
  std::vector<int> words_skipped;  // indices of words none of whose characters was read
  std::vector<int> words_rushed;   // indices of words read, but for too few steps
  std::vector<int> words_lingered; // indices of words read for many times the steps they need
  double linger = 0;               // the largest of the words' steps / (characters x steps_per_char)
  int last_read = -1;              // step at which the end was reached, -1 = never
  int tail = 0;                    // steps after that one
  double steps_per_char = 0;       // steps from the first character to last_read, per character
  int last_word_chars = 0;
  // A tail longer than twice what the last word needs at this line's pace, plus
  // one character's worth for the final pen movement.
  bool tail_too_long() const { return last_read < 0 || tail > (2 * last_word_chars + 1) * steps_per_char; }
  // The pace relative to the training lines': a line drawn at twice their
  // steps per character is scrawled over, or its letters drawn many times.
  double pace() const { return steps_per_char / kIamStepsPerChar; }
  bool pace_unusual() const { return pace() > 1.75 || pace() < 0.5; }
  bool ok() const {
    return words_skipped.empty() && words_rushed.empty() && words_lingered.empty() && !tail_too_long();
  }
  bool suspect() const { return !ok() || pace_unusual(); }
};

// phi: steps x width, row t holds φ(t, u) for the `width` positions u of the
// window (prime text, line text, the position past the end); the line's
// characters are positions [first, first + space.size()), space[i] telling
// whether character i is a space and share[i] (empty: 1 for all) the share of
// a letter's steps it needs (alphabet_step_shares: marks 0, bars 0.3).
LineAlignment line_alignment(const std::vector<float>& phi, int width, int first, const std::vector<bool>& space,
                             const std::vector<float>& share = {});
// The same from each row's focus alone: the position of its largest weight
// (the first of equal ones), in [0, width).
LineAlignment line_alignment_focus(const std::vector<int32_t>& focus, int width, int first,
                                   const std::vector<bool>& space, const std::vector<float>& share = {});

}  // namespace seqgen
