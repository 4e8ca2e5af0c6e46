// seqgen serve: the web page and JSON API (src/serve/serve.hpp).
#include <map>
#include <memory>

#include "cli/cli.hpp"
#include "seqgen/writer.hpp"
#include "serve/serve.hpp"

namespace seqgen {

void cli_serve_register(CLI::App& app) {
  auto o = std::make_shared<ServeOptions>();
  auto* c = app.add_subcommand("serve", "web page and JSON API for handwriting (POST /api/write)");
  c->add_option("--host", o->host, "address to listen on")->capture_default_str();
  c->add_option("--port", o->port, "port (0 = any free port, printed)")->capture_default_str()->check(number_range(0, 65535));
  c->add_option("--model", o->model, "synthesis model (default: the shipped one)");
  c->add_option("--batching", o->batching, "on: lines of all requests in flight drawn in one batch; off: --workers")
      ->transform(CLI::CheckedTransformer(std::map<std::string, bool>{{"on", true}, {"off", false}}))
      ->default_str("on");
  c->add_option("--max-batch", o->max_batch, "with batching: lines drawn at once")->capture_default_str()->check(number_range(1, 1024));
  c->add_option("--lanes", o->lanes, "with batching: threads, each stepping its own batch")->capture_default_str()->check(number_range(1, 64));
  c->add_option("--workers", o->workers, "without batching: requests written at once, each by its own model")
      ->capture_default_str()->check(number_range(1, 64));
  c->add_option("--queue", o->queue, "requests waiting or being written, at most (more: 503)")->capture_default_str()->check(number_range(1, 100000));
  c->add_option("--timeout", o->timeout, "seconds a request may take, waiting included")->capture_default_str()->check(number_range(0.001, 86400));
  c->add_option("--max-lines", o->limits.max_lines, "lines per request, at most")->capture_default_str()->check(number_range(1, 1000));
  c->add_option("--max-chars", o->limits.max_chars, "characters per line, at most")->capture_default_str()->check(number_range(1, kLineCharsMax));
  c->add_option("--weights", o->weights, "the sampling step's matrices: bf16, or int8 (fewer bytes a step; the default where the CPU has AVX512-VNNI; README \"int8 weights\")")
      ->transform(CLI::CheckedTransformer(std::map<std::string, Weights>{{"bf16", Weights::bf16}, {"int8", Weights::int8}}))
      ->default_str(weights_default() == Weights::int8 ? "int8" : "bf16");
  c->add_option("--reader", o->reader, "model: the recogniser the model carries reads each word and a word it reads badly is drawn again, as seqgen write does; none: no reader (more lines a second, less legible; README \"Web page and API\")")
      ->transform(CLI::CheckedTransformer(std::map<std::string, bool>{{"model", true}, {"none", false}}))
      ->default_str("model");
  c->add_flag("--quiet", o->quiet, "no line per request");
  c->callback([o] { serve_run(*o); });
}

}  // namespace seqgen
