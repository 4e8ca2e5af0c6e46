#include "seqgen/strokes.hpp"

namespace seqgen {

PenSteps strokes_to_steps(const Strokes& s) {
  PenSteps out(s.size());
  float px = 0, py = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    out[i] = {s[i].x - px, s[i].y - py, s[i].end ? 1.f : 0.f};
    px = s[i].x;
    py = s[i].y;
  }
  return out;
}

Strokes steps_to_strokes(const PenSteps& s) {
  Strokes out(s.size());
  float x = 0, y = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    x += s[i].dx;
    y += s[i].dy;
    out[i] = {x, y, s[i].eos > 0.5f};
  }
  return out;
}

}  // namespace seqgen
