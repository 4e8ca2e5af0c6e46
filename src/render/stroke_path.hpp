// Pen strokes as a cairo path, either straight segments between the points or
// a smooth curve through them.
#pragma once
#include <cairo.h>

#include <cstddef>

#include "seqgen/strokes.hpp"

namespace seqgen {

// Appends one subpath per stroke of p[0..n) to cr's path, each point mapped
// to (x * scale + tx, y * scale + ty). A stroke ends at a point with end set
// or at p[n-1]. A stroke of a single (distinct) point becomes a zero-length
// subpath, which cairo strokes as a dot when the line cap is round.
void stroke_path_add(cairo_t* cr, const PenPoint* p, size_t n, double scale, double tx, double ty, bool smooth);

}  // namespace seqgen
