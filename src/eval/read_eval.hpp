// How well a recogniser reads lines whose text is known: CTC nats per line
// and the character error rate of its best-path text (the training task's
// validation, and `seqgen eval recognizer`).
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "data/pen_batches.hpp"
#include "nn/network.hpp"
#include "sample/pen_read.hpp"
#include "seqgen/weights.hpp"

namespace seqgen {

struct ReadScores {
  double loss = 0;  // Σ CTC nats over the lines that fit their text
  int64_t lines = 0, chars = 0, errors = 0;
  int64_t infeasible = 0;  // lines with fewer steps than their text needs (left out of loss)
  std::vector<double> nats_per_char;  // of each line that fits its text (what the line check compares)
  double nats_per_line() const { return lines ? loss / double(lines) : 0; }
  double cer() const { return chars ? double(errors) / double(chars) : 0; }
};

// fast: through the sampling step, as the line check reads (pen_read).
ReadScores read_evaluate(Network<float>& net, const ReadInput& in, const std::vector<PenSequence>& lines, int batch,
                         std::optional<Weights> fast = std::nullopt);

}  // namespace seqgen
