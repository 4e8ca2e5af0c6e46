// The mixture density picture of paper Figs 10 and 14: the sum over t of the
// predicted next-point distributions Pr(x_{t+1} | y_t) (eq 23) over the line,
// and beneath it the mixture weights π_j(t) (eq 19), one row per component.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/error.hpp"
#include "render/density_grid.hpp"
#include "render/matrix_heatmap.hpp"
#include "render/page_surface.hpp"
#include "render/stroke_path.hpp"
#include "seqgen/render.hpp"

namespace seqgen {

namespace {

void track_check(const Strokes& line, const MixtureTrack& tr, const std::string& path) {
  if (tr.M < 1 || tr.T < 1) fail("{}: mixture track has T = {}, M = {}; both must be >= 1", path, tr.T, tr.M);
  if (size_t(tr.T) > line.size())
    fail("{}: mixture track has {} steps but the line only {} points", path, tr.T, line.size());
  size_t n = size_t(tr.T) * tr.M;
  const std::vector<float>* fields[] = {&tr.pi, &tr.mu_x, &tr.mu_y, &tr.sd_x, &tr.sd_y, &tr.rho};
  const char* names[] = {"pi", "mu_x", "mu_y", "sd_x", "sd_y", "rho"};
  for (int f = 0; f < 6; ++f)
    if (fields[f]->size() != n)
      fail("{}: mixture track field {} has {} values, expected T*M = {}", path, names[f], fields[f]->size(), n);
  for (size_t k = 0; k < n; ++k) {
    auto where = [&] { return fmt::format("{}: mixture track step {} component {}", path, k / tr.M, k % tr.M); };
    float v[] = {tr.pi[k], tr.mu_x[k], tr.mu_y[k], tr.sd_x[k], tr.sd_y[k], tr.rho[k]};
    for (int f = 0; f < 6; ++f)
      if (!std::isfinite(v[f])) fail("{}: {} is not a finite number", where(), names[f]);
    if (tr.pi[k] < 0) fail("{}: negative weight pi = {}", where(), tr.pi[k]);
    if (tr.sd_x[k] <= 0 || tr.sd_y[k] <= 0) fail("{}: standard deviations must be > 0", where());
    if (std::fabs(tr.rho[k]) > 1) fail("{}: correlation rho = {} is outside [-1, 1]", where(), tr.rho[k]);
  }
  for (size_t k = 0; k < line.size(); ++k)
    if (!std::isfinite(line[k].x) || !std::isfinite(line[k].y))
      fail("{}: line point {} is not a finite number", path, k + 1);
}

}  // namespace

void mixture_write_heatmap(const Strokes& line, const MixtureTrack& track, const std::string& path, int width) {
  page_format(path);
  track_check(line, track, path);
  if (width < 200 || width > 16000) fail("{}: picture width {} px is outside [200, 16000]", path, width);

  const int left = 44, right = 16, title = 26;
  const int w = width - left - right;

  // Line box plus a margin, widened if needed so the panel is at most 1.5x as
  // tall as wide (a single letter would otherwise make a tower).
  double x0 = line[0].x, x1 = x0, y0 = line[0].y, y1 = y0;
  for (const PenPoint& p : line) {
    x0 = std::min<double>(x0, p.x), x1 = std::max<double>(x1, p.x);
    y0 = std::min<double>(y0, p.y), y1 = std::max<double>(y1, p.y);
  }
  // The margin follows the line's height, so a long line gets no more of it.
  double ext = y1 > y0 ? y1 - y0 : std::max(x1 - x0, 1.0);
  double pad = 0.15 * ext;
  x0 -= pad, x1 += pad, y0 -= pad, y1 += pad;
  double min_w = (y1 - y0) / 1.5;
  if (x1 - x0 < min_w) {
    double grow = (min_w - (x1 - x0)) / 2;
    x0 -= grow, x1 += grow;
  }
  double scale = w / (x1 - x0);  // px per unit
  int h1 = std::max(1, int(std::lround((y1 - y0) * scale)));
  int h2 = std::clamp(track.M * 8, 48, 200);
  int top1 = title, top2 = top1 + h1 + title + 4;
  int height = top2 + h2 + 40;

  std::vector<float> grid = density_grid_eval(line, track, x0, y0, scale, w, h1);
  float peak = *std::max_element(grid.begin(), grid.end());
  // Log scale from kDensityLogRange * peak (0) to peak (1).
  for (float& v : grid)
    v = peak > 0 ? std::max(0.0, 1 + std::log10(v / peak + 1e-30) / -std::log10(kDensityLogRange)) : 0;

  PageSurface out(path, width, height);
  cairo_t* cr = out.cr;
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);

  matrix_heatmap_draw(cr, grid.data(), h1, w, w, 1, 0, 1, left, top1, w, h1);
  // The pen trace, thin and half transparent so it does not hide the blobs.
  cairo_save(cr);
  cairo_rectangle(cr, left, top1, w, h1);
  cairo_clip(cr);
  stroke_path_add(cr, line.data(), line.size(), scale, left - x0 * scale, top1 - y0 * scale, true);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width(cr, 0.8);
  cairo_set_source_rgba(cr, 0.75, 1, 1, 0.6);
  cairo_stroke(cr);
  cairo_restore(cr);

  matrix_heatmap_draw(cr, track.pi.data(), track.M, track.T, 1, track.M, 0, 1, left, top2, w, h2);

  cairo_set_source_rgb(cr, 0, 0, 0);
  label_draw(cr, "density of the next pen position predicted at each step, summed over the steps (log scale)",
             left, top1 - 12, 12, 0);
  label_draw(cr, fmt::format("mixture weights π(t) of the {} components (0 black, 1 yellow)", track.M), left,
             top2 - 12, 12, 0);
  // Component numbers, spaced at least 12 px apart.
  double rh = double(h2) / track.M;
  int every = std::max(1, int(std::ceil(12 / rh)));
  for (int j = 0; j < track.M; j += every)
    label_draw(cr, fmt::format("{}", j + 1), left - 5, top2 + (j + 0.5) * rh, std::min(10.0, std::max(rh, 9.0)), 1);
  label_draw(cr, "j", 10, top2 + h2 / 2.0, 12, 0.5);
  time_axis_draw(cr, track.T, left, top2 + h2, w);
  out.finish();
}

}  // namespace seqgen
