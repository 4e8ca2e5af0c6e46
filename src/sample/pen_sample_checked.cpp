#include "sample/pen_sample_checked.hpp"

#include <algorithm>

namespace seqgen {

std::vector<CheckedLine> pen_sample_checked(Network<float>& net, int mixtures, const Alphabet& alphabet,
                                            const std::vector<std::vector<int32_t>>& texts,
                                            const PenSteps& prime_steps, const std::vector<int32_t>& prime_text,
                                            const CheckedSampleOptions& opt) {
  const int n = int(texts.size()), first = int(prime_text.size());
  std::vector<CheckedLine> out(n);
  std::vector<int> todo;
  for (int i = 0; i < n; ++i)
    if (!texts[i].empty()) todo.push_back(i);
  int settled = n - int(todo.size());
  const size_t batch = size_t(std::max(1, opt.batch));
  for (int attempt = 0; attempt <= opt.retries && !todo.empty(); ++attempt) {
    std::vector<int> again;
    for (size_t g = 0; g < todo.size(); g += batch) {
      std::vector<std::vector<int32_t>> group;
      for (size_t k = g; k < std::min(todo.size(), g + batch); ++k) group.push_back(texts[todo[k]]);
      PenSampleOptions so = opt.sample;
      if (!opt.sample.biases.empty()) {  // per line of `texts`, so per line of this group
        so.biases.clear();
        for (size_t k = g; k < std::min(todo.size(), g + batch); ++k) so.biases.push_back(opt.sample.biases[todo[k]]);
      }
      so.seed = opt.sample.seed + g + 1000003 * uint64_t(attempt);
      so.keep_phi = true;
      std::vector<PenSample> r = pen_sample(net, mixtures, group, prime_steps, prime_text, so);
      for (size_t k = 0; k < r.size(); ++k) {
        const int line = todo[g + k];
        const std::vector<bool> space = alphabet_spaces(alphabet, texts[line]);
        LineAlignment a = line_alignment(r[k].phi, first + int(space.size()) + 1, first, space);
        const bool pass = opt.accept ? opt.accept(r[k], a) : r[k].finished && !a.suspect();
        CheckedLine& c = out[line];
        c.draws = attempt + 1;
        if (attempt == 0 || pass) c.sample = std::move(r[k]), c.alignment = a, c.passed = pass;
        if (!pass && attempt < opt.retries) again.push_back(line);
        else ++settled;
      }
      if (opt.progress) opt.progress(settled, n);
    }
    todo = again;
  }
  return out;
}

}  // namespace seqgen
