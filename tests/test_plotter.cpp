// Pen plotter outputs and stroke data (seqgen/plotter.hpp, seqgen/output.hpp):
// G-code and HPGL are parsed back as a plotter would run them, tracking the
// pen; every pen-down point must be a point of the strokes as laid out on the
// page (within the format's resolution), every drawing move must happen with
// the pen down and every travel with it up. A written line's JSON is a style.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>

#include "data/strokes_file.hpp"
#include "seqgen/output.hpp"
#include "seqgen/writer.hpp"
#include "tiny_model.hpp"

namespace seqgen {
namespace {

namespace fs = std::filesystem;

std::string temp(const std::string& name) {
  return (fs::temp_directory_path() / ("seqgen_plotter_" + std::to_string(getpid()) + "_" + name)).string();
}

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Two lines in IAM-like units (y down): strokes of several points, a dot, and
// an empty line between them.
std::vector<Strokes> sample_lines() {
  Strokes a = {{0, 0, false}, {30, -40, false}, {60, 10, true}, {80, -60, true}, {100, 0, false}, {140, -20, true}};
  Strokes b = {{500, 300, false}, {520, 260, false}, {560, 330, false}, {600, 250, true}};
  return {a, {}, b};
}

// The pen-down strokes a plotter would draw, in mm on the page with y down.
using Drawn = std::vector<std::vector<std::array<double, 2>>>;

Drawn drawn_expected(const std::vector<Strokes>& lines, const PlotterOptions& o) {
  Drawn d;
  for (const Strokes& l : lines_on_page(lines, o, "test")) {
    std::vector<std::array<double, 2>> cur;
    for (size_t i = 0; i < l.size(); ++i) {
      cur.push_back({l[i].x, l[i].y});
      if (l[i].end || i + 1 == l.size()) d.push_back(cur), cur.clear();
    }
  }
  return d;
}

void expect_same(const Drawn& got, const Drawn& want, double tol) {
  ASSERT_EQ(got.size(), want.size()) << "strokes";
  for (size_t s = 0; s < want.size(); ++s) {
    ASSERT_EQ(got[s].size(), want[s].size()) << "stroke " << s;
    for (size_t i = 0; i < want[s].size(); ++i) {
      EXPECT_NEAR(got[s][i][0], want[s][i][0], tol) << "stroke " << s << " point " << i;
      EXPECT_NEAR(got[s][i][1], want[s][i][1], tol) << "stroke " << s << " point " << i;
    }
  }
}

double word_value(const std::string& line, char letter) {
  std::stringstream ss(line);
  std::string w;
  while (ss >> w)
    if (w[0] == letter) return std::stod(w.substr(1));
  return NAN;
}

// Runs G-code: G0 moves must be with the pen up, G1 with it down; the stroke
// starts where the pen went down.
Drawn gcode_run(const std::string& text, const PlotterOptions& o) {
  std::stringstream ss(text);
  std::string line;
  bool down = false, mm = false, absolute = false;
  double x = 0, y = 0;
  Drawn d;
  while (std::getline(ss, line)) {
    line = line.substr(0, line.find(';'));
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (line.empty()) continue;
    if (line == o.pen_down) {
      EXPECT_FALSE(down) << "pen lowered twice";
      down = true;
      d.push_back({{x, o.page_height - y}});
    } else if (line == o.pen_up) {
      down = false;
    } else if (line == "G21") {
      mm = true;
    } else if (line == "G90") {
      absolute = true;
    } else if (line.rfind("G0 ", 0) == 0 || line.rfind("G1 ", 0) == 0) {
      EXPECT_TRUE(mm && absolute) << "move before G21/G90";
      const bool draw = line[1] == '1';
      EXPECT_EQ(draw, down) << (draw ? "drawing move with the pen up: " : "travel with the pen down: ") << line;
      x = word_value(line, 'X'), y = word_value(line, 'Y');
      EXPECT_TRUE(x >= 0 && x <= o.page_width && y >= 0 && y <= o.page_height) << "off the page: " << line;
      if (draw) {
        EXPECT_FALSE(std::isnan(word_value(line, 'F')) && d.back().size() == 1) << "first draw without a feed rate";
        d.back().push_back({x, o.page_height - y});
      }
    } else if (line.rfind("G4 P", 0) == 0 || line == "M2") {
    } else {
      ADD_FAILURE() << "unexpected G-code: " << line;
    }
  }
  EXPECT_FALSE(down) << "pen left down";
  return d;
}

// Runs HPGL: PU x,y travels with the pen up; PD x,y,... draws.
Drawn hpgl_run(const std::string& text, double page_height) {
  Drawn d;
  bool down = false, pen = false;
  double x = 0, y = 0;
  std::stringstream ss(text);
  std::string cmd;
  while (std::getline(ss, cmd, ';')) {
    while (!cmd.empty() && (cmd[0] == '\n' || cmd[0] == ' ')) cmd.erase(0, 1);
    if (cmd.empty()) continue;
    const std::string op = cmd.substr(0, 2), args = cmd.substr(2);
    std::vector<double> v;
    std::stringstream as(args);
    std::string n;
    while (std::getline(as, n, ',')) v.push_back(std::stod(n));
    if (op == "SP") {
      pen = v.at(0) > 0;
    } else if (op == "PU") {
      down = false;
      EXPECT_TRUE(v.size() == 0 || v.size() == 2) << cmd;
      if (v.size() == 2) x = v[0] / 40, y = v[1] / 40;
    } else if (op == "PD") {
      EXPECT_TRUE(pen) << "drawing without a pen";
      EXPECT_EQ(v.size() % 2, 0u) << cmd;
      if (!down) d.push_back({{x, page_height - y}});
      down = true;
      for (size_t i = 0; i + 1 < v.size(); i += 2) d.back().push_back({v[i] / 40, page_height - v[i + 1] / 40});
    } else if (op != "IN" && op != "VS") {
      ADD_FAILURE() << "unexpected HPGL: " << cmd;
    }
  }
  return d;
}

TEST(Plotter, GcodePenDownPointsAreTheStrokes) {
  PlotterOptions o;
  const auto lines = sample_lines();
  const std::string p = temp("page.gcode");
  lines_write_gcode(lines, o, p);
  const Drawn want = drawn_expected(lines, o);
  ASSERT_EQ(want.size(), 4u);  // a's three strokes (one a dot), b's one
  expect_same(gcode_run(file_text(p), o), want, 0.0005 + 1e-4);  // printed to 0.001 mm
  // A Z-axis pen and no dwell.
  o.pen_down = "G1 Z0 F1000", o.pen_up = "G0 Z5", o.pen_delay = 0;
  lines_write_gcode(lines, o, p);
  const std::string g = file_text(p);
  EXPECT_EQ(g.find("G4"), std::string::npos);
  expect_same(gcode_run(g, o), want, 0.0006);
}

TEST(Plotter, HpglPenDownPointsAreTheStrokes) {
  PlotterOptions o;
  o.page_width = 420, o.page_height = 297, o.margin = 20, o.line_height = 12;
  const auto lines = sample_lines();
  const std::string p = temp("page.hpgl");
  lines_write_hpgl(lines, o, p);
  const std::string h = file_text(p);
  EXPECT_EQ(h.rfind("IN;SP1;", 0), 0u);
  EXPECT_NE(h.find("VS"), std::string::npos);
  expect_same(hpgl_run(h, o.page_height), drawn_expected(lines, o), 0.0125 + 1e-4);  // 0.025 mm units
}

TEST(Plotter, LayoutFitsThePageOrSaysWhy) {
  PlotterOptions o;
  const auto page = lines_on_page(sample_lines(), o, "t");
  for (const Strokes& l : page)
    for (const PenPoint& p : l) {
      EXPECT_GE(p.x, o.margin - 1e-3);
      EXPECT_LE(p.x, o.page_width - o.margin + 1e-3);
      EXPECT_GE(p.y, o.margin - 1e-3);
      EXPECT_LE(p.y, o.page_height - o.margin + 1e-3);
    }
  std::vector<Strokes> many(30, sample_lines()[0]);
  try {
    lines_write_hpgl(many, o, temp("long.hpgl"));
    FAIL() << "30 lines of 8 mm fit on A4 landscape?";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("30 lines need"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(temp("long.hpgl")));
  o.feed = 0;
  EXPECT_THROW(lines_write_gcode(sample_lines(), o, temp("x.gcode")), Error);
  o = {};
  o.pen_up = "M5\nG0 Z9";
  EXPECT_THROW(lines_write_gcode(sample_lines(), o, temp("x.gcode")), Error);
}

TEST(Plotter, SvgHasMmPageOneGroupPerLineAndReadsBackAsStrokes) {
  PlotterOptions o;
  const auto lines = sample_lines();
  const std::string p = temp("page.svg");
  OutputOptions out;
  out.plotter_svg = true;
  out.styles = {StrokeStyle{2, "blue"}, StrokeStyle{2, "#000"}, StrokeStyle{2, "red"}};
  lines_write(p, {"one", "", "two"}, lines, out);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_file(p.c_str()));
  pugi::xml_node svg = doc.child("svg");
  EXPECT_STREQ(svg.attribute("width").value(), "297mm");
  EXPECT_STREQ(svg.attribute("viewBox").value(), "0 0 297 210");
  EXPECT_STREQ(svg.child_value("title"), "one\n\ntwo");
  EXPECT_FALSE(svg.child("rect")) << "no background";
  std::vector<pugi::xml_node> groups;
  for (pugi::xml_node g : svg.children("g")) groups.push_back(g);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_STREQ(groups[0].attribute("stroke").value(), "#0000ff");
  EXPECT_STREQ(groups[2].attribute("stroke").value(), "#ff0000");
  int paths = 0;
  for (pugi::xml_node g : groups)
    for (pugi::xml_node q : g.children("path")) paths += bool(q);
  EXPECT_EQ(paths, 4);
  // Read back as a drawing (the --style reader): the same points, in mm.
  const StrokesFile f = strokes_svg_read(p);
  Drawn got;
  std::vector<std::array<double, 2>> cur;
  for (size_t i = 0; i < f.strokes.size(); ++i) {
    cur.push_back({f.strokes[i].x, f.strokes[i].y});
    if (f.strokes[i].end) got.push_back(cur), cur.clear();
  }
  Drawn want = drawn_expected(lines, o);
  for (auto& s : want)
    if (s.size() == 1) s.push_back(s[0]);  // a dot is drawn as a zero-length segment
  expect_same(got, want, 0.0006);
}

TEST(StrokeData, PageJsonRoundTripAndAWrittenLineIsAStyle) {
  const std::string model = temp("tiny.safetensors");
  tiny_synthesis_write(model, "abcdefghijklmnopqrstuvwxyz ");
  Writer w(model);
  WriteOptions wo;
  wo.max_steps_per_char = 6, wo.retries = 0;
  const std::vector<std::string> texts = {"a cab", "", "bead"};
  const std::vector<Strokes> lines = w.write(texts, wo);
  const std::string page = temp("page.json"), one = temp("line.json");
  lines_write(page, texts, lines, {});
  const std::vector<StrokesFile> back = strokes_page_read(page);
  ASSERT_EQ(back.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back[i].text, texts[i]);
    ASSERT_EQ(back[i].strokes.size(), lines[i].size());
    for (size_t k = 0; k < lines[i].size(); ++k) {
      EXPECT_EQ(back[i].strokes[k].x, lines[i][k].x);  // floats printed to round-trip exactly
      EXPECT_EQ(back[i].strokes[k].y, lines[i][k].y);
      EXPECT_EQ(back[i].strokes[k].end, lines[i][k].end || k + 1 == lines[i].size());
    }
  }
  // One line in the one-line form, exactly what --style reads, and used as one.
  lines_write(one, {texts[0]}, {lines[0]}, {});
  const std::string j = file_text(one);
  EXPECT_EQ(j.rfind("{\"strokes\":[[[", 0), 0u) << j.substr(0, 40);
  EXPECT_EQ(strokes_file_read(one).text, "a cab");
  EXPECT_EQ(strokes_file_read(page).text, "a cab") << "a page stands for its first line";
  wo.style = one;
  const std::vector<Strokes> styled = w.write({"dab"}, wo);
  EXPECT_FALSE(styled[0].empty());
  EXPECT_THROW(lines_write(temp("x.txt"), {"a"}, {lines[0]}, {}), Error);
}

}  // namespace
}  // namespace seqgen
