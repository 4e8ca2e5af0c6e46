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

// floor or ceil of v as an index, kept within [-1, n] before the conversion
// (a point far off the picture would overflow an int).
int index_of(float v, int n) { return int(std::clamp(v, -1.f, float(n))); }

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
  const int W = int(std::min<double>(kRasterMaxColumns, std::ceil(double(*hi - *lo) / u + 2 * (1 + reach))));
  out.assign(size_t(W) * r.rows, 0.f);
  for (size_t i = 0; i < xs.size(); ++i) {
    const size_t a = starts[i] ? i : i - 1;  // a stroke's first point: a dot
    const float ax = (xs[a] - left) / u, ay = (ys[a] - top) / u, bx = (xs[i] - left) / u, by = (ys[i] - top) / u;
    const int c0 = std::max(0, index_of(std::floor(std::min(ax, bx) - reach), W)),
              c1 = std::min(W - 1, index_of(std::ceil(std::max(ax, bx) + reach), W));
    const int k0 = std::max(0, index_of(std::floor(std::min(ay, by) - reach), r.rows)),
              k1 = std::min(r.rows - 1, index_of(std::ceil(std::max(ay, by) + reach), r.rows));
    for (int c = c0; c <= c1; ++c)
      for (int k = k0; k <= k1; ++k) {
        const float ink = std::clamp(reach - segment_distance(c + 0.5f, k + 0.5f, ax, ay, bx, by), 0.f, 1.f);
        float& o = out[size_t(c) * r.rows + k];
        o = std::max(o, ink);
      }
  }
  return W;
}

}  // namespace seqgen
