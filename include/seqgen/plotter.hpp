// Handwriting for pen plotters: G-code (GRBL), HPGL and a plotter SVG. The
// lines are laid out on a page in millimetres as the pictures are
// (seqgen/render.hpp: one shared scale, the median ink height of a line
// becomes line_height), one pen-down stroke per stroke of the handwriting,
// straight segments between its points, travel only with the pen up.
//
// G-code and HPGL use the plotter's convention: origin at the page's
// bottom-left corner, x to the right, y up. G-code: G21 (mm), G90 (absolute),
// G0 for travel, G1 at `feed` for drawing, and the pen moved by `pen_down` /
// `pen_up` followed by a dwell (G4 P seconds, as GRBL reads it) while it
// settles. The default pen commands suit a GRBL servo pen plotter (AxiDraw
// class: the servo on the spindle PWM, M3 S<angle> lowers, M5 raises); a
// Z-axis pen takes e.g. pen_down "G1 Z0 F1000", pen_up "G0 Z5". HPGL:
// 40 plotter units per mm, IN; SP1; VS<cm/s>; PU x,y; PD x,y,...;.
// The plotter SVG keeps the SVG convention (origin top-left, y down), sizes
// the page in mm (1 user unit = 1 mm), has no background, one <path> per
// stroke, one <g> per line (its colour) and the text in <title>; it is read
// back as a --style like any SVG.
//
// Each writer throws seqgen::Error on bad options or when the lines do not fit
// on the page, and writes atomically.
#pragma once
#include <string>
#include <vector>

#include "seqgen/error.hpp"
#include "seqgen/render.hpp"
#include "seqgen/strokes.hpp"

namespace seqgen {

struct PlotterOptions {
  double page_width = 297, page_height = 210;  // mm; A4 landscape, inside an AxiDraw V3's 300 x 218 mm travel
  double margin = 15;                          // mm on every side
  double line_height = 8;                      // mm: the median ink height of a line
  double line_gap = 0.6;                       // space between lines, in line heights
  double feed = 2500;                          // mm/min while drawing (G-code F; HPGL VS in cm/s = feed / 600)
  std::string pen_down = "M3 S30";             // G-code that lowers the pen
  std::string pen_up = "M5";                   // G-code that raises it
  double pen_delay = 0.15;                     // s to wait after each pen move (G4 P)
  double pen_width = 0.5;                      // mm, the plotter SVG's stroke width
};

void lines_write_gcode(const std::vector<Strokes>& lines, const PlotterOptions& opt, const std::string& path);
void lines_write_hpgl(const std::vector<Strokes>& lines, const PlotterOptions& opt, const std::string& path);
// texts: what each line says (joined by newlines in <title>); colours: one
// StrokeStyle for all lines or one per line (its colour is used; the width is
// the pen's, opt.pen_width).
void lines_write_plotter_svg(const std::vector<Strokes>& lines, const std::vector<std::string>& texts,
                             const std::vector<StrokeStyle>& colours, const PlotterOptions& opt,
                             const std::string& path);

// The lines' points on the page, in mm, as the writers above place them
// (y down from the page's top edge): for tests and other outputs.
std::vector<Strokes> lines_on_page(const std::vector<Strokes>& lines, const PlotterOptions& opt, const std::string& path);

}  // namespace seqgen
