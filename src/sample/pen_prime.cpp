#include "sample/pen_prime.hpp"

namespace seqgen {
namespace {

// Index of the first step of the last `n` strokes (0 if there are not more than n).
size_t strokes_last_begin(const PenSteps& steps, int n) {
  size_t k = steps.size();
  if (k > 0 && steps[k - 1].eos >= 0.5f) --k;  // the pen lift that ends the last stroke is its own
  for (; k > 0; --k)
    if (steps[k - 1].eos >= 0.5f && --n == 0) return k;
  return 0;
}

}  // namespace

int pen_prime_marks_drop(PenSteps& steps, std::vector<int32_t>& text, const std::vector<int>& mark_strokes,
                         int32_t space) {
  while (text.size() > 1 && text.back() == space) text.pop_back();
  int dropped = 0;
  while (text.size() > 1) {
    const int32_t c = text.back();
    const int n = c >= 0 && size_t(c) < mark_strokes.size() ? mark_strokes[size_t(c)] : 0;
    if (n <= 0) break;
    const size_t k = strokes_last_begin(steps, n);
    if (k == 0) break;  // the mark would be all there is
    steps.resize(k);
    text.pop_back();
    ++dropped;
  }
  return dropped;
}

void pen_prime_end(PenSteps& steps, std::vector<int32_t>& text, const std::vector<int>& mark_strokes, int32_t space) {
  pen_prime_marks_drop(steps, text, mark_strokes, space);
  if (!text.empty() && text.back() != space) text.push_back(space);
}

}  // namespace seqgen
