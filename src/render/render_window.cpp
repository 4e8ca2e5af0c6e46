// The soft window alignment picture of paper Fig 13: φ(t, u) (eq 46) with time
// along the horizontal axis and the characters of the text down the vertical
// one, first character at the top.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/error.hpp"
#include "render/matrix_heatmap.hpp"
#include "render/page_surface.hpp"
#include "seqgen/render.hpp"

namespace seqgen {

namespace {

// The UTF-8 text split into one label per character. Bytes that are not valid
// UTF-8 are taken as Latin-1 characters, so every label is valid UTF-8 for
// cairo. A space is shown as an open box.
std::vector<std::string> char_labels(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) >> 6) == 2;
    if (ok) {
      out.push_back(c == ' ' ? "\u2423" : s.substr(i, n));
      i += n;
    } else {
      out.push_back({char(0xc0 | (c >> 6)), char(0x80 | (c & 0x3f))});
      i += 1;
    }
  }
  return out;
}

}  // namespace

void window_write_heatmap(const float* phi, int T, int U, const std::string& text, const std::string& path,
                          int width) {
  page_format(path);
  if (T < 1 || U < 1) fail("{}: window weights have T = {}, U = {}; both must be >= 1", path, T, U);
  if (!phi) fail("{}: no window weights given", path);
  if (width < 200 || width > 16000) fail("{}: picture width {} px is outside [200, 16000]", path, width);
  std::vector<std::string> labels = char_labels(text);
  if (labels.size() != size_t(U))
    fail("{}: text '{}' has {} characters but the window weights have U = {}", path, text, labels.size(), U);
  float hi = 0;
  for (size_t k = 0; k < size_t(T) * U; ++k) {
    if (!std::isfinite(phi[k])) fail("{}: window weight phi({}, {}) is not a finite number", path, k / U, k % U);
    hi = std::max(hi, phi[k]);
  }

  const int left = 30, right = 16, title = 26;
  const int w = width - left - right;
  const int rh = std::clamp(480 / U, 9, 18);
  const int h = rh * U;
  PageSurface out(path, width, title + h + 40);
  cairo_t* cr = out.cr;
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  matrix_heatmap_draw(cr, phi, U, T, 1, U, 0, hi > 0 ? hi : 1, left, title, w, h);
  cairo_set_source_rgb(cr, 0, 0, 0);
  label_draw(cr, fmt::format("window weights φ(t, u), linear scale, max {:.3g}", hi), left, title - 12, 12, 0);
  for (int u = 0; u < U; ++u) label_draw(cr, labels[u], left / 2.0, title + (u + 0.5) * rh, rh * 0.8, 0.5);
  time_axis_draw(cr, T, left, title + h, w);
  out.finish();
}

}  // namespace seqgen
