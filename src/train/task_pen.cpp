#include "train/task_pen.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "nn/mdn_output.hpp"
#include "train/dist.hpp"

namespace seqgen {

PenTask::PenTask(std::vector<PenSequence> train, std::vector<PenSequence> valid, int mixtures, int batch,
                 uint64_t seed, double clip_output, nlohmann::json info, bool synthesis)
    : train_(std::move(train)),
      valid_(std::move(valid)),
      mixtures_(mixtures),
      batch_(batch),
      seed_(seed),
      clip_output_(clip_output),
      info_(std::move(info)),
      synthesis_(synthesis) {
  plan_ = pen_batches_plan(train_, batch_, seed_);
}

double PenTask::loss_display(const BatchLoss& s) const {
  return s.sequences ? s.loss / double(s.sequences) : 0;
}

void PenTask::epoch_start(int epoch) { plan_ = pen_batches_plan(train_, batch_, seed_ * 1000003 + epoch); }

BatchLoss PenTask::batch_train(Network<float>& net, int index, float clip_lstm) {
  const std::vector<int>& group = plan_[index];
  // Over MPI the batch is shared by every copy of every rank (rank r holds
  // copies r*n .. r*n+n-1): the same split as one process with that many copies.
  const int n = replicas_.count(), B = int(group.size());
  const int first = dist_rank() * n, total = dist_size() * n;
  pb_.resize(n);
  dy_.resize(n);
  std::vector<MdnStats> stats(n);
  std::vector<int> lines(n, 0);
  // Each replica takes a contiguous share of the batch's lines.
  replicas_.run(net, [&](int i, Network<float>& rep) {
    const int j = first + i;
    std::vector<int> part(group.begin() + dist_share_begin(B, j, total),
                          group.begin() + dist_share_begin(B, j + 1, total));
    lines[i] = int(part.size());
    if (part.empty()) return;
    PenBatch& pb = pb_[i];
    pen_batch_fill(train_, part, pb);
    NetState<float> st;
    net_state_reset(rep.config(), pb.B, st);
    rep.forward(pen_batch_input(pb, synthesis_), st);
    const int R = pb.T * pb.B;
    dy_[i].resize(size_t(R) * rep.config().output_size);
    // The loss is the mean over the batch's lines of each line's summed loss (eq 26).
    stats[i] = mdn_loss<float>(R, mixtures_, rep.output(), pb.target.data(), pb.mask.data(), dy_[i].data(),
                               1.f / float(B), float(clip_output_));
    rep.backward(dy_[i].data(), clip_lstm);
  }, first);
  BatchLoss bl;
  for (int i = 0; i < n; ++i) bl.loss += stats[i].loss, bl.units += stats[i].count, bl.sequences += lines[i];
  return bl;
}

std::vector<RunShape> PenTask::run_shape() const {
  return {{"batch", "--batch", batch_},
          {"train_lines", "--data (the training lines)", int64_t(train_.size())},
          {"batches_per_epoch", "--batch or --data", int64_t(plan_.size())}};
}

EvalScores PenTask::evaluate(Network<float>& net) {
  PenScores s = pen_evaluate(net, valid_, mixtures_, 32);
  EvalScores e;
  e.score = s.nats_per_line();
  e.details = {{"nats_per_line", s.nats_per_line()}, {"sse_per_point", s.sse_per_point()},
               {"lines", s.lines}, {"points", s.points}};
  e.summary = fmt::format("{:.1f} nats/line, SSE {:.3f}/point ({} lines)", s.nats_per_line(), s.sse_per_point(),
                          s.lines);
  return e;
}

}  // namespace seqgen
