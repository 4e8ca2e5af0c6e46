// Pages of handwritten lines (the layout of paper Figs 11, 15-21): one shared
// scale so real and generated lines can be compared by size, each line
// starting at the left margin, stacked top to bottom.
#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "render/color.hpp"
#include "render/page_layout.hpp"
#include "render/page_surface.hpp"
#include "render/stroke_path.hpp"
#include "seqgen/render.hpp"

namespace seqgen {

namespace {

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

void lines_write_image_styled(const std::vector<Strokes>& lines, const PageOptions& page,
                       const std::vector<StrokeStyle>& styles, const std::string& path) {
  page_format(path);
  if (lines.empty()) fail("{}: no lines to draw", path);
  if (styles.size() != 1 && styles.size() != lines.size())
    fail("{}: {} stroke styles for {} lines (give one, or one per line)", path, styles.size(), lines.size());
  std::vector<Rgb> inks;
  for (const StrokeStyle& st : styles) {
    options_check(page, st, path);
    try {
      inks.push_back(color_parse(st.color));
    } catch (const Error& e) {
      fail("{}: {}", path, e.what());
    }
  }
  const PageLayout L = page_layout(lines, page.line_height, page.max_width, page.margin, page.line_gap, path.c_str());
  PageSurface out(path, std::ceil(L.width), std::ceil(L.height));
  cairo_t* cr = out.cr;
  if (!page.transparent) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
  }
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_GOOD);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    const size_t k = styles.size() == 1 ? 0 : i;
    stroke_path_add(cr, lines[i].data(), lines[i].size(), L.scale, L.dx[i], L.dy[i], styles[k].smooth);
    cairo_set_line_width(cr, styles[k].width);
    cairo_set_source_rgb(cr, inks[k].r, inks[k].g, inks[k].b);
    cairo_stroke(cr);
  }
  out.finish();
}

void lines_write_image(const std::vector<Strokes>& lines, const PageOptions& page, const StrokeStyle& style,
                       const std::string& path) {
  lines_write_image_styled(lines, page, std::vector<StrokeStyle>{style}, path);
}

void line_write_image(const Strokes& line, const PageOptions& page, const StrokeStyle& style,
                      const std::string& path) {
  lines_write_image({line}, page, style, path);
}

}  // namespace seqgen
