// What primes a line (§5.5): a style's steps and text, before the line's own.
//
// A style line that ends with punctuation leaves the network in its
// end-of-line state: after a final mark it expects nothing more (few IAM
// lines go on after one), and the line written after it began with its first
// letter rushed. Line-initial capitals came out as a dash or a "t" ("Zoe" ->
// "-oe", "Helen" -> "telen"; bench/legibility.py's reader misread 59% of them
// on its new texts, 42% with the mark left out; README, Legibility). So the
// style's final marks (their strokes counted as alphabet_mark_strokes counts
// them) are left out of the priming: the line follows the style's last word as
// a next word would.
#pragma once
#include <cstdint>
#include <vector>

#include "seqgen/strokes.hpp"

namespace seqgen {

// Drops trailing spaces of `text` (not its first character), then while it ends with a mark of
// mark_strokes[c] > 0 strokes and `steps` has more strokes than that, the
// mark and its strokes (a stroke ends at a step with eos >= 0.5; unfinished
// last steps count as a stroke). Returns the characters dropped.
int pen_prime_marks_drop(PenSteps& steps, std::vector<int32_t>& text, const std::vector<int>& mark_strokes,
                         int32_t space);
// A style as priming reads it: its final marks dropped (above), then its text
// ended with a space, or the line's first word would continue its last.
void pen_prime_end(PenSteps& steps, std::vector<int32_t>& text, const std::vector<int>& mark_strokes, int32_t space);

}  // namespace seqgen
