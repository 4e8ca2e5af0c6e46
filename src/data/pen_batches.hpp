// Mini-batches of handwriting lines of different lengths (issue: masking, so
// training runs on matrix products, not one line at a time). Lines of similar
// length go together so that padding is small; padded steps are masked out
// of the loss, and since every line starts at t = 0 the padding after a
// line's end cannot influence its outputs.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "seqgen/strokes.hpp"

namespace seqgen {

// A line as the network sees it: normalised offsets (targets) and, for
// synthesis, its text as alphabet indices.
struct PenSequence {
  std::string id;
  PenSteps steps;
  std::vector<int32_t> chars;
};

struct PenBatch {
  int T = 0, B = 0, U = 0;
  std::vector<float> x;        // T*B x 3: x_1 = null vector, x_{t+1} = target_t (§2)
  std::vector<float> target;   // T*B x 3
  std::vector<uint8_t> mask;   // T*B, 1 where a target exists
  std::vector<int32_t> chars;  // B x U, -1 padding
};

// Groups of at most B line indices, lines sorted by length with a little
// seeded jitter (so groups differ between epochs) and groups in seeded order.
std::vector<std::vector<int>> pen_batches_plan(const std::vector<PenSequence>& lines, int B, uint64_t seed);

void pen_batch_fill(const std::vector<PenSequence>& lines, const std::vector<int>& group, PenBatch& out);

}  // namespace seqgen
