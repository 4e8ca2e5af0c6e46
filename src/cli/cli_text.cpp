// seqgen train|eval|sample text: character and word models (§3).
#include <cmath>
#include <cstdio>
#include <memory>

#include "api/text_model.hpp"
#include "cli/cli.hpp"
#include "core/error.hpp"
#include "core/gemm.hpp"
#include "core/progress.hpp"
#include "eval/text_eval.hpp"
#include "sample/text_sample.hpp"

namespace seqgen {

namespace {

struct EvalArgs {
  std::string model, text;
  int streams = 0, seq = 100;  // streams 0: 16, or 1 with --dynamic
  bool dynamic = false, json = false;
  // The step is on the gradient summed over a segment of all streams. On
  // ptb.char.valid with the shipped model at its 4th and 5th weight-noise
  // epochs (16 streams, segments of 100): 3e-3 gained 0.020 bits per
  // character, 5e-3 0.023, 7e-3 0.023 and 0.024, 1e-2 0.022; segments of 50 at
  // 5e-3 did no better. At its 8th, 7e-3 gained 0.026 with 16 streams, 0.028
  // with 4 and 0.030 with one: a stream adapts best to its own recent text, so
  // dynamic evaluation reads the text in order by default, as §3.1 does.
  double dynamic_lr = 7e-3, dynamic_momentum = 0;
  std::string precision = "f32";
  bool quiet = false;
};

void eval_text(const EvalArgs& a) {
  LoadedTextModel m = text_model_load(a.model);
  gemm_set_precision(a.precision == "bf16" ? Precision::bf16 : Precision::f32);
  std::vector<int32_t> ids = vocab_encode(m.vocab, text_file_read(a.text), a.text);
  // Each symbol is scored from the one before it: one symbol scores nothing.
  if (ids.size() < 2) fail("{}: no text to evaluate ({} symbols; at least 2)", a.text, ids.size());
  const int streams = a.streams > 0 ? a.streams : (a.dynamic ? 1 : 16);
  TextScores s;
  {
    ProgressDisplay progress("eval", "symbols", a.quiet);
    s = a.dynamic ? text_evaluate_dynamic(m.model.net, ids, streams, a.seq, a.dynamic_lr, a.dynamic_momentum, 1.f,
                                          progress.fn())
                  : text_evaluate(m.model.net, ids, streams, a.seq, progress.fn());
  }
  const TextCounts c = text_count(m.vocab, ids);
  const double bits = s.bits_per_symbol(), per_word = text_symbols_per_word(c);
  const double perplexity = std::exp2(bits * per_word);
  const bool words = m.vocab.kind == VocabKind::words;
  nlohmann::json j = {{"model", a.model},
                      {"text", a.text},
                      {"dynamic", a.dynamic},
                      {"symbols", s.count},
                      {words ? "bits_per_word" : "bits_per_char", bits},
                      {"perplexity", perplexity},
                      {"symbols_per_word", per_word},
                      {"error_rate", s.error_rate()}};
  // §3.1 converts with "perplexity ≈ 2^(5.6 BPC)"; shown too for comparison with Table 1.
  if (!words) j["perplexity_paper_convention"] = std::exp2(5.6 * bits);
  if (a.dynamic) j["dynamic_lr"] = a.dynamic_lr, j["streams"] = streams;
  if (a.json) {
    std::printf("%s\n", j.dump(2).c_str());
    return;
  }
  std::printf("%s on %s%s: %ld symbols\n", a.model.c_str(), a.text.c_str(), a.dynamic ? " (dynamic)" : "",
              long(s.count));
  std::printf("  %s %.4f\n  perplexity %.1f (%.3f symbols per word prediction)\n", words ? "bits per word" : "bits per character",
              bits, perplexity, per_word);
  if (!words) std::printf("  perplexity %.1f (paper's convention, 2^(5.6 BPC))\n", std::exp2(5.6 * bits));
  std::printf("  error rate %.2f%%\n", 100 * s.error_rate());
}

struct SampleArgs {
  std::string model, prime;
  int length = 1000;
  double temperature = 1;
  uint64_t seed = 1;
};

void sample_text(const SampleArgs& a) {
  LoadedTextModel m = text_model_load(a.model);
  std::vector<int32_t> prime = vocab_encode_readable(m.vocab, a.prime, "--prime");
  std::vector<int32_t> out = text_sample(m.model.net, prime, a.length, a.temperature, a.seed);
  std::printf("%s%s\n", a.prime.c_str(), vocab_decode(m.vocab, out).c_str());
}

}  // namespace

void cli_text_eval_register(CLI::App* eval) {
  auto a = std::make_shared<EvalArgs>();
  auto* c = eval->add_subcommand("text", "bits per character, perplexity and error rate (Table 1)");
  c->add_option("--model", a->model, "text model")->required();
  c->add_option("--text", a->text, "text to evaluate, e.g. ptb.char.test.txt")->required();
  c->add_flag("--dynamic", a->dynamic, "dynamic evaluation (§3.1): update the weights after predicting each segment");
  c->add_option("--dynamic-lr", a->dynamic_lr, "SGD step of dynamic evaluation")->capture_default_str()->check(kPositive);
  c->add_option("--dynamic-momentum", a->dynamic_momentum, "momentum of dynamic evaluation's SGD")
      ->capture_default_str()
      ->check(number_range(0, 0.999999));
  c->add_option("--streams", a->streams,
                "parallel streams the text is cut into (default 16; 1 with --dynamic, which then reads the text in "
                "order as §3.1 does)")
      ->check(number_range(0, 4096));
  c->add_option("--seq", a->seq, "segment length")->capture_default_str()->check(number_range(1, 100000));
  c->add_option("--precision", a->precision, "f32 or bf16")
      ->capture_default_str()
      ->check(CLI::IsMember({"f32", "bf16"}));
  c->add_flag("--json", a->json, "print JSON");
  c->add_flag("-q,--quiet", a->quiet, "no progress display");
  c->callback([a] { eval_text(*a); });
}

void cli_text_sample_register(CLI::App* sample) {
  auto a = std::make_shared<SampleArgs>();
  auto* c = sample->add_subcommand("text", "generate text from a character or word model");
  c->add_option("--model", a->model, "text model")->required();
  c->add_option("--length", a->length, "symbols to generate")->capture_default_str()->check(number_range(0, 100000000));
  c->add_option("--temperature", a->temperature, "softmax temperature")->capture_default_str()->check(kPositive);
  c->add_option("--prime", a->prime, "text the model reads first");
  c->add_option("--seed", a->seed, "random seed (same seed = same text)")->capture_default_str();
  c->callback([a] { sample_text(*a); });
}

}  // namespace seqgen
