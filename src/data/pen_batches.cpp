#include "data/pen_batches.hpp"

#include <algorithm>
#include <numeric>
#include <random>

namespace seqgen {

std::vector<std::vector<int>> pen_batches_plan(const std::vector<PenSequence>& lines, int B, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> jitter(0.95, 1.05);
  std::vector<std::pair<double, int>> keyed;
  for (int i = 0; i < int(lines.size()); ++i) keyed.push_back({double(lines[i].steps.size()) * jitter(rng), i});
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::vector<int>> groups;
  for (size_t i = 0; i < keyed.size(); i += B) {
    std::vector<int> g;
    for (size_t j = i; j < std::min(keyed.size(), i + B); ++j) g.push_back(keyed[j].second);
    groups.push_back(std::move(g));
  }
  std::shuffle(groups.begin(), groups.end(), rng);
  return groups;
}

void pen_batch_fill(const std::vector<PenSequence>& lines, const std::vector<int>& group, PenBatch& out) {
  int T = 0, U = 0;
  for (int i : group) {
    T = std::max(T, int(lines[i].steps.size()));
    U = std::max(U, int(lines[i].chars.size()));
  }
  const int B = int(group.size());
  out.T = T, out.B = B, out.U = U;
  out.x.assign(size_t(T) * B * 3, 0.f);
  out.target.assign(size_t(T) * B * 3, 0.f);
  out.mask.assign(size_t(T) * B, 0);
  out.chars.assign(size_t(B) * U, -1);
  for (int b = 0; b < B; ++b) {
    const PenSequence& s = lines[group[b]];
    for (int t = 0; t < int(s.steps.size()); ++t) {
      size_t r = size_t(t) * B + b;
      const PenStep& p = s.steps[t];
      out.target[r * 3] = p.dx, out.target[r * 3 + 1] = p.dy, out.target[r * 3 + 2] = p.eos;
      out.mask[r] = 1;
      if (t + 1 < T) {
        size_t r1 = r + B;
        out.x[r1 * 3] = p.dx, out.x[r1 * 3 + 1] = p.dy, out.x[r1 * 3 + 2] = p.eos;
      }
    }
    std::copy(s.chars.begin(), s.chars.end(), out.chars.begin() + size_t(b) * U);
  }
}

}  // namespace seqgen
