// A user's own handwriting for style priming (§5.5), as JSON:
//   {"text": "what the strokes say",
//    "strokes": [[[x, y], [x, y], ...], [[x, y], ...], ...]}
// one array of points per pen-down stroke, x to the right and y down (screen
// or SVG coordinates), any unit, any sampling rate (the writer brings the
// strokes to the training data's pace). Optional per-point time is ignored.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "seqgen/strokes.hpp"

namespace seqgen {

struct StrokesFile {
  std::string text;
  Strokes strokes;
};

// Error naming the file and the element for anything malformed. A path
// ending in .svg is read as SVG (strokes_svg_read), anything else as JSON.
StrokesFile strokes_file_read(const std::string& path);
// The same from text in memory (an upload); name stands for the file in errors.
StrokesFile strokes_json_parse(const std::string& text, const std::string& name);
StrokesFile strokes_json_from(const nlohmann::json& j, const std::string& name);
StrokesFile strokes_svg_parse(const std::string& svg, const std::string& name);

// Strokes drawn as SVG paths, polylines and lines (see strokes_svg.cpp); the
// text is the drawing's <title>, "" when it has none.
StrokesFile strokes_svg_read(const std::string& path);
void strokes_file_write(const std::string& path, const StrokesFile& f);

}  // namespace seqgen
