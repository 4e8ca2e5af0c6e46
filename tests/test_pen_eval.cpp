// The held-out loss of a synthesis network (Table 4) and its split by the
// class of the character the window is on: the classes add up to the whole,
// and a line of one class puts all its points there.
#include <gtest/gtest.h>

#include <random>

#include "eval/pen_eval.hpp"
#include "nn/mdn_output.hpp"
#include "nn/network.hpp"
#include "tiny_model.hpp"

namespace seqgen {
namespace {

TEST(PenEval, LossByClassAddsUpToTheWhole) {
  Network<float> net(tiny_synthesis_config(5));
  net.init(5);
  Alphabet a;
  a.chars = {U'a', U'B', U'3', U'.', U' '};
  for (int i = 0; i < a.size(); ++i) a.index[a.chars[i]] = i;

  std::mt19937 rng(7);
  std::normal_distribution<float> n;
  auto line = [&](int T, std::vector<int32_t> chars) { return tiny_pen_line(rng, n, T, std::move(chars), 7); };
  std::vector<PenSequence> lines = {line(30, {0, 1, 2, 3, 4, 0}), line(21, {1, 0, 4, 2}), line(12, {2, 2, 2})};
  const PenScores all = pen_evaluate(net, lines, 2, 2);
  const PenScores split = pen_evaluate(net, lines, 2, 2, {}, std::nullopt, &a);
  EXPECT_EQ(split.loss, all.loss);  // the split changes nothing else
  double loss = 0;
  int64_t points = 0;
  for (int k = 0; k < kCharClasses; ++k) loss += split.class_loss[k], points += split.class_points[k];
  EXPECT_EQ(points, all.points);
  EXPECT_NEAR(loss, all.loss, 1e-4 * std::abs(all.loss));

  const PenScores digits = pen_evaluate(net, {lines[2]}, 2, 1, {}, std::nullopt, &a);
  EXPECT_EQ(digits.class_points[kDigit], digits.points);
  EXPECT_NEAR(digits.class_loss[kDigit], digits.loss, 1e-4 * std::abs(digits.loss));
}

TEST(PenEval, CharClasses) {
  EXPECT_EQ(char_class(U'q'), kLower);
  EXPECT_EQ(char_class(U'Z'), kCapital);
  EXPECT_EQ(char_class(U'0'), kDigit);
  EXPECT_EQ(char_class(U'9'), kDigit);
  EXPECT_EQ(char_class(U' '), kSpace);
  EXPECT_EQ(char_class(U'"'), kMark);
}

}  // namespace
}  // namespace seqgen
