// Heatmap panels and their labels (see matrix_heatmap.hpp). The matrix is
// resampled here, at output resolution, rather than scaled by the surface,
// because SVG viewers and PDF readers blur scaled-up images.
#include "render/matrix_heatmap.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <fmt/format.h>

#include "render/color.hpp"

namespace seqgen {

void matrix_heatmap_draw(cairo_t* cr, const float* m, int rows, int cols, ptrdiff_t rs, ptrdiff_t cs, double lo,
                         double hi, int x, int y, int w, int h) {
  if (w <= 0 || h <= 0 || rows <= 0 || cols <= 0) return;
  cairo_surface_t* img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  int stride = cairo_image_surface_get_stride(img);
  unsigned char* data = cairo_image_surface_get_data(img);
  double span = hi > lo ? hi - lo : 1;
  // One colour lookup per column of a row run: cells are usually wider than
  // a pixel, so reuse the last one.
  std::vector<int> col_of(w);
  for (int i = 0; i < w; ++i) col_of[i] = int((i + 0.5) * cols / w);
  for (int k = 0; k < h; ++k) {
    int r = int((k + 0.5) * rows / h);
    auto* px = reinterpret_cast<uint32_t*>(data + size_t(k) * stride);
    int last = -1;
    uint32_t argb = 0;
    for (int i = 0; i < w; ++i) {
      int c = col_of[i];
      if (c != last) {
        Rgb v = colormap_inferno((m[r * rs + c * cs] - lo) / span);
        argb = 0xff000000u | uint32_t(std::lround(v.r * 255)) << 16 | uint32_t(std::lround(v.g * 255)) << 8 |
               uint32_t(std::lround(v.b * 255));
        last = c;
      }
      px[i] = argb;
    }
  }
  cairo_surface_mark_dirty(img);
  cairo_save(cr);
  cairo_set_source_surface(cr, img, x, y);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill(cr);
  cairo_restore(cr);
  cairo_surface_destroy(img);
}

void label_draw(cairo_t* cr, const std::string& text, double x, double y, double size, double align) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_text_extents_t te;
  cairo_text_extents(cr, text.c_str(), &te);
  cairo_font_extents_t fe;
  cairo_font_extents(cr, &fe);
  // Centre on the font's ascent/descent, not the glyphs' ink, so a row of
  // labels ("a", "g", "T") shares one baseline.
  cairo_move_to(cr, x - align * te.x_advance, y + (fe.ascent - fe.descent) / 2);
  cairo_show_text(cr, text.c_str());
}

void time_axis_draw(cairo_t* cr, int cols, double x, double y, double w) {
  // A round step (1, 2 or 5 times a power of ten) giving at most ~10 ticks.
  double raw = std::max(1.0, cols / 10.0);
  double p = std::pow(10, std::floor(std::log10(raw)));
  double step = raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  cairo_set_line_width(cr, 1);
  for (double t = 0; t < cols; t += step) {
    double tx = std::round(x + (t + 0.5) * w / cols) + 0.5;  // crisp 1 px lines
    cairo_move_to(cr, tx, y);
    cairo_line_to(cr, tx, y + 4);
    cairo_stroke(cr);
    label_draw(cr, fmt::format("{}", int(t)), tx, y + 12, 10, 0.5);
  }
  label_draw(cr, "timestep t", x + w / 2, y + 27, 11, 0.5);
}

}  // namespace seqgen
