// seqgen train synthesis --class-weight (train/task_pen.hpp): each point's
// ∂L/∂ŷ row is scaled by the weight of the character the window is on (φ's
// largest, eq 46), and only that row. With the weights held fixed, the
// gradient of Σ_r w_r L_r is w_r ∂L_r/∂ŷ_r: mdn_loss's own gradient (checked
// by finite differences in test_mdn_output.cpp) times a constant.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "core/error.hpp"
#include "data/alphabet.hpp"
#include "data/pen_batches.hpp"
#include "eval/pen_eval.hpp"
#include "nn/mdn_output.hpp"
#include "nn/network.hpp"
#include "nn/window.hpp"
#include "tiny_model.hpp"
#include "train/task_pen.hpp"

namespace seqgen {
namespace {

TEST(PenLossWeight, ScalesTheRowsWrittenOnTheWeightedCharacters) {
  const NetConfig c = tiny_synthesis_config(4);
  Network<float> net(c);
  net.init(3);
  std::mt19937 rng(2);
  std::normal_distribution<float> n;
  std::vector<PenSequence> lines;
  lines.push_back(tiny_pen_line(rng, n, 40, {0, 1, 2, 0, 3}, 5));
  lines.push_back(tiny_pen_line(rng, n, 25, {2, 2, 0}, 6));
  PenBatch pb;
  pen_batch_fill(lines, {0, 1}, pb);
  NetState<float> st;
  net_state_reset(c, pb.B, st);
  net.forward(pen_batch_input(pb, true), st);
  const int R = pb.T * pb.B, Y = c.output_size;
  std::vector<float> dy(size_t(R) * Y);
  mdn_loss<float>(R, 2, net.output(), pb.target.data(), pb.mask.data(), dy.data(), 0.5f, 100.f);

  const std::vector<float> weight = {1.f, 1.f, 3.f, 0.5f};  // characters 2 and 3 weighed
  std::vector<float> got = dy;
  pen_loss_weight(net, pb, weight, got.data());
  int scaled = 0, kept = 0;
  for (int t = 0; t < pb.T; ++t)
    for (int b = 0; b < pb.B; ++b) {
      const size_t r = size_t(t) * pb.B + b;
      const int32_t ch = window_focus_char(net.window_phi(t) + size_t(b) * pb.U, pb.chars.data() + size_t(b) * pb.U, pb.U);
      const float w = ch >= 0 ? weight[size_t(ch)] : 1.f;
      for (int i = 0; i < Y; ++i) ASSERT_EQ(got[r * Y + i], w * dy[r * Y + i]) << "step " << t << " line " << b;
      if (!pb.mask[r]) continue;
      (w != 1.f ? scaled : kept) += 1;
    }
  EXPECT_GT(scaled, 0) << "no point was written on a weighed character: the test proves nothing";
  EXPECT_GT(kept, 0);

  std::vector<float> same = dy;
  pen_loss_weight(net, pb, {1.f, 1.f, 1.f, 1.f}, same.data());
  EXPECT_EQ(same, dy);
}

TEST(PenLossWeight, WeightsByClassOrByCharacter) {
  const Alphabet a = alphabet_from_texts({"aBx1 .", "é"});
  const std::vector<float> w = char_weights_parse("capitals=3,digits=4,x=2,é=5,lower-case=0.5", &a);
  ASSERT_EQ(int(w.size()), a.size());
  const std::map<char32_t, float> want = {{U'a', 0.5f}, {U'B', 3.f}, {U'x', 2.f}, {U'1', 4.f},
                                          {U' ', 1.f},  {U'.', 1.f}, {U'é', 5.f}};
  for (const auto& [c, v] : want) EXPECT_EQ(w[size_t(a.index.at(c))], v) << uint32_t(c);
  EXPECT_TRUE(char_weights_parse("x=2", nullptr).empty());  // the syntax only
  const std::pair<const char*, const char*> bad[] = {{"vowels=2", "is not CLASS=WEIGHT"},
                                                     {"xy=2", "is not CLASS=WEIGHT"},
                                                     {"x", "is not CLASS=WEIGHT"},
                                                     {"digits=0", "must be a number in (0, 1000]"},
                                                     {"x=nan", "must be a number in (0, 1000]"},
                                                     {"q=2", "the training lines have no 'q'"}};
  for (const auto& [spec, message] : bad) {
    try {
      char_weights_parse(spec, &a);
      ADD_FAILURE() << spec << " accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace seqgen
