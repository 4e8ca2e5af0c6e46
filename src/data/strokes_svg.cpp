// Handwriting drawn in a vector editor or exported by a tablet app, as SVG:
// every <path>, <polyline>, <polygon> and <line> of the drawing, each subpath
// one pen-down stroke, in document order, with the transforms of the element
// and its groups applied. Path commands M L H V C S Q T Z and their relative
// forms are followed (curves flattened to 16 points each); an arc A is drawn
// as a straight line to its end point. The text the strokes say is the
// drawing's <title>. Outside input, so bounded: groups nest at most
// kStrokesMaxDepth deep, a drawing has at most kStrokesMaxElements elements
// and kStrokesMaxPoints points, every point is finite, and every turn of the
// path and points loops consumes input or fails.
#include <pugixml.hpp>

#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <numbers>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "data/strokes_file.hpp"

namespace seqgen {
namespace {

using Affine = std::array<double, 6>;  // x' = a x + c y + e, y' = b x + d y + f (SVG's matrix(a b c d e f))

Affine affine_mul(const Affine& m, const Affine& n) {  // m after n
  return {m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1], m[0] * n[2] + m[2] * n[3],
          m[1] * n[2] + m[3] * n[3], m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5]};
}

// Reads numbers from SVG attribute text: "1.5.5-2e1" is 1.5, .5, -20.
// A number that does not fit a double ("1e999", "inf", "nan") is an error
// naming `where`, not a number.
struct Scanner {
  const char* p;
  const std::string& where;
  void skip() {
    while (*p && (std::isspace(static_cast<unsigned char>(*p)) || *p == ',')) ++p;
  }
  bool number(double& v) {
    skip();
    char* end = nullptr;
    v = std::strtod(p, &end);
    if (end == p) return false;
    if (!std::isfinite(v)) fail("{}: \"{}\" is not a finite number", where, std::string_view(p, end - p).substr(0, 20));
    p = end;
    return true;
  }
};

Affine transform_parse(const char* text, const std::string& where) {
  Affine m{1, 0, 0, 1, 0, 0};
  Scanner s{text, where};
  while (true) {
    s.skip();
    if (!*s.p) return m;
    const char* name = s.p;
    while (std::isalpha(static_cast<unsigned char>(*s.p))) ++s.p;
    const std::string op(name, s.p);
    s.skip();
    if (*s.p != '(') fail("{}: cannot read transform \"{}\"", where, text);
    ++s.p;
    std::array<double, 6> a{};
    int n = 0;
    while (n < 6 && s.number(a[n])) ++n;
    s.skip();
    if (*s.p != ')') fail("{}: cannot read transform \"{}\"", where, text);
    ++s.p;
    Affine t{1, 0, 0, 1, 0, 0};
    if (op == "matrix" && n == 6) {
      t = a;
    } else if (op == "translate" && n >= 1) {
      t[4] = a[0], t[5] = n > 1 ? a[1] : 0;
    } else if (op == "scale" && n >= 1) {
      t[0] = a[0], t[3] = n > 1 ? a[1] : a[0];
    } else if (op == "rotate" && (n == 1 || n == 3)) {
      const double r = a[0] * std::numbers::pi / 180, c = std::cos(r), sn = std::sin(r);
      t = {c, sn, -sn, c, 0, 0};
      if (n == 3) t = affine_mul(affine_mul({1, 0, 0, 1, a[1], a[2]}, t), {1, 0, 0, 1, -a[1], -a[2]});
    } else {
      fail("{}: unsupported transform \"{}\"", where, text);
    }
    m = affine_mul(m, t);
  }
}

class StrokeSink {
 public:
  StrokeSink(Strokes& out, const Affine& m, const std::string& where) : out_(out), m_(m), where_(where) {}
  void move(double x, double y) {
    close_stroke();
    add(x, y);
  }
  void line(double x, double y) { add(x, y); }
  void close_stroke() {
    if (!out_.empty()) out_.back().end = true;
  }

 private:
  void add(double x, double y) {
    if (out_.size() >= kStrokesMaxPoints) fail("{}: more than {} points of handwriting", where_, kStrokesMaxPoints);
    const double px = m_[0] * x + m_[2] * y + m_[4], py = m_[1] * x + m_[3] * y + m_[5];
    // NaN from an attribute, or a transform that overflows (scale(1e300) twice)
    constexpr double kMax = std::numeric_limits<float>::max();
    if (!(std::abs(px) <= kMax && std::abs(py) <= kMax))
      fail("{}: point {} is not a finite number or is too large (after the transforms)", where_, out_.size() + 1);
    out_.push_back({float(px), float(py), false});
  }
  Strokes& out_;
  Affine m_;
  const std::string& where_;
};

constexpr int kCurvePoints = 16;

void path_parse(const char* d, StrokeSink& sink, const std::string& where) {
  Scanner s{d, where};
  double x = 0, y = 0, x0 = 0, y0 = 0;  // current point, subpath start
  double cx = 0, cy = 0;               // last control point (for S and T)
  char cmd = 0, prev = 0;
  bool open = false;
  auto need = [&](double& v) {
    if (!s.number(v)) fail("{}: path data: command '{}' lacks a number near \"{:.20}\"", where, cmd, s.p);
  };
  while (true) {
    s.skip();
    if (!*s.p) break;
    const char* start = s.p;
    if (std::isalpha(static_cast<unsigned char>(*s.p))) {
      cmd = *s.p++;
    } else if (!cmd) {
      fail("{}: path data does not start with a command", where);
    } else if (cmd == 'M' || cmd == 'm') {
      cmd = cmd == 'M' ? 'L' : 'l';  // numbers after a move continue as lines
    }
    const bool rel = std::islower(static_cast<unsigned char>(cmd));
    const double ox = rel ? x : 0, oy = rel ? y : 0;
    switch (std::toupper(static_cast<unsigned char>(cmd))) {
      case 'M': {
        double a, b;
        need(a), need(b);
        x = x0 = ox + a, y = y0 = oy + b;
        sink.move(x, y);
        open = true;
        break;
      }
      case 'L': case 'H': case 'V': {
        double a = 0, b = 0;
        const char up = char(std::toupper(static_cast<unsigned char>(cmd)));
        if (up != 'V') need(a);
        if (up != 'H') need(b);
        x = up == 'V' ? x : ox + a;
        y = up == 'H' ? y : oy + b;
        if (!open) sink.move(x0, y0), open = true;
        sink.line(x, y);
        break;
      }
      case 'C': case 'S': case 'Q': case 'T': {
        const char up = char(std::toupper(static_cast<unsigned char>(cmd)));
        const char pu = char(std::toupper(static_cast<unsigned char>(prev)));
        double p1x = x, p1y = y, p2x, p2y, ex, ey;
        const bool smooth = up == 'S' || up == 'T';
        if (smooth && ((up == 'S' && (pu == 'C' || pu == 'S')) || (up == 'T' && (pu == 'Q' || pu == 'T'))))
          p1x = 2 * x - cx, p1y = 2 * y - cy;
        if (!smooth) need(p1x), need(p1y), p1x += ox, p1y += oy;
        if (up == 'C' || up == 'S') {
          need(p2x), need(p2y), p2x += ox, p2y += oy;
        } else {
          p2x = p1x, p2y = p1y;
        }
        need(ex), need(ey), ex += ox, ey += oy;
        if (!open) sink.move(x0, y0), open = true;
        const bool cubic = up == 'C' || up == 'S';
        for (int k = 1; k <= kCurvePoints; ++k) {
          const double t = double(k) / kCurvePoints, u = 1 - t;
          if (cubic)
            sink.line(u * u * u * x + 3 * u * u * t * p1x + 3 * u * t * t * p2x + t * t * t * ex,
                      u * u * u * y + 3 * u * u * t * p1y + 3 * u * t * t * p2y + t * t * t * ey);
          else
            sink.line(u * u * x + 2 * u * t * p1x + t * t * ex, u * u * y + 2 * u * t * p1y + t * t * ey);
        }
        cx = cubic ? p2x : p1x, cy = cubic ? p2y : p1y;
        x = ex, y = ey;
        break;
      }
      case 'A': {
        double v[7];
        for (double& a : v) need(a);
        x = ox + v[5], y = oy + v[6];
        if (!open) sink.move(x0, y0), open = true;
        sink.line(x, y);
        break;
      }
      case 'Z':
        s.skip();
        if (*s.p && !std::isalpha(static_cast<unsigned char>(*s.p)))  // Z takes no numbers
          fail("{}: path data: '{}' after '{}' (Z takes no numbers)", where, *s.p, cmd);
        if (open) sink.line(x0, y0);
        x = x0, y = y0;
        sink.close_stroke();
        open = false;
        break;
      default:
        fail("{}: path data: unknown command '{}'", where, cmd);
    }
    prev = cmd;
    // Each turn reads a command letter or a number; one that read nothing would
    // turn forever (a number after Z once did).
    if (s.p == start) fail("{}: path data: cannot read \"{:.20}\"", where, s.p);
  }
  sink.close_stroke();
}

void points_parse(const char* text, bool closed, StrokeSink& sink, const std::string& where) {
  Scanner s{text, where};
  double x, y, fx = 0, fy = 0;
  bool first = true;
  while (s.number(x)) {
    if (!s.number(y)) fail("{}: points list has an odd count of numbers", where);
    if (first) sink.move(x, y), fx = x, fy = y, first = false;
    else sink.line(x, y);
  }
  s.skip();
  if (*s.p) fail("{}: points list: cannot read \"{:.20}\"", where, s.p);
  if (closed && !first) sink.line(fx, fy);
  sink.close_stroke();
}

// Recursive, so the depth is checked before each step down (20,000 nested
// <g> once overflowed the stack).
void node_walk(const pugi::xml_node& n, const Affine& parent, Strokes& out, const std::string& path, int depth,
               size_t& elements) {
  if (depth > kStrokesMaxDepth)
    fail("{}: groups nested more than {} deep at offset {}", path, kStrokesMaxDepth, n.offset_debug());
  for (pugi::xml_node c : n.children()) {
    if (c.type() != pugi::node_element) continue;
    if (++elements > kStrokesMaxElements) fail("{}: more than {} elements", path, kStrokesMaxElements);
    const std::string name = c.name();
    const std::string where = path + ": <" + name + "> at offset " + std::to_string(c.offset_debug());
    Affine m = parent;
    if (auto t = c.attribute("transform")) m = affine_mul(parent, transform_parse(t.value(), where));
    StrokeSink sink(out, m, where);
    if (name == "path") {
      path_parse(c.attribute("d").value(), sink, where);
    } else if (name == "polyline" || name == "polygon") {
      points_parse(c.attribute("points").value(), name == "polygon", sink, where);
    } else if (name == "line") {
      sink.move(c.attribute("x1").as_double(), c.attribute("y1").as_double());
      sink.line(c.attribute("x2").as_double(), c.attribute("y2").as_double());
      sink.close_stroke();
    } else if (name == "g" || name == "svg" || name == "a") {
      node_walk(c, m, out, path, depth + 1, elements);
    }
  }
}

}  // namespace

StrokesFile strokes_svg_read(const std::string& path) {
  return strokes_svg_parse(file_read(path, kStrokesFileMax, "strokes file"), path);
}

StrokesFile strokes_svg_parse(std::string_view bytes, const std::string& path) {
  pugi::xml_document doc;
  const pugi::xml_parse_result r = doc.load_buffer(bytes.data(), bytes.size());
  if (!r) fail("{}: not valid XML at offset {} ({})", path, r.offset, r.description());
  const pugi::xml_node svg = doc.child("svg");
  if (!svg) fail("{}: no <svg> element", path);
  StrokesFile f;
  f.text = svg.child_value("title");
  size_t elements = 0;
  try {
    node_walk(svg, {1, 0, 0, 1, 0, 0}, f.strokes, path, 0, elements);
  } catch (const Error& e) {
    if (std::string_view(e.what()).starts_with(path)) throw;
    fail("{}: {}", path, e.what());
  }
  if (f.strokes.size() < 2) fail("{}: needs at least two points of handwriting (paths, polylines or lines)", path);
  return f;
}

}  // namespace seqgen
