// Training throughput of a seqgen network on synthetic data, and the machine's
// sgemm speed at the same matrix shapes. Prints one JSON line; the driver
// scripts (bench/*.sh) run it next to the PyTorch reference. Under mpirun the
// batch is shared by the ranks and the gradients summed as in training
// (src/train/dist.hpp); rank 0 prints, with the bytes and time of the sums.
#include <cblas.h>
#include <omp.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>

#include "core/error.hpp"
#include "core/gemm.hpp"
#include "nn/mdn_output.hpp"
#include "nn/network.hpp"
#include "nn/softmax_output.hpp"
#include "train/dist.hpp"
#include "train/optimizer.hpp"
#include "train/replicas.hpp"

using namespace seqgen;
using Clock = std::chrono::steady_clock;

static double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Matrix products per step of training (forward + backward), as (M, N, K, count).
struct Shape {
  int M, N, K;
  double count;
};

int main(int argc, char** argv) {
  CLI::App app{"seqgen training benchmark"};
  std::vector<int> hidden{1000};
  int input = 50, classes = 50, mixtures = 0, batch = 32, seq = 100, steps = 20, warmup = 3;
  std::string precision = "bf16";
  int replicas = 1;
  app.add_option("--hidden", hidden, "cells per layer")->delimiter(',');
  app.add_option("--input", input, "input size (one-hot classes when --mixtures is 0)");
  app.add_option("--classes", classes, "softmax classes");
  app.add_option("--mixtures", mixtures, "mixture components (dense 3-d input, MDN output)");
  app.add_option("--batch", batch);
  app.add_option("--seq", seq);
  app.add_option("--steps", steps);
  app.add_option("--warmup", warmup);
  app.add_option("--precision", precision, "f32 or bf16");
  app.add_option("--replicas", replicas, "network copies run in parallel on parts of the batch (0 = one per core)");
  CLI11_PARSE(app, argc, argv);
  Precision p = gemm_set_precision(precision == "bf16" ? Precision::bf16 : Precision::f32);

  const bool mdn = mixtures > 0;
  NetConfig cfg;
  cfg.input_size = mdn ? 3 : input;
  cfg.input_onehot = !mdn;
  cfg.hidden = hidden;
  cfg.output_size = mdn ? mdn_output_size(mixtures) : classes;
  Network<float> net(cfg);
  net.init(1);
  Optimizer opt{opt_defaults(OptKind::adam)};

  const int R = batch * seq, Y = cfg.output_size;
  std::mt19937 rng(1);
  std::vector<int32_t> xi(R), tgt(R);
  std::vector<float> xd(size_t(R) * 3);
  std::normal_distribution<float> nd;
  for (int r = 0; r < R; ++r) {
    xi[r] = int(rng() % input);
    tgt[r] = int(rng() % classes);
    xd[r * 3] = nd(rng), xd[r * 3 + 1] = nd(rng), xd[r * 3 + 2] = float(rng() % 20 == 0);
  }
  Replicas reps(replicas);
  const int nrep = reps.count(), ranks = dist_size(), Bp = batch / (nrep * ranks);
  if (Bp < 1) fail("--batch {} is less than one sequence per copy ({} copies x {} ranks)", batch, nrep, ranks);
  std::vector<std::vector<float>> dy(nrep, std::vector<float>(size_t(R) * Y));
  std::vector<NetState<float>> st(nrep);
  for (auto& s : st) net_state_reset(cfg, Bp, s);
  // Replica i reads rows of its own batch slice: synthetic data, so any slice will do.
  auto step = [&] {
    std::fill(net.grads.begin(), net.grads.end(), 0.f);
    reps.run(net, [&](int i, Network<float>& n) {
      SeqBatch<float> in;
      in.T = seq, in.B = Bp;
      if (mdn) in.x = xd.data(); else in.x_idx = xi.data();
      n.forward(in, st[i]);
      const int Rp = seq * Bp;
      if (mdn)
        mdn_loss<float>(Rp, mixtures, n.output(), xd.data(), nullptr, dy[i].data(), 1.f / batch, 100.f);
      else
        softmax_loss<float>(Rp, Y, n.output(), tgt.data(), dy[i].data(), 1.f / batch, 0.f);
      n.backward(dy[i].data(), 10.f);
    });
    dist_allreduce_sum(net.grads.data(), net.grads.size());
    opt.update(net.params.data(), net.grads.data(), net.params.size());
    net.params_changed();
  };
  for (int i = 0; i < warmup; ++i) step();
  const DistStats d0 = dist_stats();
  auto t0 = Clock::now();
  for (int i = 0; i < steps; ++i) step();
  double secs = seconds_since(t0);
  const DistStats d1 = dist_stats();
  if (ranks > 1) {  // the sgemm reference is a one-process figure
    const double mpi_ms = 1e3 * (d1.seconds - d0.seconds) / steps;
    // The sum alone, back to back (the ranks in step): its cost without the
    // wait for a slower rank that mpi_ms includes.
    dist_allreduce_sum(net.grads.data(), net.grads.size());
    const DistStats a0 = dist_stats();
    for (int i = 0; i < 10; ++i) dist_allreduce_sum(net.grads.data(), net.grads.size());
    const double alone_ms = 1e3 * (dist_stats().seconds - a0.seconds) / 10;
    nlohmann::json out = {{"impl", "seqgen"}, {"ranks", ranks}, {"replicas", nrep}, {"threads", omp_get_max_threads()},
                          {"hidden", hidden}, {"batch", batch}, {"seq", seq}, {"steps", steps}, {"seconds", secs},
                          {"tokens_per_s", double(Bp) * nrep * ranks * seq * steps / secs},
                          {"ms_per_step", 1e3 * secs / steps}, {"allreduce_bytes_per_step", net.grads.size() * 4},
                          {"mpi_ms_per_step", mpi_ms}, {"allreduce_ms_alone", alone_ms}};
    std::printf("%s\n", out.dump().c_str());  // rank 0 only: the others' stdout is closed
    dist_finalize();
    return 0;
  }

  // Nominal products per step, counted as for the PyTorch reference: every
  // layer's input matrix (one-hot or not), recurrent matrix and the output.
  std::vector<Shape> shapes;
  int below = 0, S = cfg.hidden_total();
  for (int H : hidden) {
    int in = cfg.input_size + below;
    for (auto [M, N, K] : {std::tuple{R, 4 * H, in}, std::tuple{R, in, 4 * H}, std::tuple{in, 4 * H, R}})
      shapes.push_back({M, N, K, 1});
    shapes.push_back({batch, 4 * H, H, double(seq)});   // h_{t-1} W_rec
    shapes.push_back({batch, H, 4 * H, double(seq)});   // dz W_rec^T
    shapes.push_back({H, 4 * H, R, 1});                 // dW_rec
    below = H;
  }
  for (auto [M, N, K] : {std::tuple{R, Y, S}, std::tuple{R, S, Y}, std::tuple{S, Y, R}}) shapes.push_back({M, N, K, 1});
  double flops = 0, sgemm_secs = 0;
  for (auto& s : shapes) {
    double f = 2.0 * s.M * s.N * s.K;
    flops += f * s.count;
    std::vector<float> A(size_t(s.M) * s.K, 0.01f), B(size_t(s.K) * s.N, 0.01f), C(size_t(s.M) * s.N);
    int reps = std::max(3, int(2e9 / f));
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s.M, s.N, s.K, 1, A.data(), s.K, B.data(), s.N, 0,
                C.data(), s.N);
    auto t1 = Clock::now();
    for (int i = 0; i < reps; ++i)
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s.M, s.N, s.K, 1, A.data(), s.K, B.data(), s.N, 1,
                  C.data(), s.N);
    sgemm_secs += seconds_since(t1) / reps * s.count;
  }
  nlohmann::json out = {{"impl", "seqgen"},
                        {"precision", p == Precision::bf16 ? "bf16" : "f32"},
                        {"replicas", nrep},
                        {"threads", omp_get_max_threads()},
                        {"hidden", hidden},
                        {"batch", batch},
                        {"seq", seq},
                        {"steps", steps},
                        {"seconds", secs},
                        {"tokens_per_s", double(R) * steps / secs},
                        {"gflops", flops * steps / secs / 1e9},
                        {"sgemm_gflops_same_shapes", flops / sgemm_secs / 1e9}};
  std::printf("%s\n", out.dump().c_str());
}
