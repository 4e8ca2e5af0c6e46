// seqgen eval handwriting|synthesis|text: the paper's test-set figures; eval recognizer: the line check's reader.
#include <algorithm>
#include <cstdio>
#include <memory>

#include "api/pen_model.hpp"
#include "api/pen_reader.hpp"
#include "cli/cli.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "data/pen_data.hpp"
#include "eval/pen_eval.hpp"
#include "eval/read_eval.hpp"

namespace seqgen {
namespace {

struct PenEvalArgs {
  std::string model, data, cache, split = "valid", weights = "fp32";
  bool json = false, quiet = false, by_class = false;
  int batch = 32;
};

void eval_pen(const PenEvalArgs& a, const std::string& kind) {
  PenModel m = pen_model_load(a.model, kind);
  IamOptions io;
  io.root = a.data;
  io.cache = a.cache;
  PenData d = pen_data_load(io, kind == "synthesis", &m.stats, kind == "synthesis" ? &m.alphabet : nullptr);
  const std::vector<PenSequence>& lines = a.split == "train" ? d.train : d.valid;
  PenScores s;
  {
    ProgressDisplay progress("eval", "lines", a.quiet);
    std::optional<Weights> fast;
    if (a.weights != "fp32") fast = a.weights == "int8" ? Weights::int8 : Weights::bf16;
    s = pen_evaluate(m.model.net, lines, m.mixtures, a.batch, progress.fn(), fast, a.by_class ? &m.alphabet : nullptr);
  }
  nlohmann::json classes = nlohmann::json::object();
  for (int k = 0; a.by_class && k < kCharClasses; ++k)
    classes[kCharClassNames[k]] = {{"points", s.class_points[k]},
                                   {"nats_per_point", s.class_points[k] ? s.class_loss[k] / s.class_points[k] : 0.0}};
  if (a.json) {
    nlohmann::json j = {{"model", m.path},          {"split", a.split}, {"weights", a.weights},
                        {"lines", s.lines},          {"points", s.points},
                        {"nats_per_line", s.nats_per_line()}, {"sse_per_point", s.sse_per_point()}};
    if (a.by_class) j["by_class"] = classes;
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf("%s on %s (%ld lines, %ld points, %s weights):\n  log-loss %.1f nats per line\n  SSE %.4f per point\n",
                m.path.c_str(), a.split.c_str(), long(s.lines), long(s.points), a.weights.c_str(), s.nats_per_line(),
                s.sse_per_point());
    for (int k = 0; a.by_class && k < kCharClasses; ++k)
      std::printf("  %-12s %7.3f nats per point (%ld points)\n", kCharClassNames[k],
                  classes[kCharClassNames[k]]["nats_per_point"].get<double>(), long(s.class_points[k]));
  }
}

// The recogniser (a model of its own or the one a synthesis model carries):
// CTC nats per line, CER of its best path, and how many nats per character
// it gives real lines (what --reader-max of seqgen write is set against).
void eval_reader(const PenEvalArgs& a) {
  PenModel m = reader_load(a.model);
  IamOptions io;
  io.root = a.data;
  io.cache = a.cache;
  PenData d = pen_data_load(io, true, &m.stats, &m.alphabet);
  const std::vector<PenSequence>& lines = a.split == "train" ? d.train : d.valid;
  std::optional<Weights> fast;
  if (a.weights != "fp32") fast = a.weights == "int8" ? Weights::int8 : Weights::bf16;
  ReadScores s = read_evaluate(m.model.net, m.read_input, lines, 32, fast);
  std::vector<double>& q = s.nats_per_char;
  std::sort(q.begin(), q.end());
  auto pct = [&](double p) { return q.empty() ? 0.0 : q[std::min(q.size() - 1, size_t(p * double(q.size())))]; };
  if (a.json) {
    std::printf("%s\n", nlohmann::json{{"model", m.path}, {"split", a.split}, {"weights", a.weights},
                                       {"lines", s.lines}, {"chars", s.chars}, {"nats_per_line", s.nats_per_line()},
                                       {"cer", s.cer()}, {"infeasible", s.infeasible},
                                       {"nats_per_char_p50", pct(0.5)}, {"nats_per_char_p90", pct(0.9)}}
                            .dump(2).c_str());
    return;
  }
  std::printf("%s on %s (%ld lines, %ld characters, %s weights):\n  CTC %.2f nats per line\n  CER %.3f (best path)\n"
              "  nats per character of a line: median %.3f, 90th percentile %.3f\n",
              m.path.c_str(), a.split.c_str(), long(s.lines), long(s.chars), a.weights.c_str(), s.nats_per_line(),
              s.cer(), pct(0.5), pct(0.9));
}

}  // namespace

void cli_text_eval_register(CLI::App* eval);

void cli_eval_register(CLI::App& app) {
  auto* eval = app.add_subcommand("eval", "measure a model on held-out data")->require_subcommand(1);
  for (std::string kind : {"handwriting", "synthesis"}) {
    auto a = std::make_shared<PenEvalArgs>();
    auto* c = eval->add_subcommand(kind, kind == "synthesis" ? "Table 4: nats per line and SSE per point"
                                                              : "Table 3: nats per line and SSE per point");
    c->add_option("--model", a->model, "model file (default: the shipped one)");
    c->add_option("--data", a->data, "IAM-OnDB folder")->required();
    c->add_option("--cache", a->cache, "binary cache of the preprocessed lines");
    c->add_option("--split", a->split, "valid (testset_v, as the paper) or train")
        ->capture_default_str()
        ->check(CLI::IsMember({"valid", "train"}));
    c->add_option("--weights", a->weights,
                  "fp32: the training forward; bf16 or int8: the sampling step of seqgen write --weights, fed the "
                  "true strokes")
        ->capture_default_str()
        ->check(CLI::IsMember({"fp32", "bf16", "int8"}));
    c->add_flag("--json", a->json, "print JSON");
    if (kind == "synthesis")
      c->add_flag("--by-class", a->by_class,
                  "also nats per point by the class of the character the window is on (lower-case, capitals, digits, "
                  "punctuation, spaces)");
    c->add_flag("-q,--quiet", a->quiet, "no progress display");
    c->callback([a, kind] {
      if (a->by_class && a->weights != "fp32") throw CLI::ValidationError("--by-class needs --weights fp32 (it reads the window)");
      eval_pen(*a, kind);
    });
  }
  auto a = std::make_shared<PenEvalArgs>();
  auto* c = eval->add_subcommand("recognizer", "the line check's recogniser: CTC nats per line and CER");
  c->add_option("--model", a->model, "recogniser, or a synthesis model that carries one (default: the shipped one's)");
  c->add_option("--data", a->data, "IAM-OnDB folder")->required();
  c->add_option("--cache", a->cache, "binary cache of the preprocessed lines");
  c->add_option("--split", a->split, "valid (testset_v) or train")->capture_default_str()->check(CLI::IsMember({"valid", "train"}));
  c->add_option("--weights", a->weights, "fp32: the training forward; bf16 or int8: the sampling step, as the check reads")
      ->capture_default_str()
      ->check(CLI::IsMember({"fp32", "bf16", "int8"}));
  c->add_flag("--json", a->json, "print JSON");
  c->callback([a] { eval_reader(*a); });
  cli_text_eval_register(eval);
}

}  // namespace seqgen
