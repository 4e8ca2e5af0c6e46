// Pages of handwritten lines (the layout of paper Figs 11, 15-21): one shared
// scale so real and generated lines can be compared by size, each line
// starting at the left margin, stacked top to bottom.
#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "render/color.hpp"
#include "render/page_surface.hpp"
#include "render/stroke_path.hpp"
#include "seqgen/render.hpp"

namespace seqgen {

namespace {

struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

Box line_box(const Strokes& s) {
  Box b{s[0].x, s[0].y, s[0].x, s[0].y};
  for (const PenPoint& p : s) {
    b.x0 = std::min<double>(b.x0, p.x), b.x1 = std::max<double>(b.x1, p.x);
    b.y0 = std::min<double>(b.y0, p.y), b.y1 = std::max<double>(b.y1, p.y);
  }
  return b;
}

void options_check(const PageOptions& page, const StrokeStyle& style, const std::string& path) {
  auto bad = [](double v) { return !std::isfinite(v) || v < 0; };
  if (bad(page.line_height) || page.line_height == 0) fail("{}: line height must be > 0 px", path);
  if (bad(page.margin)) fail("{}: margin must be >= 0 px", path);
  if (bad(page.line_gap)) fail("{}: line gap must be >= 0", path);
  if (!std::isfinite(page.max_width) || page.max_width <= 2 * page.margin)
    fail("{}: maximum width {} px leaves no room inside margins of {} px", path, page.max_width, page.margin);
  if (bad(style.width) || style.width == 0) fail("{}: stroke width must be > 0 px", path);
}

}  // namespace

void lines_write_image(const std::vector<Strokes>& lines, const PageOptions& page, const StrokeStyle& style,
                       const std::string& path) {
  page_format(path);
  options_check(page, style, path);
  Rgb ink;
  try {
    ink = color_parse(style.color);
  } catch (const Error& e) {
    fail("{}: {}", path, e.what());
  }
  if (lines.empty()) fail("{}: no lines to draw", path);

  std::vector<Box> boxes(lines.size());
  std::vector<double> heights;
  double max_w = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Strokes& s = lines[i];
    for (size_t k = 0; k < s.size(); ++k)
      if (!std::isfinite(s[k].x) || !std::isfinite(s[k].y))
        fail("{}: line {} point {} is not a finite number", path, i + 1, k + 1);
    if (s.empty()) continue;
    boxes[i] = line_box(s);
    if (boxes[i].y1 > boxes[i].y0) heights.push_back(boxes[i].y1 - boxes[i].y0);
    max_w = std::max(max_w, boxes[i].x1 - boxes[i].x0);
  }

  // The median, not the mean, so one line with a stray point far away does
  // not shrink all the others.
  double scale = 1;
  if (!heights.empty()) {
    std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
    scale = page.line_height / heights[heights.size() / 2];
  }
  double room = page.max_width - 2 * page.margin;
  if (max_w * scale > room) scale = room / max_w;

  double width = 2 * page.margin + std::max(max_w * scale, page.line_height);
  double gap = page.line_gap * page.line_height;
  std::vector<double> tops(lines.size());
  double y = page.margin;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) y += gap;
    tops[i] = y;
    y += lines[i].empty() ? page.line_height : (boxes[i].y1 - boxes[i].y0) * scale;
  }
  double height = y + page.margin;

  PageSurface out(path, std::ceil(width), std::ceil(height));
  cairo_t* cr = out.cr;
  if (!page.transparent) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    stroke_path_add(cr, lines[i].data(), lines[i].size(), scale, page.margin - boxes[i].x0 * scale,
                    tops[i] - boxes[i].y0 * scale, style.smooth);
  }
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_GOOD);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width(cr, style.width);
  cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
  cairo_stroke(cr);
  out.finish();
}

void line_write_image(const Strokes& line, const PageOptions& page, const StrokeStyle& style,
                      const std::string& path) {
  lines_write_image({line}, page, style, path);
}

}  // namespace seqgen
