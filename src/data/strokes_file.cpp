#include "data/strokes_file.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/file_io.hpp"

namespace seqgen {

StrokesFile strokes_file_read(const std::string& path) {
  if (path.size() >= 4 && path.compare(path.size() - 4, 4, ".svg") == 0) return strokes_svg_read(path);
  return strokes_json_parse(file_read(path, kStrokesFileMax, "strokes file"), path);
}

StrokesFile strokes_json_parse(std::string_view bytes, const std::string& path) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(bytes);
  } catch (const nlohmann::json::exception& e) {
    fail("{}: not valid JSON ({})", path, e.what());
  }
  return strokes_json_from(j, path);
}

StrokesFile strokes_json_from(const nlohmann::json& j, const std::string& path) {
  StrokesFile f;
  if (!j.is_object() || !j.contains("text") || !j["text"].is_string() || !j.contains("strokes") ||
      !j["strokes"].is_array())
    fail("{}: expected {{\"text\": \"...\", \"strokes\": [[[x, y], ...], ...]}}", path);
  f.text = j["text"];
  for (size_t s = 0; s < j["strokes"].size(); ++s) {
    const auto& st = j["strokes"][s];
    if (!st.is_array() || st.empty()) fail("{}: stroke {} is not a non-empty array of points", path, s + 1);
    for (size_t i = 0; i < st.size(); ++i) {
      const auto& p = st[i];
      if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number())
        fail("{}: stroke {} point {} is not [x, y]", path, s + 1, i + 1);
      float x = p[0].get<float>(), y = p[1].get<float>();
      if (!std::isfinite(x) || !std::isfinite(y)) fail("{}: stroke {} point {} is not finite", path, s + 1, i + 1);
      if (f.strokes.size() >= kStrokesMaxPoints) fail("{}: more than {} points of handwriting", path, kStrokesMaxPoints);
      f.strokes.push_back({x, y, i + 1 == st.size()});
    }
  }
  if (f.strokes.size() < 2) fail("{}: needs at least two points of handwriting", path);
  if (f.text.empty()) fail("{}: \"text\" is empty; priming needs the text the strokes say", path);
  return f;
}

void strokes_file_write(const std::string& path, const StrokesFile& f) {
  nlohmann::json strokes = nlohmann::json::array(), cur = nlohmann::json::array();
  for (const PenPoint& p : f.strokes) {
    cur.push_back({p.x, p.y});
    if (p.end) strokes.push_back(cur), cur = nlohmann::json::array();
  }
  if (!cur.empty()) strokes.push_back(cur);
  file_write_atomic(path, nlohmann::json{{"text", f.text}, {"strokes", strokes}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

}  // namespace seqgen
