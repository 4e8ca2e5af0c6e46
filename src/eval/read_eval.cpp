#include "eval/read_eval.hpp"

#include <algorithm>
#include <cmath>

#include "nn/ctc_output.hpp"
#include "sample/fast_net.hpp"
#include "sample/pen_read.hpp"

namespace seqgen {

ReadScores read_evaluate(Network<float>& net, const ReadInput& in, const std::vector<PenSequence>& lines, int batch,
                         std::optional<Weights> fast) {
  std::optional<FastNet> fn;
  if (fast) fn.emplace(net, *fast);
  const std::vector<LineReading> r = pen_read(net, in, lines, batch, fn ? &*fn : nullptr);
  ReadScores s;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (std::isinf(r[i].loss)) ++s.infeasible;
    else s.loss += r[i].loss, ++s.lines, s.nats_per_char.push_back(r[i].loss / double(std::max<size_t>(1, lines[i].chars.size())));
    s.errors += edit_distance(r[i].best_path, lines[i].chars);
    s.chars += int64_t(lines[i].chars.size());
  }
  return s;
}

}  // namespace seqgen
