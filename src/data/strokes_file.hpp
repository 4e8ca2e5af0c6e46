// Handwriting as data, as JSON:
//   {"text": "what the strokes say",
//    "strokes": [[[x, y], [x, y], ...], [[x, y], ...], ...]}
// one array of points per pen-down stroke, x to the right and y down (screen
// or SVG coordinates), any unit, any sampling rate (the writer brings the
// strokes to the training data's pace). Optional per-point time is ignored.
// This is a user's own handwriting for style priming (§5.5), and what
// `seqgen write -o page.json` writes for one line; a page of several lines is
//   {"lines": [{"text": ..., "strokes": ...}, ...]}
// each line in its own coordinates, and as a style it stands for its first
// line that has handwriting.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "seqgen/strokes.hpp"

namespace seqgen {

// Bounds on outside input (README "Limits").
inline constexpr size_t kStrokesMaxPoints = 200'000;
inline constexpr int kStrokesMaxDepth = 64;  // nested SVG groups
inline constexpr size_t kStrokesMaxElements = 100'000;  // elements of an SVG drawing

struct StrokesFile {
  std::string text;
  Strokes strokes;
};

// A style: error naming the file and the element for anything malformed, or
// for a line without text or with fewer than two points. A path ending in .svg
// is read as SVG (strokes_svg_read), anything else as JSON.
StrokesFile strokes_file_read(const std::string& path);

// Every line of a JSON strokes file, one or a page (empty lines allowed).
std::vector<StrokesFile> strokes_page_read(const std::string& path);

// Strokes drawn as SVG paths, polylines and lines (see strokes_svg.cpp); the
// text is the drawing's <title>, "" when it has none.
StrokesFile strokes_svg_read(const std::string& path);
// The same from bytes in memory (an upload); path names them in errors.
StrokesFile strokes_json_parse(std::string_view bytes, const std::string& path);
StrokesFile strokes_svg_parse(std::string_view bytes, const std::string& path);
// The JSON form already parsed (a field of a request).
StrokesFile strokes_json_from(const nlohmann::json& j, const std::string& path);

// One line is written in the one-line form, several as a page. Atomic.
void strokes_page_write(const std::string& path, const std::vector<StrokesFile>& lines);
void strokes_file_write(const std::string& path, const StrokesFile& f);

}  // namespace seqgen
