// Strokes to cairo paths. The smooth form is a centripetal Catmull-Rom spline
// (knot spacing sqrt of the chord length) written as cubic Béziers: it passes
// through every recorded point, and unlike the uniform spline it makes no
// loops or overshoots where the pen slows down and points bunch up.
#include "render/stroke_path.hpp"

#include <cmath>
#include <vector>

namespace seqgen {

namespace {

struct P2 {
  double x, y;
};

// Bézier control points of the segment a -> b, with neighbours pa (before a)
// and pb (after b); a missing neighbour is passed as a copy of a or b.
void catmull_rom_controls(P2 pa, P2 a, P2 b, P2 pb, P2& c1, P2& c2) {
  auto dist = [](P2 u, P2 v) { return std::sqrt(std::hypot(u.x - v.x, u.y - v.y)); };
  double d1 = dist(pa, a), d2 = dist(a, b), d3 = dist(b, pb);
  constexpr double eps = 1e-9;
  if (d1 < eps) {
    c1 = a;
  } else {
    double k = 2 * d1 * d1 + 3 * d1 * d2 + d2 * d2, den = 3 * d1 * (d1 + d2);
    c1 = {(d1 * d1 * b.x - d2 * d2 * pa.x + k * a.x) / den, (d1 * d1 * b.y - d2 * d2 * pa.y + k * a.y) / den};
  }
  if (d3 < eps) {
    c2 = b;
  } else {
    double k = 2 * d3 * d3 + 3 * d3 * d2 + d2 * d2, den = 3 * d3 * (d3 + d2);
    c2 = {(d3 * d3 * a.x - d2 * d2 * pb.x + k * b.x) / den, (d3 * d3 * a.y - d2 * d2 * pb.y + k * b.y) / den};
  }
}

void stroke_add(cairo_t* cr, const std::vector<P2>& q, bool smooth) {
  cairo_move_to(cr, q[0].x, q[0].y);
  if (q.size() == 1) {
    cairo_line_to(cr, q[0].x, q[0].y);
    return;
  }
  if (!smooth || q.size() == 2) {
    for (size_t i = 1; i < q.size(); ++i) cairo_line_to(cr, q[i].x, q[i].y);
    return;
  }
  for (size_t i = 0; i + 1 < q.size(); ++i) {
    P2 c1, c2;
    catmull_rom_controls(q[i == 0 ? 0 : i - 1], q[i], q[i + 1], q[i + 2 < q.size() ? i + 2 : i + 1], c1, c2);
    cairo_curve_to(cr, c1.x, c1.y, c2.x, c2.y, q[i + 1].x, q[i + 1].y);
  }
}

}  // namespace

void stroke_path_add(cairo_t* cr, const PenPoint* p, size_t n, double scale, double tx, double ty, bool smooth) {
  std::vector<P2> q;
  for (size_t i = 0; i < n; ++i) {
    P2 v{p[i].x * scale + tx, p[i].y * scale + ty};
    // Repeated readings (the pen resting) add nothing and would give the
    // spline zero-length knots.
    if (q.empty() || v.x != q.back().x || v.y != q.back().y) q.push_back(v);
    if (p[i].end || i + 1 == n) {
      stroke_add(cr, q, smooth);
      q.clear();
    }
  }
}

}  // namespace seqgen
