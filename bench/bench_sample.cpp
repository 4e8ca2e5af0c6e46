// Handwriting generation speed of the paper's synthesis network (3x400 LSTM,
// K = 10 window Gaussians, M = 20 mixtures): ms per 700-step line at batch 1
// and per 10-line page (its lines shared out between the cores), for the packed
// bf16 step (FastNet; its generic kernel under SEQGEN_PRECISION=f32) and the
// training-time forward (Network). Random weights: speed only.
// OMP_NUM_THREADS=1 gives the one-core figures.
// --batches 1,8,32,64: instead, one packed network per weights format
// (--weights bf16,int8) stepping B lines on one thread: µs per step and
// GFLOP/s (2 x the weights of a step's products x B), the best of --repeat
// runs, the formats alternating so that both see the same machine. With
// --model (a trained synthesis model) the window moves over a real text as in
// use, so its sparse product reads what it reads when writing.
#include <omp.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <nlohmann/json.hpp>

#include "api/pen_model.hpp"
#include "nn/mdn_output.hpp"
#include "nn/network.hpp"
#include "sample/fast_net.hpp"

using namespace seqgen;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  CLI::App app{"seqgen sampling benchmark"};
  int steps = 700, alphabet = 80, page = 10, text = 40;
  bool fast_only = false;
  int share = 1, repeat = 3;
  std::string batches, formats = "bf16,int8", model;
  app.add_option("--steps", steps);
  app.add_option("--alphabet", alphabet);
  app.add_option("--page", page, "lines per page");
  app.add_option("--text", text, "characters per line");
  app.add_flag("--fast-only", fast_only, "time the packed step only");
  app.add_option("--share", share, "threads sharing one network's products (batch 1 and --page alike)");
  app.add_option("--batches", batches, "comma-separated batch sizes: µs per step and GFLOP/s of each");
  app.add_option("--weights", formats, "with --batches: bf16, int8 or both (bf16,int8)");
  app.add_option("--repeat", repeat, "with --batches: runs of each row, the fastest counts");
  app.add_option("--model", model, "with --batches: a trained synthesis model instead of random weights");
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
  if (!batches.empty()) {
    auto list = [](const std::string& s) {
      std::vector<std::string> v;
      std::stringstream ss(s);
      for (std::string t; std::getline(ss, t, ',');) v.push_back(t);
      return v;
    };
    std::unique_ptr<PenModel> pm;
    std::vector<int32_t> line;  // the text of every line
    if (!model.empty()) {
      pm = std::make_unique<PenModel>(pen_model_load(model, "synthesis"));
      line = alphabet_encode(pm->alphabet, "handwriting from a network forty letters", nullptr);
      text = int(line.size());
    }
    const Network<float>& bn = pm ? pm->model.net : net;
    c = bn.config();
    alphabet = c.window_alphabet;
    // Multiply-adds of one line's step: the LSTM layers, window and output layers.
    double macs = double(c.window_mixtures) * 3 * c.hidden[0] + double(c.output_size) * c.hidden_total();
    for (int n = 0; n < c.layers(); ++n)
      macs += 4.0 * c.hidden[n] * (c.input_size + (n ? c.hidden[n - 1] : 0) + alphabet + c.hidden[n]);
    for (const std::string& bs : list(batches)) {
      const int B = std::stoi(bs);
      std::vector<int32_t> cb(size_t(B) * text);
      for (size_t i = 0; i < cb.size(); ++i) cb[i] = pm ? line[i % line.size()] : int(i * 7 % alphabet);
      std::vector<float> xb(size_t(B) * 3, 0.1f);
      std::vector<std::string> names = list(formats);
      std::vector<double> best(names.size(), 1e30);
      for (int r = 0; r < repeat; ++r)
        for (size_t k = 0; k < names.size(); ++k) {
          if (names[k] != "bf16" && names[k] != "int8") {
            std::fprintf(stderr, "--weights: bf16 or int8, not %s\n", names[k].c_str());
            return 2;
          }
          FastNet f(bn, names[k] == "int8" ? Weights::int8 : Weights::bf16);
          f.reset(B, cb.data(), text);
          for (int t = 0; t < 20; ++t) f.step(xb.data());  // warm the caches
          auto t0 = Clock::now();
          for (int t = 0; t < steps; ++t) f.step(xb.data());
          best[k] = std::min(best[k], std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / steps);
        }
      for (size_t k = 0; k < names.size(); ++k) {
        nlohmann::json row = {{"weights", names[k]}, {"batch", B}, {"us_per_step", best[k]},
                              {"gflops", 2 * macs * B / best[k] / 1e3},
                              {"kernel", names[k] == "int8" ? (FastNet::native_default(Weights::int8) ? "avx512vnni" : "generic")
                                                            : (cpu_has_bf16() ? "avx512bf16" : "generic")}};
        std::printf("%s\n", row.dump().c_str());
      }
    }
    return 0;
  }
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
