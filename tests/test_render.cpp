// Rendering: files of each format are valid, the page layout keeps one scale,
// strokes pass through their points, bad input is refused, and the heatmaps
// put their brightness where the numbers say (a blob's peak at its mean).
#include <cairo.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numbers>
#include <random>
#include <sstream>

#include "core/error.hpp"
#include "render/color.hpp"
#include "render/density_grid.hpp"
#include "seqgen/render.hpp"

namespace seqgen {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path dir = fs::temp_directory_path() / ("seqgen_render_" + std::to_string(getpid()));
  TempDir() { fs::create_directories(dir); }
  ~TempDir() { fs::remove_all(dir); }
  std::string operator()(const std::string& name) const { return (dir / name).string(); }
};

std::string file_read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// A decoded PNG with (x, y) -> luminance in 0..255 (alpha taken over white).
struct Png {
  int w = 0, h = 0;
  std::vector<double> lum;
  std::vector<uint32_t> argb;
  double at(int x, int y) const { return lum[size_t(y) * w + x]; }
};

Png png_read(const std::string& path) {
  cairo_surface_t* s = cairo_image_surface_create_from_png(path.c_str());
  EXPECT_EQ(cairo_surface_status(s), CAIRO_STATUS_SUCCESS) << path;
  Png p;
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) return p;
  cairo_surface_flush(s);
  p.w = cairo_image_surface_get_width(s), p.h = cairo_image_surface_get_height(s);
  int stride = cairo_image_surface_get_stride(s);
  const unsigned char* d = cairo_image_surface_get_data(s);
  bool alpha = cairo_image_surface_get_format(s) == CAIRO_FORMAT_ARGB32;
  for (int y = 0; y < p.h; ++y)
    for (int x = 0; x < p.w; ++x) {
      uint32_t v = reinterpret_cast<const uint32_t*>(d + size_t(y) * stride)[x];
      double a = alpha ? (v >> 24) / 255.0 : 1;  // premultiplied
      double r = (v >> 16 & 255) + 255 * (1 - a), g = (v >> 8 & 255) + 255 * (1 - a), b = (v & 255) + 255 * (1 - a);
      p.lum.push_back(0.2126 * r + 0.7152 * g + 0.0722 * b);
      p.argb.push_back(v);
    }
  cairo_surface_destroy(s);
  return p;
}

struct InkBox {
  int x0 = 1 << 30, y0 = 1 << 30, x1 = -1, y1 = -1;
  int width() const { return x1 - x0 + 1; }
  int height() const { return y1 - y0 + 1; }
};

// Bounding boxes of dark pixels, one per band of rows separated by blank rows.
std::vector<InkBox> ink_bands(const Png& p) {
  std::vector<InkBox> out;
  bool in_band = false;
  for (int y = 0; y < p.h; ++y) {
    bool any = false;
    for (int x = 0; x < p.w; ++x)
      if (p.at(x, y) < 128) {
        if (!in_band) out.push_back({}), in_band = true;
        InkBox& b = out.back();
        b.x0 = std::min(b.x0, x), b.x1 = std::max(b.x1, x), b.y0 = std::min(b.y0, y), b.y1 = std::max(b.y1, y);
        any = true;
      }
    if (!any) in_band = false;
  }
  return out;
}

// A cursive-looking line of n loops ("eeee"), h units high, starting at (x, y),
// as one stroke, then a dot above its end as a second stroke.
Strokes loops_line(int n, double h, double x, double y) {
  Strokes s;
  for (int i = 0; i <= 40 * n; ++i) {
    double t = i / 40.0 * 2 * std::numbers::pi;
    s.push_back({float(x + h * (0.25 * t + 0.4 * std::sin(t))), float(y + h * 0.5 * (1 + std::cos(t))), false});
  }
  s.back().end = true;
  s.push_back({s.back().x, float(y - 0.4 * h), true});
  return s;
}

void expect_error_containing(const std::function<void()>& f, const std::vector<std::string>& parts) {
  try {
    f();
    ADD_FAILURE() << "no seqgen::Error thrown";
  } catch (const Error& e) {
    for (const auto& p : parts) EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
  }
}

TEST(Render, WritesValidSvgPngPdf) {
  TempDir tmp;
  std::vector<Strokes> lines = {loops_line(5, 100, 0, 0), loops_line(3, 80, 50, 400)};
  PageOptions page;
  StrokeStyle style;
  lines_write_image(lines, page, style, tmp("page.svg"));
  lines_write_image(lines, page, style, tmp("page.PNG"));
  lines_write_image(lines, page, style, tmp("page.pdf"));

  std::string svg = file_read(tmp("page.svg"));
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("<path"), std::string::npos);
  EXPECT_NE(svg.find(" d=\"M "), std::string::npos);
  EXPECT_NE(svg.find("stroke-linecap:round"), std::string::npos);
  std::string pdf = file_read(tmp("page.pdf"));
  EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
  EXPECT_NE(pdf.find("%%EOF"), std::string::npos);
  std::string png_bytes = file_read(tmp("page.PNG"));
  EXPECT_EQ(png_bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));

  Png png = png_read(tmp("page.PNG"));
  // Two lines of median height 60 px (page.line_height), margins 24 px.
  std::vector<InkBox> bands = ink_bands(png);
  EXPECT_GE(bands.size(), 2u);
  EXPECT_GT(png.at(0, 0), 254.5);  // white background
  int left = png.w;
  for (const InkBox& b : bands) left = std::min(left, b.x0);
  EXPECT_NEAR(left, page.margin, style.width);
  for (const auto& e : fs::directory_iterator(tmp.dir)) EXPECT_NE(e.path().extension(), ".tmp");

  page.transparent = true;
  lines_write_image(lines, page, style, tmp("clear.png"));
  Png clear = png_read(tmp("clear.png"));
  EXPECT_EQ(clear.argb[0] >> 24, 0u);
  EXPECT_EQ(ink_bands(clear).size(), bands.size());
}

TEST(Render, LinesShareOneScale) {
  TempDir tmp;
  // The second line is the first at half size, elsewhere on the board.
  std::vector<Strokes> lines = {loops_line(4, 100, 0, 0), loops_line(4, 50, 3000, -700)};
  lines[0].pop_back(), lines[1].pop_back();  // no dots: measure the loops only
  lines[0].back().end = lines[1].back().end = true;
  PageOptions page;
  page.line_height = 200;
  StrokeStyle style;
  style.width = 1;
  lines_write_image(lines, page, style, tmp("a.png"));
  std::vector<InkBox> b = ink_bands(png_read(tmp("a.png")));
  ASSERT_EQ(b.size(), 2u);
  EXPECT_NEAR(double(b[0].height()) / b[1].height(), 2.0, 0.05);
  EXPECT_NEAR(double(b[0].width()) / b[1].width(), 2.0, 0.05);
  EXPECT_NEAR(b[0].x0, b[1].x0, 1);  // both start at the margin
  // Median of the two heights (100 and 50 units) is the upper one: 100 -> 200 px.
  EXPECT_NEAR(b[0].height(), 200 + style.width, 3);

  // A narrow page shrinks the shared scale; the ratio stays.
  page.max_width = 400;
  lines_write_image(lines, page, style, tmp("b.png"));
  Png narrow = png_read(tmp("b.png"));
  EXPECT_LE(narrow.w, 400);
  b = ink_bands(narrow);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_LE(b[0].x1, 400 - page.margin + 1);
  EXPECT_NEAR(double(b[0].width()) / b[1].width(), 2.0, 0.08);
}

TEST(Render, BlankLinesKeepTheirPlace) {
  TempDir tmp;
  Strokes a = loops_line(3, 100, 0, 0);
  PageOptions page;
  StrokeStyle style;
  lines_write_image({a, a}, page, style, tmp("two.png"));
  lines_write_image({a, {}, a}, page, style, tmp("gap.png"));
  Png two = png_read(tmp("two.png")), gap = png_read(tmp("gap.png"));
  EXPECT_EQ(gap.w, two.w);
  EXPECT_NEAR(gap.h - two.h, page.line_height * (1 + page.line_gap), 1);

  lines_write_image({{}, {}}, page, style, tmp("blank.png"));
  Png blank = png_read(tmp("blank.png"));
  EXPECT_TRUE(ink_bands(blank).empty());
  expect_error_containing([&] { lines_write_image({}, page, style, tmp("none.png")); }, {"none.png", "no lines"});
  EXPECT_FALSE(fs::exists(tmp("none.png")));
}

TEST(Render, StrokesPassThroughTheirPointsAndDotsShow) {
  TempDir tmp;
  // A zigzag with sharp corners, a separate single-point stroke, and a
  // stroke of one point repeated (the pen resting).
  Strokes s = {{0, 0}, {30, 100}, {60, 0}, {90, 100}, {120, 0, true}, {200, 50, true}, {250, 50}, {250, 50, true}};
  PageOptions page;
  page.line_height = 100;  // 1 unit = 1 px
  page.margin = 10;
  for (bool smooth : {false, true}) {
    StrokeStyle style;
    style.smooth = smooth;
    style.width = 3;
    std::string f = tmp(smooth ? "smooth.png" : "poly.png");
    line_write_image(s, page, style, f);
    Png p = png_read(f);
    EXPECT_EQ(p.w, 10 + 250 + 10);
    for (const PenPoint& q : s) EXPECT_LT(p.at(int(10 + q.x), int(10 + q.y)), 100) << q.x << "," << q.y;
    // Nothing between the zigzag and the dots.
    EXPECT_GT(p.at(160, 60), 254.5);
    EXPECT_GT(p.at(225, 50), 254.5);
  }
}

TEST(Render, RefusesBadExtensionsColoursAndPoints) {
  TempDir tmp;
  Strokes a = loops_line(2, 100, 0, 0);
  PageOptions page;
  StrokeStyle style;
  expect_error_containing([&] { line_write_image(a, page, style, tmp("x.jpg")); }, {"x.jpg", ".svg", ".png", ".pdf"});
  expect_error_containing([&] { line_write_image(a, page, style, tmp("noext")); }, {"noext", ".svg"});
  for (std::string bad : {"chartreuse", "#12345", "#ggg", "", "#1234567"}) {
    style.color = bad;
    expect_error_containing([&] { line_write_image(a, page, style, tmp("c.svg")); }, {"c.svg", "colour"});
  }
  EXPECT_FALSE(fs::exists(tmp("c.svg")));
  style.color = "#000";
  Strokes nan = a;
  nan[5].x = std::nanf("");
  expect_error_containing([&] { line_write_image(nan, page, style, tmp("n.svg")); }, {"n.svg", "point 6"});
  for (std::string ext : {".png", ".svg", ".pdf"})
    expect_error_containing([&] { line_write_image(a, page, style, tmp("missing/p" + ext)); }, {"missing/p" + ext});
  std::vector<Strokes> many(400, a);
  expect_error_containing([&] { lines_write_image(many, page, style, tmp("tall.png")); }, {"tall.png", "too large"});
  page.max_width = 2 * page.margin;
  expect_error_containing([&] { line_write_image(a, page, style, tmp("w.svg")); }, {"w.svg", "width"});
  EXPECT_TRUE(fs::is_empty(tmp.dir));
}

TEST(Render, ColourNamesAndHex) {
  Rgb c = color_parse("#f80");
  EXPECT_DOUBLE_EQ(c.r, 1);
  EXPECT_DOUBLE_EQ(c.g, 0x88 / 255.0);
  EXPECT_DOUBLE_EQ(c.b, 0);
  c = color_parse("#0000FF");
  EXPECT_DOUBLE_EQ(c.r, 0);
  EXPECT_DOUBLE_EQ(c.b, 1);
  c = color_parse("Navy");
  EXPECT_DOUBLE_EQ(c.b, 128 / 255.0);
  // The ramp gets brighter from end to end.
  double prev = -1;
  for (int i = 0; i <= 20; ++i) {
    Rgb v = colormap_inferno(i / 20.0);
    double lum = 0.2126 * v.r + 0.7152 * v.g + 0.0722 * v.b;
    EXPECT_GT(lum, prev);
    prev = lum;
  }
}

// One component per step, all weight on it.
MixtureTrack track_single(std::vector<std::array<float, 5>> comps) {
  MixtureTrack tr;
  tr.T = int(comps.size()), tr.M = 1;
  for (auto& c : comps) {
    tr.pi.push_back(1), tr.mu_x.push_back(c[0]), tr.mu_y.push_back(c[1]);
    tr.sd_x.push_back(c[2]), tr.sd_y.push_back(c[3]), tr.rho.push_back(c[4]);
  }
  return tr;
}

TEST(Render, DensityGridPeaksAtTheMeanAndHoldsTheMass) {
  Strokes line = {{0, 0}, {10, 0}, {20, 0, true}};
  // Component means at p_0 + (30, 40) and p_1 + (50, 10) (moved to pixel
  // centres), correlated.
  MixtureTrack tr = track_single({{30.25f, 40.25f, 4, 6, 0.5f}, {50.25f, 10.25f, 3, 3, -0.3f}});
  tr.pi = {0.25f, 0.75f};
  double scale = 2;  // px per unit
  int W = 200, H = 160;
  std::vector<float> g = density_grid_eval(line, tr, -10, -10, scale, W, H);
  // Mass: Σ density * pixel area = Σ π (the blobs lie inside the grid).
  double mass = 0;
  for (float v : g) mass += v / (scale * scale);
  EXPECT_NEAR(mass, 1.0, 2e-3);
  // The taller blob (second) peaks at the pixel holding (60, 10).
  size_t k = std::max_element(g.begin(), g.end()) - g.begin();
  EXPECT_EQ(int(k % W), int((60 + 10) * scale));
  EXPECT_EQ(int(k / W), int((10 + 10) * scale));
  // The first blob's local peak is at (30, 40).
  int px = int((30 + 10) * scale), py = int((40 + 10) * scale);
  for (int dy = -1; dy <= 1; ++dy)
    for (int dx = -1; dx <= 1; ++dx) {
      if (dx || dy) {
        EXPECT_GT(g[py * W + px], g[(py + dy) * W + px + dx]);
      }
    }
  // Positive correlation: density leans along x = y.
  EXPECT_GT(g[(py + 6) * W + px + 6], g[(py + 6) * W + px - 6]);

  // Every pixel against eq 24 evaluated directly, for a strongly correlated
  // blob, with each σ widened by a pixel's variance (1/12 px²), inside 4σ.
  tr = track_single({{40, 30, 7, 4, 0.95f}});
  g = density_grid_eval(line, tr, -10, -10, scale, W, H);
  double top = 0, worst = 0;
  for (float v : g) top = std::max(top, double(v));
  double sx = std::sqrt(49 + 1 / (12 * scale * scale)), sy = std::sqrt(16 + 1 / (12 * scale * scale));
  double rho = 0.95 * 7 * 4 / (sx * sy);
  for (int k = 0; k < H; ++k)
    for (int i = 0; i < W; ++i) {
      double dx = (-10 + (i + 0.5) / scale - 40) / sx, dy = (-10 + (k + 0.5) / scale - 30) / sy;
      double want = std::exp(-(dx * dx + dy * dy - 2 * rho * dx * dy) / (2 * (1 - rho * rho))) /
                    (2 * std::numbers::pi * sx * sy * std::sqrt(1 - rho * rho));
      if (want > 1e-3 * top) worst = std::max(worst, std::fabs(g[k * W + i] - want) / want);
    }
  EXPECT_LT(worst, 1e-5);
}

TEST(Render, MixtureHeatmapBrightestWhereTheBlobIs) {
  TempDir tmp;
  // Two parallel strokes around an empty centre at (100, 50); the one blob,
  // anchored at p_0 = (0, 0), is centred there.
  Strokes line = {{0, 0}, {200, 0, true}, {0, 100}, {200, 100, true}};
  MixtureTrack tr = track_single({{100, 50, 5, 5, 0}});
  mixture_write_heatmap(line, tr, tmp("mix.png"), 600);
  Png p = png_read(tmp("mix.png"));
  EXPECT_EQ(p.w, 600);
  auto white = [&](int x, int y) { return p.at(x, y) > 254.5; };
  // The density panel: the first run of non-white rows (down the middle
  // column) taller than a line of text.
  int ya = 0, yb = 0;
  for (int y = 0; y < p.h; ++y) {
    if (!white(p.w / 2, y)) {
      yb = y + 1;
    } else if (yb - ya > 40) {
      break;
    } else {
      ya = yb = y + 1;
    }
  }
  ASSERT_GT(yb - ya, 40);
  // The top of the colour ramp is reached, and the bright yellow (not grey
  // like text) pixels centre on the blob.
  int top = 0;
  double n = 0, sx = 0, sy = 0;
  for (int y = ya; y < yb; ++y)
    for (int x = 0; x < p.w; ++x) {
      uint32_t v = p.argb[size_t(y) * p.w + x];
      top += (v & 0xffffff) == 0xfcffa4u;
      if (p.at(x, y) > 200 && int(v >> 16 & 255) - int(v & 255) > 60) n += 1, sx += x, sy += y;
    }
  EXPECT_GE(top, 1);
  ASSERT_GT(n, 20);
  int bx = int(std::lround(sx / n)), by = int(std::lround(sy / n));
  // The panel's extent through the blob's centre.
  int x0 = bx, x1 = bx, y0 = by, y1 = by;
  while (x0 > 0 && !white(x0 - 1, by)) --x0;
  while (x1 + 1 < p.w && !white(x1 + 1, by)) ++x1;
  while (y0 > 0 && !white(bx, y0 - 1)) --y0;
  while (y1 + 1 < p.h && !white(bx, y1 + 1)) ++y1;
  EXPECT_NEAR(bx, (x0 + x1) / 2.0, 1.0);
  EXPECT_NEAR(by, (y0 + y1) / 2.0, 1.0);
  EXPECT_GT(x1 - x0, 500);
  // 200 x 100 units plus equal margins: the panel keeps the aspect ratio.
  EXPECT_NEAR(double(x1 - x0 + 1) / (y1 - y0 + 1), (200 + 30) / (100 + 30.0), 0.05);

  mixture_write_heatmap(line, tr, tmp("mix.svg"));
  mixture_write_heatmap(line, tr, tmp("mix.pdf"));
  EXPECT_NE(file_read(tmp("mix.svg")).find("<image"), std::string::npos);
  EXPECT_EQ(file_read(tmp("mix.pdf")).substr(0, 5), "%PDF-");
}

// (How fast it draws is for a benchmark, not a test.)
TEST(Render, MixtureHeatmapOfALongLineAndItsInputChecks) {
  TempDir tmp;
  // A 700-point line and a 20-component track with pen-sized blobs.
  std::mt19937 rng(7);
  std::normal_distribution<float> n01;
  std::uniform_real_distribution<float> u01;
  Strokes line;
  for (int t = 0; t < 700; ++t)
    line.push_back({float(t * 8 + 20 * std::sin(t * 0.3)), float(100 + 80 * std::cos(t * 0.21)), t % 25 == 24});
  MixtureTrack tr;
  tr.T = 700, tr.M = 20;
  for (int k = 0; k < tr.T * tr.M; ++k) {
    tr.pi.push_back(u01(rng) / tr.M), tr.mu_x.push_back(8 + 5 * n01(rng)), tr.mu_y.push_back(5 * n01(rng));
    tr.sd_x.push_back(2 + 20 * u01(rng)), tr.sd_y.push_back(2 + 20 * u01(rng)), tr.rho.push_back(2 * u01(rng) - 1);
  }
  mixture_write_heatmap(line, tr, tmp("big.png"));
  EXPECT_EQ(png_read(tmp("big.png")).w, 1200);

  MixtureTrack bad = tr;
  bad.sd_y[123] = 0;
  expect_error_containing([&] { mixture_write_heatmap(line, bad, tmp("bad.png")); }, {"bad.png", "step 6"});
  bad = tr;
  bad.rho.pop_back();
  expect_error_containing([&] { mixture_write_heatmap(line, bad, tmp("bad.png")); }, {"rho"});
  bad = tr;
  bad.pi[0] = INFINITY;
  expect_error_containing([&] { mixture_write_heatmap(line, bad, tmp("bad.png")); }, {"pi"});
  expect_error_containing([&] { mixture_write_heatmap(Strokes(line.begin(), line.begin() + 10), tr, tmp("b.png")); },
                          {"700 steps"});
  expect_error_containing([&] { mixture_write_heatmap(line, tr, tmp("bad.gif")); }, {".png"});
  EXPECT_FALSE(fs::exists(tmp("bad.png")));
}

TEST(Render, WindowHeatmapRunsFirstCharacterTopLeftToLastBottomRight) {
  TempDir tmp;
  std::string text = "hello wörld";  // 11 characters, one of them two bytes
  int U = 11, T = 220;
  std::vector<float> phi(size_t(T) * U, 0.f);
  for (int t = 0; t < T; ++t) phi[t * U + t * U / T] = 0.7f;
  window_write_heatmap(phi.data(), T, U, text, tmp("w.png"), 600);
  Png p = png_read(tmp("w.png"));
  EXPECT_EQ(p.w, 600);
  // Bright pixels (the alignment) go down as they go right.
  double n = 0, sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
  for (int y = 0; y < p.h; ++y)
    for (int x = 0; x < p.w; ++x)
      if ((p.argb[size_t(y) * p.w + x] & 0xffffff) == 0xfcffa4u)
        n += 1, sx += x, sy += y, sxy += double(x) * y, sxx += double(x) * x, syy += double(y) * y;
  ASSERT_GT(n, 1000);
  double corr = (sxy / n - sx / n * sy / n) / std::sqrt((sxx / n - sx * sx / n / n) * (syy / n - sy * sy / n / n));
  EXPECT_GT(corr, 0.95);

  window_write_heatmap(phi.data(), T, U, text, tmp("w.svg"));
  EXPECT_NE(file_read(tmp("w.svg")).find("<svg"), std::string::npos);
  expect_error_containing([&] { window_write_heatmap(phi.data(), T, U, "hello", tmp("x.png")); },
                          {"x.png", "5 characters", "U = 11"});
  phi[17] = NAN;
  expect_error_containing([&] { window_write_heatmap(phi.data(), T, U, text, tmp("x.png")); }, {"phi(1, 6)"});
}

}  // namespace
}  // namespace seqgen
