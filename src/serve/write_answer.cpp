// The answers to POST /api/write (write_request.hpp): the lines as JSON in
// the strokes-file format, or the page as SVG.
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.hpp"
#include "serve/write_request.hpp"

namespace seqgen {

using json = nlohmann::json;

std::string write_answer_json(const WriteRequest& r, const std::vector<Strokes>& lines, const WriteReport& rep) {
  json out = json::array();
  for (size_t i = 0; i < lines.size(); ++i) {
    json strokes = json::array(), cur = json::array();
    for (const PenPoint& p : lines[i]) {
      cur.push_back({std::round(double(p.x) * 10) / 10, std::round(double(p.y) * 10) / 10});
      if (p.end) strokes.push_back(cur), cur = json::array();
    }
    if (!cur.empty()) strokes.push_back(cur);
    out.push_back({{"text", r.lines[i]}, {"strokes", strokes}});
  }
  json j{{"lines", out}, {"seed", r.opt.seed}, {"bias", r.opt.bias}, {"jump_bias", r.opt.jump_bias},
         {"rare_bias", r.opt.rare_bias}};
  if (!rep.folded.empty()) j["folded"] = rep.folded;
  if (!rep.unfinished.empty()) j["unfinished"] = rep.unfinished;
  return j.dump();
}

std::string write_answer_svg(const WriteRequest& r, const std::vector<Strokes>& lines) {
  // The renderer writes files (atomically); a private temporary name, never one from the request.
  static std::atomic<int> counter{0};
  const auto path = std::filesystem::temp_directory_path() /
                    fmt::format("seqgen-serve-{}-{}.svg", ::getpid(), counter++);
  StrokeStyle ink = r.ink;
  lines_write_image(lines, {}, ink, path.string());
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::filesystem::remove(path);
  return ss.str();
}

}  // namespace seqgen
