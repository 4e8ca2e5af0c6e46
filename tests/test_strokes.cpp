// Strokes: resampling at even arc length (how a user's own handwriting is
// brought to IAM-OnDB's pace before priming, §5.5) and the JSON strokes file.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <unistd.h>

#include "core/error.hpp"
#include "data/strokes_file.hpp"
#include "seqgen/strokes.hpp"

namespace seqgen {
namespace {

// A circle of radius r drawn with n points, as one stroke.
Strokes circle(int n, float r) {
  Strokes s;
  for (int i = 0; i <= n; ++i) {
    const double a = 2 * std::numbers::pi * i / n;
    s.push_back({float(r * std::cos(a)), float(r * std::sin(a)), i == n});
  }
  return s;
}

int ends(const Strokes& s) {
  int n = 0;
  for (const PenPoint& p : s) n += p.end;
  return n;
}

TEST(Strokes, ResampleSpacesPointsEvenlyAndKeepsEnds) {
  Strokes line = {{0, 0, false}, {10, 0, true}};
  Strokes r = strokes_resample(line, 1.0);
  ASSERT_EQ(r.size(), 11u);
  for (int i = 0; i <= 10; ++i) EXPECT_NEAR(r[i].x, float(i), 1e-5);
  EXPECT_TRUE(r.back().end);
  EXPECT_EQ(ends(r), 1);
  // 10.5 long at spacing 1: ten steps of 1, then the stroke's own last point.
  r = strokes_resample({{0, 0, false}, {6, 0, false}, {6, 4.5f, true}}, 1.0);
  ASSERT_EQ(r.size(), 12u);
  EXPECT_NEAR(r[10].x, 6, 1e-5);
  EXPECT_NEAR(r[10].y, 4, 1e-5);
  EXPECT_NEAR(r[11].y, 4.5, 1e-5);
}

TEST(Strokes, ResampleKeepsDotsAndPenLifts) {
  // A dot, a stroke of two equal points, and a line, with the pen lifted between.
  Strokes s = {{5, 5, true}, {7, 7, false}, {7, 7, true}, {0, 0, false}, {3, 4, true}};
  Strokes r = strokes_resample(s, 1.0);
  EXPECT_EQ(ends(r), 3);
  ASSERT_GE(r.size(), 3u);
  EXPECT_TRUE(r[0].end);
  EXPECT_TRUE(r[1].end);
  EXPECT_EQ(r[1].x, 7);
  EXPECT_EQ(r.size(), 2u + 6u);  // the 5-long line: 6 points
  EXPECT_DOUBLE_EQ(strokes_ink_length(s), 5.0);  // pen-up moves are not ink
}

// The point of resampling: a tablet's dense capture and a sparse drawing of
// the same shape become the same points.
TEST(Strokes, ResampleForgetsTheSamplingRate) {
  Strokes dense = strokes_resample(circle(2000, 10), 0.5), sparse = strokes_resample(circle(200, 10), 0.5);
  ASSERT_NEAR(double(dense.size()), double(sparse.size()), 1.0);
  const size_t n = std::min(dense.size(), sparse.size());
  for (size_t i = 0; i < n; i += 7)
    EXPECT_LT(std::hypot(dense[i].x - sparse[i].x, dense[i].y - sparse[i].y), 0.05) << "point " << i;
}

TEST(Strokes, ThinKeepsEveryKthPointAndStrokeEnds) {
  Strokes s;
  for (int i = 0; i < 10; ++i) s.push_back({float(i), 0, i == 9});  // a stroke of 10 points
  s.push_back({20, 0, true});                                        // a dot
  Strokes r = strokes_thin(s, 3);
  ASSERT_EQ(r.size(), 5u);  // 0, 3, 6, 9 (the last), and the dot
  EXPECT_EQ(r[1].x, 3);
  EXPECT_EQ(r[3].x, 9);
  EXPECT_TRUE(r[3].end);
  EXPECT_EQ(r[4].x, 20);
  EXPECT_TRUE(r[4].end);
}

std::string write_temp(const std::string& name, const std::string& body) {
  auto p = std::filesystem::temp_directory_path() / ("seqgen_strokes_" + std::to_string(getpid()) + "_" + name);
  std::ofstream(p) << body;
  return p.string();
}

TEST(StrokesFile, RoundTripAndErrorsNameTheFile) {
  StrokesFile f{"hi", {{0, 0, false}, {1, 2, true}, {3, 3, false}, {4, 1, true}}};
  const std::string p = write_temp("ok.json", "");
  strokes_file_write(p, f);
  StrokesFile g = strokes_file_read(p);
  EXPECT_EQ(g.text, "hi");
  ASSERT_EQ(g.strokes.size(), 4u);
  EXPECT_TRUE(g.strokes[1].end);
  EXPECT_EQ(g.strokes[3].x, 4);
  for (const std::string& bad : {std::string("{\"text\": \"a\", \"strokes\": [[[0, 0], [1]]]}"),
                                 std::string("{\"text\": \"a\"}"), std::string("[1, 2"),
                                 std::string("{\"text\": \"\", \"strokes\": [[[0, 0], [1, 1]]]}")}) {
    const std::string q = write_temp("bad.json", bad);
    try {
      strokes_file_read(q);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(q), std::string::npos) << e.what();
    }
  }
}

void expect_points(const Strokes& s, const std::vector<std::array<float, 3>>& want) {
  ASSERT_EQ(s.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_NEAR(s[i].x, want[i][0], 1e-4) << "point " << i;
    EXPECT_NEAR(s[i].y, want[i][1], 1e-4) << "point " << i;
    EXPECT_EQ(s[i].end, want[i][2] > 0) << "point " << i;
  }
}

TEST(StrokesSvg, PathsPolylinesLinesAndTransforms) {
  const std::string p = write_temp("a.svg", R"svg(<svg xmlns="http://www.w3.org/2000/svg"><title>hi there</title>
    <path d="M 0 0 L 10 0 l 0 10 H 0 Z m 20 0 h 5"/>
    <path d="M1-1 2-2.5.5 0"/>
    <g transform="translate(100,0) scale(2)"><polyline points="0,0 1,1"/><line x1="3" y1="0" x2="3" y2="4"/></g>
    <rect x="0" y="0" width="9" height="9"/>
  </svg>)svg");
  StrokesFile f = strokes_svg_read(p);
  EXPECT_EQ(f.text, "hi there");
  expect_points(f.strokes, {{0, 0, 0}, {10, 0, 0}, {10, 10, 0}, {0, 10, 0}, {0, 0, 1},  // closed square
                            {20, 0, 0}, {25, 0, 1},                                     // m after Z, h
                            {1, -1, 0}, {2, -2.5f, 0}, {0.5f, 0, 1},                    // implicit lineto, "-2.5.5"
                            {100, 0, 0}, {102, 2, 1}, {106, 0, 0}, {106, 8, 1}});       // group transform
}

TEST(StrokesSvg, CurvesAreFlattened) {
  const std::string p = write_temp("c.svg", R"(<svg><path d="M0,0 C 0,10 10,10 10,0 S 20,-10 20,0"/></svg>)");
  StrokesFile f = strokes_svg_read(p);
  ASSERT_EQ(f.strokes.size(), 1u + 16u + 16u);
  EXPECT_NEAR(f.strokes[8].x, 5, 1e-5);  // t = 1/2 of the first cubic
  EXPECT_NEAR(f.strokes[8].y, 7.5, 1e-5);
  EXPECT_NEAR(f.strokes[24].y, -7.5, 1e-5);  // S mirrors the last control point
  EXPECT_NEAR(f.strokes.back().x, 20, 1e-5);
  EXPECT_TRUE(f.strokes.back().end);
  EXPECT_EQ(f.text, "");
}

TEST(StrokesSvg, ErrorsNameTheFileAndElement) {
  const std::pair<const char*, const char*> bad[] = {{"<svg><path d='M 0 0 L 1'/></svg>", "lacks a number"},
                                                     {"<svg><path d='M 0 0 X 1 1'/></svg>", "unknown command"},
                                                     {"<svg><path d='M 0 0 L 1 1'/>", "not valid XML"},
                                                     {"<svg><g transform='skewX(3)'><path d='M0 0 1 1'/></g></svg>",
                                                      "unsupported transform"},
                                                     {"<svg><title>x</title></svg>", "at least two points"},
                                                     // once an endless loop: a number after Z
                                                     {"<svg><path d='M0 0 L9 9 Z 5'/></svg>", "Z takes no numbers"},
                                                     {"<svg><path d='M0 0 L9 9 z-1'/></svg>", "Z takes no numbers"},
                                                     {"<svg><path d='M0 0 L9 9 Z#'/></svg>", "Z takes no numbers"},
                                                     {"<svg><path d='M0 0 L9 9 z,.5'/></svg>", "Z takes no numbers"},
                                                     {"<svg><path d='M0 0 L1e999 1'/></svg>", "\"1e999\" is not a finite number"},
                                                     {"<svg><path d='M0 0 L nan 1'/></svg>", "\"nan\" is not a finite number"},
                                                     {"<svg><g transform='scale(1e300)'><g transform='scale(1e300)'>"
                                                      "<path d='M1 1 L2 2'/></g></g></svg>", "is not a finite number or is too large"},
                                                     {"<svg><line x1='nan' y1='0' x2='1' y2='1'/></svg>", "is not a finite number or is too large"},
                                                     {"<svg><polyline points='0 0 1 1 x'/></svg>", "points list: cannot read \"x\""}};
  for (const auto& [body, what] : bad) {
    const std::string p = write_temp("bad.svg", body);
    try {
      strokes_file_read(p);
      ADD_FAILURE() << "accepted: " << body;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  }
}

// Outside input is bounded: 20,000 nested groups once overflowed the stack.
TEST(StrokesSvg, DeepNestingAndTooManyPointsAreRefused) {
  std::string deep = "<svg>";
  for (int i = 0; i < 20000; ++i) deep += "<g>";
  deep += "<path d='M0 0 L1 1'/>";
  for (int i = 0; i < 20000; ++i) deep += "</g>";
  deep += "</svg>";
  std::string m;
  try {
    strokes_svg_parse(deep, "deep.svg");
  } catch (const Error& e) {
    m = e.what();
  }
  EXPECT_NE(m.find("deep.svg: groups nested more than 64 deep"), std::string::npos) << m;

  std::string many = "<svg><polyline points='";
  for (size_t i = 0; i <= kStrokesMaxPoints; ++i) many += "1 2 ";
  many += "'/></svg>";
  m.clear();
  try {
    strokes_svg_parse(many, "many.svg");
  } catch (const Error& e) {
    m = e.what();
  }
  EXPECT_TRUE(m.starts_with("many.svg: <polyline>")) << m;
  EXPECT_NE(m.find("more than 200000 points"), std::string::npos) << m;

  std::string wide = "<svg><path d='M0 0 L1 1'/>";
  for (size_t i = 0; i < kStrokesMaxElements; ++i) wide += "<a/>";
  wide += "</svg>";
  m.clear();
  try {
    strokes_svg_parse(wide, "wide.svg");
  } catch (const Error& e) {
    m = e.what();
  }
  EXPECT_NE(m.find("wide.svg: more than 100000 elements"), std::string::npos) << m;
}

// The JSON form: nesting as deep as the file allows is refused, not recursed
// into; a number too large for a point is named.
TEST(StrokesFile, DeepNestingAndHugeNumbersAreRefused) {
  const std::pair<std::string, const char*> bad[] = {
      {R"({"text": "a", "strokes": )" + std::string(500000, '[') + std::string(500000, ']') + "}",
       "deep.json: stroke 1 point 1 is not [x, y]"},
      {R"({"text": "a", "strokes": [[[1e300, 0], [1, 1]]]})", "deep.json: stroke 1 point 1 is not finite or is too large"}};
  for (const auto& [body, what] : bad) {
    std::string m;
    try {
      strokes_json_parse(body, "deep.json");
    } catch (const Error& e) {
      m = e.what();
    }
    EXPECT_NE(m.find(what), std::string::npos) << m;
  }
}

TEST(StrokesFile, NotARegularFileIsRefused) {
  for (const char* p : {"/dev/zero", "/tmp"}) {
    std::string m;
    try {
      strokes_file_read(p);
    } catch (const Error& e) {
      m = e.what();
    }
    EXPECT_NE(m.find(p), std::string::npos) << m;
    EXPECT_TRUE(m.find("not a regular file") != std::string::npos || m.find("is a folder") != std::string::npos) << m;
  }
}

}  // namespace
}  // namespace seqgen
