// Handwriting generation speed of the paper's synthesis network (3x400 LSTM,
// K = 10 window Gaussians, M = 20 mixtures): ms per 700-step line at batch 1
// and per 10-line page (its lines shared out between the cores), for the packed
// bf16 step (FastNet; its generic kernel under SEQGEN_PRECISION=f32) and the
// training-time forward (Network). Random weights: speed only.
// OMP_NUM_THREADS=1 gives the one-core figures.
#include <omp.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "nn/mdn_output.hpp"
#include "nn/network.hpp"
#include "sample/fast_net.hpp"

using namespace seqgen;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  CLI::App app{"seqgen sampling benchmark"};
  int steps = 700, alphabet = 80, page = 10, text = 40;
  bool fast_only = false;
  int share = 1;
  app.add_option("--steps", steps);
  app.add_option("--alphabet", alphabet);
  app.add_option("--page", page, "lines per page");
  app.add_option("--text", text, "characters per line");
  app.add_flag("--fast-only", fast_only, "time the packed step only");
  app.add_option("--share", share, "threads sharing one network's products (batch 1 and --page alike)");
  CLI11_PARSE(app, argc, argv);
  NetConfig c;
  c.input_size = 3, c.hidden = {400, 400, 400}, c.output_size = mdn_output_size(20);
  c.window_alphabet = alphabet, c.window_mixtures = 10;
  Network<float> net(c);
  net.init(1);
  std::vector<int32_t> chars(size_t(page) * text);
  for (size_t i = 0; i < chars.size(); ++i) chars[i] = int(i * 7 % alphabet);
  std::vector<float> x(size_t(page) * 3, 0.1f);

  // As pen_sample does: the lines are shared out between the cores, each core
  // stepping its own packed network copy over its lines.
  auto time_fast = [&](int B) {
    const int parts = share > 1 ? 1 : std::min(B, omp_get_max_threads());
    std::vector<std::unique_ptr<FastNet>> f;
    for (int p = 0; p < parts; ++p) {
      f.push_back(std::make_unique<FastNet>(net));
      f.back()->threads_set(share);
      f.back()->reset(B * (p + 1) / parts - B * p / parts, chars.data() + size_t(B * p / parts) * text, text);
    }
    auto t0 = Clock::now();
    if (parts == 1) {  // a product's threads are the only parallelism
      for (int t = 0; t < steps; ++t) f[0]->step(x.data());
    } else {
#pragma omp parallel for num_threads(parts)
      for (int p = 0; p < parts; ++p)
        for (int t = 0; t < steps; ++t) f[p]->step(x.data());
    }
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  };
  auto time_net = [&](int B) {
    NetState<float> st;
    net_state_reset(c, B, st);
    SeqBatch<float> in;
    in.T = 1, in.B = B, in.x = x.data(), in.chars = chars.data(), in.U = text;
    auto t0 = Clock::now();
    for (int t = 0; t < steps; ++t) net.forward(in, st);
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  };
  nlohmann::json out = {{"impl", "seqgen"}, {"steps", steps}, {"threads", omp_get_max_threads()}};
  out["fast_kernel"] = cpu_has_bf16() ? "avx512bf16" : "generic";
  time_fast(1);
  out["fast_ms_per_line"] = time_fast(1);
  out["fast_ms_per_page"] = time_fast(page);
  if (!fast_only) {
    out["network_ms_per_line"] = time_net(1);
    out["network_ms_per_page"] = time_net(page);
  }
  std::printf("%s\n", out.dump().c_str());
}
