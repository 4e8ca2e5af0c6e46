#include "serve/write_request.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/utf8.hpp"
#include "data/strokes_file.hpp"
#include "render/color.hpp"

namespace seqgen {
namespace {

using json = nlohmann::json;

[[noreturn]] void bad(const std::string& m) { throw RequestError{400, m}; }

int chars_count(const std::string& s) { return int(utf8_chars(s)); }

void style_parse(const json& v, WriteRequest& r, const ServeLimits& lim, int styles) {
  if (v.is_number_integer()) {
    const long k = v.get<long>();
    if (k < 0 || k >= styles)
      bad(fmt::format("\"style\": the model has {} built-in styles (0..{}), not {}", styles, styles - 1, k));
    r.opt.style = std::to_string(k);
  } else if (v.is_string()) {
    if (v != "none") bad("\"style\" must be a built-in style's number, \"none\" or {\"text\", \"strokes\" or \"svg\"}");
    r.opt.style = "none";
  } else if (v.is_object()) {
    for (auto& [k, _] : v.items())
      if (k != "text" && k != "strokes" && k != "svg") bad(fmt::format("\"style\": unknown field \"{}\"", k));
    if (!v.contains("text") || !v["text"].is_string()) bad("\"style\": \"text\" (what the handwriting says) must be a string");
    const std::string text = v["text"];
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
      bad("\"style\": \"text\" is empty; priming needs the text the strokes say");
    if (chars_count(text) > 4 * lim.max_chars) bad(fmt::format("\"style\": \"text\" is longer than {} characters", 4 * lim.max_chars));
    StrokesFile f;
    try {
      if (v.contains("svg")) {
        if (!v["svg"].is_string()) bad("\"style\": \"svg\" must be a string holding an SVG drawing");
        f = strokes_svg_parse(v["svg"].get_ref<const std::string&>(), "style");
      } else if (v.contains("strokes")) {
        f = strokes_json_from(v, "style");  // not a copy: copying a deeply nested "strokes" recurses per level
      } else {
        bad("\"style\" has no \"strokes\" (or \"svg\"): nothing to imitate");
      }
    } catch (const Error& e) {
      bad(e.what());
    }
    if (int(f.strokes.size()) > lim.max_style_points)
      bad(fmt::format("\"style\": {} points, more than {}", f.strokes.size(), lim.max_style_points));
    r.opt.style = "style";
    r.opt.style_text = text;
    r.opt.style_strokes = std::move(f.strokes);
  } else {
    bad("\"style\" must be a built-in style's number, \"none\" or {\"text\", \"strokes\" or \"svg\"}");
  }
}

}  // namespace

WriteRequest write_request_parse(const std::string& body, const ServeLimits& lim, int styles) {
  if (body.size() > lim.max_body) throw RequestError{413, fmt::format("the body is larger than {} bytes", lim.max_body)};
  json j;
  try {
    j = json::parse(body);
  } catch (const json::exception& e) {
    bad(fmt::format("the body is not valid JSON ({})", e.what()));
  }
  if (!j.is_object()) bad("the body must be a JSON object such as {\"lines\": [\"Hello\"]}");
  WriteRequest r;
  r.opt.retries = 2;
  r.opt.unknown = UnknownChars::error;  // a request with a character the model cannot write is a 400 naming it
  bool has_lines = false;
  for (auto& [k, v] : j.items()) {
    if (k == "lines") {
      if (!v.is_array()) bad("\"lines\" must be an array of strings");
      if (int(v.size()) > lim.max_lines) bad(fmt::format("\"lines\": {} lines, at most {}", v.size(), lim.max_lines));
      for (size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string()) bad(fmt::format("\"lines\"[{}] must be a string", i));
        std::string l = v[i];
        if (l.find_first_of("\r\n") != std::string::npos) bad(fmt::format("\"lines\"[{}] holds a newline; give each line on its own", i));
        if (chars_count(l) > lim.max_chars)
          bad(fmt::format("\"lines\"[{}]: {} characters, at most {} per line", i, chars_count(l), lim.max_chars));
        r.lines.push_back(std::move(l));
      }
      has_lines = true;
    } else if (k == "bias" || k == "jump_bias" || k == "rare_bias") {
      if (!v.is_number()) bad(fmt::format("\"{}\" must be a number", k));
      const double b = v.get<double>();
      if (!(b >= 0 && b <= 10)) bad(fmt::format("\"{}\" must be between 0 and 10", k));
      (k == "bias" ? r.opt.bias : k == "jump_bias" ? r.opt.jump_bias : r.opt.rare_bias) = b;
    } else if (k == "seed") {
      if (!v.is_number_integer() || v.get<double>() < 0) bad("\"seed\" must be an integer >= 0");
      r.opt.seed = v.get<uint64_t>();
    } else if (k == "style") {
      style_parse(v, r, lim, styles);
    } else if (k == "format") {
      if (v != "json" && v != "svg") bad("\"format\" must be \"json\" or \"svg\"");
      r.svg = v == "svg";
    } else if (k == "color") {
      if (!v.is_string()) bad("\"color\" must be a string such as \"#1a237e\"");
      r.ink.color = v;
      try {
        color_parse(r.ink.color);
      } catch (const Error& e) {
        bad(fmt::format("\"color\": {}", e.what()));
      }
    } else if (k == "width") {
      if (!v.is_number() || !(v.get<double>() > 0 && v.get<double>() <= 20)) bad("\"width\" must be a number in (0, 20]");
      r.ink.width = v.get<double>();
    } else {
      bad(fmt::format("unknown field \"{}\" (known: lines, bias, jump_bias, rare_bias, style, seed, format, color, width)", k));
    }
  }
  if (!has_lines) bad("\"lines\" is missing: the text to write, one string per line");
  while (!r.lines.empty() && r.lines.back().find_first_not_of(' ') == std::string::npos) r.lines.pop_back();
  if (r.lines.empty()) bad("\"lines\": nothing to write, the text is empty");
  return r;
}

}  // namespace seqgen
