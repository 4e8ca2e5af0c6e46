// seqgen compress FILE -o FILE.sqz / seqgen decompress FILE.sqz -o FILE
#include <chrono>
#include <cstdio>
#include <memory>
#include <unistd.h>

#include "cli/cli.hpp"
#include "compress/byte_coder.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"

namespace seqgen {
namespace {

struct CompressArgs {
  std::string in, out, model;
  CoderRun run;
  bool quiet = false;
};

void output_write(const std::string& out, const std::string& bytes) {
  if (out != "-") return file_write_atomic(out, bytes);
  if (isatty(STDOUT_FILENO)) fail("refusing to write compressed or binary bytes to a terminal (-o -)");
  if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size() || std::fflush(stdout) != 0)
    fail("standard output: write failed");
}

void summary_print(const CompressArgs& a, size_t original, size_t packed, double seconds) {
  if (a.quiet) return;
  std::fprintf(stderr, "%s: %zu -> %zu bytes, %.3f bits per byte, %.1f KB/s\n", a.in.c_str(), original, packed,
               original ? 8.0 * double(packed) / double(original) : 0.0,
               double(original) / 1000.0 / std::max(seconds, 1e-9));
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

void cli_compress_register(CLI::App& app) {
  auto a = std::make_shared<CompressArgs>();
  auto* c = app.add_subcommand("compress", "compress any file with an LSTM that learns as it reads (§3.1)");
  c->add_option("file", a->in, "file to compress")->required();
  c->add_option("-o,--output", a->out, "compressed file (- = standard output); default FILE.sqz");
  c->add_option("--model", a->model, "start from this text model instead of seeded weights (decompress needs it too)");
  c->add_option("--hidden", a->run.params.hidden, "LSTM cells per layer")->delimiter(',')->capture_default_str()
      ->check(number_range(1, 4096));
  c->add_option("--seg", a->run.params.seg, "bytes per lane between learning steps")->capture_default_str()
      ->check(number_range(1, 65535));
  c->add_option("--lanes", a->run.params.lanes, "parts of the input coded side by side (more: faster, a little larger)")
      ->capture_default_str()->check(number_range(1, 65535));
  c->add_option("--lr", a->run.params.lr, "Adam learning rate")->capture_default_str()->check(number_range(1e-7, 0.5));
  c->add_option("--context-lr", a->run.params.context_lr, "step of the context tables' rows (0 = rows stay empty)")
      ->capture_default_str()->check(number_range(0.0, 9.0));
  c->add_option("--seed", a->run.params.seed, "seed of the initial weights")->capture_default_str();
  c->add_option("--threads", a->run.threads, "threads (the output is the same for any number; more pays only on an idle machine)")
      ->capture_default_str()->check(number_range(1, 1024));
  c->add_flag("-q,--quiet", a->quiet, "no progress or summary");
  c->callback([a] {
    if (a->out.empty()) a->out = a->in + ".sqz";
    a->run.model_path = a->model;
    const std::string data = file_read(a->in, kTextFileMax, "input file");
    auto t0 = std::chrono::steady_clock::now();
    std::string packed;
    {
      ProgressDisplay progress("compress", "bytes", a->quiet);
      packed = byte_compress(data, a->run, progress.fn());
    }
    output_write(a->out, packed);
    summary_print(*a, data.size(), packed.size(), seconds_since(t0));
  });

  auto d = std::make_shared<CompressArgs>();
  auto* u = app.add_subcommand("decompress", "restore a file made by seqgen compress");
  u->add_option("file", d->in, "compressed file (.sqz)")->required();
  u->add_option("-o,--output", d->out, "restored file (- = standard output); default FILE without .sqz");
  u->add_option("--model", d->model, "the model file the compressor started from, if any");
  u->add_option("--threads", d->run.threads, "threads (see compress --help)")->capture_default_str()
      ->check(number_range(1, 1024));
  u->add_flag("-q,--quiet", d->quiet, "no progress or summary");
  u->callback([d] {
    if (d->out.empty()) {
      if (d->in.size() <= 4 || d->in.compare(d->in.size() - 4, 4, ".sqz") != 0)
        fail("{}: does not end in .sqz; name the output with -o", d->in);
      d->out = d->in.substr(0, d->in.size() - 4);
    }
    d->run.model_path = d->model;
    const std::string packed = file_read(d->in, kTextFileMax, "compressed file");
    auto t0 = std::chrono::steady_clock::now();
    std::string data;
    {
      ProgressDisplay progress("decompress", "bytes", d->quiet);
      data = byte_decompress(packed, d->in, d->run, progress.fn());
    }
    output_write(d->out, data);
    summary_print(*d, data.size(), packed.size(), seconds_since(t0));
  });
}

}  // namespace seqgen
