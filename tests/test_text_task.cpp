// Text evaluation: every symbol counted once, carried state exact across
// segments, dynamic evaluation predicts before it learns (§3.1).
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "train/task_text.hpp"

namespace seqgen {
namespace {

Network<float> text_net() {
  NetConfig c;
  c.input_size = 6, c.input_onehot = true, c.hidden = {10}, c.output_size = 6;
  Network<float> net(c);
  net.init(2);
  return net;
}

std::vector<int32_t> pattern(int n) {
  std::vector<int32_t> t;
  for (int i = 0; i < n; ++i) t.push_back(int32_t("012345432"[i % 9] - '0'));
  return t;
}

TEST(TextEval, SegmentsAndStreamsCountEverySymbolOnce) {
  Network<float> net = text_net();
  auto t = pattern(503);
  TextScores one = text_evaluate(net, t, 1, 1000);
  TextScores segs = text_evaluate(net, t, 1, 7);
  TextScores streams = text_evaluate(net, t, 4, 9);
  EXPECT_EQ(one.count, 503);
  EXPECT_EQ(segs.count, 503);
  EXPECT_EQ(streams.count, 503);
  EXPECT_NEAR(segs.loss, one.loss, 1e-3 * one.loss);  // carried state: same as one segment
}

TEST(TextEval, DynamicPredictsBeforeLearning) {
  auto t = pattern(400);
  Network<float> a = text_net(), b = text_net();
  std::vector<int32_t> first(t.begin(), t.begin() + 50);
  // One segment: predicted with the initial weights, so equal to static.
  TextScores s = text_evaluate(a, first, 1, 50);
  TextScores d = text_evaluate_dynamic(b, first, 1, 50, 0.05, 0.0, 1.f);
  EXPECT_NEAR(d.loss, s.loss, 1e-4 * s.loss);
  EXPECT_NE(a.params, b.params);  // and then learnt from it
  // On a repetitive text, adapting pays.
  auto longer = pattern(2000);
  Network<float> c = text_net(), e = text_net();
  TextScores st = text_evaluate(c, longer, 1, 20);
  TextScores dy = text_evaluate_dynamic(e, longer, 1, 20, 0.1, 0.0, 1.f);
  EXPECT_EQ(dy.count, st.count);
  EXPECT_LT(dy.bits_per_symbol(), st.bits_per_symbol() - 1.0);
}

TEST(TextEval, DynamicDivergenceIsAnErrorNotANumber) {
  Network<float> net = text_net();
  EXPECT_THROW(text_evaluate_dynamic(net, pattern(2000), 1, 20, 1e30, 0.0, 0.f), Error);
}

}  // namespace
}  // namespace seqgen
