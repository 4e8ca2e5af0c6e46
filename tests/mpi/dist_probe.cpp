// A tiny training run for the MPI tests (mpi_train.sh): the same run under
// `mpirun -np N` or as one process, on synthetic data, printing what the
// tests compare: the validation score of every epoch and a hash of the weights.
//
//   dist_probe pen|text RUN [epochs=N] [steps=N] [resume=1] [ckpt_minutes=X] [noise=X]
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>

#include "core/error.hpp"
#include "core/safetensors.hpp"
#include "nn/mdn_output.hpp"
#include "train/dist.hpp"
#include "train/task_pen.hpp"
#include "train/task_text.hpp"
#include "train/trainer.hpp"
#include "../train_data.hpp"

using namespace seqgen;

namespace {

uint64_t weights_hash(const std::vector<float>& v) {
  uint64_t h = 1469598103934665603ull;
  for (float f : v) {
    uint32_t w;
    std::memcpy(&w, &f, 4);
    h = (h ^ w) * 1099511628211ull;
  }
  return h;
}

// The reductions themselves: the sum is the rank-order sum, the same bits on
// every rank; the hash check passes on equal weights and fails on unequal ones.
int reduce_check() {
  const int N = dist_size(), me = dist_rank();
  if (N < 2) fail("dist_probe reduce: run under mpirun with 2 or more ranks");
  auto value = [](int r, size_t k) { return std::sin(float(k) * 0.37f + float(r)) * std::pow(10.f, float(k % 7) - 3); };
  const size_t n = 1001;  // not a multiple of the ranks: uneven slices
  std::vector<float> v(n), want(n);
  for (size_t k = 0; k < n; ++k) {
    v[k] = value(me, k);
    want[k] = value(0, k);
    for (int r = 1; r < N; ++r) want[k] += value(r, k);
  }
  dist_allreduce_sum(v.data(), n);
  if (std::memcmp(v.data(), want.data(), n * sizeof(float)) != 0) fail("rank {}: sum is not the rank-order sum", me);
  dist_hash_check(v, "sums", 0);
  if (me == 1) v[n / 2] = std::nextafter(v[n / 2], 1e9f);  // one bit on one rank
  try {
    dist_hash_check(v, "sums", 1);
  } catch (const Error& e) {
    if (std::string(e.what()).find("differ between ranks") == std::string::npos) throw;
    if (dist_root()) std::printf("reduce ok; a one-bit difference gives: %s\n", e.what());
    return 0;
  }
  fail("rank {}: a one-bit difference between ranks went unnoticed", me);
}

int run(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "reduce") return reduce_check();
  if (argc < 3) fail("usage: dist_probe pen|text RUN [epochs=N] [steps=N] [resume=1] [ckpt_minutes=X] [noise=X]");
  const std::string kind = argv[1];
  std::map<std::string, double> o = {{"epochs", 4}, {"steps", 0}, {"resume", 0}, {"ckpt_minutes", 10}, {"noise", 0}};
  for (int i = 3; i < argc; ++i) {
    std::string a = argv[i];
    size_t eq = a.find('=');
    if (eq == std::string::npos || !o.count(a.substr(0, eq))) fail("dist_probe: unknown argument {}", a);
    o[a.substr(0, eq)] = std::stod(a.substr(eq + 1));
  }
  TrainSpec s;
  s.run_dir = argv[2];
  s.epochs = int(o["epochs"]);
  s.max_steps = int64_t(o["steps"]);
  s.resume = o["resume"] != 0;
  s.checkpoint_minutes = o["ckpt_minutes"];
  s.weight_noise = o["noise"];
  s.opt = opt_defaults(OptKind::adam);
  s.opt.lr = 1e-2;
  s.precision = Precision::f32;
  s.quiet = true;
  // For the kill test: where each rank's process is.
  std::filesystem::create_directories(s.run_dir);
  std::ofstream(s.run_dir + "/pid." + std::to_string(dist_rank())) << ::getpid() << "\n";

  NetConfig c;
  std::unique_ptr<TrainTask> task;
  if (kind == "pen") {
    c.input_size = 3, c.hidden = {16, 12}, c.output_size = mdn_output_size(3);
    task = std::make_unique<PenTask>(circles(64, 1), circles(16, 2), 3, 8, 1, 100.0, nlohmann::json{{"mixtures", 3}},
                                     false);
  } else if (kind == "text") {
    std::vector<int32_t> text = cycle_text();
    std::vector<int32_t> valid(text.begin(), text.begin() + 400);
    c.input_size = 5, c.input_onehot = true, c.hidden = {12}, c.output_size = 5;
    task = std::make_unique<TextTask>(text, valid, 4, 20, 0, nlohmann::json::object(), "char");
  } else {
    fail("dist_probe: task must be pen or text, not {}", kind);
  }
  Network<float> net(c);
  net.init(1);
  TrainResult r = train_run(*task, net, s);
  if (!dist_root()) return 0;
  TensorFile f = safetensors_read(s.run_dir + "/checkpoint.safetensors");
  auto progress = nlohmann::json::parse(f.metadata.at("seqgen.progress"));
  for (auto& e : progress.at("history")) {
    double v = e.contains("nats_per_line") ? e["nats_per_line"].get<double>() : e["bits_per_char"].get<double>();
    std::printf("valid %d %.17g\n", e.at("epoch").get<int>(), v);
  }
  std::printf("steps %ld\nweights %016lx\n", long(r.steps), (unsigned long)weights_hash(net.params));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    int code = run(argc, argv);
    dist_finalize();
    return code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dist_probe: error: %s\n", e.what());
    dist_abort(1);
  }
}
