// seqgen plot density|window: the paper's pictures of what a network predicts
// along a line (Figs 10 and 14) and of where its window reads (Fig. 13).
#include <cstdio>
#include <memory>

#include "api/pen_model.hpp"
#include "cli/cli.hpp"
#include "core/error.hpp"
#include "sample/pen_sample.hpp"
#include "sample/pen_trace.hpp"
#include "seqgen/render.hpp"

namespace seqgen {
namespace {

struct PlotArgs {
  std::string model, data, cache, line, text, out;
  bool quiet = false;
  double bias = 0.75;
  uint64_t seed = 1;
};

PenTrace trace_real_line(PenModel& m, const PlotArgs& a) {
  IamOptions io;
  io.root = a.data;
  io.cache = a.cache;
  return pen_trace_line(m.model.net, m.stats, &m.alphabet, iam_line_load(io, a.line));
}

void plot_density(const PlotArgs& a) {
  if (a.line.empty()) fail("plot density needs --line <IAM line id> (and --data)");
  TensorFile f = safetensors_read(a.model);
  std::string kind = model_header_read(f, a.model).kind;
  PenModel m = pen_model_load(a.model, kind);
  PenTrace tr = trace_real_line(m, a);
  const MixtureTrack track = pen_trace_mixtures(tr, m.mixtures, m.model.net.config().output_size, m.stats);
  picture_output(a.out, [&](const std::string& path) { mixture_write_heatmap(tr.strokes, track, path); });
  if (!a.quiet) std::fprintf(stderr, "wrote %s: line %s, %d steps\n", picture_name(a.out).c_str(), a.line.c_str(), tr.T);
}

void plot_window(const PlotArgs& a) {
  PenModel m = pen_model_load(a.model, "synthesis");
  std::vector<float> phi;
  int T = 0, U = 0;
  std::string text;
  if (!a.line.empty()) {
    PenTrace tr = trace_real_line(m, a);
    phi = tr.phi, T = tr.T, U = tr.U, text = tr.text;
  } else {
    if (a.text.empty()) fail("plot window needs --text or --line");
    std::vector<int32_t> chars = alphabet_encode(m.alphabet, a.text, nullptr);
    PenSampleOptions o;
    o.bias = a.bias, o.seed = a.seed, o.keep_phi = true, o.mark_strokes = alphabet_mark_strokes(m.alphabet);
    PenSample s = pen_sample(m.model.net, m.mixtures, {chars}, {}, {}, o)[0];
    U = int(chars.size());
    T = int(s.phi.size()) / (U + 1);
    for (int t = 0; t < T; ++t) phi.insert(phi.end(), s.phi.begin() + size_t(t) * (U + 1), s.phi.begin() + size_t(t) * (U + 1) + U);
    text = alphabet_decode(m.alphabet, chars);
  }
  picture_output(a.out, [&](const std::string& path) { window_write_heatmap(phi.data(), T, U, text, path); });
  if (!a.quiet) std::fprintf(stderr, "wrote %s: %d steps x %d characters\n", picture_name(a.out).c_str(), T, U);
}

}  // namespace

void cli_plot_register(CLI::App& app) {
  auto* plot = app.add_subcommand("plot", "pictures of a network at work")->require_subcommand(1);
  auto a = std::make_shared<PlotArgs>();
  auto* d = plot->add_subcommand("density", "predictive densities and mixture weights along a real line (Figs 10, 14)");
  d->add_option("--model", a->model, "handwriting or synthesis model")->required();
  d->add_option("--data", a->data, "IAM-OnDB folder")->required();
  d->add_option("--line", a->line, "IAM-OnDB line id, e.g. a08-551z-01")->required();
  d->add_option("--cache", a->cache, "binary cache of the preprocessed lines (faster after the first run)");
  d->add_option("-o,--output", a->out, kPictureHelp)->required();
  d->add_flag("-q,--quiet", a->quiet, "no summary line");
  d->callback([a] { plot_density(*a); });
  auto b = std::make_shared<PlotArgs>();
  auto* w = plot->add_subcommand("window", "window weights φ(t, u) of a synthesis network (Fig. 13)");
  w->add_option("--model", b->model, "synthesis model (default: the shipped one)");
  w->add_option("--text", b->text, "write this text and show the alignment");
  w->add_option("--line", b->line, "or read this IAM-OnDB line (with --data)");
  w->add_option("--data", b->data, "IAM-OnDB folder");
  w->add_option("--cache", b->cache, "binary cache of the preprocessed lines (faster after the first run)");
  w->add_option("--bias", b->bias, "probability bias (§5.4) of the written text")
      ->capture_default_str()
      ->check(number_range(0, 100));
  w->add_option("--seed", b->seed, "random seed of the written text")->capture_default_str();
  w->add_option("-o,--output", b->out, kPictureHelp)->required();
  w->add_flag("-q,--quiet", b->quiet, "no summary line");
  w->callback([b] { plot_window(*b); });
}

}  // namespace seqgen
