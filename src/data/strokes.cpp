#include "seqgen/strokes.hpp"

#include <cmath>

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

double strokes_ink_length(const Strokes& s) {
  double len = 0;
  for (size_t i = 1; i < s.size(); ++i)
    if (!s[i - 1].end) len += std::hypot(double(s[i].x) - s[i - 1].x, double(s[i].y) - s[i - 1].y);
  return len;
}

Strokes strokes_resample(const Strokes& s, double spacing) {
  Strokes out;
  size_t begin = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!s[i].end && i + 1 < s.size()) continue;
    // Stroke [begin, i]: walk it, emitting a point each `spacing` of arc length.
    out.push_back({s[begin].x, s[begin].y, false});
    double to_next = spacing;
    for (size_t k = begin + 1; k <= i; ++k) {
      const double x0 = s[k - 1].x, y0 = s[k - 1].y, dx = s[k].x - x0, dy = s[k].y - y0;
      const double seg = std::hypot(dx, dy);
      double at = 0;
      while (seg - at >= to_next) {
        at += to_next;
        out.push_back({float(x0 + dx * at / seg), float(y0 + dy * at / seg), false});
        to_next = spacing;
      }
      to_next -= seg - at;
    }
    // The stroke's own last point, unless the walk just emitted (nearly) it.
    if (i > begin && to_next < spacing * 0.999) out.push_back({s[i].x, s[i].y, false});
    out.back().end = true;
    begin = i + 1;
  }
  return out;
}

Strokes strokes_thin(const Strokes& s, int k) {
  Strokes out;
  int in_stroke = 0;  // index of the point within its stroke
  for (size_t i = 0; i < s.size(); ++i) {
    const bool last = s[i].end || i + 1 == s.size();
    if (in_stroke % k == 0 || last) out.push_back({s[i].x, s[i].y, last});
    in_stroke = last ? 0 : in_stroke + 1;
  }
  return out;
}

}  // namespace seqgen
