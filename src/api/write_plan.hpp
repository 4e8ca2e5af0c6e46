// Writer::write in two halves around the drawing, for a caller that draws
// the lines itself (seqgen serve draws the lines of many requests in one
// batch): what to draw for each line, and the strokes from what was drawn.
#pragma once
#include <string>
#include <vector>

#include "api/pen_model.hpp"
#include "sample/pen_sample_checked.hpp"
#include "seqgen/writer.hpp"

namespace seqgen {

struct WritePrime {
  PenSteps steps;             // normalised
  std::vector<int32_t> text;  // ends with a space, or the line's first word would continue the prime's last
};

struct WritePlan {
  std::vector<std::vector<int32_t>> texts;  // per line, alphabet indices (empty: nothing to draw)
  std::vector<int> style;                   // per line: its priming, primes[style[i]]
  std::vector<WritePrime> primes;
  PenSampleOptions sample;  // seed, biases (one per line), cap and marks as Writer::write draws them
  double reader_max = 0;    // with word_retries 0: a line read worse than this fails its draw
  AlphabetReport notes;
};

// reader: the recogniser that checks the draws, if any (its thresholds are
// the defaults of WriteOptions' unset ones). Throws seqgen::Error as
// Writer::write does (an unwritable character, ...).
WritePlan write_plan(PenModel& m, const PenModel* reader, int builtin_styles, const std::vector<std::string>& lines,
                     const WriteOptions& opt);
// drawn: per line (draws = 0 for an empty one).
std::vector<Strokes> write_finish(const PenModel& m, const WritePlan& p, const std::vector<CheckedLine>& drawn,
                                  WriteReport* report);

}  // namespace seqgen
