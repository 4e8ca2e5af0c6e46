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
  PenSampleOptions sample;  // seed: line i's draw a uses pen_line_seed(seed, i, a); the check reads
                            // PenSample::focus; biases: empty, or one per line of `texts`
  int retries = 2;          // redraws of a line that fails the check
  int batch = 16;           // lines drawn together (one product per step)
  // Whether a draw passes; empty = finished and not suspect.
  std::function<bool(const PenSample&, const LineAlignment&)> accept;
  // A reader's scores of a batch's draws (lower is better: nats per character
  // of the line's text under a recogniser), lines[k] the line of drawn[k];
  // empty = none. A draw then also needs a score at most score_max to pass,
  // and a line none of whose draws passes keeps its best-scored draw.
  std::function<std::vector<double>(const std::vector<PenSample>& drawn, const std::vector<int>& lines)> score;
  double score_max = 0;
  // Called after each batch: lines settled (passed or out of draws) of all.
  std::function<void(int done, int total)> progress;
};

struct CheckedLine {
  PenSample sample;          // the first draw that passed, else the first draw (empty text: nothing)
  LineAlignment alignment;   // of that draw
  int draws = 0;             // times drawn (0 for an empty text)
  bool passed = false;
  double score = 0;          // the reader's score of the draw kept (0 without a reader)
};

// texts: one per line, alphabet indices (an empty one is skipped); every line
// is primed with the same prime_steps/prime_text (may be empty).
std::vector<CheckedLine> pen_sample_checked(Network<float>& net, int mixtures, const Alphabet& alphabet,
                                            const std::vector<std::vector<int32_t>>& texts,
                                            const PenSteps& prime_steps, const std::vector<int32_t>& prime_text,
                                            const CheckedSampleOptions& opt);

}  // namespace seqgen

namespace seqgen {

// The check of one draw of a line (its text after prime_chars characters of
// priming text): how the window read it (a), and whether it passes.
bool pen_line_check(const Alphabet& alphabet, const std::vector<int32_t>& text, int prime_chars, const PenSample& s,
                    const CheckedSampleOptions& opt, LineAlignment& a);
// Keeps draw `attempt` (0 = the first) of a line if it is the first, the
// first that passes, or scores better than the draw kept while none has
// passed; true if the line is to be drawn again.
bool checked_line_keep(CheckedLine& c, PenSample&& s, const LineAlignment& a, bool pass, double score, int attempt,
                       int retries);

}  // namespace seqgen
