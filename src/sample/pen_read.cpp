#include "sample/pen_read.hpp"

#include <algorithm>
#include <numeric>

#include "nn/ctc_output.hpp"
#include "sample/fast_net.hpp"

namespace seqgen {

SeqBatch<float> read_batch_input(const PenBatch& pb) {
  SeqBatch<float> in;
  in.T = pb.T, in.B = pb.B, in.x = pb.target.data();
  return in;
}

int pen_batch_steps(const PenBatch& pb, int b) {
  int n = 0;
  for (int t = 0; t < pb.T; ++t) n += pb.mask[size_t(t) * pb.B + b];
  return n;
}

std::vector<LineReading> pen_read(Network<float>& net, const std::vector<PenSequence>& lines, int batch,
                                  FastNet* fast) {
  // Sorted by length so that batches carry little padding.
  std::vector<int> order(lines.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return lines[a].steps.size() < lines[b].steps.size(); });
  const int Y = net.config().output_size;
  std::vector<LineReading> read(lines.size());
  PenBatch pb;
  NetState<float> st;
  std::vector<float> fy;  // FastNet's outputs of all steps, T x B x Y as Network's
  std::vector<int32_t> none;
  for (size_t i = 0; i < order.size(); i += size_t(batch)) {
    std::vector<int> group(order.begin() + i, order.begin() + std::min(order.size(), i + size_t(batch)));
    pen_batch_fill(lines, group, pb);
    const float* out = nullptr;
    if (fast) {
      none.assign(size_t(pb.B), -1);
      fast->reset(pb.B, none.data(), 1);
      fast_net_run(*fast, pb.target.data(), pb.T, pb.B, Y, fy);
      out = fy.data();
    } else {
      net_state_reset(net.config(), pb.B, st);
      net.forward(read_batch_input(pb), st);
      out = net.output();
    }
    const size_t ld = size_t(pb.B) * Y;
    for (int b = 0; b < pb.B; ++b) {
      const PenSequence& line = lines[group[b]];
      const int T = pen_batch_steps(pb, b);
      const float* y = out + size_t(b) * Y;
      LineReading& r = read[group[b]];
      r.best_path = ctc_greedy<float>(T, Y, y, ld);
      r.loss = ctc_loss<float>(T, Y, y, ld, line.chars.data(), int(line.chars.size()), nullptr, 1.f);
    }
  }
  return read;
}

}  // namespace seqgen
