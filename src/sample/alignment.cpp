#include "seqgen/alignment.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace seqgen {

LineAlignment line_alignment(const std::vector<float>& phi, int width, int first, const std::vector<bool>& space) {
  const int n = int(space.size());
  if (width <= 0 || phi.size() % size_t(width) != 0 || first < 0 || first + n > width - 1)
    fail("line_alignment: {} window weights do not fit rows of {} with {} characters from {}", phi.size(), width, n,
         first);
  LineAlignment a;
  a.steps = int(phi.size() / size_t(width));
  int last = n - 1;
  while (last > 0 && space[last]) --last;
  std::vector<int> first_read(n, -1);
  for (int t = 0; t < a.steps; ++t) {
    const float* row = phi.data() + size_t(t) * width;
    const int u = int(std::max_element(row, row + width) - row) - first;
    if (u >= 0 && u < n && first_read[u] < 0) first_read[u] = t;
    if (u >= last && a.last_read < 0) a.last_read = t;  // a short final mark may be passed over
  }
  bool in_word = false, read = false;
  for (int i = 0; i <= n; ++i) {
    if (i == n || space[i]) {
      if (in_word && !read) a.words_skipped.push_back(a.words - 1);
      in_word = false;
      continue;
    }
    if (!in_word) in_word = true, read = false, ++a.words;
    read = read || first_read[i] >= 0;
  }
  for (int i = last; i >= 0 && !space[i]; --i) ++a.last_word_chars;
  if (a.last_read >= 0) {
    a.tail = a.steps - 1 - a.last_read;
    a.steps_per_char = last > 0 ? double(a.last_read) / last : double(a.steps);
  }
  return a;
}

}  // namespace seqgen
