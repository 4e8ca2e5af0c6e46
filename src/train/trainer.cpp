#include "train/trainer.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "train/model_io.hpp"

namespace seqgen {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

// Ctrl-C or SIGTERM ends training after the current batch with a checkpoint,
// so that an interrupted run loses nothing; a second signal ends it at once.
std::atomic<int> g_signal{0};

extern "C" void signal_note(int sig) {
  if (g_signal.exchange(sig) != 0) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
}

struct SignalGuard {
  using Handler = void (*)(int);
  Handler old_int, old_term;
  SignalGuard() {
    g_signal = 0;
    old_int = std::signal(SIGINT, signal_note);
    old_term = std::signal(SIGTERM, signal_note);
  }
  ~SignalGuard() {
    std::signal(SIGINT, old_int);
    std::signal(SIGTERM, old_term);
  }
};

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Noise for update `step` is a function of (seed, step) only, so a resumed
// run adds exactly the noise the uninterrupted run would have.
void weight_noise_add(std::vector<float>& w, double stddev, uint64_t seed, int64_t step) {
  const int64_t n = int64_t(w.size());
#pragma omp parallel
  {
    // Each block of 4096 weights has its own stream: same result for any thread count.
#pragma omp for schedule(static)
    for (int64_t b0 = 0; b0 < n; b0 += 4096) {
      std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ull ^ (uint64_t(step) << 20) ^ uint64_t(b0 / 4096));
      std::normal_distribution<float> nd(0.f, float(stddev));
      for (int64_t i = b0; i < std::min(n, b0 + 4096); ++i) w[i] += nd(rng);
    }
  }
}

bool all_finite(const std::vector<float>& v) {
  int bad = 0;
  const int64_t n = int64_t(v.size());
#pragma omp parallel for reduction(+ : bad)
  for (int64_t i = 0; i < n; ++i) bad += !std::isfinite(v[i]);
  return bad == 0;
}

struct Progress {
  int epoch = 0, batch = 0;  // next batch to run
  int64_t steps = 0;
  double seconds = 0;         // training time over all runs
  double best_score = INFINITY;
  int best_epoch = -1, bad_epochs = 0;
  nlohmann::json history = nlohmann::json::array();
  nlohmann::json commands = nlohmann::json::array();  // the first run's command, then each resume's
};

nlohmann::json progress_to_json(const Progress& p) {
  return {{"epoch", p.epoch}, {"batch", p.batch}, {"steps", p.steps}, {"seconds", p.seconds},
          {"best_score", std::isfinite(p.best_score) ? nlohmann::json(p.best_score) : nlohmann::json()},
          {"best_epoch", p.best_epoch}, {"bad_epochs", p.bad_epochs}, {"history", p.history},
          {"commands", p.commands}};
}

Progress progress_from_json(const nlohmann::json& j, const std::string& path) {
  try {
    Progress p;
    p.epoch = j.at("epoch"), p.batch = j.at("batch"), p.steps = j.at("steps"), p.seconds = j.at("seconds");
    p.best_score = j.at("best_score").is_null() ? INFINITY : j.at("best_score").get<double>();
    p.best_epoch = j.at("best_epoch"), p.bad_epochs = j.at("bad_epochs"), p.history = j.at("history");
    p.commands = j.value("commands", nlohmann::json::array());
    return p;
  } catch (const nlohmann::json::exception& e) {
    fail("{}: training progress record is malformed ({})", path, e.what());
  }
}

ModelHeader header_make(const TrainTask& task, const Network<float>& net, const TrainSpec& spec,
                        const Progress& p) {
  ModelHeader h;
  h.kind = task.kind();
  h.net = net.config();
  h.info = task.model_info();
  h.training = {{"command", p.commands.empty() ? spec.command : p.commands[0].get<std::string>()},
                {"commands", p.commands},
                {"optimizer", opt_config_to_json(spec.opt)},
                {"weight_noise", spec.weight_noise},
                {"clip_lstm", spec.clip_lstm},
                {"precision", spec.precision == Precision::bf16 ? "bf16" : "f32"},
                {"seed", spec.seed},
                {"epochs", p.epoch},
                {"steps", p.steps},
                {"train_seconds", p.seconds},
                {"best_epoch", p.best_epoch},
                {"history", p.history}};
  return h;
}

}  // namespace

TrainResult train_run(TrainTask& task, Network<float>& net, const TrainSpec& spec) {
  if (spec.run_dir.empty()) fail("training needs a run directory (--run)");
  fs::create_directories(spec.run_dir);
  const std::string ckpt_path = spec.run_dir + "/checkpoint.safetensors";
  const std::string best_path = spec.run_dir + "/best.safetensors";
  if (!spec.resume && fs::exists(ckpt_path))
    fail("{} already holds a training run (checkpoint.safetensors): continue it with --resume, or choose another --run",
         spec.run_dir);
  Log log(spec.run_dir + "/train.log", spec.quiet);
  gemm_set_precision(spec.precision);

  Optimizer opt{spec.opt};
  Progress p;
  if (spec.resume && fs::exists(ckpt_path)) {
    TensorFile f = safetensors_read(ckpt_path);
    ModelHeader h = model_header_read(f, ckpt_path);
    if (h.kind != task.kind()) fail("{}: checkpoint is for a {} model, not {}", ckpt_path, h.kind, task.kind());
    model_params_unpack(f, ckpt_path, net);
    optimizer_unpack(f, ckpt_path, net.params.size(), opt);
    opt.cfg = spec.opt;  // settings may be changed on resume (e.g. a lower learning rate)
    auto it = f.metadata.find("seqgen.progress");
    if (it == f.metadata.end()) fail("{}: a model file, not a checkpoint (no training progress)", ckpt_path);
    try {
      p = progress_from_json(nlohmann::json::parse(it->second), ckpt_path);
    } catch (const nlohmann::json::parse_error& e) {
      fail("{}: training progress is not valid JSON ({})", ckpt_path, e.what());
    }
    task.checkpoint_load(f, ckpt_path);
    log.line(fmt::format("resumed from {} at epoch {} batch {} (step {})", ckpt_path, p.epoch + 1, p.batch,
                         p.steps));
  } else if (spec.resume) {
    log.line(fmt::format("no checkpoint in {}: starting a new run", spec.run_dir));
  }
  if (!spec.resume || !fs::exists(ckpt_path)) {
    if (!spec.init_from.empty()) {
      TensorFile f = safetensors_read(spec.init_from);
      model_params_unpack(f, spec.init_from, net);
      log.line(fmt::format("weights initialised from {}", spec.init_from));
    }
  }
  p.commands.push_back(spec.command);
  net.params_changed();

  auto checkpoint_write = [&] {
    TensorFile f;
    model_pack(f, header_make(task, net, spec, p), net, false);
    optimizer_pack(f, opt);
    f.metadata["seqgen.progress"] = progress_to_json(p).dump();
    task.checkpoint_save(f);
    safetensors_write(ckpt_path, f);
  };

  SignalGuard signals;
  const auto run_start = Clock::now();
  auto last_ckpt = Clock::now();
  int64_t run_steps = 0, bad_streak = 0;
  bool stop = false;
  std::vector<float> clean;
  TrainResult result;
  for (; p.epoch < spec.epochs && !stop; ++p.epoch, p.batch = 0) {
    task.epoch_start(p.epoch);
    const int nb = task.batches_per_epoch();
    BatchLoss window;  // running sums shown on the progress line
    auto epoch_clock = Clock::now();
    int first_batch = p.batch;
    Meter meter(log, fmt::format("epoch {}/{}", p.epoch + 1, spec.epochs), nb, task.unit());
    for (; p.batch < nb; ++p.batch) {
      auto t0 = Clock::now();
      if (spec.weight_noise > 0) {
        clean = net.params;
        weight_noise_add(net.params, spec.weight_noise, spec.seed, p.steps);
        net.params_changed();
      }
      std::fill(net.grads.begin(), net.grads.end(), 0.f);
      BatchLoss bl = task.batch_train(net, p.batch, float(spec.clip_lstm));
      if (spec.weight_noise > 0) net.params.swap(clean);
      if (!std::isfinite(bl.loss) || !all_finite(net.grads)) {
        ++bad_streak;
        log.line(fmt::format("epoch {} batch {}: non-finite loss or gradient, update skipped", p.epoch + 1, p.batch));
        if (bad_streak >= 10)
          fail("training diverged: 10 batches in a row gave NaN or infinite values (epoch {}, batch {}); resume "
               "from {} with a lower learning rate",
               p.epoch + 1, p.batch, ckpt_path);
        net.params_changed();
        continue;
      }
      bad_streak = 0;
      opt.update(net.params.data(), net.grads.data(), net.params.size());
      net.params_changed();
      ++p.steps, ++run_steps;
      p.seconds += since(t0);
      window.loss += bl.loss, window.units += bl.units, window.sequences += bl.sequences;
      meter.update(p.batch + 1 - first_batch, p.batch + 1, bl.units,
                   fmt::format("{} {:.4f}", task.loss_name(), task.loss_display(window)));
      if (meter.line_done()) window = BatchLoss{};
      bool out_of_time = spec.max_hours > 0 && since(run_start) > spec.max_hours * 3600;
      if ((spec.max_steps > 0 && run_steps >= spec.max_steps) || out_of_time || g_signal != 0) {
        ++p.batch;
        stop = true;
        break;
      }
      if (since(last_ckpt) > spec.checkpoint_minutes * 60) {
        ++p.batch;
        checkpoint_write();
        --p.batch;
        last_ckpt = Clock::now();
      }
    }
    if (stop && p.batch < nb) break;
    // End of epoch: validation, best model, early stopping.
    auto t0 = Clock::now();
    EvalScores ev = task.evaluate(net);
    log.line(fmt::format("epoch {} done in {:.0f}s: validation {} (eval {:.0f}s)", p.epoch + 1, since(epoch_clock),
                         ev.summary, since(t0)));
    nlohmann::json rec = ev.details;
    rec["epoch"] = p.epoch + 1;
    rec["train_seconds"] = p.seconds;
    p.history.push_back(rec);
    if (ev.score < p.best_score) {
      p.best_score = ev.score, p.best_epoch = p.epoch + 1, p.bad_epochs = 0;
      TensorFile f;
      Progress pb = p;
      pb.epoch = p.epoch + 1;
      model_pack(f, header_make(task, net, spec, pb), net, false);
      safetensors_write(best_path, f);
      log.line(fmt::format("best so far: {} written", best_path));
    } else if (spec.patience > 0 && ++p.bad_epochs >= spec.patience) {
      log.line(fmt::format("no improvement for {} epochs: stopping", p.bad_epochs));
      stop = true;
    }
    stop = stop || g_signal != 0;
    if (stop) {  // finished epoch: the checkpoint must resume at the next one
      ++p.epoch, p.batch = 0;
      break;
    }
    if (p.epoch + 1 < spec.epochs) {
      ++p.epoch, p.batch = 0;
      checkpoint_write();
      --p.epoch;
      last_ckpt = Clock::now();
    }
  }
  checkpoint_write();
  if (g_signal != 0) {
    const char* name = g_signal == SIGINT ? "an interrupt (SIGINT)" : "SIGTERM";
    fail("training stopped by {} at epoch {} batch {}: {} written; continue with --resume", name, p.epoch + 1,
         p.batch, ckpt_path);
  }
  result.epochs_done = p.epoch;
  result.steps = p.steps;
  result.best_score = p.best_score;
  result.best_path = fs::exists(best_path) ? best_path : "";
  return result;
}

}  // namespace seqgen
