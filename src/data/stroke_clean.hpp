// Recording-error correction of paper §4 on raw pen readings (the rule and
// the measurements behind the thresholds are in stroke_clean.cpp).
#pragma once
#include <cstdint>
#include <vector>

#include "seqgen/iam_ondb.hpp"

namespace seqgen {

// One reading of the whiteboard's pen tracker; t in seconds, t <= 0 = unknown.
struct RawPoint {
  float x = 0, y = 0;
  double t = 0;
};
using RawStroke = std::vector<RawPoint>;

struct CleanCounts {
  int64_t points_read = 0, points_added = 0, strokes_split = 0;
};

// Pen-down strokes -> points with end flags, missing readings filled in and
// over-long steps removed. Counts are added to `c`.
Strokes strokes_clean(const std::vector<RawStroke>& in, const StrokeCleanOptions& o, CleanCounts& c);

}  // namespace seqgen
