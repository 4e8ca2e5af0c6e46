// Rare characters seen more often in training (not in the paper). IAM-OnDB's
// training lines hold few digits (348 of 10,741 lines) and some capitals
// almost never (X in 3 lines, Z in 6, Q in 16), so a synthesis network barely
// learns to write them. Balancing repeats, within each epoch, every line that
// holds a rare character: a line whose rarest character is found in n < N
// lines is taken min(max_repeat, ⌈N / n⌉) times. The repeats are copies, so
// batches, resumes and validation need nothing new; only the training lines
// are balanced.
#pragma once
#include <string>
#include <vector>

#include "data/pen_batches.hpp"

namespace seqgen {

struct PenBalance {
  int min_lines = 0;   // N; 0 = off
  int max_repeat = 8;  // at most this many copies of a line
};

// lines: the training lines (chars are alphabet indices < alphabet_size).
// Returns them with the repeats appended in line order; *report (if given)
// says how many lines were repeated and how many copies were added.
std::vector<PenSequence> pen_lines_balance(std::vector<PenSequence> lines, int alphabet_size, const PenBalance& b,
                                           std::string* report);

}  // namespace seqgen
