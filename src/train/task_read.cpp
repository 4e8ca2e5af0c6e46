#include "train/task_read.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "eval/read_eval.hpp"
#include "nn/ctc_output.hpp"
#include "sample/pen_read.hpp"
#include "train/dist.hpp"
#include "train/task_pen.hpp"

namespace seqgen {

ReadTask::ReadTask(std::vector<PenSequence> train, std::vector<PenSequence> valid, int batch, uint64_t seed,
                   nlohmann::json info)
    : train_(std::move(train)), valid_(std::move(valid)), batch_(batch), seed_(seed), info_(std::move(info)) {
  plan_ = pen_batches_plan(train_, batch_, seed_);
}

void ReadTask::epoch_start(int epoch) { plan_ = pen_batches_plan(train_, batch_, seed_ * 1000003 + epoch); }

BatchLoss ReadTask::batch_train(Network<float>& net, int index, float clip_lstm) {
  const std::vector<int>& group = plan_[index];
  const int n = replicas_.count(), B = int(group.size());
  const int first = dist_rank() * n, total = dist_size() * n;
  pb_.resize(n);
  dy_.resize(n);
  std::vector<BatchLoss> part_loss(n);
  replicas_.run(net, [&](int i, Network<float>& rep) {
    const int j = first + i;
    std::vector<int> part(group.begin() + dist_share_begin(B, j, total),
                          group.begin() + dist_share_begin(B, j + 1, total));
    if (part.empty()) return;
    PenBatch& pb = pb_[i];
    pen_batch_fill(train_, part, pb);
    NetState<float> st;
    net_state_reset(rep.config(), pb.B, st);
    rep.forward(read_batch_input(pb), st);
    const int Y = rep.config().output_size;
    dy_[i].assign(size_t(pb.T) * pb.B * Y, 0.f);
    const size_t ld = size_t(pb.B) * Y;
    for (int b = 0; b < pb.B; ++b) {
      const PenSequence& line = train_[part[b]];
      // The loss is the mean over the batch's lines of each line's -ln Pr(text | line).
      const double L = ctc_loss<float>(pen_batch_steps(pb, b), Y, rep.output() + size_t(b) * Y, ld, line.chars.data(),
                                       int(line.chars.size()), dy_[i].data() + size_t(b) * Y, 1.f / float(B));
      if (std::isinf(L)) continue;  // a line too short for its text teaches nothing
      part_loss[i].loss += L, part_loss[i].units += pen_batch_steps(pb, b), ++part_loss[i].sequences;
    }
    rep.backward(dy_[i].data(), clip_lstm);
  }, first);
  BatchLoss bl;
  for (const BatchLoss& p : part_loss) bl.loss += p.loss, bl.units += p.units, bl.sequences += p.sequences;
  return bl;
}

std::vector<RunShape> ReadTask::run_shape() const { return pen_run_shape(batch_, train_.size(), plan_.size()); }

EvalScores ReadTask::evaluate(Network<float>& net) {
  const ReadScores s = read_evaluate(net, valid_, 32);
  EvalScores e;
  e.score = s.nats_per_line();
  e.details = {{"nats_per_line", s.nats_per_line()}, {"cer", s.cer()}, {"lines", s.lines},
               {"chars", s.chars}, {"infeasible", s.infeasible}};
  e.summary = fmt::format("{:.2f} nats/line, CER {:.3f} ({} lines)", s.nats_per_line(), s.cer(), s.lines);
  return e;
}

}  // namespace seqgen
