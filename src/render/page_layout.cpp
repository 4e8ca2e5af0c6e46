#include "render/page_layout.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace seqgen {

PageLayout page_layout(const std::vector<Strokes>& lines, double line_height, double max_width, double margin,
                       double line_gap, const char* where) {
  struct Box {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  };
  std::vector<Box> boxes(lines.size());
  std::vector<double> heights;
  double max_w = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Strokes& s = lines[i];
    for (size_t k = 0; k < s.size(); ++k)
      if (!std::isfinite(s[k].x) || !std::isfinite(s[k].y))
        fail("{}: line {} point {} is not a finite number", where, i + 1, k + 1);
    if (s.empty()) continue;
    Box b{s[0].x, s[0].y, s[0].x, s[0].y};
    for (const PenPoint& p : s) {
      b.x0 = std::min<double>(b.x0, p.x), b.x1 = std::max<double>(b.x1, p.x);
      b.y0 = std::min<double>(b.y0, p.y), b.y1 = std::max<double>(b.y1, p.y);
    }
    boxes[i] = b;
    if (b.y1 > b.y0) heights.push_back(b.y1 - b.y0);
    max_w = std::max(max_w, b.x1 - b.x0);
  }
  PageLayout L;
  // The median, not the mean, so one line with a stray point far away does
  // not shrink all the others.
  if (!heights.empty()) {
    std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
    L.scale = line_height / heights[heights.size() / 2];
  }
  const double room = max_width - 2 * margin;
  if (max_w * L.scale > room) L.scale = room / max_w;
  L.width = 2 * margin + std::max(max_w * L.scale, line_height);
  double y = margin;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) y += line_gap * line_height;
    L.dx.push_back(margin - boxes[i].x0 * L.scale);
    L.dy.push_back(y - boxes[i].y0 * L.scale);
    y += lines[i].empty() ? line_height : (boxes[i].y1 - boxes[i].y0) * L.scale;
  }
  L.height = y + margin;
  return L;
}

}  // namespace seqgen
