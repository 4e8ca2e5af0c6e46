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

ReadTask::ReadTask(std::vector<PenSequence> train, std::vector<PenSequence> valid, const ReadInput& in, int batch,
                   uint64_t seed, nlohmann::json info)
    : train_(std::move(train)), valid_(std::move(valid)), in_(in), batch_(batch), seed_(seed), info_(std::move(info)) {
  info_["read"] = read_input_to_json(in_);
  plan_ = pen_batches_plan(train_, batch_, seed_);
}

void ReadTask::epoch_start(int epoch) { plan_ = pen_batches_plan(train_, batch_, seed_ * 1000003 + epoch); }

BatchLoss ReadTask::batch_train(Network<float>& net, int index, float clip_lstm) {
  const std::vector<int>& group = plan_[index];
  const int n = replicas_.count(), B = int(group.size());
  const int first = dist_rank() * n, total = dist_size() * n;
  rb_.resize(n);
  dy_.resize(n);
  both_.resize(n);
  std::vector<BatchLoss> part_loss(n);
  replicas_.run(net, [&](int i, Network<float>& rep) {
    const int j = first + i;
    std::vector<int> part(group.begin() + dist_share_begin(B, j, total),
                          group.begin() + dist_share_begin(B, j + 1, total));
    if (part.empty()) return;
    ReadBatch& rb = rb_[i];
    read_batch_fill(train_, part, in_, rb);
    NetState<float> st;
    net_state_reset(rep.config(), rb.rows, st);
    rep.forward(rb.seq(), st);
    const int Y = rep.config().output_size;
    const float* y = read_output(rb, in_.both_ways, Y, rep.output(), both_[i]);
    dy_[i].assign(size_t(rb.T) * rb.B * Y, 0.f);
    const size_t ld = size_t(rb.B) * Y;
    for (int b = 0; b < rb.B; ++b) {
      const PenSequence& line = train_[part[b]];
      // The loss is the mean over the batch's lines of each line's -ln Pr(text | line).
      const double L = ctc_loss<float>(rb.len[b], Y, y + size_t(b) * Y, ld, line.chars.data(), int(line.chars.size()),
                                       dy_[i].data() + size_t(b) * Y, 1.f / float(B));
      if (std::isinf(L)) continue;  // a line too short for its text teaches nothing
      part_loss[i].loss += L, part_loss[i].units += rb.len[b], ++part_loss[i].sequences;
    }
    if (in_.both_ways) read_output_grad(rb, Y, dy_[i].data(), both_[i]);
    rep.backward(in_.both_ways ? both_[i].data() : dy_[i].data(), clip_lstm);
  }, first);
  BatchLoss bl;
  for (const BatchLoss& p : part_loss) bl.loss += p.loss, bl.units += p.units, bl.sequences += p.sequences;
  return bl;
}

std::vector<RunShape> ReadTask::run_shape() const { return pen_run_shape(batch_, train_.size(), plan_.size()); }

EvalScores ReadTask::evaluate(Network<float>& net) {
  const ReadScores s = read_evaluate(net, in_, valid_, 32);
  EvalScores e;
  e.score = s.nats_per_line();
  e.details = {{"nats_per_line", s.nats_per_line()}, {"cer", s.cer()}, {"lines", s.lines},
               {"chars", s.chars}, {"infeasible", s.infeasible}};
  e.summary = fmt::format("{:.2f} nats/line, CER {:.3f} ({} lines)", s.nats_per_line(), s.cer(), s.lines);
  return e;
}

}  // namespace seqgen
