// A page of handwriting written as whatever its file name asks for:
//   .svg .png .pdf  a picture (seqgen/render.hpp), or with plotter_svg an SVG
//                   for a pen plotter (seqgen/plotter.hpp)
//   .json           the strokes as data, in the format a style is read from
//   .gcode .nc      G-code; .hpgl .plt HPGL (seqgen/plotter.hpp)
#pragma once
#include <string>
#include <vector>

#include "seqgen/plotter.hpp"
#include "seqgen/render.hpp"

namespace seqgen {

struct OutputOptions {
  PageOptions page;
  std::vector<StrokeStyle> styles{StrokeStyle{}};  // one for all lines, or one per line
  PlotterOptions plotter;
  bool plotter_svg = false;
};

// texts[i] is what lines[i] says. Error naming the path and the accepted
// extensions for any other.
void lines_write(const std::string& path, const std::vector<std::string>& texts, const std::vector<Strokes>& lines,
                 const OutputOptions& o);
// The check lines_write makes of the extension, for a caller that wants the
// error before the lines are drawn.
void lines_output_check(const std::string& path);

}  // namespace seqgen
