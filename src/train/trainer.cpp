#include "train/trainer.hpp"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "train/model_io.hpp"
#include "train/run_guard.hpp"
#include "train/weight_noise.hpp"

namespace seqgen {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

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
  double lr_scale = 1;        // product of the learning-rate decays so far
  nlohmann::json history = nlohmann::json::array();
  nlohmann::json commands = nlohmann::json::array();  // the first run's command, then each resume's
};

nlohmann::json progress_to_json(const Progress& p) {
  return {{"epoch", p.epoch}, {"batch", p.batch}, {"steps", p.steps}, {"seconds", p.seconds},
          {"best_score", std::isfinite(p.best_score) ? nlohmann::json(p.best_score) : nlohmann::json()},
          {"best_epoch", p.best_epoch}, {"bad_epochs", p.bad_epochs}, {"lr_scale", p.lr_scale}, {"history", p.history},
          {"commands", p.commands}};
}

Progress progress_from_json(const nlohmann::json& j, const std::string& path) {
  try {
    Progress p;
    p.epoch = j.at("epoch"), p.batch = j.at("batch"), p.steps = j.at("steps"), p.seconds = j.at("seconds");
    p.best_score = j.at("best_score").is_null() ? INFINITY : j.at("best_score").get<double>();
    p.best_epoch = j.at("best_epoch"), p.bad_epochs = j.at("bad_epochs"), p.history = j.at("history");
    p.commands = j.value("commands", nlohmann::json::array());
    p.lr_scale = j.value("lr_scale", 1.0);
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
                {"adaptive_noise", spec.adaptive_noise},
                {"recurrent_dropout", spec.recurrent_dropout},
                {"average", spec.average},
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
  RunLock lock(spec.run_dir);
  const std::string ckpt_path = spec.run_dir + "/checkpoint.safetensors";
  const std::string best_path = spec.run_dir + "/best.safetensors";
  if (!spec.resume && fs::exists(ckpt_path))
    fail("{} already holds a training run (checkpoint.safetensors): continue it with --resume, or choose another --run",
         spec.run_dir);
  Log log(spec.run_dir + "/train.log", spec.quiet);
  gemm_set_precision(spec.precision);

  const size_t n = net.params.size();
  const bool adaptive = spec.adaptive_noise > 0;
  if (!(spec.recurrent_dropout >= 0 && spec.recurrent_dropout < 1))
    fail("recurrent dropout must be in [0, 1), not {}", spec.recurrent_dropout);
  if (adaptive && spec.weight_noise > 0) fail("choose fixed (--weight-noise) or adaptive weight noise, not both");
  // Adaptive noise: the optimiser updates [μ; s], s = ln σ per weight (weight_noise.hpp).
  std::vector<float> log_sigma(adaptive ? n : 0, adaptive ? float(std::log(spec.adaptive_noise)) : 0.f);
  const size_t n_opt = adaptive ? 2 * n : n;
  std::vector<float> average;  // --average: the moving average of the weights
  Optimizer opt{spec.opt};
  Progress p;
  if (spec.resume && fs::exists(ckpt_path)) {
    TensorFile f = safetensors_read(ckpt_path);
    ModelHeader h = model_header_read(f, ckpt_path);
    if (h.kind != task.kind()) fail("{}: checkpoint is for a {} model, not {}", ckpt_path, h.kind, task.kind());
    model_params_unpack(f, ckpt_path, net);
    optimizer_unpack(f, ckpt_path, n_opt, opt);
    if (adaptive && tensor_has(f, "noise.log_sigma"))
      log_sigma = tensor_get(f, "noise.log_sigma", ckpt_path, {int64_t(n)});
    if (spec.average > 0 && tensor_has(f, "average.params"))
      average = tensor_get(f, "average.params", ckpt_path, {int64_t(n)});
    auto it = f.metadata.find("seqgen.progress");
    if (it == f.metadata.end()) fail("{}: a model file, not a checkpoint (no training progress)", ckpt_path);
    try {
      p = progress_from_json(nlohmann::json::parse(it->second), ckpt_path);
    } catch (const nlohmann::json::parse_error& e) {
      fail("{}: training progress is not valid JSON ({})", ckpt_path, e.what());
    }
    opt.cfg = spec.opt;  // settings may be changed on resume (e.g. a lower learning rate),
    opt.cfg.lr = spec.opt.lr * p.lr_scale;  // and the decays so far still apply
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
  // The weight average starts from the weights training starts from.
  if (spec.average > 0 && average.empty()) average = net.params;

  auto checkpoint_write = [&] {
    TensorFile f;
    model_pack(f, header_make(task, net, spec, p), net, false);
    optimizer_pack(f, opt);
    f.metadata["seqgen.progress"] = progress_to_json(p).dump();
    task.checkpoint_save(f);
    if (adaptive) tensor_put(f, "noise.log_sigma", log_sigma, {int64_t(n)});
    if (!average.empty()) tensor_put(f, "average.params", average, {int64_t(n)});
    safetensors_write(ckpt_path, f);
  };

  SignalGuard signals;
  const auto run_start = Clock::now();
  auto last_ckpt = Clock::now();
  int64_t run_steps = 0, bad_streak = 0;
  bool stop = false;
  std::vector<float> clean, eps, theta, g_theta;
  const double lambda = 1.0 / double(std::max<int64_t>(1, task.sequences_per_epoch()));
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
      const bool noisy = spec.weight_noise > 0 || adaptive;
      if (noisy) {  // w = μ + σ ε for this batch (§3.1)
        clean = net.params;
        noise_draw(eps, n, spec.seed, p.steps);
#pragma omp parallel for schedule(static)
        for (size_t i = 0; i < n; ++i)
          net.params[i] += (adaptive ? std::exp(log_sigma[i]) : float(spec.weight_noise)) * eps[i];
        net.params_changed();
      }
      std::fill(net.grads.begin(), net.grads.end(), 0.f);
      // Masks from (seed, step), like the weight noise: a resumed run repeats them.
      net.dropout_set(float(spec.recurrent_dropout), hash_u32(uint32_t(spec.seed) * 0x9E3779B9u) ^ uint32_t(p.steps));
      BatchLoss bl = task.batch_train(net, p.batch, float(spec.clip_lstm));
      net.dropout_set(0, 0);
      if (noisy) net.params.swap(clean);
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
      if (adaptive) {
        theta.resize(2 * n), g_theta.resize(2 * n);
        const NoisePrior prior = noise_prior(net.params.data(), log_sigma.data(), n);
        noise_grads(net.params.data(), log_sigma.data(), eps.data(), net.grads.data(), n, lambda, prior,
                    g_theta.data(), g_theta.data() + n);
        std::copy(net.params.begin(), net.params.end(), theta.begin());
        std::copy(log_sigma.begin(), log_sigma.end(), theta.begin() + n);
        opt.update(theta.data(), g_theta.data(), 2 * n);
        std::copy(theta.begin(), theta.begin() + n, net.params.begin());
        std::copy(theta.begin() + n, theta.end(), log_sigma.begin());
      } else {
        opt.update(net.params.data(), net.grads.data(), n);
      }
      if (!average.empty()) {
        const float d = float(spec.average);
#pragma omp parallel for schedule(static)
        for (size_t i = 0; i < n; ++i) average[i] = d * average[i] + (1 - d) * net.params[i];
      }
      net.params_changed();
      ++p.steps, ++run_steps;
      p.seconds += since(t0);
      window.loss += bl.loss, window.units += bl.units, window.sequences += bl.sequences;
      meter.update(p.batch + 1 - first_batch, p.batch + 1, bl.units,
                   fmt::format("{} {:.4f}", task.loss_name(), task.loss_display(window)));
      if (meter.line_done()) window = BatchLoss{};
      bool out_of_time = spec.max_hours > 0 && since(run_start) > spec.max_hours * 3600;
      if ((spec.max_steps > 0 && run_steps >= spec.max_steps) || out_of_time || train_signal() != 0) {
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
    // End of epoch: validation, best model, early stopping; all on the
    // averaged weights when there are any, swapped in until the end of this block.
    auto t0 = Clock::now();
    if (!average.empty()) net.params.swap(average), net.params_changed();
    EvalScores ev = task.evaluate(net);
    log.line(fmt::format("epoch {} done in {:.0f}s: validation{} {} (eval {:.0f}s)", p.epoch + 1,
                         since(epoch_clock), average.empty() ? "" : " of the averaged weights", ev.summary,
                         since(t0)));
    nlohmann::json rec = ev.details;
    if (adaptive) {
      const NoisePrior prior = noise_prior(net.params.data(), log_sigma.data(), n);
      double mean_sigma = 0;
      for (float v : log_sigma) mean_sigma += std::exp(double(v));
      mean_sigma /= double(n);
      const double lc = noise_complexity(net.params.data(), log_sigma.data(), n, prior);
      rec["noise_mean_sigma"] = mean_sigma, rec["noise_prior_sigma"] = std::sqrt(prior.sigma2);
      rec["noise_complexity_nats"] = lc;
      log.line(fmt::format("adaptive noise: mean σ {:.4f}, prior σ_P {:.4f}, L_C {:.0f} nats ({:.2f} per sequence)",
                           mean_sigma, std::sqrt(prior.sigma2), lc, lc * lambda));
    }
    rec["epoch"] = p.epoch + 1;
    rec["lr"] = opt.cfg.lr;
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
    } else {
      ++p.bad_epochs;
      if (spec.lr_decay < 1) {
        p.lr_scale *= spec.lr_decay;
        opt.cfg.lr = spec.opt.lr * p.lr_scale;
        log.line(fmt::format("no improvement: learning rate now {:.3g}", opt.cfg.lr));
      }
      if (spec.patience > 0 && p.bad_epochs >= spec.patience) {
        log.line(fmt::format("no improvement for {} epochs: stopping", p.bad_epochs));
        stop = true;
      }
    }
    if (!average.empty()) net.params.swap(average), net.params_changed();
    stop = stop || train_signal() != 0;
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
  if (train_signal() != 0) {
    const char* name = train_signal() == SIGINT ? "an interrupt (SIGINT)" : "SIGTERM";
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
