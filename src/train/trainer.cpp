#include "train/trainer.hpp"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "nn/model_file.hpp"
#include "train/checkpoint.hpp"
#include "train/dist.hpp"
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
  nlohmann::json shape = nlohmann::json::object();     // the task's RunShape: {key: value}
};

nlohmann::json progress_to_json(const Progress& p) {
  return {{"epoch", p.epoch}, {"batch", p.batch}, {"steps", p.steps}, {"seconds", p.seconds},
          {"best_score", std::isfinite(p.best_score) ? nlohmann::json(p.best_score) : nlohmann::json()},
          {"best_epoch", p.best_epoch}, {"bad_epochs", p.bad_epochs}, {"lr_scale", p.lr_scale}, {"history", p.history},
          {"commands", p.commands}, {"shape", p.shape}};
}

Progress progress_from_json(const nlohmann::json& j, const std::string& path) {
  try {
    Progress p;
    p.epoch = j.at("epoch"), p.batch = j.at("batch"), p.steps = j.at("steps"), p.seconds = j.at("seconds");
    p.best_score = j.at("best_score").is_null() ? INFINITY : j.at("best_score").get<double>();
    p.best_epoch = j.at("best_epoch"), p.bad_epochs = j.at("bad_epochs"), p.history = j.at("history");
    p.commands = j.value("commands", nlohmann::json::array());
    p.lr_scale = j.value("lr_scale", 1.0);
    p.shape = j.value("shape", nlohmann::json::object());
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

// A run's state from batch to batch: what a checkpoint saves and restores.
struct Run {
  Run(TrainTask& task_, Network<float>& net_, const TrainSpec& spec_)
      : task(task_),
        net(net_),
        spec(spec_),
        log(dist_root() ? spec.run_dir + "/train.log" : "", spec.quiet || !dist_root()),  // rank 0 alone logs
        ckpt_path(spec.run_dir + "/checkpoint.safetensors"),
        best_path(spec.run_dir + "/best.safetensors"),
        n(net.params.size()),
        adaptive(spec.adaptive_noise > 0),
        lambda(1.0 / double(std::max<int64_t>(1, task.sequences_per_epoch()))),
        opt{spec.opt},
        log_sigma(adaptive ? n : 0, adaptive ? float(std::log(spec.adaptive_noise)) : 0.f) {}
  TrainTask& task;
  Network<float>& net;
  const TrainSpec& spec;
  Log log;
  const std::string ckpt_path, best_path;
  const size_t n;                    // weights
  const bool adaptive;               // adaptive weight noise
  const double lambda;               // 1 / sequences per epoch (weight_noise.hpp)
  Optimizer opt;
  Progress p;
  std::vector<float> log_sigma;      // adaptive noise: s = ln σ per weight
  std::vector<float> average;        // --average: the moving average of the weights
  std::vector<float> clean, eps;     // the weights without noise; this batch's noise draw
  std::vector<float> theta, g_theta; // adaptive noise: [μ; s] and its gradient
  int64_t bad_streak = 0;            // batches in a row with a non-finite loss or gradient
};

// Every rank packs (a task may gather its state from all ranks); rank 0 writes.
void checkpoint_write(Run& r) {
  dist_hash_check(r.net.params, "weights", r.p.steps);
  TensorFile f;
  model_pack(f, header_make(r.task, r.net, r.spec, r.p), r.net, false);
  optimizer_pack(f, r.opt);
  f.metadata["seqgen.progress"] = progress_to_json(r.p).dump();
  r.task.checkpoint_save(f);
  if (r.adaptive) tensor_put(f, "noise.log_sigma", r.log_sigma, {int64_t(r.n)});
  if (!r.average.empty()) tensor_put(f, "average.params", r.average, {int64_t(r.n)});
  if (dist_root()) safetensors_write(r.ckpt_path, f);
}

// A resume under another cut of the epoch (batch, segment length, data) is
// refused by name: the saved position and carried state would not fit it.
// (Checkpoints older than the record are left to the tensor shape checks.)
void run_shape_check(const Run& r, const nlohmann::json& saved) {
  if (!saved.is_object()) fail("{}: training progress record is malformed (shape)", r.ckpt_path);
  for (const RunShape& s : r.task.run_shape()) {
    if (!saved.contains(s.key)) continue;
    const nlohmann::json& v = saved[s.key];
    if (!v.is_number_integer()) fail("{}: training progress record is malformed ({})", r.ckpt_path, s.key);
    if (v.get<int64_t>() != s.value)
      fail("{}: the run was made with {} {}, this resume has {}: resume with the run's {} (or start a new --run)",
           r.ckpt_path, s.key, v.get<int64_t>(), s.value, s.flag);
  }
}

void run_shape_record(Run& r) {
  r.p.shape = nlohmann::json::object();
  for (const RunShape& s : r.task.run_shape()) r.p.shape[s.key] = s.value;
}

// Everything checkpoint_write saved, back in place; every tensor's shape is
// checked against what this run needs before it is used.
void checkpoint_resume(Run& r) {
  TensorFile f = safetensors_read(r.ckpt_path);
  ModelHeader h = model_header_read(f, r.ckpt_path);
  if (h.kind != r.task.kind()) fail("{}: checkpoint is for a {} model, not {}", r.ckpt_path, h.kind, r.task.kind());
  if (h.net.hidden != r.net.config().hidden)
    fail("{}: the run's layers are {}, this resume asks for {} (--hidden): resume with the run's --hidden",
         r.ckpt_path, nlohmann::json(h.net.hidden).dump(), nlohmann::json(r.net.config().hidden).dump());
  auto it = f.metadata.find("seqgen.progress");
  if (it == f.metadata.end()) fail("{}: a model file, not a checkpoint (no training progress)", r.ckpt_path);
  try {
    r.p = progress_from_json(nlohmann::json::parse(it->second), r.ckpt_path);
  } catch (const nlohmann::json::parse_error& e) {
    fail("{}: training progress is not valid JSON ({})", r.ckpt_path, e.what());
  }
  run_shape_check(r, r.p.shape);
  if (r.p.epoch < 0 || r.p.batch < 0 || r.p.steps < 0)
    fail("{}: training progress record is malformed (negative position)", r.ckpt_path);
  model_params_unpack(f, r.ckpt_path, r.net);
  optimizer_unpack(f, r.ckpt_path, r.adaptive ? 2 * r.n : r.n, r.opt);
  if (r.adaptive && tensor_has(f, "noise.log_sigma"))
    r.log_sigma = tensor_get(f, "noise.log_sigma", r.ckpt_path, {int64_t(r.n)});
  if (r.spec.average > 0 && tensor_has(f, "average.params"))
    r.average = tensor_get(f, "average.params", r.ckpt_path, {int64_t(r.n)});
  r.opt.cfg = r.spec.opt;                      // settings may be changed on resume (e.g. a lower learning rate),
  r.opt.cfg.lr = r.spec.opt.lr * r.p.lr_scale;  // and the decays so far still apply
  r.task.checkpoint_load(f, r.ckpt_path, r.net.config());
  r.log.line(fmt::format("resumed from {} at epoch {} batch {} (step {})", r.ckpt_path, r.p.epoch + 1, r.p.batch,
                         r.p.steps));
}

// Weight noise (§3.1): w = μ + σ ε for this batch, μ kept in r.clean.
// False when the run has no noise.
bool noise_add(Run& r) {
  if (!(r.spec.weight_noise > 0 || r.adaptive)) return false;
  r.clean = r.net.params;
  noise_draw(r.eps, r.n, r.spec.seed, r.p.steps);
#pragma omp parallel for schedule(static)
  for (size_t i = 0; i < r.n; ++i)
    r.net.params[i] += (r.adaptive ? std::exp(r.log_sigma[i]) : float(r.spec.weight_noise)) * r.eps[i];
  r.net.params_changed();
  return true;
}

// Forward and backward of the current batch: gradients into net.grads.
BatchLoss forward_backward(Run& r) {
  std::fill(r.net.grads.begin(), r.net.grads.end(), 0.f);
  // Masks from (seed, step), like the weight noise: a resumed run repeats them.
  r.net.dropout_set(float(r.spec.recurrent_dropout),
                    hash_u32(uint32_t(r.spec.seed) * 0x9E3779B9u) ^ uint32_t(r.p.steps));
  BatchLoss bl = r.task.batch_train(r.net, r.p.batch, float(r.spec.clip_lstm));
  r.net.dropout_set(0, 0);
  // Over MPI each rank ran its share of the batch: the sums over all ranks.
  dist_allreduce_sum(r.net.grads.data(), r.net.grads.size());
  double sums[3] = {bl.loss, double(bl.units), double(bl.sequences)};
  dist_sum(sums, 3);
  return {sums[0], int64_t(sums[1]), int64_t(sums[2])};
}

// A batch with a NaN or infinite loss or gradient is skipped; ten in a row stop the run.
bool batch_finite(Run& r, const BatchLoss& bl) {
  if (std::isfinite(bl.loss) && all_finite(r.net.grads)) {
    r.bad_streak = 0;
    return true;
  }
  ++r.bad_streak;
  r.log.line(fmt::format("epoch {} batch {}: non-finite loss or gradient, update skipped", r.p.epoch + 1, r.p.batch));
  if (r.bad_streak >= 10)
    fail("training diverged: 10 batches in a row gave NaN or infinite values (epoch {}, batch {}); resume "
         "from {} with a lower learning rate",
         r.p.epoch + 1, r.p.batch, r.ckpt_path);
  return false;
}

// The optimiser's step; with adaptive noise on [μ; s/k], k = 1/σ₀ (weight_noise.hpp):
// the paper learns σ itself, and a step of about lr in σ is a step of lr/σ in
// s = ln σ. Scaling s by 1/k (its gradient by k) gives s steps k times those of μ
// under rmsprop and Adam (k² under SGD, as dσ = σ ds gives), so σ starts to move
// at the paper's pace; unscaled, σ had moved 0.075 -> 0.0753 after a PTB epoch.
void update(Run& r) {
  if (!r.adaptive) return r.opt.update(r.net.params.data(), r.net.grads.data(), r.n);
  const size_t n = r.n;
  std::vector<float>&theta = r.theta, &g_theta = r.g_theta;
  theta.resize(2 * n), g_theta.resize(2 * n);
  const NoisePrior prior = noise_prior(r.net.params.data(), r.log_sigma.data(), n);
  noise_grads(r.net.params.data(), r.log_sigma.data(), r.eps.data(), r.net.grads.data(), n, r.lambda, prior,
              g_theta.data(), g_theta.data() + n);
  std::copy(r.net.params.begin(), r.net.params.end(), theta.begin());
  const float k = float(1 / r.spec.adaptive_noise);
  for (size_t i = 0; i < n; ++i) theta[n + i] = r.log_sigma[i] / k, g_theta[n + i] *= k;
  r.opt.update(theta.data(), g_theta.data(), 2 * n);
  std::copy(theta.begin(), theta.begin() + n, r.net.params.begin());
  for (size_t i = 0; i < n; ++i) r.log_sigma[i] = k * theta[n + i];
}

// --average: the exponential moving average of the weights.
void average_update(Run& r) {
  if (r.average.empty()) return;
  const float d = float(r.spec.average);
#pragma omp parallel for schedule(static)
  for (size_t i = 0; i < r.n; ++i) r.average[i] = d * r.average[i] + (1 - d) * r.net.params[i];
}

// End of an epoch: validation, the history, the best model, learning-rate
// decay and early stopping; all on the averaged weights when there are any.
// True when early stopping ends the run.
bool validate(Run& r, double epoch_seconds) {
  Progress& p = r.p;
  Network<float>& net = r.net;
  auto t0 = Clock::now();
  if (!r.average.empty()) net.params.swap(r.average), net.params_changed();
  EvalScores ev;
  if (dist_root()) ev = r.task.evaluate(net);  // rank 0's verdict rules every rank's decisions
  ev.score = dist_bcast(ev.score);
  r.log.line(fmt::format("epoch {} done in {:.0f}s: validation{} {} (eval {:.0f}s)", p.epoch + 1, epoch_seconds,
                         r.average.empty() ? "" : " of the averaged weights", ev.summary, since(t0)));
  nlohmann::json rec = ev.details;
  if (r.adaptive) {
    const NoisePrior prior = noise_prior(net.params.data(), r.log_sigma.data(), r.n);
    double mean_sigma = 0;
    for (float v : r.log_sigma) mean_sigma += std::exp(double(v));
    mean_sigma /= double(r.n);
    const double lc = noise_complexity(net.params.data(), r.log_sigma.data(), r.n, prior);
    rec["noise_mean_sigma"] = mean_sigma, rec["noise_prior_sigma"] = std::sqrt(prior.sigma2);
    rec["noise_complexity_nats"] = lc;
    r.log.line(fmt::format("adaptive noise: mean σ {:.4f}, prior σ_P {:.4f}, L_C {:.0f} nats ({:.2f} per sequence)",
                           mean_sigma, std::sqrt(prior.sigma2), lc, lc * r.lambda));
  }
  rec["epoch"] = p.epoch + 1;
  rec["lr"] = r.opt.cfg.lr;
  rec["train_seconds"] = p.seconds;
  p.history.push_back(rec);
  bool stop = false;
  if (ev.score < p.best_score) {
    p.best_score = ev.score, p.best_epoch = p.epoch + 1, p.bad_epochs = 0;
    TensorFile f;
    Progress pb = p;
    pb.epoch = p.epoch + 1;
    model_pack(f, header_make(r.task, net, r.spec, pb), net, false);
    if (dist_root()) safetensors_write(r.best_path, f);
    r.log.line(fmt::format("best so far: {} written", r.best_path));
  } else {
    ++p.bad_epochs;
    if (r.spec.lr_decay < 1) {
      p.lr_scale *= r.spec.lr_decay;
      r.opt.cfg.lr = r.spec.opt.lr * p.lr_scale;
      r.log.line(fmt::format("no improvement: learning rate now {:.3g}", r.opt.cfg.lr));
    }
    if (r.spec.patience > 0 && p.bad_epochs >= r.spec.patience) {
      r.log.line(fmt::format("no improvement for {} epochs: stopping", p.bad_epochs));
      stop = true;
    }
  }
  if (!r.average.empty()) net.params.swap(r.average), net.params_changed();
  return stop;
}

// The signal any rank noted (mpirun passes them to every rank, not at the same instant).
int64_t signal_agreed() {
  int64_t s = train_signal();
  dist_max(&s, 1);
  return s;
}

// Over MPI: what the gradient sums cost, per update (README, "Several machines").
void dist_report(Run& r, double run_seconds) {
  const DistStats s = dist_stats();
  if (s.calls == 0) return;
  r.log.line(fmt::format("MPI: {} ranks, {:.2f} MB all-reduced per update, {:.1f} ms per update in MPI over {} "
                         "updates ({:.1f}% of this run's time)",
                         dist_size(), s.bytes / double(s.calls) / 1e6, 1e3 * s.seconds / double(s.calls), s.calls,
                         100 * s.seconds / std::max(1e-9, run_seconds)));
}

}  // namespace

TrainResult train_run(TrainTask& task, Network<float>& net, const TrainSpec& spec) {
  if (spec.run_dir.empty()) fail("training needs a run directory (--run)");
  fs::create_directories(spec.run_dir);
  std::optional<RunLock> lock;  // unless the caller took it before loading the data; rank 0's alone
  if (!spec.locked && dist_root()) lock.emplace(spec.run_dir);
  const std::string ckpt_path = spec.run_dir + "/checkpoint.safetensors";
  // Temporaries of a write killed midway (safetensors_write): never a checkpoint.
  for (const char* name : {"/checkpoint.safetensors.tmp", "/best.safetensors.tmp"}) {
    std::error_code ec;
    fs::remove(spec.run_dir + name, ec);
  }
  if (!spec.resume && fs::exists(ckpt_path))
    fail("{} already holds a training run (checkpoint.safetensors): continue it with --resume, or choose another --run",
         spec.run_dir);
  if (!(spec.recurrent_dropout >= 0 && spec.recurrent_dropout < 1))
    fail("recurrent dropout must be in [0, 1), not {}", spec.recurrent_dropout);
  if (spec.adaptive_noise > 0 && spec.weight_noise > 0)
    fail("choose fixed (--weight-noise) or adaptive weight noise, not both");
  Run r(task, net, spec);
  Progress& p = r.p;
  gemm_set_precision(spec.precision);
  if (spec.resume && fs::exists(ckpt_path)) {
    checkpoint_resume(r);
  } else {
    if (spec.resume) r.log.line(fmt::format("no checkpoint in {}: starting a new run", spec.run_dir));
    if (!spec.init_from.empty()) {
      TensorFile f = safetensors_read(spec.init_from);
      model_params_unpack(f, spec.init_from, net);
      r.log.line(fmt::format("weights initialised from {}", spec.init_from));
    }
  }
  p.commands.push_back(spec.command);
  run_shape_record(r);
  net.params_changed();
  // The weight average starts from the weights training starts from.
  if (spec.average > 0 && r.average.empty()) r.average = net.params;
  dist_hash_check(net.params, "initial weights", p.steps);

  SignalGuard signals;
  const auto run_start = Clock::now();
  auto last_ckpt = Clock::now();
  int64_t run_steps = 0;
  bool stop = false;
  for (; p.epoch < spec.epochs && !stop; ++p.epoch, p.batch = 0) {
    task.epoch_start(p.epoch);
    const int nb = task.batches_per_epoch();
    BatchLoss window;  // running sums shown on the progress line
    auto epoch_clock = Clock::now();
    int first_batch = p.batch;
    Meter meter(r.log, fmt::format("epoch {}/{}", p.epoch + 1, spec.epochs), nb, task.unit());
    for (; p.batch < nb; ++p.batch) {
      auto t0 = Clock::now();
      const bool noisy = noise_add(r);
      BatchLoss bl = forward_backward(r);
      if (noisy) net.params.swap(r.clean);  // the update applies to μ, the weights without noise
      if (!batch_finite(r, bl)) {
        net.params_changed();
        continue;
      }
      update(r);
      average_update(r);
      net.params_changed();
      ++p.steps, ++run_steps;
      if (p.steps % 200 == 0) dist_hash_check(net.params, "weights", p.steps);
      p.seconds += since(t0);
      window.loss += bl.loss, window.units += bl.units, window.sequences += bl.sequences;
      meter.update(p.batch + 1 - first_batch, p.batch + 1, bl.units,
                   fmt::format("{} {:.4f}", task.loss_name(), task.loss_display(window)));
      if (meter.line_done()) window = BatchLoss{};
      // Clocks and signals differ between ranks: they act when any rank's says so.
      int64_t flags[3] = {spec.max_hours > 0 && since(run_start) > spec.max_hours * 3600, train_signal(),
                          since(last_ckpt) > spec.checkpoint_minutes * 60};
      dist_max(flags, 3);
      if ((spec.max_steps > 0 && run_steps >= spec.max_steps) || flags[0] || flags[1]) {
        ++p.batch;
        stop = true;
        break;
      }
      if (flags[2]) {  // saved as resuming at the next batch
        ++p.batch;
        checkpoint_write(r);
        --p.batch;
        last_ckpt = Clock::now();
      }
    }
    if (stop && p.batch < nb) break;
    const bool patience_out = validate(r, since(epoch_clock));
    stop = stop || patience_out || signal_agreed() != 0;
    if (stop) {  // finished epoch: the checkpoint must resume at the next one
      ++p.epoch, p.batch = 0;
      break;
    }
    if (p.epoch + 1 < spec.epochs) {
      ++p.epoch, p.batch = 0;
      checkpoint_write(r);
      --p.epoch;
      last_ckpt = Clock::now();
    }
  }
  checkpoint_write(r);
  dist_report(r, since(run_start));
  if (const int64_t sig = signal_agreed()) {
    const char* name = sig == SIGINT ? "an interrupt (SIGINT)" : "SIGTERM";
    fail("training stopped by {} at epoch {} batch {}: {} written; continue with --resume", name, p.epoch + 1,
         p.batch, ckpt_path);
  }
  TrainResult result;
  result.epochs_done = p.epoch;
  result.steps = p.steps;
  result.best_score = p.best_score;
  result.best_path = fs::exists(r.best_path) ? r.best_path : "";
  return result;
}

}  // namespace seqgen
