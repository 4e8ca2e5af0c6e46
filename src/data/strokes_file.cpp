#include "data/strokes_file.hpp"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/file_io.hpp"

namespace seqgen {
namespace {

// One {"text", "strokes"} object; `where` names the file (and line of a page).
StrokesFile line_from_json(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object() || !j.contains("text") || !j["text"].is_string() || !j.contains("strokes") ||
      !j["strokes"].is_array())
    fail("{}: expected {{\"text\": \"...\", \"strokes\": [[[x, y], ...], ...]}}", where);
  StrokesFile f;
  f.text = j["text"];
  for (size_t s = 0; s < j["strokes"].size(); ++s) {
    const auto& st = j["strokes"][s];
    if (!st.is_array() || st.empty()) fail("{}: stroke {} is not a non-empty array of points", where, s + 1);
    for (size_t i = 0; i < st.size(); ++i) {
      const auto& p = st[i];
      if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number())
        fail("{}: stroke {} point {} is not [x, y]", where, s + 1, i + 1);
      // read as double: 1e300 does not fit a float
      const double x = p[0].get<double>(), y = p[1].get<double>();
      constexpr double kMax = std::numeric_limits<float>::max();
      if (!(std::abs(x) <= kMax && std::abs(y) <= kMax))
        fail("{}: stroke {} point {} is not finite or is too large", where, s + 1, i + 1);
      if (f.strokes.size() >= kStrokesMaxPoints) fail("{}: more than {} points of handwriting", where, kStrokesMaxPoints);
      f.strokes.push_back({float(x), float(y), i + 1 == st.size()});
    }
  }
  return f;
}

// Every line of a one-line file or a page.
std::vector<StrokesFile> page_from_json(const nlohmann::json& j, const std::string& path) {
  if (!j.is_object() || !j.contains("lines")) return {line_from_json(j, path)};
  if (!j["lines"].is_array() || j["lines"].empty()) fail("{}: \"lines\" is not a non-empty array", path);
  std::vector<StrokesFile> out;
  for (size_t i = 0; i < j["lines"].size(); ++i)
    out.push_back(line_from_json(j["lines"][i], path + ": line " + std::to_string(i + 1)));
  return out;
}

nlohmann::json json_parse(std::string_view bytes, const std::string& path) {
  try {
    return nlohmann::json::parse(bytes);
  } catch (const nlohmann::json::exception& e) {
    fail("{}: not valid JSON ({})", path, e.what());
  }
}

nlohmann::json line_to_json(const StrokesFile& f) {
  nlohmann::json strokes = nlohmann::json::array(), cur = nlohmann::json::array();
  for (size_t i = 0; i < f.strokes.size(); ++i) {
    cur.push_back({f.strokes[i].x, f.strokes[i].y});
    if (f.strokes[i].end || i + 1 == f.strokes.size()) strokes.push_back(cur), cur = nlohmann::json::array();
  }
  return {{"text", f.text}, {"strokes", strokes}};
}

}  // namespace

StrokesFile strokes_file_read(const std::string& path) {
  if (path.size() >= 4 && path.compare(path.size() - 4, 4, ".svg") == 0) return strokes_svg_read(path);
  return strokes_json_parse(file_read(path, kStrokesFileMax, "strokes file"), path);
}

StrokesFile strokes_json_parse(std::string_view bytes, const std::string& path) {
  return strokes_json_from(json_parse(bytes, path), path);
}

StrokesFile strokes_json_from(const nlohmann::json& j, const std::string& path) {
  std::vector<StrokesFile> lines = page_from_json(j, path);
  for (StrokesFile& f : lines) {
    if (f.strokes.size() < 2 && lines.size() > 1) continue;  // a page's blank line
    if (f.strokes.size() < 2) fail("{}: needs at least two points of handwriting", path);
    if (f.text.empty()) fail("{}: \"text\" is empty; priming needs the text the strokes say", path);
    return f;
  }
  fail("{}: no line has handwriting", path);
}

std::vector<StrokesFile> strokes_page_read(const std::string& path) {
  return page_from_json(json_parse(file_read(path, kStrokesFileMax, "strokes file"), path), path);
}

void strokes_page_write(const std::string& path, const std::vector<StrokesFile>& lines) {
  nlohmann::json j;
  if (lines.size() == 1) {
    j = line_to_json(lines[0]);
  } else {
    j["lines"] = nlohmann::json::array();
    for (const StrokesFile& f : lines) j["lines"].push_back(line_to_json(f));
  }
  file_write_atomic(path, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

void strokes_file_write(const std::string& path, const StrokesFile& f) { strokes_page_write(path, {f}); }

}  // namespace seqgen
