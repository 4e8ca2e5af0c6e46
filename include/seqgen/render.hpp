// Pictures of handwriting and of what the networks predict: pages of
// handwritten lines (paper Figs 11, 15-21), mixture density heatmaps (Figs 10,
// 14) and soft window alignments (Fig 13). The output format follows the
// file's extension: .svg, .png or .pdf (1 px = 1 pt in PDF). Every function
// throws seqgen::Error on a bad extension, a bad value or a failed write, and
// writes atomically (path + ".tmp", then rename).
#pragma once
#include <string>
#include <vector>

#include "seqgen/error.hpp"
#include "seqgen/strokes.hpp"

namespace seqgen {

// Layout of a page of lines. All lines share one scale so the handwriting
// keeps its relative size: the median ink height of the lines becomes
// line_height px, unless that would make the widest line wider than
// max_width - 2 * margin, in which case the scale shrinks to fit.
struct PageOptions {
  double line_height = 60;   // px
  double max_width = 1600;   // px, page width limit
  double margin = 24;        // px on every side
  double line_gap = 0.4;     // space between lines, in units of line_height
  bool transparent = false;  // no white background
};

struct StrokeStyle {
  double width = 2.0;             // px at output scale
  std::string color = "#000000";  // #rgb, #rrggbb or black, blue, darkblue, navy, red, green, gray, white
  bool smooth = true;             // curve through the points instead of a polyline
};

// Writes the lines one under the other, each starting at the left margin.
// Lines without points stay as blank lines (line_height px high); an empty
// list is an error (there is no page to size). Points have y pointing down.
void lines_write_image(const std::vector<Strokes>& lines, const PageOptions& page, const StrokeStyle& style,
                       const std::string& path);
// styles: one for all lines, or one per line (its own colour and width).
void lines_write_image_styled(const std::vector<Strokes>& lines, const PageOptions& page,
                       const std::vector<StrokeStyle>& styles, const std::string& path);
void line_write_image(const Strokes& line, const PageOptions& page, const StrokeStyle& style,
                      const std::string& path);

// The predicted distributions along one line, in the line's own units: row t
// (t < T <= line.size()) is the mixture for the offset p_{t+1} - p_t, so its
// component j is centred on p_t + (mu_x, mu_y)[t*M + j]. Fields are T*M each.
struct MixtureTrack {
  int T = 0, M = 0;
  std::vector<float> pi, mu_x, mu_y, sd_x, sd_y, rho;
};

// Fig 10/14: on top, Σ_t of the mixture densities over the line's bounding
// box (log scaled) with the pen trace drawn over it; below, the weights
// π_j(t) as an M x T heatmap of the same width. width is the picture's width
// in px.
void mixture_write_heatmap(const Strokes& line, const MixtureTrack& track, const std::string& path,
                           int width = 1200);

// Fig 13: φ(t, u) (phi[t*U + u], t < T, u < U) as a U x T heatmap, one row per
// character of text (UTF-8, U characters), labelled on the left.
void window_write_heatmap(const float* phi, int T, int U, const std::string& text, const std::string& path,
                          int width = 1200);

}  // namespace seqgen
