#include "train/task_text.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "core/error.hpp"
#include "core/safetensors.hpp"
#include "data/text_segments.hpp"
#include "nn/softmax_output.hpp"
#include "train/dist.hpp"

namespace seqgen {

TextTask::TextTask(std::vector<int32_t> train, std::vector<int32_t> valid, int batch, int seg, int reset_every,
                   nlohmann::json info, std::string unit)
    : train_(std::move(train)),
      valid_(std::move(valid)),
      batch_(batch),
      seg_(seg),
      reset_every_(reset_every),
      info_(std::move(info)),
      unit_(std::move(unit)) {
  if (train_.size() < size_t(batch_) * 2) fail("training text has {} symbols: too short for {} streams", train_.size(), batch_);
  stream_len_ = int64_t(train_.size()) / batch_;
  segments_ = int((stream_len_ + seg_ - 1) / seg_);
  // Over MPI each rank reads a contiguous share of the streams, with their state.
  b0_ = dist_share_begin(batch_, dist_rank(), dist_size());
  b1_ = dist_share_begin(batch_, dist_rank() + 1, dist_size());
  if (b1_ == b0_) fail("--batch {}: too few text streams for {} MPI processes (at least one each)", batch_, dist_size());
}

double TextTask::loss_display(const BatchLoss& s) const {
  return s.units ? s.loss / double(s.units) / std::numbers::ln2 : 0;
}

// The state is reset by batch 0 of every epoch (batch_train), not here, so
// that a checkpoint's carried state survives a resume in mid-epoch.
void TextTask::epoch_start(int) {}

BatchLoss TextTask::batch_train(Network<float>& net, int index, float clip_lstm) {
  const int B = b1_ - b0_;
  if (state_.B != B || index == 0 || (reset_every_ > 0 && index % reset_every_ == 0))
    net_state_reset(net.config(), B, state_);
  const int64_t p0 = int64_t(index) * seg_;
  const int T = int(std::min<int64_t>(seg_, stream_len_ - p0));
  text_segment_fill(train_, stream_len_, b0_, b1_, p0, T, x_, y_);
  SeqBatch<float> in;
  in.T = T, in.B = B, in.x_idx = x_.data();
  net.forward(in, state_);
  const int R = T * B, K = net.config().output_size;
  dy_.resize(size_t(R) * K);
  // Per-stream segment loss summed over time, averaged over the streams.
  SoftmaxStats m = softmax_loss<float>(R, K, net.output(), y_.data(), dy_.data(), 1.f / float(batch_), 0.f);
  net.backward(dy_.data(), clip_lstm);
  return {m.loss, m.count, 0};
}

EvalScores TextTask::evaluate(Network<float>& net) {
  TextScores s = text_evaluate(net, valid_, 16, seg_);
  EvalScores e;
  e.score = s.bits_per_symbol();
  e.details = {{"bits_per_" + unit_, s.bits_per_symbol()}, {"error_rate", s.error_rate()}, {"symbols", s.count}};
  e.summary = fmt::format("{:.4f} bits/{}, error {:.2f}%", s.bits_per_symbol(), unit_, 100 * s.error_rate());
  return e;
}

// The state of all streams (every rank's rows, in stream order), so that a
// run resumes with any number of processes.
void TextTask::checkpoint_save(TensorFile& f) const {
  int64_t started = state_.B;
  dist_max(&started, 1);
  if (started == 0) return;
  const std::vector<float> h = dist_gather(state_.h), c = dist_gather(state_.c);
  tensor_put(f, "task.state_h", h, {int64_t(batch_), int64_t(h.size() / batch_)});
  tensor_put(f, "task.state_c", c, {int64_t(batch_), int64_t(c.size() / batch_)});
}

std::vector<RunShape> TextTask::run_shape() const {
  return {{"batch", "--batch", batch_},
          {"seq", "--seq", seg_},
          {"train_symbols", "--train (the training text)", int64_t(train_.size())},
          {"batches_per_epoch", "--batch, --seq or --train", segments_}};
}

void TextTask::checkpoint_load(const TensorFile& f, const std::string& path, const NetConfig& net) {
  if (!tensor_has(f, "task.state_h")) return;
  // [batch, ΣH] each (every stream, a row each), or the state would be read
  // past its end; this rank keeps its own rows.
  const std::vector<int64_t> shape = {batch_, net.hidden_total()};
  const std::vector<float> h = tensor_get(f, "task.state_h", path, shape), c = tensor_get(f, "task.state_c", path, shape);
  const size_t row = size_t(net.hidden_total());
  state_.B = b1_ - b0_;
  state_.h.assign(h.begin() + b0_ * row, h.begin() + b1_ * row);
  state_.c.assign(c.begin() + b0_ * row, c.begin() + b1_ * row);
  state_.kappa.clear(), state_.w.clear();
}

}  // namespace seqgen
