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

// Total length of the pen-down segments (pen lifts not counted).
double strokes_ink_length(const Strokes& s);

// The same strokes sampled every `spacing` units of arc length: each stroke
// keeps its first and last points, and a one-point stroke (a dot) stays one.
Strokes strokes_resample(const Strokes& s, double spacing);

// Every k-th point of each stroke, and each stroke's first and last points:
// fewer points at the same pace, so the points' spacing still tells the pen's
// speed as in time-sampled data.
Strokes strokes_thin(const Strokes& s, int k);

// The pace of IAM-OnDB's training lines (measured on them; printed with the
// database report): pen-down steps of kIamInkStep units, kIamStepsPerChar of
// them per character of the transcription. Strokes from elsewhere are
// brought to this pace before a network reads them.
inline constexpr double kIamInkStep = 20.06;
inline constexpr double kIamStepsPerChar = 20.94;

}  // namespace seqgen
