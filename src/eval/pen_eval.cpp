#include "eval/pen_eval.hpp"

#include <algorithm>
#include <numeric>

#include "nn/mdn_output.hpp"
#include "nn/window.hpp"
#include "sample/fast_net.hpp"

namespace seqgen {

SeqBatch<float> pen_batch_input(const PenBatch& pb, bool synthesis) {
  SeqBatch<float> in;
  in.T = pb.T, in.B = pb.B, in.x = pb.x.data();
  if (synthesis) in.chars = pb.chars.data(), in.U = pb.U;
  return in;
}

namespace {

// Each point's loss goes to the class of the character the window focused on
// when the network predicted it (step t's output predicts point t + 1).
void pen_class_loss(const Network<float>& net, const PenBatch& pb, int mixtures, const Alphabet& alphabet,
                    PenScores& s) {
  const int Y = net.config().output_size, U = pb.U;
  for (int t = 0; t < pb.T; ++t) {
    const float* phi = net.window_phi(t);  // B x U
    for (int b = 0; b < pb.B; ++b) {
      const size_t r = size_t(t) * pb.B + b;
      if (!pb.mask[r]) continue;
      const int32_t ch = window_focus_char(phi + size_t(b) * U, pb.chars.data() + size_t(b) * U, U);
      if (ch < 0 || ch >= alphabet.size()) continue;
      const MdnStats m = mdn_loss<float>(1, mixtures, net.output() + r * Y, pb.target.data() + r * 3,
                                         pb.mask.data() + r, nullptr, 1.f, 0.f);
      const CharClass k = char_class(alphabet.chars[ch]);
      s.class_loss[k] += m.loss, s.class_points[k] += m.count;
    }
  }
}

}  // namespace

PenScores pen_evaluate(Network<float>& net, const std::vector<PenSequence>& lines, int mixtures, int batch,
                       const ProgressFn& progress, std::optional<Weights> fast, const Alphabet* alphabet) {
  // Sorted by length so that batches carry little padding.
  std::vector<int> order(lines.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return lines[a].steps.size() < lines[b].steps.size(); });
  PenScores s;
  PenBatch pb;
  NetState<float> st;
  const bool synthesis = net.config().has_window();
  std::optional<FastNet> fn;
  if (fast) fn.emplace(net, *fast);
  std::vector<float> y;  // FastNet's outputs of all steps, T x B x Y as Network's
  const int Y = net.config().output_size;
  std::vector<int32_t> none;  // a prediction network's window text: none (U = 1)
  for (size_t i = 0; i < order.size(); i += batch) {
    std::vector<int> group(order.begin() + i, order.begin() + std::min(order.size(), i + batch));
    pen_batch_fill(lines, group, pb);
    const float* out = nullptr;
    if (fn) {
      none.assign(size_t(pb.B), -1);
      fn->reset(pb.B, synthesis ? pb.chars.data() : none.data(), synthesis ? pb.U : 1);
      fast_net_run(*fn, pb.x.data(), pb.T, pb.B, Y, y);
      out = y.data();
    } else {
      net_state_reset(net.config(), pb.B, st);
      net.forward(pen_batch_input(pb, synthesis), st);
      out = net.output();
    }
    MdnStats m = mdn_loss<float>(pb.T * pb.B, mixtures, out, pb.target.data(), pb.mask.data(), nullptr, 1.f, 0.f);
    s.loss += m.loss, s.sse += m.sse, s.points += m.count, s.lines += pb.B;
    if (alphabet && synthesis && !fn) pen_class_loss(net, pb, mixtures, *alphabet, s);
    if (progress) progress(s.lines, int64_t(lines.size()));
  }
  return s;
}

}  // namespace seqgen
