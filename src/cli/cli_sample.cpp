// seqgen sample handwriting|text
#include <cstdio>
#include <memory>

#include "api/pen_model.hpp"
#include "cli/cli.hpp"
#include "core/error.hpp"
#include "sample/pen_sample.hpp"
#include "seqgen/render.hpp"

namespace seqgen {
namespace {

struct PenSampleArgs {
  std::string model, out;
  int steps = 700, count = 1;
  double bias = 0;
  uint64_t seed = 1;
  bool quiet = false;
};

void sample_handwriting(const PenSampleArgs& a) {
  PenModel m = pen_model_load(a.model, "handwriting");
  if (a.steps < 1 || a.count < 1) fail("--steps and --count must be positive");
  PenSampleOptions o;
  o.steps = a.steps, o.bias = a.bias, o.seed = a.seed;
  std::vector<Strokes> lines;
  for (int i = 0; i < a.count; i += 16) {
    std::vector<std::vector<int32_t>> none(std::min(16, a.count - i));
    o.seed = a.seed + i;
    for (auto& s : pen_sample(m.model.net, m.mixtures, none, {}, {}, o))
      lines.push_back(pen_strokes_from_steps(s.steps, m.stats));
  }
  picture_output(a.out, [&](const std::string& path) { lines_write_image(lines, PageOptions{}, StrokeStyle{}, path); });
  if (!a.quiet) std::fprintf(stderr, "wrote %s: %d samples of %d steps\n", picture_name(a.out).c_str(), a.count, a.steps);
}

}  // namespace

void cli_text_sample_register(CLI::App* sample);

void cli_sample_register(CLI::App& app) {
  auto* sample = app.add_subcommand("sample", "draw samples from a model")->require_subcommand(1);
  auto a = std::make_shared<PenSampleArgs>();
  auto* c = sample->add_subcommand("handwriting", "unconditional handwriting (§4.3, Fig. 11)");
  c->add_option("--model", a->model, "prediction model (default: the shipped one)");
  c->add_option("-o,--output", a->out, kPictureHelp)->required();
  c->add_option("--steps", a->steps, "pen steps per sample")->capture_default_str()->check(number_range(1, 100000));
  c->add_option("--count", a->count, "samples, one per line of the image")
      ->capture_default_str()
      ->check(number_range(1, 10000));
  c->add_option("--bias", a->bias, "probability bias (§5.4)")->capture_default_str()->check(number_range(0, 100));
  c->add_option("--seed", a->seed, "random seed (same seed = same handwriting)")->capture_default_str();
  c->add_flag("-q,--quiet", a->quiet, "no summary line");
  c->callback([a] { sample_handwriting(*a); });
  cli_text_sample_register(sample);
}

}  // namespace seqgen
