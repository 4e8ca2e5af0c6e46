// One entry point for every output of a written page, by file extension.
#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/error.hpp"
#include "data/strokes_file.hpp"
#include "seqgen/output.hpp"

namespace seqgen {

namespace {

std::string extension_lower(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

}  // namespace

void lines_output_check(const std::string& path) {
  const std::string ext = extension_lower(path);
  for (const char* known : {".json", ".gcode", ".nc", ".hpgl", ".plt", ".svg", ".png", ".pdf"})
    if (ext == known) return;
  fail("{}: unknown output format {} (accepted extensions: .svg, .png, .pdf, .json, .gcode, .nc, .hpgl, .plt)",
       path, ext.empty() ? "(no extension)" : "'" + ext + "'");
}

void lines_write(const std::string& path, const std::vector<std::string>& texts, const std::vector<Strokes>& lines,
                 const OutputOptions& o) {
  if (texts.size() != lines.size()) fail("{}: {} texts for {} lines", path, texts.size(), lines.size());
  lines_output_check(path);
  const std::string ext = extension_lower(path);
  if (ext == ".json") {
    std::vector<StrokesFile> page;
    for (size_t i = 0; i < lines.size(); ++i) page.push_back({texts[i], lines[i]});
    strokes_page_write(path, page);
  } else if (ext == ".gcode" || ext == ".nc") {
    lines_write_gcode(lines, o.plotter, path);
  } else if (ext == ".hpgl" || ext == ".plt") {
    lines_write_hpgl(lines, o.plotter, path);
  } else if (ext == ".svg" && o.plotter_svg) {
    lines_write_plotter_svg(lines, texts, o.styles, o.plotter, path);
  } else {
    lines_write_image_styled(lines, o.page, o.styles, path);
  }
}

}  // namespace seqgen
