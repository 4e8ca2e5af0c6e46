// Recording-error correction (§4, src/data/stroke_clean.cpp) on hand-made
// readings, and the offset normalisation of §4.2.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "data/stroke_clean.hpp"
#include "seqgen/iam_ondb.hpp"

using namespace seqgen;

TEST(StrokeClean, EndFlagOnLastPointOfEachStroke) {
  std::vector<RawStroke> in = {{{0, 0, 10.00}, {5, 1, 10.01}, {9, 3, 10.02}}, {{20, 0, 10.30}}};
  CleanCounts c;
  Strokes s = strokes_clean(in, StrokeCleanOptions{}, c);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_FALSE(s[0].end);
  EXPECT_FALSE(s[1].end);
  EXPECT_TRUE(s[2].end);
  EXPECT_TRUE(s[3].end);  // a single-reading stroke (a dot) stays
  EXPECT_EQ(s[1].x, 5);
  EXPECT_EQ(s[1].y, 1);
  EXPECT_EQ(c.points_read, 4);
  EXPECT_EQ(c.points_added, 0);
  EXPECT_EQ(c.strokes_split, 0);
}

TEST(StrokeClean, FillsMissingReadingsOnTheStraightLine) {
  // 0.09 s where 0.015 s is usual: 6 intervals, so 5 readings were lost.
  std::vector<RawStroke> in = {{{0, 0, 10.00}, {10, 0, 10.01}, {70, 30, 10.10}, {75, 30, 10.12}}};
  CleanCounts c;
  Strokes s = strokes_clean(in, StrokeCleanOptions{}, c);
  ASSERT_EQ(s.size(), 9u);
  EXPECT_EQ(c.points_added, 5);
  for (int k = 1; k <= 5; ++k) {
    EXPECT_NEAR(s[1 + k].x, 10 + 60.f * k / 6, 1e-4);
    EXPECT_NEAR(s[1 + k].y, 30.f * k / 6, 1e-4);
    EXPECT_FALSE(s[1 + k].end);
  }
  EXPECT_EQ(s[7].x, 70);
  EXPECT_TRUE(s[8].end);
}

TEST(StrokeClean, JitterLongPausesAndBadTimesAreNotFilled) {
  StrokeCleanOptions o;
  CleanCounts c;
  // 0.03 s and 0.04 s are timing jitter; 0.8 s is a pause (> gap_max);
  // a time stamp of 0 is unknown, as are times going backwards.
  std::vector<RawStroke> in = {{{0, 0, 10.00}, {10, 0, 10.03}, {20, 0, 10.07}, {60, 0, 10.87}, {70, 0, 0.0},
                                {80, 0, 10.95}, {90, 0, 10.50}}};
  Strokes s = strokes_clean(in, o, c);
  EXPECT_EQ(s.size(), 7u);
  EXPECT_EQ(c.points_added, 0);
  o.gap_max = 1.0;  // now the 0.8 s gap is filled: round(0.8 / 0.015) - 1 = 52 readings
  CleanCounts c2;
  EXPECT_EQ(strokes_clean(in, o, c2).size(), 7u + 52u);
  EXPECT_EQ(c2.points_added, 52);
}

TEST(StrokeClean, OverLongStepBecomesAPenLift) {
  // The 600-unit jump (> max_step 500) inside one stroke is not inked: the
  // pen lifts before it. No reading is lost and a long gap is not filled.
  std::vector<RawStroke> in = {{{0, 0, 10.00}, {10, 0, 10.01}, {610, 0, 10.20}, {615, 2, 10.21}}};
  CleanCounts c;
  Strokes s = strokes_clean(in, StrokeCleanOptions{}, c);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(c.strokes_split, 1);
  EXPECT_EQ(c.points_added, 0);
  EXPECT_TRUE(s[1].end);
  EXPECT_EQ(s[2].x, 610);
  EXPECT_TRUE(s[3].end);
  // Just under the threshold the step stays ink (and its 0.19 s gap is filled).
  in[0][2].x = 509;
  CleanCounts c2;
  Strokes s2 = strokes_clean(in, StrokeCleanOptions{}, c2);
  EXPECT_EQ(c2.strokes_split, 0);
  EXPECT_EQ(c2.points_added, 12);
  EXPECT_FALSE(s2[1].end);
}

TEST(StepStats, NormaliseDenormaliseRoundTrip) {
  std::vector<PenSteps> lines = {{{0, 0, 0}, {2, -1, 0}, {4, 3, 1}}, {{0, 0, 0}, {-2, 5, 1}}};
  StepStats st = step_stats_compute(lines);
  // dx: 0 2 4 0 -2 -> mean 0.8, var (0.64+1.44+10.24+0.64+7.84)/5 = 4.16
  EXPECT_NEAR(st.mean_dx, 0.8, 1e-6);
  EXPECT_NEAR(st.std_dx, std::sqrt(4.16), 1e-5);
  // dy: 0 -1 3 0 5 -> mean 1.4, var (1.96+5.76+2.56+1.96+12.96)/5 = 5.04
  EXPECT_NEAR(st.mean_dy, 1.4, 1e-6);
  EXPECT_NEAR(st.std_dy, std::sqrt(5.04), 1e-5);

  std::vector<PenSteps> norm = lines;
  for (PenSteps& l : norm) steps_normalise(l, st);
  StepStats ns = step_stats_compute(norm);
  EXPECT_NEAR(ns.mean_dx, 0, 1e-6);
  EXPECT_NEAR(ns.std_dy, 1, 1e-5);
  EXPECT_EQ(norm[0][2].eos, 1);  // eos is not normalised
  EXPECT_EQ(norm[1][0].eos, 0);
  for (PenSteps& l : norm) steps_denormalise(l, st);
  for (size_t i = 0; i < lines.size(); ++i)
    for (size_t t = 0; t < lines[i].size(); ++t) {
      EXPECT_NEAR(norm[i][t].dx, lines[i][t].dx, 1e-5);
      EXPECT_NEAR(norm[i][t].dy, lines[i][t].dy, 1e-5);
      EXPECT_EQ(norm[i][t].eos, lines[i][t].eos);
    }
}

TEST(StepStats, RefusesNothingToMeasure) {
  EXPECT_THROW(step_stats_compute({}), Error);
  EXPECT_THROW(step_stats_compute({{{1, 2, 0}, {1, 3, 1}}}), Error);  // dx never varies
}

TEST(StepStats, LineStepsStartAtTheLinesFirstPoint) {
  IamLine l{"x-01", "ab", {{100, 200, false}, {103, 198, true}, {110, 205, true}}};
  PenSteps s = iam_line_steps(l);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].dx, 0);
  EXPECT_EQ(s[0].dy, 0);
  EXPECT_EQ(s[1].dx, 3);
  EXPECT_EQ(s[1].dy, -2);
  EXPECT_EQ(s[1].eos, 1);
  EXPECT_EQ(s[2].dx, 7);
  EXPECT_EQ(s[2].dy, 7);
}
