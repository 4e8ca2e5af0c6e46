// The network's view of a handwriting line (eq 15) and the normalisation of
// §4.2: "The co-ordinate offsets were normalised to mean 0, std. dev. 1 over
// the training set." The end-of-stroke bit stays 0/1.
#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "seqgen/iam_ondb.hpp"

namespace seqgen {

PenSteps iam_line_steps(const IamLine& line) {
  PenSteps s = strokes_to_steps(line.strokes);
  if (!s.empty()) s[0].dx = s[0].dy = 0;  // offsets from the line's own start, not the board's corner
  return s;
}

StepStats step_stats_compute(const std::vector<PenSteps>& lines) {
  double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
  for (const PenSteps& l : lines)
    for (const PenStep& p : l) {
      n += 1;
      sx += p.dx;
      sy += p.dy;
      sxx += double(p.dx) * p.dx;
      syy += double(p.dy) * p.dy;
    }
  if (n == 0) fail("offset statistics: no pen steps to measure");
  double mx = sx / n, my = sy / n;
  double vx = std::max(0.0, sxx / n - mx * mx), vy = std::max(0.0, syy / n - my * my);
  if (!(vx > 0) || !(vy > 0))
    fail("offset statistics: the x or y offsets never vary over {} steps, so they cannot be normalised", int64_t(n));
  return {float(mx), float(my), float(std::sqrt(vx)), float(std::sqrt(vy))};
}

void steps_normalise(PenSteps& s, const StepStats& st) {
  for (PenStep& p : s) {
    p.dx = (p.dx - st.mean_dx) / st.std_dx;
    p.dy = (p.dy - st.mean_dy) / st.std_dy;
  }
}

void steps_denormalise(PenSteps& s, const StepStats& st) {
  for (PenStep& p : s) {
    p.dx = p.dx * st.std_dx + st.mean_dx;
    p.dy = p.dy * st.std_dy + st.mean_dy;
  }
}

}  // namespace seqgen
