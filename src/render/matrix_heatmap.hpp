// A matrix painted as a heatmap in a rectangle of a cairo picture, with the
// text around it (titles, row labels, a time axis), shared by the density,
// mixture weight and window pictures.
#pragma once
#include <cairo.h>

#include <cstddef>
#include <string>

namespace seqgen {

// Entry (r, c) is m[r * rs + c * cs]; row 0 is drawn at the top. Values map
// linearly from [lo, hi] onto colormap_inferno. The rectangle (x, y, w, h) is
// in px; each pixel takes the entry under its centre, so cells stay sharp in
// every output format.
void matrix_heatmap_draw(cairo_t* cr, const float* m, int rows, int cols, ptrdiff_t rs, ptrdiff_t cs, double lo,
                         double hi, int x, int y, int w, int h);

// Text in the picture's label font (size in px) at (x, y): align 0 puts x at
// the left end of the text, 0.5 at its middle, 1 at its right end; y is the
// vertical middle of the text. text must be UTF-8.
void label_draw(cairo_t* cr, const std::string& text, double x, double y, double size, double align);

// Ticks and step numbers under a heatmap of cols columns spanning x..x+w,
// hanging from y, captioned below; takes 34 px of height.
void time_axis_draw(cairo_t* cr, int cols, double x, double y, double w);

}  // namespace seqgen
