// Summed mixture densities on a grid. Two choices keep it fast and faithful:
// - Each pixel shows the mean density over its area, approximated by widening
//   every Gaussian by the variance of a uniform pixel (side²/12) — so blobs
//   narrower than a pixel still show, with their true mass.
// - A component is evaluated only where it can be seen: out to 4σ, or less if
//   its peak is low, down to a tenth of the log scale's floor relative to the
//   tallest peak (nothing below the floor is shown).
#include "render/density_grid.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace seqgen {

namespace {

constexpr double kFloor = kDensityLogRange / 10;
constexpr double kMaxRadius = 4;  // in standard deviations

// First or last pixel index of coordinate v (px), kept in [-1, n].
int pixel_at(double v, int n) { return int(std::clamp(std::floor(v), -1.0, double(n))); }

}  // namespace

std::vector<float> density_grid_eval(const Strokes& line, const MixtureTrack& track, double x0, double y0,
                                     double scale, int W, int H) {
  std::vector<float> grid(size_t(W) * H, 0.f);
  int T = track.T, M = track.M;
  double pix_var = 1 / (12 * scale * scale);  // in units²

  struct Comp {
    double mx, my, sx, sy, rho, peak;
  };
  std::vector<Comp> comps;
  comps.reserve(size_t(T) * M);
  double top = 0;
  for (int t = 0; t < T; ++t) {
    for (int j = 0; j < M; ++j) {
      size_t k = size_t(t) * M + j;
      double sx = track.sd_x[k], sy = track.sd_y[k];
      double cxy = track.rho[k] * sx * sy;
      sx = std::sqrt(sx * sx + pix_var), sy = std::sqrt(sy * sy + pix_var);
      double rho = cxy / (sx * sy);
      double peak = track.pi[k] / (2 * std::numbers::pi * sx * sy * std::sqrt(std::max(1 - rho * rho, 1e-12)));
      if (!(peak > 0)) continue;
      comps.push_back({line[t].x + track.mu_x[k], line[t].y + track.mu_y[k], sx, sy, rho, peak});
      top = std::max(top, peak);
    }
  }
  double cut = kFloor * top, inv = 1 / scale;
  for (const Comp& c : comps) {
    double ratio = c.peak / cut;
    if (ratio <= 1) continue;
    // Mahalanobis radius where the component falls to the cut; the ellipse
    // of radius r lies within ±r σ of the mean on each axis.
    double r = std::min(kMaxRadius, std::sqrt(2 * std::log(ratio)));
    int i0 = std::max(0, pixel_at((c.mx - r * c.sx - x0) * scale, W));
    int i1 = std::min(W - 1, pixel_at((c.mx + r * c.sx - x0) * scale, W));
    int k0 = std::max(0, pixel_at((c.my - r * c.sy - y0) * scale, H));
    int k1 = std::min(H - 1, pixel_at((c.my + r * c.sy - y0) * scale, H));
    if (i0 > i1) continue;
    // Along a row the exponent a * z is quadratic in the pixel index, so
    // successive values differ by factors g that themselves change by a fixed
    // factor h: two products per pixel instead of an exp. Walking out from
    // the row's peak, values only fall, so the walk stops at the cut.
    double a = -1 / (2 * std::max(1 - c.rho * c.rho, 1e-12));
    double d = inv / c.sx;  // step of the standardised x per pixel
    double h = std::exp(2 * a * d * d);
    for (int k = k0; k <= k1; ++k) {
      double dy = (y0 + (k + 0.5) * inv - c.my) / c.sy;
      // For fixed dy, z is smallest at dx = rho * dy.
      double ic = (c.mx + c.rho * dy * c.sx - x0) * scale - 0.5;
      int ip = int(std::clamp(std::round(ic), double(i0), double(i1)));
      double dx = (x0 + (ip + 0.5) * inv - c.mx) / c.sx;
      double v0 = c.peak * std::exp(a * (dx * dx + dy * dy - 2 * c.rho * dx * dy));
      if (v0 < cut) continue;
      float* row = grid.data() + size_t(k) * W;
      double v = v0, g = std::exp(a * d * (2 * dx + d - 2 * c.rho * dy));
      for (int i = ip; i <= i1 && v >= cut; ++i, v *= g, g *= h) row[i] += float(v);
      g = std::exp(a * d * (-2 * dx + d + 2 * c.rho * dy));
      v = v0 * g, g *= h;
      for (int i = ip - 1; i >= i0 && v >= cut; --i, v *= g, g *= h) row[i] += float(v);
    }
  }
  return grid;
}

}  // namespace seqgen
