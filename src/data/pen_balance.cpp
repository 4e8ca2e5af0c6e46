#include "data/pen_balance.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"

namespace seqgen {

std::vector<PenSequence> pen_lines_balance(std::vector<PenSequence> lines, int alphabet_size, const PenBalance& b,
                                           std::string* report) {
  if (b.min_lines < 0) fail("--balance must be >= 0, not {}", b.min_lines);
  if (b.max_repeat < 1) fail("--balance-max must be >= 1, not {}", b.max_repeat);
  if (b.min_lines == 0 || b.max_repeat == 1) return lines;
  // Lines holding each character (a line counts once per character).
  std::vector<int> holding(size_t(alphabet_size), 0), last(size_t(alphabet_size), -1);
  for (int i = 0; i < int(lines.size()); ++i)
    for (int32_t c : lines[size_t(i)].chars) {
      if (c < 0 || c >= alphabet_size) fail("balance: character index {} outside the alphabet of {}", c, alphabet_size);
      if (last[size_t(c)] != i) last[size_t(c)] = i, ++holding[size_t(c)];
    }
  const size_t n = lines.size();
  int repeated = 0;
  for (size_t i = 0; i < n; ++i) {
    int rarest = b.min_lines;
    for (int32_t c : lines[i].chars) rarest = std::min(rarest, holding[size_t(c)]);
    if (rarest >= b.min_lines) continue;
    const int copies = std::min(b.max_repeat, (b.min_lines + rarest - 1) / rarest);
    for (int k = 1; k < copies; ++k) lines.push_back(lines[i]);
    ++repeated;
  }
  if (report)
    *report = fmt::format("balance: {} of {} training lines hold a character found in fewer than {} lines; {} copies added",
                          repeated, n, b.min_lines, lines.size() - n);
  return lines;
}

}  // namespace seqgen
