// The machine's bf16 roof, measured: every thread runs 16 independent chains
// of vdpbf16ps (each 32 multiply-adds = 64 FLOP) on registers only, so the
// rate is the instruction's throughput, not memory. The roof of seqgen serve
// (lines per second) is this over a line's FLOP. Prints JSON.
//   OMP_NUM_THREADS=2 build/bench/bench_peak [--seconds 2]
#include <immintrin.h>
#include <omp.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/cpu.hpp"

namespace {

// n rounds of 16 dot products; returns a sum so nothing is optimised away.
__attribute__((target("avx512f,avx512bf16"), noinline)) float dpbf16_chains(long n, int seed) {
  __m512 a[16];
  for (int i = 0; i < 16; ++i) a[i] = _mm512_set1_ps(float(i + seed) * 1e-3f);
  const __m512bh x = (__m512bh)_mm512_set1_epi32(0x3f803f80 + seed), y = (__m512bh)_mm512_set1_epi32(0x3c003c00);
  for (long k = 0; k < n; ++k)
#pragma GCC unroll 16
    for (int i = 0; i < 16; ++i) a[i] = _mm512_dpbf16_ps(a[i], x, y);
  __m512 s = a[0];
  for (int i = 1; i < 16; ++i) s = _mm512_add_ps(s, a[i]);
  return _mm512_reduce_add_ps(s);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bf16 dot-product peak of this machine"};
  double seconds = 2;
  app.add_option("--seconds", seconds, "per round (3 rounds, the best kept)")->check(CLI::Range(0.1, 60.0));
  CLI11_PARSE(app, argc, argv);
  if (!seqgen::cpu_has_bf16()) {
    std::fprintf(stderr, "bench_peak: this CPU has no AVX512-BF16 instructions\n");
    return 1;
  }
  const int threads = omp_get_max_threads();
  long n = 1 << 20;
  double best = 0;
  float sink = 0;
  for (int round = 0; round < 3; ++round) {
    for (;;) {  // rounds of about `seconds`
      const auto t0 = std::chrono::steady_clock::now();
#pragma omp parallel num_threads(threads) reduction(+ : sink)
      sink += dpbf16_chains(n, omp_get_thread_num());
      const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (t < seconds / 4) {
        n *= 2;
        continue;
      }
      best = std::max(best, double(n) * 16 * 64 * threads / t / 1e9);
      break;
    }
  }
  nlohmann::json out = {{"threads", threads}, {"gflops_bf16", best}, {"instr_per_s_per_thread", best * 1e9 / 64 / threads},
                        {"sink", sink}};
  std::printf("%s\n", out.dump().c_str());
}
