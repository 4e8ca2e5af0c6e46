// Synthetic data for training tests (test_trainer, the MPI probe): lines
// tracing noisy circles with a pen lift every 10 points, each with a two-letter
// text over an alphabet of 3 (read only by synthesis tasks); and a text of
// 3000 symbols over 5.
#pragma once
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "data/pen_batches.hpp"

namespace seqgen {

inline std::vector<PenSequence> circles(int n, uint64_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> nd(0, 0.05f);
  std::vector<PenSequence> out;
  for (int i = 0; i < n; ++i) {
    PenSequence s;
    s.id = "line" + std::to_string(i);
    int T = 20 + int(rng() % 15);
    for (int t = 0; t < T; ++t)
      s.steps.push_back({std::cos(t * 0.6f) + nd(rng), std::sin(t * 0.6f) + nd(rng), float(t % 10 == 9)});
    s.chars = {int32_t(i % 3), int32_t((i + 1) % 3)};
    out.push_back(std::move(s));
  }
  return out;
}

inline std::vector<int32_t> cycle_text() {
  std::vector<int32_t> text;
  for (int i = 0; i < 3000; ++i) text.push_back(int32_t((i * i + i / 7) % 5));
  return text;
}

}  // namespace seqgen
