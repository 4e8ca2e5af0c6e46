// The picture a recogniser may read (sample/pen_raster.hpp): where the ink
// falls, how pen lifts leave gaps, and that no input makes it misbehave.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.hpp"
#include "sample/pen_raster.hpp"
#include "sample/pen_read.hpp"

namespace seqgen {
namespace {

float ink_at(const std::vector<float>& px, int rows, int col, int row) { return px[size_t(col) * rows + row]; }

TEST(PenRaster, AStrokeCoversThePixelsAlongIt) {
  // From (0, 0) to (10, 0) in one step, 1 unit a pixel, 9 rows: y = 0 falls on
  // the middle of row 4, x = 0 on column 2 (one column of margin and the pen's reach).
  const RasterSpec r{9, 1.f, 1.f};
  std::vector<float> px;
  const int W = pen_raster_columns({{0, 0, 0}, {10, 0, 1}}, r, px);
  ASSERT_EQ(W, 14);
  ASSERT_EQ(px.size(), size_t(W) * 9);
  for (int c = 2; c <= 11; ++c) EXPECT_FLOAT_EQ(ink_at(px, 9, c, 4), 1.f) << c;
  EXPECT_FLOAT_EQ(ink_at(px, 9, 1, 4), 0.5f);   // half a pixel beyond the end
  EXPECT_FLOAT_EQ(ink_at(px, 9, 12, 4), 0.5f);
  EXPECT_FLOAT_EQ(ink_at(px, 9, 0, 4), 0.f);
  EXPECT_FLOAT_EQ(ink_at(px, 9, 6, 3), 0.f);    // a pixel away from a 1 px pen
  EXPECT_FLOAT_EQ(std::accumulate(px.begin(), px.end(), 0.f), 11.f);
  // Twice the pen: the rows beside get half.
  const int W2 = pen_raster_columns({{0, 0, 0}, {10, 0, 1}}, RasterSpec{9, 1.f, 2.f}, px);
  EXPECT_FLOAT_EQ(ink_at(px, 9, W2 / 2, 3), 0.5f);
  EXPECT_FLOAT_EQ(ink_at(px, 9, W2 / 2, 5), 0.5f);
}

TEST(PenRaster, APenLiftLeavesAGapAndADotIsDrawn) {
  // A stroke right, a lift, a move 6 units on, a one-point stroke (a dot).
  const RasterSpec r{9, 1.f, 1.f};
  std::vector<float> px;
  const int W = pen_raster_columns({{0, 0, 0}, {2, 0, 1}, {6, 0, 1}}, r, px);
  ASSERT_EQ(W, 12);
  auto col = [&](int c) { return ink_at(px, 9, c, 4); };
  EXPECT_FLOAT_EQ(col(3), 1.f);    // on the stroke
  EXPECT_FLOAT_EQ(col(6), 0.f);    // the move the pen made in the air
  EXPECT_FLOAT_EQ(col(9), 0.5f);   // the dot at x = 8: column 10's centre is 8.5
  EXPECT_FLOAT_EQ(col(10), 0.5f);
}

TEST(PenRaster, CentresOnTheMedianHeightAndCopesWithAnyInput) {
  // Most points at y = 100, one far below: the middle row is y = 100.
  std::vector<float> px;
  const RasterSpec r{9, 1.f, 1.f};
  pen_raster_columns({{0, 100, 0}, {1, 0, 0}, {1, 0, 0}, {0, 50, 1}}, r, px);
  EXPECT_FLOAT_EQ(ink_at(px, 9, 3, 4), 1.f);
  std::vector<float> none;
  EXPECT_EQ(pen_raster_columns({}, r, none), 0);
  EXPECT_TRUE(none.empty());
  // Far-off points: the width is capped and nothing overflows.
  EXPECT_EQ(pen_raster_columns({{0, 0, 0}, {1e30f, -1e30f, 1}, {-1e30f, 3e30f, 1}}, r, px), kRasterMaxColumns);
  PenSteps zigzag;  // strokes across the whole capped picture, one after another
  for (int i = 0; i < 200; ++i) zigzag.push_back({i % 2 ? 1e6f : -1e6f, i % 3 ? 5.f : -5.f, 0});
  EXPECT_EQ(pen_raster_columns(zigzag, r, px), kRasterMaxColumns);
  EXPECT_EQ(pen_raster_columns({{0, 0, 0}, {std::numeric_limits<float>::infinity(), 0, 1}}, r, px), 0);
  EXPECT_EQ(pen_raster_columns({{0, 0, 0}, {std::nanf(""), 0, 1}}, r, px), 0);
}

TEST(ReadInput, RoundTripsAndRefusesWhatDoesNotFit) {
  NetConfig c;
  c.hidden = {4}, c.output_size = 3;
  ReadInput in;
  in.both_ways = true, in.raster = {32, 16.f, 1.5f}, in.word_max = 0.7;
  c.input_size = in.input_size();
  EXPECT_EQ(c.input_size, 33);
  const nlohmann::json info = {{"read", read_input_to_json(in)}};
  const ReadInput back = read_input_from(info, {}, c, "m.safetensors");
  EXPECT_EQ(read_input_to_json(back), read_input_to_json(in));
  EXPECT_EQ(back.word_max, 0.7);
  EXPECT_FALSE(back.reader_max);
  // No "read": the pen steps, one way.
  c.input_size = 3;
  EXPECT_EQ(read_input_from(nlohmann::json::object(), {}, c, "old").input_size(), 3);
  auto error_of = [&](const nlohmann::json& j) {
    try {
      read_input_from(j, {}, c, "m.safetensors");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(error_of(info).find("m.safetensors: the recogniser's network takes 3 inputs, but what it reads"),
            std::string::npos);
  EXPECT_NE(error_of({{"read", {{"both_ways", "yes"}}}}).find("\"read\" information is malformed"), std::string::npos);
  EXPECT_NE(error_of({{"read", {{"both_ways", false}, {"raster", {{"rows", 0}, {"units_per_px", 1}, {"pen_px", 1}}}}}})
                .find("read.raster"),
            std::string::npos);
  EXPECT_NE(error_of({{"read", {{"both_ways", false}, {"word_max", -0.5}}}})
                .find("m.safetensors: the recogniser's read.word_max is -0.5"),
            std::string::npos);
  EXPECT_NE(error_of({{"read", {{"both_ways", false}, {"reader_max", "1"}}}}).find("\"read\" information is malformed"),
            std::string::npos);
}

}  // namespace
}  // namespace seqgen
