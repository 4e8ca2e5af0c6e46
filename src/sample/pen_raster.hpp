// A line of pen strokes as a picture, read column by column: what a person or
// an OCR engine sees of handwriting, where the pen steps (sample/pen_read.hpp's
// other input) also show the order and speed of the strokes. A recogniser
// reading these columns judges a drawn word by its look.
//
// The picture: `rows` pixels high, `units_per_px` pen units a pixel, its
// middle row on the median height of the line's points (a robust middle of
// the writing, whatever its ascenders and descenders); a pixel's ink is the
// coverage of a round pen `pen_px` wide drawn along each stroke:
//   ink(p) = clamp(pen_px / 2 + 1/2 - dist(p, stroke) / units_per_px, 0, 1)
// with p the pixel's centre. One column of margin on each side.
#pragma once
#include <vector>

#include "seqgen/strokes.hpp"

namespace seqgen {

struct RasterSpec {
  int rows = 0;  // 0: no picture (the recogniser reads the pen steps)
  float units_per_px = 16;
  float pen_px = 1.5f;
};

// A line wider than this many columns is cut there (nothing real comes near:
// IAM-OnDB's longest lines are under 700 columns at 16 units a pixel).
constexpr int kRasterMaxColumns = 8192;

// steps: the line's offsets in pen units (denormalised), the first from the
// origin; a step's eos lifts the pen after its point. out: columns x rows,
// each column top row first. Returns the number of columns (0 for no steps).
int pen_raster_columns(const PenSteps& steps, const RasterSpec& r, std::vector<float>& out);

}  // namespace seqgen
