#include "sample/pen_sample_checked.hpp"

#include <algorithm>

#include "sample/pen_line.hpp"

namespace seqgen {

bool pen_line_check(const Alphabet& alphabet, const std::vector<int32_t>& text, int prime_chars, const PenSample& s,
                    const CheckedSampleOptions& opt, LineAlignment& a) {
  const std::vector<bool> space = alphabet_spaces(alphabet, text);
  a = line_alignment_focus(s.focus, prime_chars + int(space.size()) + 1, prime_chars, space,
                           alphabet_step_shares(alphabet, text));
  return opt.accept ? opt.accept(s, a) : s.finished && !a.suspect();
}

bool checked_line_keep(CheckedLine& c, PenSample&& s, const LineAlignment& a, bool pass, double score, int attempt,
                       int retries) {
  c.draws = attempt + 1;
  if (attempt == 0 || pass || score < c.score) c.sample = std::move(s), c.alignment = a, c.passed = pass, c.score = score;
  return !pass && attempt < retries;
}

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
      PenSampleOptions so = opt.sample;
      so.biases.clear();
      for (size_t k = g; k < std::min(todo.size(), g + batch); ++k) {
        group.push_back(texts[todo[k]]);
        if (!opt.sample.biases.empty()) so.biases.push_back(opt.sample.biases[todo[k]]);
        so.seeds.push_back(pen_line_seed(opt.sample.seed, todo[k], attempt));  // the line's own, whatever its group
      }
      std::vector<PenSample> r = pen_sample(net, mixtures, group, prime_steps, prime_text, so);
      std::vector<double> score(r.size(), 0.0);
      if (opt.score) score = opt.score(r, std::vector<int>(todo.begin() + g, todo.begin() + g + r.size()));
      for (size_t k = 0; k < r.size(); ++k) {
        const int line = todo[g + k];
        LineAlignment a;
        const bool pass = pen_line_check(alphabet, texts[line], first, r[k], opt, a) && score[k] <= opt.score_max;
        if (checked_line_keep(out[line], std::move(r[k]), a, pass, score[k], attempt, opt.retries))
          again.push_back(line);
        else ++settled;
      }
      if (opt.progress) opt.progress(settled, n);
    }
    todo = again;
  }
  return out;
}

}  // namespace seqgen
