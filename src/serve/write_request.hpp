// The JSON body of POST /api/write, checked field by field, and the answer:
//   {"lines": ["Hello", "world"],       required, 1..max_lines strings
//    "bias": 0.75,                      number >= 0 (§5.4)
//    "style": 3 | "none" | {"text": "...", "strokes": [[[x, y], ...], ...]}
//                                       | {"text": "...", "svg": "<svg ...>"}
//    "seed": 1,                         integer >= 0
//    "format": "json" | "svg",
//    "color": "#000000", "width": 2}    ink of the SVG answer
// The uploaded style is in the format `seqgen write --style` reads
// (data/strokes_file.hpp); it is parsed from the body, never opened by name.
// The JSON answer gives each line in that same format (write_answer.cpp).
#pragma once
#include <string>
#include <vector>

#include "seqgen/render.hpp"
#include "seqgen/writer.hpp"

namespace seqgen {

struct ServeLimits {
  int max_lines = 10;
  int max_chars = 80;            // per line, in characters
  int max_style_points = 20000;  // points of an uploaded style
  size_t max_body = 1 << 20;     // bytes
};

// A bad request: the HTTP status and a message naming the field.
struct RequestError {
  int status = 400;
  std::string message;
};

struct WriteRequest {
  std::vector<std::string> lines;
  WriteOptions opt;
  bool svg = false;
  StrokeStyle ink;
};

// Throws RequestError. styles = the model's built-in styles.
WriteRequest write_request_parse(const std::string& body, const ServeLimits& lim, int styles);

std::string write_answer_json(const WriteRequest& r, const std::vector<Strokes>& lines, const WriteReport& rep);
// The page as `seqgen write -o x.svg` draws it, as text.
std::string write_answer_svg(const WriteRequest& r, const std::vector<Strokes>& lines);

}  // namespace seqgen
