// The recogniser's training task (CTC): it learns to read lines of three
// stroke shapes from their pen steps or from a picture of them, one way or
// both ways, and pen_read gives their texts back.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <unistd.h>

#include "eval/read_eval.hpp"
#include "grad_check.hpp"
#include "nn/ctc_output.hpp"
#include "nn/model_file.hpp"
#include "sample/fast_net.hpp"
#include "sample/pen_read.hpp"
#include "train/task_read.hpp"
#include "train/trainer.hpp"

namespace seqgen {
namespace {

// Character c is a stroke of 4 steps from the baseline: 0 a dash right, 1 a
// bar up, 2 a slant down-right; the pen lifts after each and moves on 1.5
// units to the next one's start, so that a picture of the line shows each
// character apart.
std::vector<PenSequence> stroke_lines(int n, uint64_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> nd(0, 0.1f);
  const float dir[3][2] = {{1, 0}, {0, -1}, {0.7f, 0.7f}};
  std::vector<PenSequence> out(n);
  for (int i = 0; i < n; ++i) {
    float y = 0;
    const int len = 2 + int(rng() % 4);
    for (int k = 0; k < len; ++k) {
      const int c = int(rng() % 3);
      out[i].chars.push_back(c);
      out[i].steps.push_back({k ? 1.5f : 0.f, -y, 0.f});  // to the baseline, 1.5 on
      y = 0;
      for (int s = 0; s < 4; ++s) {
        const PenStep st{dir[c][0] + nd(rng), dir[c][1] + nd(rng), float(s == 3)};
        out[i].steps.push_back(st);
        y += st.dy;
      }
    }
  }
  return out;
}

ReadInput read_input(bool both, bool raster) {
  ReadInput in;
  in.both_ways = both;
  if (raster) in.raster = {24, 0.5f, 1.5f};  // a character's stroke some 8 px long
  return in;
}

// Reading both ways: the loss Σ_lines CTC(forward ŷ_t + backward ŷ_{n-1-t})
// against central differences in every parameter tensor, over lines of
// different lengths in one batch (the backward row of each is reversed
// within its own steps).
TEST(ReadTask, BothWaysGradient) {
  const ReadInput in = read_input(true, false);
  NetConfig c;
  c.input_size = in.input_size(), c.hidden = {5, 4}, c.output_size = 3 + 1;
  Network<double> net(c);
  net.init(3);
  auto noise = test::random_vec(net.params.size(), 5, 0.3);
  for (size_t i = 0; i < noise.size(); ++i) net.params[i] += noise[i];
  const std::vector<PenSequence> lines = {stroke_lines(1, 7)[0], stroke_lines(1, 9)[0]};
  ReadBatch rb;
  read_batch_fill(lines, {0, 1}, in, rb);
  ASSERT_NE(rb.len[0], rb.len[1]);
  const std::vector<double> x(rb.x.begin(), rb.x.end());
  const int Y = c.output_size;
  std::vector<double> out, dout, dy;
  auto loss = [&](bool grad) {
    net.params_changed();
    SeqBatch<double> seq;
    seq.T = rb.T, seq.B = rb.rows, seq.x = x.data();
    NetState<double> st;
    net_state_reset(c, rb.rows, st);
    net.forward(seq, st);
    const double* y = read_output(rb, true, Y, net.output(), out);
    dout.assign(out.size(), 0.0);
    double L = 0;
    for (int b = 0; b < rb.B; ++b)
      L += ctc_loss<double>(rb.len[b], Y, y + size_t(b) * Y, size_t(rb.B) * Y, lines[b].chars.data(),
                            int(lines[b].chars.size()), grad ? dout.data() + size_t(b) * Y : nullptr, 1.0);
    return L;
  };
  loss(true);
  read_output_grad(rb, Y, dout.data(), dy);
  std::fill(net.grads.begin(), net.grads.end(), 0.0);
  net.backward(dy.data(), 0.0);
  for (auto& t : net.layout())
    test::grad_check("both ways " + t.name, net.params, net.grads, [&] { return loss(false); }, 12, 1e-5, 1e-5, 1e-4,
                     t.offset, t.offset + t.size());
}

// The batch holds each line's steps (or columns) forward in row b and last
// first in row B + b, with the direction input set there.
TEST(ReadTask, BatchReadsEachLineBothWays) {
  const std::vector<PenSequence> lines = stroke_lines(2, 4);
  for (bool raster : {false, true}) {
    const ReadInput in = read_input(true, raster);
    ReadBatch rb;
    read_batch_fill(lines, {0, 1}, in, rb);
    ASSERT_EQ(rb.rows, 4);
    const int X = in.input_size(), F = in.features();
    for (int b = 0; b < 2; ++b) {
      const int n = rb.len[b];
      if (!raster) EXPECT_EQ(n, int(lines[b].steps.size()));
      for (int t = 0; t < n; ++t) {
        const float* f = &rb.x[(size_t(t) * 4 + b) * X];
        const float* r = &rb.x[(size_t(n - 1 - t) * 4 + 2 + b) * X];
        for (int k = 0; k < F; ++k) ASSERT_EQ(f[k], r[k]) << "raster " << raster << " line " << b << " step " << t;
        EXPECT_EQ(f[F], 0.f);
        EXPECT_EQ(r[F], 1.f);
      }
      if (!raster) EXPECT_EQ(rb.x[(size_t(1) * 4 + b) * X], lines[b].steps[1].dx);
    }
  }
}

struct Ways {
  bool both, raster;
};

class ReadTaskWays : public ::testing::TestWithParam<Ways> {};

TEST_P(ReadTaskWays, LearnsToReadStrokes) {
  const ReadInput in = read_input(GetParam().both, GetParam().raster);
  namespace fs = std::filesystem;
  const std::string dir = (fs::temp_directory_path() / ("seqgen_test_read_" + std::to_string(::getpid()))).string();
  fs::remove_all(dir);
  NetConfig c;
  c.input_size = in.input_size(), c.hidden = {24}, c.output_size = 3 + 1;  // + blank
  Network<float> net(c);
  net.init(1);
  const std::vector<PenSequence> valid = stroke_lines(40, 2);
  ReadTask task(stroke_lines(200, 1), valid, in, 10, 1, {{"alphabet", {"a", "b", "c"}}});
  const double before = read_evaluate(net, in, valid, 16).cer();
  TrainSpec s;
  s.run_dir = dir, s.epochs = 12, s.quiet = true, s.precision = Precision::f32;
  s.opt = opt_defaults(OptKind::adam);
  s.opt.lr = 1e-2;
  TrainResult r = train_run(task, net, s);
  LoadedModel m = model_load(dir + "/best.safetensors", "recognizer");
  // The model file says what its network reads.
  const ReadInput saved = read_input_from(m.header.info, in.stats, m.net.config(), "best");
  EXPECT_EQ(read_input_to_json(saved), read_input_to_json(in));
  Network<float>& best = m.net;
  const ReadScores after = read_evaluate(best, in, valid, 16);
  EXPECT_GT(before, 0.5);
  EXPECT_LT(after.cer(), 0.05) << "validation CER should fall from " << before;
  EXPECT_NEAR(r.best_score, after.nats_per_line(), 1e-3);
  // The best path of a valid line is its text.
  const std::vector<LineReading> read = pen_read(best, in, {valid[0], valid[1]}, 2);
  EXPECT_EQ(read[0].best_path, valid[0].chars);
  EXPECT_EQ(read[1].best_path, valid[1].chars);
  // A line reads the same in a batch of longer and shorter ones as alone, and
  // through the sampling step (int8, as the line check reads) as in training.
  FastNet fast(best, Weights::int8);
  const std::vector<PenSequence> four(valid.begin(), valid.begin() + 4);
  const std::vector<LineReading> batch = pen_read(best, in, four, 4), batch_fast = pen_read(best, in, four, 4, &fast);
  for (int i = 0; i < 4; ++i) {
    const std::vector<LineReading> alone = pen_read(best, in, {four[i]}, 1);
    EXPECT_NEAR(batch[i].loss, alone[0].loss, 1e-4 * (1 + alone[0].loss)) << "line " << i;
    EXPECT_EQ(batch[i].best_path, alone[0].best_path) << "line " << i;
    EXPECT_NEAR(batch_fast[i].loss, alone[0].loss, 0.05 * (1 + alone[0].loss)) << "line " << i;
  }
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Ways, ReadTaskWays,
                         ::testing::Values(Ways{false, false}, Ways{true, false}, Ways{true, true}),
                         [](const auto& i) {
                           return std::string(i.param.raster ? "Picture" : "Steps") + (i.param.both ? "BothWays" : "Forward");
                         });

}  // namespace
}  // namespace seqgen
