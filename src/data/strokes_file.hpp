// A user's own handwriting for style priming (§5.5), as JSON:
//   {"text": "what the strokes say",
//    "strokes": [[[x, y], [x, y], ...], [[x, y], ...], ...]}
// one array of points per pen-down stroke, x to the right and y down (screen
// or SVG coordinates), any unit, any sampling rate (the writer brings the
// strokes to the training data's pace). Optional per-point time is ignored.
#pragma once
#include <string>

#include "seqgen/strokes.hpp"

namespace seqgen {

struct StrokesFile {
  std::string text;
  Strokes strokes;
};

// Error naming the file and the element for anything malformed.
StrokesFile strokes_file_read(const std::string& path);
void strokes_file_write(const std::string& path, const StrokesFile& f);

}  // namespace seqgen
