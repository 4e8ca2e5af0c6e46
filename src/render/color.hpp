// Colours: parsing the user's ink colour, and the perceptual ramp used by
// every heatmap.
#pragma once
#include <string>

namespace seqgen {

struct Rgb {
  double r = 0, g = 0, b = 0;  // 0..1
};

// "#rgb", "#rrggbb" or one of a few names; throws seqgen::Error otherwise.
Rgb color_parse(const std::string& s);

// Dark (0) to bright (1) through purple, red and orange, after matplotlib's
// "inferno": brightness rises steadily so values read the same in grey.
// t is clamped to [0, 1].
Rgb colormap_inferno(double t);

}  // namespace seqgen
