// seqgen plot density|window: the paper's pictures of what a network predicts
// along a line (Figs 10 and 14) and of where its window reads (Fig. 13).
#include <cstdio>
#include <memory>

#include "api/pen_model.hpp"
#include "cli/cli.hpp"
#include "core/error.hpp"
#include "data/pen_data.hpp"
#include "nn/mdn_output.hpp"
#include "sample/pen_sample.hpp"
#include "seqgen/render.hpp"

namespace seqgen {
namespace {

struct PlotArgs {
  std::string model, data, line, text, out;
  double bias = 0.75;
  uint64_t seed = 1;
};

const IamLine& iam_find(const IamDataset& d, const std::string& id, const std::string& root) {
  for (auto* set : {&d.valid, &d.train})
    for (auto& l : *set)
      if (l.id == id) return l;
  fail("IAM-OnDB line '{}' not found in {}", id, root);
}

// Runs the network along a real line (its inputs clamped to the line) and
// keeps every step's output, and φ for a synthesis network.
struct Trace {
  Strokes strokes;
  std::vector<float> yhat, phi;
  int T = 0, U = 0;
  std::string text;
};

Trace trace_real_line(PenModel& m, const PlotArgs& a) {
  const bool synthesis = m.model.net.config().has_window();
  IamOptions io;
  io.root = a.data;
  IamDataset d = iam_load(io);
  const IamLine& l = iam_find(d, a.line, a.data);
  Trace tr;
  tr.strokes = l.strokes;
  tr.text = l.text;
  PenSteps steps = pen_steps_of(l.strokes);
  steps_normalise(steps, m.stats);
  PenSequence seq{l.id, steps, synthesis ? alphabet_encode(m.alphabet, l.text, nullptr) : std::vector<int32_t>{}};
  PenBatch pb;
  pen_batch_fill({seq}, {0}, pb);
  NetState<float> st;
  net_state_reset(m.model.net.config(), 1, st);
  SeqBatch<float> in;
  in.T = pb.T, in.B = 1, in.x = pb.x.data();
  if (synthesis) in.chars = pb.chars.data(), in.U = pb.U;
  m.model.net.forward(in, st);
  tr.T = pb.T, tr.U = pb.U;
  tr.yhat.assign(m.model.net.output(), m.model.net.output() + size_t(pb.T) * m.model.net.config().output_size);
  if (synthesis)
    for (int t = 0; t < pb.T; ++t) tr.phi.insert(tr.phi.end(), m.model.net.window_phi(t), m.model.net.window_phi(t) + pb.U);
  // The trace starts at the first point; its steps are the network's targets.
  return tr;
}

void plot_density(const PlotArgs& a) {
  if (a.line.empty()) fail("plot density needs --line <IAM line id> (and --data)");
  TensorFile f = safetensors_read(a.model);
  std::string kind = model_header_read(f, a.model).kind;
  PenModel m = pen_model_load(a.model, kind);
  Trace tr = trace_real_line(m, a);
  MixtureTrack track;
  track.T = tr.T, track.M = m.mixtures;
  const int Y = m.model.net.config().output_size;
  for (int t = 0; t < tr.T; ++t) {
    Mixture<float> mix;
    mdn_mixture<float>(m.mixtures, tr.yhat.data() + size_t(t) * Y, 0.f, mix);
    for (int j = 0; j < m.mixtures; ++j) {
      // Back to the line's units: offset = μ σ_data + mean, spread σ σ_data.
      track.pi.push_back(mix.pi[j]);
      track.mu_x.push_back(mix.mu1[j] * m.stats.std_dx + m.stats.mean_dx);
      track.mu_y.push_back(mix.mu2[j] * m.stats.std_dy + m.stats.mean_dy);
      track.sd_x.push_back(mix.s1[j] * m.stats.std_dx);
      track.sd_y.push_back(mix.s2[j] * m.stats.std_dy);
      track.rho.push_back(mix.rho[j]);
    }
  }
  mixture_write_heatmap(tr.strokes, track, a.out);
  std::fprintf(stderr, "wrote %s: line %s, %d steps\n", a.out.c_str(), a.line.c_str(), tr.T);
}

void plot_window(const PlotArgs& a) {
  PenModel m = pen_model_load(a.model, "synthesis");
  std::vector<float> phi;
  int T = 0, U = 0;
  std::string text;
  if (!a.line.empty()) {
    Trace tr = trace_real_line(m, a);
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
  window_write_heatmap(phi.data(), T, U, text, a.out);
  std::fprintf(stderr, "wrote %s: %d steps x %d characters\n", a.out.c_str(), T, U);
}

}  // namespace

void cli_plot_register(CLI::App& app) {
  auto* plot = app.add_subcommand("plot", "pictures of a network at work")->require_subcommand(1);
  auto a = std::make_shared<PlotArgs>();
  auto* d = plot->add_subcommand("density", "predictive densities and mixture weights along a real line (Figs 10, 14)");
  d->add_option("--model", a->model, "handwriting or synthesis model")->required();
  d->add_option("--data", a->data, "IAM-OnDB folder")->required();
  d->add_option("--line", a->line, "IAM-OnDB line id, e.g. a08-551z-01")->required();
  d->add_option("-o,--output", a->out, "image: .png, .svg or .pdf")->required();
  d->callback([a] { plot_density(*a); });
  auto b = std::make_shared<PlotArgs>();
  auto* w = plot->add_subcommand("window", "window weights φ(t, u) of a synthesis network (Fig. 13)");
  w->add_option("--model", b->model, "synthesis model (default: the shipped one)");
  w->add_option("--text", b->text, "write this text and show the alignment");
  w->add_option("--line", b->line, "or read this IAM-OnDB line (with --data)");
  w->add_option("--data", b->data, "IAM-OnDB folder");
  w->add_option("--bias", b->bias)->capture_default_str();
  w->add_option("--seed", b->seed)->capture_default_str();
  w->add_option("-o,--output", b->out, "image: .png, .svg or .pdf")->required();
  w->callback([b] { plot_window(*b); });
}

}  // namespace seqgen
