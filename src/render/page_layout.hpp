// Where each line of a page goes: one shared scale so the handwriting keeps
// its relative size (the median ink height of the lines becomes line_height,
// unless the widest line would then overflow the width inside the margins),
// each line starting at the left margin, stacked top to bottom. Used by the
// pictures (px) and the plotter outputs (mm) alike.
#pragma once
#include <vector>

#include "seqgen/strokes.hpp"

namespace seqgen {

struct PageLayout {
  double scale = 1;                 // page units per stroke unit
  double width = 0, height = 0;     // the page the lines need, margins included
  std::vector<double> dx, dy;       // line i's point (x, y) goes to (x * scale + dx[i], y * scale + dy[i])
};

// line_gap in units of line_height. An empty line keeps a blank line_height
// high. Error naming `where` for a non-finite point.
PageLayout page_layout(const std::vector<Strokes>& lines, double line_height, double max_width, double margin,
                       double line_gap, const char* where);

}  // namespace seqgen
