// Synthesis with a check (seqgen/alignment.hpp): each line is drawn, the
// window's reading of it checked, and a line that fails is drawn again with
// other random numbers, up to `retries` times. The first draw that passes is
// kept, else the first draw. Shared by `seqgen write` (api/writer.cpp) and
// the built-in styles of `seqgen pack`.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "data/alphabet.hpp"
#include "sample/pen_sample.hpp"
#include "seqgen/alignment.hpp"

namespace seqgen {

struct CheckedSampleOptions {
  PenSampleOptions sample;  // seed: of the first batch of the first draw; keep_phi is implied;
                            // biases: empty, or one per line of `texts`
  int retries = 2;          // redraws of a line that fails the check
  int batch = 16;           // lines drawn together (one product per step)
  // Whether a draw passes; empty = finished and not suspect.
  std::function<bool(const PenSample&, const LineAlignment&)> accept;
  // Called after each batch: lines settled (passed or out of draws) of all.
  std::function<void(int done, int total)> progress;
};

struct CheckedLine {
  PenSample sample;          // the first draw that passed, else the first draw (empty text: nothing)
  LineAlignment alignment;   // of that draw
  int draws = 0;             // times drawn (0 for an empty text)
  bool passed = false;
};

// texts: one per line, alphabet indices (an empty one is skipped); every line
// is primed with the same prime_steps/prime_text (may be empty).
std::vector<CheckedLine> pen_sample_checked(Network<float>& net, int mixtures, const Alphabet& alphabet,
                                            const std::vector<std::vector<int32_t>>& texts,
                                            const PenSteps& prime_steps, const std::vector<int32_t>& prime_text,
                                            const CheckedSampleOptions& opt);

}  // namespace seqgen
