// G-code, HPGL and plotter SVG (seqgen/plotter.hpp). All three walk the same
// strokes placed on the page by lines_on_page.
#include <fmt/format.h>

#include <cmath>
#include <pugixml.hpp>
#include <sstream>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "render/color.hpp"
#include "render/page_layout.hpp"
#include "seqgen/plotter.hpp"

namespace seqgen {
namespace {

void options_check(const PlotterOptions& o, const std::string& path) {
  auto positive = [](double v) { return std::isfinite(v) && v > 0; };
  if (!positive(o.page_width) || !positive(o.page_height))
    fail("{}: page size must be > 0 mm, not {} x {}", path, o.page_width, o.page_height);
  if (!std::isfinite(o.margin) || o.margin < 0 || 2 * o.margin >= std::min(o.page_width, o.page_height))
    fail("{}: margin {} mm leaves no room on a {} x {} mm page", path, o.margin, o.page_width, o.page_height);
  if (!positive(o.line_height)) fail("{}: line height must be > 0 mm, not {}", path, o.line_height);
  if (!std::isfinite(o.line_gap) || o.line_gap < 0) fail("{}: line gap must be >= 0, not {}", path, o.line_gap);
  if (!positive(o.feed)) fail("{}: feed rate must be > 0 mm/min, not {}", path, o.feed);
  if (!std::isfinite(o.pen_delay) || o.pen_delay < 0) fail("{}: pen delay must be >= 0 s, not {}", path, o.pen_delay);
  if (!positive(o.pen_width)) fail("{}: pen width must be > 0 mm, not {}", path, o.pen_width);
  for (const std::string* c : {&o.pen_up, &o.pen_down})
    if (c->find_first_of("\r\n") != std::string::npos) fail("{}: a pen command must be one line: \"{}\"", path, *c);
}

// Calls stroke(points, n) for each stroke of each line: a stroke ends at a point
// with `end` set or at the line's last point.
template <class F>
void strokes_each(const std::vector<Strokes>& lines, F&& stroke) {
  for (const Strokes& l : lines) {
    size_t begin = 0;
    for (size_t i = 0; i < l.size(); ++i)
      if (l[i].end || i + 1 == l.size()) stroke(&l[begin], i + 1 - begin), begin = i + 1;
  }
}

}  // namespace

std::vector<Strokes> lines_on_page(const std::vector<Strokes>& lines, const PlotterOptions& o, const std::string& path) {
  options_check(o, path);
  if (lines.empty()) fail("{}: no lines to draw", path);
  const PageLayout L = page_layout(lines, o.line_height, o.page_width, o.margin, o.line_gap, path.c_str());
  if (L.height > o.page_height + 1e-9)
    fail("{}: {} lines need {:.1f} mm of a {:.0f} mm high page; use a smaller line height, a larger page or "
         "fewer lines", path, lines.size(), L.height, o.page_height);
  std::vector<Strokes> out(lines.size());
  for (size_t i = 0; i < lines.size(); ++i)
    for (const PenPoint& p : lines[i])
      out[i].push_back({float(p.x * L.scale + L.dx[i]), float(p.y * L.scale + L.dy[i]), p.end});
  return out;
}

void lines_write_gcode(const std::vector<Strokes>& lines, const PlotterOptions& o, const std::string& path) {
  const std::vector<Strokes> page = lines_on_page(lines, o, path);
  std::string g = fmt::format(
      "; seqgen handwriting, {} lines on a {:g} x {:g} mm page; origin bottom-left, y up\n"
      "G21 ; millimetres\nG90 ; absolute coordinates\n",
      lines.size(), o.page_width, o.page_height);
  const std::string dwell = o.pen_delay > 0 ? fmt::format("G4 P{:g}\n", o.pen_delay) : "";
  const std::string up = o.pen_up + "\n" + dwell, down = o.pen_down + "\n" + dwell;
  g += up;
  strokes_each(page, [&](const PenPoint* p, size_t n) {
    g += fmt::format("G0 X{:.3f} Y{:.3f}\n", p[0].x, o.page_height - p[0].y) + down;
    for (size_t i = 1; i < n; ++i)
      g += fmt::format("G1 X{:.3f} Y{:.3f}{}\n", p[i].x, o.page_height - p[i].y,
                       i == 1 ? fmt::format(" F{:g}", o.feed) : "");
    g += up;
  });
  g += "G0 X0 Y0\nM2\n";
  file_write_atomic(path, g);
}

void lines_write_hpgl(const std::vector<Strokes>& lines, const PlotterOptions& o, const std::string& path) {
  const std::vector<Strokes> page = lines_on_page(lines, o, path);
  constexpr double kUnitsPerMm = 40;  // HPGL plotter unit: 0.025 mm
  auto at = [&](const PenPoint& p) {
    return fmt::format("{},{}", std::lround(p.x * kUnitsPerMm), std::lround((o.page_height - p.y) * kUnitsPerMm));
  };
  std::string h = fmt::format("IN;SP1;VS{:g};\n", o.feed / 600);
  strokes_each(page, [&](const PenPoint* p, size_t n) {
    h += "PU" + at(p[0]) + ";PD";
    for (size_t i = 1; i < n; ++i) h += (i > 1 ? "," : "") + at(p[i]);
    h += ";\n";
  });
  h += "PU0,0;SP0;\n";
  file_write_atomic(path, h);
}

void lines_write_plotter_svg(const std::vector<Strokes>& lines, const std::vector<std::string>& texts,
                             const std::vector<StrokeStyle>& colours, const PlotterOptions& o,
                             const std::string& path) {
  const std::vector<Strokes> page = lines_on_page(lines, o, path);
  if (colours.size() != 1 && colours.size() != lines.size())
    fail("{}: {} colours for {} lines (give one, or one per line)", path, colours.size(), lines.size());
  pugi::xml_document doc;
  pugi::xml_node svg = doc.append_child("svg");
  svg.append_attribute("xmlns") = "http://www.w3.org/2000/svg";
  svg.append_attribute("width") = fmt::format("{:g}mm", o.page_width).c_str();
  svg.append_attribute("height") = fmt::format("{:g}mm", o.page_height).c_str();
  svg.append_attribute("viewBox") = fmt::format("0 0 {:g} {:g}", o.page_width, o.page_height).c_str();
  std::string title;
  for (size_t i = 0; i < texts.size(); ++i) title += (i ? "\n" : "") + texts[i];
  svg.append_child("title").text() = title.c_str();
  for (size_t i = 0; i < page.size(); ++i) {
    Rgb c;
    try {
      c = color_parse(colours[colours.size() == 1 ? 0 : i].color);
    } catch (const Error& e) {
      fail("{}: line {}: {}", path, i + 1, e.what());
    }
    pugi::xml_node g = svg.append_child("g");
    g.append_attribute("id") = fmt::format("line-{}", i + 1).c_str();
    g.append_attribute("fill") = "none";
    g.append_attribute("stroke") =
        fmt::format("#{:02x}{:02x}{:02x}", int(std::lround(c.r * 255)), int(std::lround(c.g * 255)),
                    int(std::lround(c.b * 255))).c_str();
    g.append_attribute("stroke-width") = fmt::format("{:g}", o.pen_width).c_str();
    g.append_attribute("stroke-linecap") = "round";
    g.append_attribute("stroke-linejoin") = "round";
    strokes_each({page[i]}, [&](const PenPoint* p, size_t n) {
      std::string d = fmt::format("M{:.3f} {:.3f}", p[0].x, p[0].y);
      for (size_t k = 1; k < n; ++k) d += fmt::format(" L{:.3f} {:.3f}", p[k].x, p[k].y);
      if (n == 1) d += fmt::format(" L{:.3f} {:.3f}", p[0].x, p[0].y);  // a dot: zero length, drawn by the round cap
      g.append_child("path").append_attribute("d") = d.c_str();
    });
  }
  std::ostringstream ss;
  doc.save(ss, "  ");
  file_write_atomic(path, ss.str());
}

}  // namespace seqgen
