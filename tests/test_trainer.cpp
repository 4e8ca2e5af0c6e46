// The training loop: learning happens, interrupted runs resume exactly, NaN is
// refused, checkpoints are complete model files.
#include <gtest/gtest.h>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <filesystem>
#include <random>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "core/error.hpp"
#include "core/gemm.hpp"
#include "core/safetensors.hpp"
#include "nn/mdn_output.hpp"
#include "nn/model_file.hpp"
#include "train/checkpoint.hpp"
#include "train/task_pen.hpp"
#include "train/task_text.hpp"
#include "train/trainer.hpp"
#include "train_data.hpp"

namespace seqgen {
namespace {

namespace fs = std::filesystem;

std::string temp_dir(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("seqgen_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

NetConfig pen_config(bool synthesis) {
  NetConfig c;
  c.input_size = 3, c.hidden = {16, 12}, c.output_size = mdn_output_size(3);
  if (synthesis) c.window_alphabet = 3, c.window_mixtures = 2;
  return c;
}

TrainSpec spec_for(const std::string& dir) {
  TrainSpec s;
  s.run_dir = dir;
  s.opt = opt_defaults(OptKind::adam);
  s.opt.lr = 1e-2;
  s.precision = Precision::f32;
  s.quiet = true;
  return s;
}

// Bit-identical weights: a resumed run must be the uninterrupted run.
void weights_expect_same(const std::vector<float>& straight, const std::vector<float>& resumed) {
  ASSERT_EQ(straight.size(), resumed.size());
  for (size_t i = 0; i < straight.size(); ++i) ASSERT_EQ(straight[i], resumed[i]) << "weight " << i;
}

TEST(Trainer, HandwritingLossFalls) {
  std::string dir = temp_dir("learn");
  Network<float> net(pen_config(false));
  net.init(1);
  PenTask task(circles(64, 1), circles(16, 2), 3, 8, 1, 100.0, {{"mixtures", 3}}, false);
  double before = task.evaluate(net).score;
  TrainSpec s = spec_for(dir);
  s.epochs = 6;
  TrainResult r = train_run(task, net, s);
  EXPECT_EQ(r.epochs_done, 6);
  EXPECT_LT(r.best_score, before - 20) << "validation nats/line should fall well below " << before;
  ASSERT_TRUE(fs::exists(dir + "/best.safetensors"));
  LoadedModel m = model_load(dir + "/best.safetensors", "handwriting");
  EXPECT_EQ(m.header.info.at("mixtures"), 3);
  EXPECT_EQ(m.header.training.at("best_epoch").get<int>() >= 1, true);
}

// Mixed precision (bf16 products, fp32 accumulation and master weights) learns
// as well as fp32: the same run in both ends at nearly the same loss. Without
// native bf16 (or with SEQGEN_PRECISION=f32) a bf16 request trains in fp32:
// the same run gives the same loss.
TEST(Trainer, Bf16ReachesTheF32Loss) {
  double start = 0, best[2] = {0, 0};
  for (int i = 0; i < 2; ++i) {
    std::string dir = temp_dir(i ? "bf16" : "f32");
    Network<float> net(pen_config(false));
    net.init(1);
    PenTask task(circles(64, 1), circles(16, 2), 3, 8, 1, 100.0, {{"mixtures", 3}}, false);
    start = task.evaluate(net).score;
    TrainSpec s = spec_for(dir);
    s.precision = i ? Precision::bf16 : Precision::f32;
    s.epochs = 12;
    best[i] = train_run(task, net, s).best_score;
  }
  gemm_set_precision(Precision::f32);
  std::printf("validation nats/line: start %.2f, fp32 %.2f, bf16 %.2f\n", start, best[0], best[1]);
  EXPECT_NEAR(best[1], best[0], 0.05 * (start - best[0])) << "bf16 should learn as far as fp32";
  if (!cpu_has_bf16()) {
    EXPECT_EQ(best[1], best[0]) << "without native bf16 the bf16 run is the fp32 run";
  }
}

// Stopping after 5 updates and resuming gives bit-identical weights to one
// uninterrupted run (data order, weight noise, optimiser state all restored).
TEST(Trainer, ResumeIsExact) {
  for (bool synthesis : {false, true}) {
    SCOPED_TRACE(synthesis ? "synthesis" : "prediction");
    std::vector<float> straight, resumed;
    for (int variant = 0; variant < 2; ++variant) {
      std::string dir = temp_dir("resume" + std::to_string(variant));
      TrainSpec s = spec_for(dir);
      s.epochs = 2;
      s.weight_noise = 0.01;
      auto run = [&](int64_t max_steps, bool resume) {
        Network<float> net(pen_config(synthesis));
        net.init(3);
        PenTask task(circles(40, 5), circles(8, 6), 3, 8, 7, 100.0, {{"mixtures", 3}}, synthesis);
        TrainSpec t = s;
        t.max_steps = max_steps, t.resume = resume;
        train_run(task, net, t);
        return net.params;
      };
      if (variant == 0) {
        straight = run(0, false);
      } else {
        run(7, false);  // 5 batches per epoch: stops inside epoch 2
        resumed = run(0, true);
      }
    }
    weights_expect_same(straight, resumed);
  }
}

// A task that receives SIGINT in the middle of batch `at` of its first run.
class InterruptedTask : public PenTask {
 public:
  using PenTask::PenTask;
  int at = -1, seen = 0;
  BatchLoss batch_train(Network<float>& net, int index, float clip) override {
    if (seen++ == at) std::raise(SIGINT);
    return PenTask::batch_train(net, index, clip);
  }
};

// Ctrl-C ends the run after the current batch with a checkpoint and a clear
// error; resuming gives the weights of the uninterrupted run.
TEST(Trainer, InterruptWritesACheckpointAndResumesExactly) {
  std::vector<float> straight, resumed;
  for (int variant = 0; variant < 2; ++variant) {
    std::string dir = temp_dir("interrupt" + std::to_string(variant));
    auto run = [&](int at, bool resume) {
      Network<float> net(pen_config(true));
      net.init(3);
      InterruptedTask task(circles(40, 5), circles(8, 6), 3, 8, 7, 100.0, {{"mixtures", 3}}, true);
      task.at = at;
      TrainSpec t = spec_for(dir);
      t.epochs = 2, t.resume = resume;
      train_run(task, net, t);
      return net.params;
    };
    if (variant == 0) {
      straight = run(-1, false);
      continue;
    }
    try {
      run(6, false);  // 5 batches per epoch: inside epoch 2
      FAIL() << "expected the interrupt to end training with an error";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("--resume"), std::string::npos) << e.what();
    }
    resumed = run(-1, true);
  }
  weights_expect_same(straight, resumed);
}

// Adaptive weight noise learns a σ per weight, keeps it in the checkpoint and
// resumes exactly.
TEST(Trainer, AdaptiveNoiseLearnsSigmaAndResumesExactly) {
  std::vector<float> straight, resumed;
  for (int variant = 0; variant < 2; ++variant) {
    std::string dir = temp_dir("adaptive" + std::to_string(variant));
    auto run = [&](int64_t max_steps, bool resume) {
      Network<float> net(pen_config(false));
      net.init(3);
      PenTask task(circles(40, 5), circles(8, 6), 3, 8, 7, 100.0, {{"mixtures", 3}}, false);
      TrainSpec t = spec_for(dir);
      t.epochs = 2, t.adaptive_noise = 0.02, t.max_steps = max_steps, t.resume = resume;
      train_run(task, net, t);
      return net.params;
    };
    if (variant == 0) {
      straight = run(0, false);
      TensorFile f = safetensors_read(dir + "/checkpoint.safetensors");
      std::vector<float> s = tensor_get(f, "noise.log_sigma", dir, {int64_t(straight.size())});
      int moved = 0;
      for (float v : s) moved += std::abs(v - std::log(0.02f)) > 1e-4f;
      EXPECT_GT(moved, int(s.size()) / 2) << "σ should be learnt";
    } else {
      run(7, false);
      resumed = run(0, true);
    }
  }
  weights_expect_same(straight, resumed);
}

// --average: validation and best.safetensors use the moving average of the
// weights, which is kept in the checkpoint so that a resumed run is exact.
TEST(Trainer, AveragedWeightsAreValidatedKeptAndResumedExactly) {
  std::vector<float> straight, resumed;
  for (int variant = 0; variant < 2; ++variant) {
    std::string dir = temp_dir("average" + std::to_string(variant));
    auto run = [&](int64_t max_steps, bool resume) {
      Network<float> net(pen_config(true));
      net.init(3);
      PenTask task(circles(40, 5), circles(8, 6), 3, 8, 7, 100.0, {{"mixtures", 3}}, true);
      TrainSpec t = spec_for(dir);
      t.epochs = 3, t.average = 0.8, t.max_steps = max_steps, t.resume = resume;
      TrainResult r = train_run(task, net, t);
      return std::make_pair(r, net.params);
    };
    if (variant == 0) {
      auto [r, params] = run(0, false);
      LoadedModel best = model_load(dir + "/best.safetensors", "synthesis");
      TensorFile f = safetensors_read(dir + "/checkpoint.safetensors");
      straight = tensor_get(f, "average.params", dir, {int64_t(params.size())});
      if (best.header.training.at("best_epoch").get<int>() == 3)
        weights_expect_same(best.net.params, straight);  // the last epoch was the best: its average was kept
      double far = 0;
      for (size_t i = 0; i < params.size(); ++i) far = std::max(far, double(std::abs(params[i] - straight[i])));
      EXPECT_GT(far, 1e-4) << "the average should lag the trained weights";
      // The score logged for the best model is the score of the file written.
      Network<float> net(pen_config(true));
      net.params = best.net.params;
      net.params_changed();
      PenTask task(circles(40, 5), circles(8, 6), 3, 8, 7, 100.0, {{"mixtures", 3}}, true);
      EXPECT_NEAR(task.evaluate(net).score, r.best_score, 1e-3 * std::abs(r.best_score));
    } else {
      run(7, false);
      run(0, true);
      TensorFile f = safetensors_read(dir + "/checkpoint.safetensors");
      resumed = tensor_get(f, "average.params", dir, {int64_t(straight.size())});
    }
  }
  weights_expect_same(straight, resumed);
}

class FlatTask : public PenTask {  // validation never improves after the first epoch
 public:
  using PenTask::PenTask;
  EvalScores evaluate(Network<float>&) override { return {1.0, {}, "flat"}; }
};

// --lr-decay halves the learning rate after each epoch without improvement,
// and a resumed run keeps the decayed rate.
TEST(Trainer, LearningRateDecaysOnPlateauAcrossResume) {
  std::string dir = temp_dir("decay");
  auto run = [&](int epochs, bool resume) {
    Network<float> net(pen_config(false));
    net.init(1);
    FlatTask task(circles(16, 1), circles(4, 2), 3, 8, 1, 100.0, {{"mixtures", 3}}, false);
    TrainSpec t = spec_for(dir);
    t.epochs = epochs, t.resume = resume, t.lr_decay = 0.5;
    train_run(task, net, t);
    TensorFile f = safetensors_read(dir + "/checkpoint.safetensors");
    return nlohmann::json::parse(f.metadata.at("seqgen.optimizer")).at("config").at("lr").get<double>();
  };
  EXPECT_DOUBLE_EQ(run(3, false), 1e-2 * 0.25);  // epoch 1 is the best; 2 and 3 are not
  EXPECT_DOUBLE_EQ(run(4, true), 1e-2 * 0.125);
}

TEST(Trainer, TextResumeKeepsCarriedState) {
  std::vector<int32_t> text = cycle_text();
  std::vector<int32_t> valid(text.begin(), text.begin() + 400);
  NetConfig c;
  c.input_size = 5, c.input_onehot = true, c.hidden = {12}, c.output_size = 5;
  std::vector<float> straight, resumed;
  for (int variant = 0; variant < 2; ++variant) {
    std::string dir = temp_dir("text" + std::to_string(variant));
    TrainSpec s = spec_for(dir);
    s.epochs = 1;
    auto run = [&](int64_t max_steps, bool resume) {
      Network<float> net(c);
      net.init(1);
      TextTask task(text, valid, 4, 20, 0, {}, "char");
      TrainSpec t = s;
      t.max_steps = max_steps, t.resume = resume;
      train_run(task, net, t);
      return net.params;
    };
    if (variant == 0) {
      straight = run(0, false);
    } else {
      run(13, false);
      resumed = run(0, true);
    }
  }
  weights_expect_same(straight, resumed);
}

// A resume under another batch or segment length is refused naming the
// setting (the carried state of 4 streams read as 8 overflowed the heap);
// the temporary of a killed checkpoint write is removed on start.
TEST(Trainer, ResumeUnderAnotherShapeIsRefused) {
  std::vector<int32_t> text = cycle_text();
  std::vector<int32_t> valid(text.begin(), text.begin() + 400);
  NetConfig c;
  c.input_size = 5, c.input_onehot = true, c.hidden = {12}, c.output_size = 5;
  std::string dir = temp_dir("shape");
  auto run = [&](int batch, int seq, bool resume) {
    Network<float> net(c);
    net.init(1);
    TextTask task(text, valid, batch, seq, 0, {}, "char");
    TrainSpec s = spec_for(dir);
    s.epochs = 1, s.max_steps = 2, s.resume = resume;
    train_run(task, net, s);
  };
  run(4, 20, false);
  auto refused = [&](int batch, int seq, const std::string& words) {
    try {
      run(batch, seq, true);
      ADD_FAILURE() << "resume with batch " << batch << " and seq " << seq << " was accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  refused(8, 20, "made with batch 4, this resume has 8: resume with the run's --batch");
  refused(4, 10, "made with seq 20, this resume has 10: resume with the run's --seq");
  const std::string tmp = dir + "/checkpoint.safetensors.tmp";
  std::ofstream(tmp) << "half a checkpoint";
  EXPECT_NO_THROW(run(4, 20, true));
  EXPECT_FALSE(fs::exists(tmp));
}

// A checkpoint without the recorded shape (made before it was recorded) whose
// carried state does not fit the batch is refused by the tensor's shape.
TEST(Trainer, CarriedStateOfAnotherShapeIsRefused) {
  std::vector<int32_t> text;
  for (int i = 0; i < 3000; ++i) text.push_back(int32_t(i % 5));
  NetConfig c;
  c.input_size = 5, c.input_onehot = true, c.hidden = {12}, c.output_size = 5;
  TextTask task(text, text, 8, 20, 0, {}, "char");
  TensorFile f;
  tensor_put(f, "task.state_h", std::vector<float>(4 * 12), {4, 12});
  tensor_put(f, "task.state_c", std::vector<float>(4 * 12), {4, 12});
  try {
    task.checkpoint_load(f, "ckpt", c);
    ADD_FAILURE() << "state of 4 streams loaded into 8";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("tensor 'task.state_h' has shape [4,12], expected [8,12]"), std::string::npos)
        << e.what();
  }
}

TEST(Trainer, ExistingRunIsNotOverwritten) {
  std::string dir = temp_dir("again");
  Network<float> net(pen_config(false));
  net.init(1);
  PenTask task(circles(16, 1), circles(4, 2), 3, 8, 1, 100.0, {{"mixtures", 3}}, false);
  TrainSpec s = spec_for(dir);
  s.max_steps = 1;
  train_run(task, net, s);
  EXPECT_THROW(train_run(task, net, s), Error);
  s.resume = true;
  EXPECT_NO_THROW(train_run(task, net, s));
}

TEST(Trainer, RunInUseIsRefused) {
  std::string dir = temp_dir("locked");
  int fd = ::open((dir + "/lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  Network<float> net(pen_config(false));
  net.init(1);
  PenTask task(circles(16, 1), circles(4, 2), 3, 8, 1, 100.0, {{"mixtures", 3}}, false);
  TrainSpec s = spec_for(dir);
  s.max_steps = 1;
  try {
    train_run(task, net, s);
    FAIL() << "expected the locked run to be refused";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("in use"), std::string::npos) << e.what();
  }
  ::close(fd);
  EXPECT_NO_THROW(train_run(task, net, s));
}

class NanTask : public PenTask {
 public:
  using PenTask::PenTask;
  BatchLoss batch_train(Network<float>& net, int index, float clip) override {
    BatchLoss b = PenTask::batch_train(net, index, clip);
    b.loss = NAN;
    return b;
  }
};

TEST(Trainer, NanIsRefusedWithAClearError) {
  std::string dir = temp_dir("nan");
  Network<float> net(pen_config(false));
  net.init(1);
  NanTask task(circles(96, 1), circles(4, 2), 3, 8, 1, 100.0, {{"mixtures", 3}}, false);
  std::vector<float> before = net.params;
  try {
    train_run(task, net, spec_for(dir));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("NaN"), std::string::npos) << e.what();
  }
  EXPECT_EQ(before, net.params) << "no update may be applied from a NaN batch";
}

}  // namespace
}  // namespace seqgen
