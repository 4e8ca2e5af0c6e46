#include "sample/pen_raster.hpp"

#include <algorithm>
#include <cmath>

namespace seqgen {

namespace {

// Distance from (px, py) to the segment a-b.
float segment_distance(float px, float py, float ax, float ay, float bx, float by) {
  const float vx = bx - ax, vy = by - ay, wx = px - ax, wy = py - ay;
  const float len2 = vx * vx + vy * vy;
  const float s = len2 > 0 ? std::clamp((wx * vx + wy * vy) / len2, 0.f, 1.f) : 0.f;
  const float dx = wx - s * vx, dy = wy - s * vy;
  return std::sqrt(dx * dx + dy * dy);
}

// Cuts a-b to the part inside [x0, x1] x [y0, y1] (Liang-Barsky); false if
// none of it is. In double: far-off points of a file stay finite here.
bool segment_clip(double& ax, double& ay, double& bx, double& by, double x0, double y0, double x1, double y1) {
  const double dx = bx - ax, dy = by - ay;
  double t0 = 0, t1 = 1;
  const double p[4] = {-dx, dx, -dy, dy}, q[4] = {ax - x0, x1 - ax, ay - y0, y1 - ay};
  for (int k = 0; k < 4; ++k) {
    if (p[k] == 0) {
      if (q[k] < 0) return false;
      continue;
    }
    const double t = q[k] / p[k];
    if (p[k] < 0) t0 = std::max(t0, t);
    else t1 = std::min(t1, t);
  }
  if (t0 > t1) return false;
  bx = ax + t1 * dx, by = ay + t1 * dy;
  ax = ax + t0 * dx, ay = ay + t0 * dy;
  return true;
}

// Ink of the segment a-b (in pixels, within the picture's reach) into the
// picture: pieces of at most 2 px, each over the pixels its pen can reach.
void segment_draw(float ax, float ay, float bx, float by, float reach, int W, int rows, std::vector<float>& out) {
  const int n = std::max(1, int(std::ceil(std::hypot(bx - ax, by - ay) / 2)));
  for (int j = 0; j < n; ++j) {
    const float sx = ax + (bx - ax) * float(j) / float(n), sy = ay + (by - ay) * float(j) / float(n);
    const float ex = ax + (bx - ax) * float(j + 1) / float(n), ey = ay + (by - ay) * float(j + 1) / float(n);
    const int c0 = std::max(0, int(std::floor(std::min(sx, ex) - reach))),
              c1 = std::min(W - 1, int(std::ceil(std::max(sx, ex) + reach)));
    const int k0 = std::max(0, int(std::floor(std::min(sy, ey) - reach))),
              k1 = std::min(rows - 1, int(std::ceil(std::max(sy, ey) + reach)));
    for (int c = c0; c <= c1; ++c)
      for (int k = k0; k <= k1; ++k) {
        const float ink = std::clamp(reach - segment_distance(c + 0.5f, k + 0.5f, sx, sy, ex, ey), 0.f, 1.f);
        float& o = out[size_t(c) * rows + k];
        o = std::max(o, ink);
      }
  }
}

}  // namespace

int pen_raster_columns(const PenSteps& steps, const RasterSpec& r, std::vector<float>& out) {
  out.clear();
  // Points, and whether each starts a stroke (the pen lifted after the one before).
  std::vector<float> xs, ys;
  std::vector<char> starts;
  float x = 0, y = 0;
  bool lifted = true;
  for (const PenStep& s : steps) {
    x += s.dx, y += s.dy;
    if (!std::isfinite(x) || !std::isfinite(y)) return 0;
    xs.push_back(x), ys.push_back(y), starts.push_back(lifted);
    lifted = s.eos > 0.5f;
  }
  if (xs.empty()) return 0;
  const float u = r.units_per_px, reach = r.pen_px / 2 + 0.5f;  // px from the stroke where ink ends
  std::vector<float> mid(ys);
  std::nth_element(mid.begin(), mid.begin() + mid.size() / 2, mid.end());
  const float top = mid[mid.size() / 2] - 0.5f * float(r.rows) * u;
  const auto [lo, hi] = std::minmax_element(xs.begin(), xs.end());
  const float left = *lo - (1 + reach) * u;
  const int W = int(std::min<double>(kRasterMaxColumns, std::ceil((double(*hi) - double(*lo)) / u + 2 * (1 + reach))));
  out.assign(size_t(W) * r.rows, 0.f);
  for (size_t i = 0; i < xs.size(); ++i) {
    const size_t a = starts[i] ? i : i - 1;  // a stroke's first point: a dot
    double ax = (double(xs[a]) - left) / u, ay = (double(ys[a]) - top) / u, bx = (double(xs[i]) - left) / u,
           by = (double(ys[i]) - top) / u;
    if (segment_clip(ax, ay, bx, by, -reach, -reach, W + reach, r.rows + reach))
      segment_draw(float(ax), float(ay), float(bx), float(by), reach, W, r.rows, out);
  }
  return W;
}

}  // namespace seqgen
