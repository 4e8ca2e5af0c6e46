// The recogniser's training task (CTC over pen steps): it learns to read
// lines of three stroke shapes, and pen_read gives their texts back.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <unistd.h>

#include "eval/read_eval.hpp"
#include "nn/model_file.hpp"
#include "sample/pen_read.hpp"
#include "train/task_read.hpp"
#include "train/trainer.hpp"

namespace seqgen {
namespace {

// Character c is a 4-step stroke: 0 right, 1 up, 2 down-right; the pen lifts after each.
std::vector<PenSequence> stroke_lines(int n, uint64_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> nd(0, 0.1f);
  const float dir[3][2] = {{1, 0}, {0, -1}, {0.7f, 0.7f}};
  std::vector<PenSequence> out(n);
  for (int i = 0; i < n; ++i) {
    const int len = 2 + int(rng() % 4);
    for (int k = 0; k < len; ++k) {
      const int c = int(rng() % 3);
      out[i].chars.push_back(c);
      for (int s = 0; s < 4; ++s) out[i].steps.push_back({dir[c][0] + nd(rng), dir[c][1] + nd(rng), float(s == 3)});
    }
  }
  return out;
}

TEST(ReadTask, LearnsToReadStrokes) {
  namespace fs = std::filesystem;
  const std::string dir = (fs::temp_directory_path() / ("seqgen_test_read_" + std::to_string(::getpid()))).string();
  fs::remove_all(dir);
  NetConfig c;
  c.input_size = 3, c.hidden = {24}, c.output_size = 3 + 1;  // + blank
  Network<float> net(c);
  net.init(1);
  const std::vector<PenSequence> valid = stroke_lines(40, 2);
  ReadTask task(stroke_lines(200, 1), valid, 10, 1, {{"alphabet", {"a", "b", "c"}}});
  const double before = read_evaluate(net, valid, 16).cer();
  TrainSpec s;
  s.run_dir = dir, s.epochs = 12, s.quiet = true, s.precision = Precision::f32;
  s.opt = opt_defaults(OptKind::adam);
  s.opt.lr = 1e-2;
  TrainResult r = train_run(task, net, s);
  Network<float> best = model_load(dir + "/best.safetensors", "recognizer").net;
  const ReadScores after = read_evaluate(best, valid, 16);
  EXPECT_GT(before, 0.5);
  EXPECT_LT(after.cer(), 0.05) << "validation CER should fall from " << before;
  EXPECT_NEAR(r.best_score, after.nats_per_line(), 1e-3);
  // The best path of a valid line is its text.
  const std::vector<LineReading> read = pen_read(best, {valid[0], valid[1]}, 2);
  EXPECT_EQ(read[0].best_path, valid[0].chars);
  EXPECT_EQ(read[1].best_path, valid[1].chars);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace seqgen
