// seqgen train handwriting|synthesis|recognizer|text
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <optional>

#include "cli/cli.hpp"
#include "core/error.hpp"
#include "data/pen_balance.hpp"
#include "data/pen_data.hpp"
#include "nn/mdn_output.hpp"
#include "nn/model_file.hpp"
#include "seqgen/text_corpus.hpp"
#include "train/task_pen.hpp"
#include "train/task_read.hpp"
#include "train/run_guard.hpp"
#include "train/task_text.hpp"
#include "train/dist.hpp"
#include "train/trainer.hpp"

namespace seqgen {
namespace {

struct TrainArgs {
  TrainSpec spec;
  std::string optimizer = "adam";
  double lr = 0, momentum = -1;
  std::string precision = "bf16";
  std::vector<int> hidden;
  int batch = 32;
  uint64_t init_seed = 1;
};

void common_options(CLI::App* c, TrainArgs& a) {
  c->add_option("--run", a.spec.run_dir, "folder for checkpoints, the best model and the log")->required();
  c->add_option("--epochs", a.spec.epochs, "passes over the training data")->capture_default_str()->check(kPositive);
  c->add_option("--hidden", a.hidden, "LSTM cells per layer, e.g. 400,400,400")
      ->delimiter(',')
      ->capture_default_str()
      ->check(number_range(1, 10000));
  c->add_option("--batch", a.batch, "sequences per update")->capture_default_str()->check(number_range(1, 4096));
  c->add_option("--optimizer", a.optimizer, "rmsprop (the paper's, §4.2), sgd (§3.1) or adam")->capture_default_str();
  c->add_option("--lr", a.lr, "learning rate (default: the optimiser's; paper 1e-4, adam 1e-3)")->check(kPositive);
  c->add_option("--momentum", a.momentum, "momentum (default: the optimiser's)")->check(number_range(0, 0.999999));
  c->add_option("--weight-noise", a.spec.weight_noise, "std of Gaussian weight noise per batch (§3.1; paper 0.075)")
      ->check(kNonNegative);
  c->add_option("--adaptive-noise", a.spec.adaptive_noise,
                "adaptive weight noise (§3.1; Graves 2011): a σ per weight, learnt, starting at this value")
      ->check(number_range(0, 10));
  c->add_option("--recurrent-dropout", a.spec.recurrent_dropout,
                "drop this fraction of the LSTM cell inputs g in training (Semeniuta et al. 2016; not in the paper)")
      ->check(number_range(0, 0.99));
  c->add_option("--clip", a.spec.clip_lstm, "bound on LSTM derivatives (§2.1)")->capture_default_str()->check(kPositive);
  c->add_option("--precision", a.precision, "bf16 (products in bf16 when the CPU has it) or f32")->capture_default_str();
  c->add_option("--seed", a.spec.seed, "seed for data order and weight noise")->capture_default_str();
  c->add_option("--init-seed", a.init_seed, "seed for the initial weights")->capture_default_str();
  c->add_option("--init-from", a.spec.init_from, "start from this model's weights (handwriting: and its offset statistics and alphabet)");
  c->add_flag("--resume", a.spec.resume, "continue from RUN/checkpoint.safetensors");
  c->add_option("--checkpoint-minutes", a.spec.checkpoint_minutes, "minutes between checkpoints")
      ->capture_default_str()
      ->check(kPositive);
  c->add_flag("-q,--quiet", a.spec.quiet, "no progress lines on the screen (the log file still gets them)");
  c->add_option("--patience", a.spec.patience, "stop after this many epochs without validation improvement")
      ->check(kNonNegative);
  c->add_option("--lr-decay", a.spec.lr_decay,
                "multiply the learning rate by this after each epoch without validation improvement (e.g. 0.5)")
      ->check(number_range(1e-6, 1.0));
  c->add_option("--average", a.spec.average,
                "validate and keep a moving average of the weights with this decay per update (e.g. 0.999)")
      ->check(number_range(0, 0.999999));
  c->add_option("--max-steps", a.spec.max_steps, "stop after this many updates (checkpoint kept)")->check(kNonNegative);
  c->add_option("--max-hours", a.spec.max_hours, "stop after this long (checkpoint kept)")->check(kNonNegative);
}

void spec_finish(TrainArgs& a) {
  dist_init();  // under mpirun: joins the other ranks (ranks but 0 print nothing)
  a.spec.opt = opt_defaults(opt_kind_parse(a.optimizer));
  if (a.lr > 0) a.spec.opt.lr = a.lr;
  if (a.momentum >= 0) a.spec.opt.momentum = a.momentum;
  if (a.precision != "bf16" && a.precision != "f32") fail("--precision must be bf16 or f32, not {}", a.precision);
  a.spec.precision = a.precision == "bf16" ? Precision::bf16 : Precision::f32;
  a.spec.command = cli_command_line();
  if (a.batch < 1) fail("--batch must be at least 1");
  for (int h : a.hidden)
    if (h < 1) fail("--hidden sizes must be positive");
}

void train_result_print(const TrainResult& r, const std::string& best) {
  if (r.best_path.empty())
    std::printf("done: %d epochs, %ld updates, no validation yet (continue with --resume)\n", r.epochs_done,
                long(r.steps));
  else
    std::printf("done: %d epochs, %ld updates, best validation %s (%s)\n", r.epochs_done, long(r.steps), best.c_str(),
                r.best_path.c_str());
}

// The run's lock, taken before anything is loaded or written into the run
// folder (RUN/iam.cache), so that a second training of the run is refused
// before it touches anything. Under mpirun, rank 0 holds it for all ranks.
void run_lock(TrainArgs& a, std::optional<RunLock>& lock) {
  std::filesystem::create_directories(a.spec.run_dir);
  a.spec.locked = true;
  if (dist_root()) lock.emplace(a.spec.run_dir);
}

// kind: "handwriting" (§4), "synthesis" (§5) or "recognizer" (task_read.hpp).
void train_pen(TrainArgs& a, const std::string& data, const std::string& cache, int mixtures, int window,
               const std::string& kind, const PenBalance& balance, const std::string& class_weight, ReadInput read) {
  const bool synthesis = kind == "synthesis", texts = kind != "handwriting";
  spec_finish(a);
  std::optional<RunLock> lock;
  run_lock(a, lock);
  if (mixtures < 1 || mixtures > kMdnMaxMixtures) fail("--mixtures must be 1..{}", kMdnMaxMixtures);
  IamOptions io;
  io.root = data;
  io.cache = cache;
  StepStats stats;
  Alphabet alphabet;
  const StepStats* fixed_stats = nullptr;
  const Alphabet* fixed_alphabet = nullptr;
  // A resumed run keeps the statistics and alphabet its checkpoint was made
  // with; a run started from a model keeps the model's, since its weights expect
  // offsets scaled by them and window rows in that order (other data, such as
  // scripts/iam_augment.py's, would give other ones).
  const std::string ckpt = a.spec.run_dir + "/checkpoint.safetensors";
  const std::string from = a.spec.resume && std::filesystem::exists(ckpt) ? ckpt : a.spec.init_from;
  if (!from.empty()) {
    TensorFile f = safetensors_read(from);
    ModelHeader h = model_header_read(f, from);
    try {
      stats = step_stats_from_json(h.info.at("stats"), from);
      if (texts) alphabet = alphabet_from_json(h.info.at("alphabet"), from);
    } catch (const nlohmann::json::exception& e) {
      fail("{}: {} information is incomplete ({})", from, from == ckpt ? "checkpoint" : "model", e.what());
    }
    fixed_stats = &stats;
    if (texts) fixed_alphabet = &alphabet;
    if (kind == "recognizer") {  // a run goes on reading as it began
      const nlohmann::json was = read_input_to_json(read_input_from(h.info, stats, h.net, from));
      if (was != read_input_to_json(read))
        fail("{}: it reads {}, the options say {} (--both-ways, --raster)", from, was.dump(), read_input_to_json(read).dump());
    }
  }
  PenData d = pen_data_load(io, texts, fixed_stats, fixed_alphabet);
  std::printf("%s\n", d.report.c_str());
  if (balance.min_lines > 0) {
    std::string rep;
    d.train = pen_lines_balance(std::move(d.train), d.alphabet.size(), balance, &rep);
    std::printf("%s\n", rep.c_str());
  }
  NetConfig cfg;
  read.stats = d.stats;
  cfg.input_size = kind == "recognizer" ? read.input_size() : 3;
  cfg.hidden = a.hidden;
  cfg.output_size = texts && !synthesis ? d.alphabet.size() + 1 : mdn_output_size(mixtures);  // + CTC's blank
  if (synthesis) cfg.window_alphabet = d.alphabet.size(), cfg.window_mixtures = window;
  nlohmann::json info = {{"stats", step_stats_to_json(d.stats)},
                         {"data", {{"train_lines", d.train.size()}, {"valid_lines", d.valid.size()}}}};
  if (kind != "recognizer") info["mixtures"] = mixtures;
  if (texts) info["alphabet"] = alphabet_to_json(d.alphabet);
  Network<float> net(cfg);
  net.init(a.init_seed);
  std::printf("%s network: %zu weights, %zu training and %zu validation lines\n",
              kind == "handwriting" ? "prediction" : kind.c_str(), net.params.size(), d.train.size(), d.valid.size());
  if (kind == "recognizer") {
    ReadTask task(std::move(d.train), std::move(d.valid), read, a.batch, a.spec.seed, info);
    TrainResult r = train_run(task, net, a.spec);
    train_result_print(r, fmt::format("{:.2f} nats/line", r.best_score));
    return;
  }
  std::vector<float> char_weight;
  if (synthesis && !class_weight.empty()) char_weight = char_weights_parse(class_weight, &d.alphabet);
  PenTask task(std::move(d.train), std::move(d.valid), mixtures, a.batch, a.spec.seed, 100.0, info, synthesis,
               std::move(char_weight));
  TrainResult r = train_run(task, net, a.spec);
  train_result_print(r, fmt::format("{:.2f} nats/line", r.best_score));
}

struct TextArgs {
  std::string train, valid, level = "auto", unknown;
  int max_words = 10000, seq = 100, reset_every = 0;
};

void train_text(TrainArgs& a, const TextArgs& t) {
  spec_finish(a);
  std::optional<RunLock> lock;
  run_lock(a, lock);
  std::string text = text_file_read(t.train);
  VocabOptions vo;
  vo.kind = t.level == "auto" ? text_kind_detect(text) : vocab_kind_parse(t.level);
  vo.unknown = t.unknown;
  vo.max_words = t.max_words;
  Vocab v;
  const std::string ckpt = a.spec.run_dir + "/checkpoint.safetensors";
  if (a.spec.resume && std::filesystem::exists(ckpt)) {  // keep the vocabulary the run started with
    TensorFile f = safetensors_read(ckpt);
    const nlohmann::json info = model_header_read(f, ckpt).info;
    if (!info.contains("vocab") || !info["vocab"].is_string()) fail("{}: checkpoint has no vocabulary", ckpt);
    v = vocab_from_string(info["vocab"].get<std::string>(), ckpt);
  } else {
    v = vocab_build(text, t.train, vo);
  }
  std::vector<int32_t> train = vocab_encode(v, text, t.train);
  std::vector<int32_t> valid = vocab_encode(v, text_file_read(t.valid), t.valid);
  // Each symbol is scored from the one before it: one symbol scores nothing.
  if (valid.size() < 2) fail("{}: the validation text is {} (at least 2 symbols)", t.valid, valid.empty() ? "empty" : "one symbol");
  NetConfig cfg;
  cfg.input_size = v.size(), cfg.input_onehot = true, cfg.hidden = a.hidden, cfg.output_size = v.size();
  Network<float> net(cfg);
  net.init(a.init_seed);
  const bool words = v.kind == VocabKind::words;
  std::printf("%s-level model: %d symbols, %zu weights, %zu training and %zu validation symbols\n",
              vocab_kind_name(v.kind), v.size(), net.params.size(), train.size(), valid.size());
  nlohmann::json info = {{"vocab", vocab_to_string(v)}, {"seq", t.seq}, {"reset_every", t.reset_every},
                         {"train_file", t.train}, {"valid_file", t.valid}};
  TextTask task(std::move(train), std::move(valid), a.batch, t.seq, t.reset_every, info, words ? "word" : "char");
  TrainResult r = train_run(task, net, a.spec);
  train_result_print(r, fmt::format("{:.4f} bits per {}", r.best_score, words ? "word" : "char"));
}

}  // namespace

void cli_train_register(CLI::App& app) {
  auto* train = app.add_subcommand("train", "train a network")->require_subcommand(1);
  train->footer(fmt::format("Over several processes or machines: mpirun -np N seqgen train ... (README, \"Training on "
                            "several machines\"); this build: {}",
                            dist_built() ? dist_version() : "without MPI") + "\n");
  for (std::string kind : {"handwriting", "synthesis", "recognizer"}) {
    const bool synthesis = kind == "synthesis", recognizer = kind == "recognizer";
    auto a = std::make_shared<TrainArgs>();
    a->hidden = recognizer ? std::vector<int>{200, 200, 200} : std::vector<int>{400, 400, 400};
    a->spec.clip_lstm = 10;
    auto data = std::make_shared<std::string>();
    auto cache = std::make_shared<std::string>();
    auto mixtures = std::make_shared<int>(20);
    auto window = std::make_shared<int>(10);
    auto balance = std::make_shared<PenBalance>();
    auto class_weight = std::make_shared<std::string>();
    auto read = std::make_shared<ReadInput>();
    auto* c = train->add_subcommand(kind, synthesis    ? "handwriting synthesis network on IAM-OnDB (§5)"
                                          : recognizer ? "handwriting recogniser on IAM-OnDB (CTC; the line check's reader)"
                                                       : "handwriting prediction network on IAM-OnDB (§4)");
    common_options(c, *a);
    c->add_option("--data", *data, "IAM-OnDB folder (archives + form lists)")->required();
    c->add_option("--cache", *cache, "binary cache of the preprocessed lines (default RUN/iam.cache)");
    if (recognizer) {
      c->add_flag("--both-ways", read->both_ways,
                  "read each line forward and backward with the same network, the outputs summed (bidirectional)");
      c->add_option("--raster", read->raster.rows,
                    "read a picture of the line, column by column, this many pixels high, instead of the pen's steps")
          ->check(number_range(1, 1024));
      c->add_option("--raster-scale", read->raster.units_per_px, "pen units a pixel of that picture")
          ->capture_default_str()
          ->check(number_check(0, true, 1000));
      c->add_option("--raster-pen", read->raster.pen_px, "width of the pen drawing it, in pixels")
          ->capture_default_str()
          ->check(number_check(0, true, 100));
    }
    if (!recognizer)
      c->add_option("--mixtures", *mixtures, "mixture components M")
          ->capture_default_str()
          ->check(number_range(1, kMdnMaxMixtures));
    if (synthesis) {
      c->add_option("--window", *window, "window Gaussians K")->capture_default_str()->check(number_range(1, 1024));
      c->add_option("--balance", balance->min_lines,
                    "repeat each epoch the lines holding a character found in fewer than N lines (rare capitals, "
                    "digits), ceil(N / lines) times")
          ->check(number_range(0, 1 << 20));
      c->add_option("--balance-max", balance->max_repeat, "at most this many copies of a line")
          ->capture_default_str()
          ->check(number_range(1, 64));
      c->add_option("--class-weight", *class_weight,
                    "weigh the loss of the points written while the window is on a class of characters, e.g. "
                    "capitals=3,digits=3,x=2 (classes: lower-case, capitals, digits, punctuation, spaces; or one "
                    "character, whose own weight beats its class's)")
          ->check([](const std::string& v) {
            try {
              char_weights_parse(v, nullptr);
              return std::string();
            } catch (const Error& e) {
              return std::string(e.what());
            }
          });
    }
    c->callback([=] {
      std::string cp = cache->empty() ? a->spec.run_dir + "/iam.cache" : *cache;
      train_pen(*a, *data, cp, *mixtures, *window, kind, *balance, *class_weight, *read);
    });
  }
  auto a = std::make_shared<TrainArgs>();
  a->hidden = {1000};
  a->spec.clip_lstm = 1;  // §3.1: LSTM derivatives clipped to [-1, 1] for text
  auto t = std::make_shared<TextArgs>();
  auto* c = train->add_subcommand("text", "character- or word-level language model (§3)");
  common_options(c, *a);
  c->add_option("--train", t->train, "training text")->required();
  c->add_option("--valid", t->valid, "validation text")->required();
  c->add_option("--level", t->level, "auto, char, ptb-char, word or byte")->capture_default_str();
  c->add_option("--unknown", t->unknown, "symbol for characters/words outside the vocabulary (default: error)");
  c->add_option("--max-words", t->max_words, "word level: vocabulary size")
      ->capture_default_str()
      ->check(number_range(3, 1 << 20));
  c->add_option("--seq", t->seq, "truncated BPTT segment length")->capture_default_str()->check(number_range(1, 100000));
  c->add_option("--reset-every", t->reset_every, "reset the carried state every this many segments (0 = never)")
      ->check(kNonNegative);
  c->callback([a, t] { train_text(*a, *t); });
}

}  // namespace seqgen
