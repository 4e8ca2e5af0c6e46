// Pen trajectories, the data of paper §4-5.
#pragma once
#include <string>
#include <vector>

namespace seqgen {

// One pen reading in absolute coordinates. `end` marks the last point of a
// stroke (the pen lifts after it).
struct PenPoint {
  float x = 0, y = 0;
  bool end = false;
};
using Strokes = std::vector<PenPoint>;

// One network input/target x_t = (dx, dy, end-of-stroke), eq 15: offsets from
// the previous point, normalised or not depending on the context.
struct PenStep {
  float dx = 0, dy = 0, eos = 0;
};
using PenSteps = std::vector<PenStep>;

// Offsets <-> absolute points. The first step is relative to (0, 0).
PenSteps strokes_to_steps(const Strokes& s);
Strokes steps_to_strokes(const PenSteps& s);

}  // namespace seqgen
