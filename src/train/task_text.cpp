#include "train/task_text.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "core/error.hpp"
#include "core/safetensors.hpp"
#include "nn/softmax_output.hpp"
#include "train/optimizer.hpp"

namespace seqgen {
namespace {

// Inputs and targets of segment `s` of `streams` streams of length `len`
// cut from `tokens`: position p of stream b is tokens[b*len + p]; its input is
// the previous token of the stream (null vector, -1, at p = 0). Positions past
// the stream's end get target -1 (no loss).
void segment_fill(const std::vector<int32_t>& tokens, int streams, int64_t len, int64_t p0, int T,
                  std::vector<int32_t>& x, std::vector<int32_t>& y) {
  x.assign(size_t(T) * streams, -1);
  y.assign(size_t(T) * streams, -1);
  for (int t = 0; t < T; ++t) {
    int64_t p = p0 + t;
    if (p >= len) continue;
    for (int b = 0; b < streams; ++b) {
      size_t base = size_t(b) * len;
      y[size_t(t) * streams + b] = tokens[base + p];
      x[size_t(t) * streams + b] = p > 0 ? tokens[base + p - 1] : -1;
    }
  }
}

int streams_fit(size_t n, int streams) { return int(std::max<size_t>(1, std::min<size_t>(streams, n))); }

}  // namespace

double TextScores::bits_per_symbol() const { return count ? loss / double(count) / std::numbers::ln2 : 0; }

TextScores text_evaluate(Network<float>& net, const std::vector<int32_t>& tokens, int streams, int seg) {
  return text_evaluate_dynamic(net, tokens, streams, seg, 0.0, 0.0, 0.f);
}

TextScores text_evaluate_dynamic(Network<float>& net, const std::vector<int32_t>& tokens, int streams, int seg,
                                 double lr, double momentum, float clip_lstm) {
  // Tokens that do not fill the last stream are read by one more stream.
  const int S = streams_fit(tokens.size(), streams);
  const int64_t len = int64_t(tokens.size()) / S;
  TextScores sc;
  std::vector<int32_t> tail(tokens.end() - (int64_t(tokens.size()) - len * S), tokens.end());
  const bool dynamic = lr > 0;
  Optimizer opt{opt_defaults(OptKind::sgd)};
  opt.cfg.lr = lr, opt.cfg.momentum = momentum;
  std::vector<float> dy;
  for (int pass = 0; pass < 2; ++pass) {
    const std::vector<int32_t>& src = pass == 0 ? tokens : tail;
    const int s = pass == 0 ? S : 1;
    const int64_t l = pass == 0 ? len : int64_t(tail.size());
    if (l == 0) continue;
    NetState<float> st;
    net_state_reset(net.config(), s, st);
    std::vector<int32_t> x, y;
    for (int64_t p0 = 0; p0 < l; p0 += seg) {
      const int T = int(std::min<int64_t>(seg, l - p0));
      segment_fill(src, s, l, p0, T, x, y);
      SeqBatch<float> in;
      in.T = T, in.B = s, in.x_idx = x.data();
      net.forward(in, st);
      const int R = T * s, K = net.config().output_size;
      if (dynamic) dy.resize(size_t(R) * K);
      SoftmaxStats m = softmax_loss<float>(R, K, net.output(), y.data(), dynamic ? dy.data() : nullptr, 1.f, 0.f);
      sc.loss += m.loss, sc.count += m.count, sc.errors += m.errors;
      if (dynamic) {  // only now, after predicting the segment, learn from it
        std::fill(net.grads.begin(), net.grads.end(), 0.f);
        net.backward(dy.data(), clip_lstm);
        opt.update(net.params.data(), net.grads.data(), net.params.size());
        net.params_changed();
      }
    }
  }
  // Worse than guessing uniformly: the updates diverged (a NaN fails too).
  const double uniform = std::log2(double(net.config().output_size));
  if (dynamic && !(sc.bits_per_symbol() <= uniform))
    fail("dynamic evaluation diverged: {:.4g} bits per symbol, worse than a uniform guess ({:.2f}); use a "
         "--dynamic-lr below {}", sc.bits_per_symbol(), uniform, lr);
  if (!std::isfinite(sc.loss)) fail("the model's predictions are not finite numbers");
  return sc;
}

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
}

double TextTask::loss_display(const BatchLoss& s) const {
  return s.units ? s.loss / double(s.units) / std::numbers::ln2 : 0;
}

// The state is reset by batch 0 of every epoch (batch_train), not here, so
// that a checkpoint's carried state survives a resume in mid-epoch.
void TextTask::epoch_start(int) {}

BatchLoss TextTask::batch_train(Network<float>& net, int index, float clip_lstm) {
  if (state_.B != batch_ || index == 0 || (reset_every_ > 0 && index % reset_every_ == 0))
    net_state_reset(net.config(), batch_, state_);
  const int64_t p0 = int64_t(index) * seg_;
  const int T = int(std::min<int64_t>(seg_, stream_len_ - p0));
  segment_fill(train_, batch_, stream_len_, p0, T, x_, y_);
  SeqBatch<float> in;
  in.T = T, in.B = batch_, in.x_idx = x_.data();
  net.forward(in, state_);
  const int R = T * batch_, K = net.config().output_size;
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

void TextTask::checkpoint_save(TensorFile& f) const {
  if (state_.B == 0) return;
  tensor_put(f, "task.state_h", state_.h, {int64_t(state_.B), int64_t(state_.h.size() / state_.B)});
  tensor_put(f, "task.state_c", state_.c, {int64_t(state_.B), int64_t(state_.c.size() / state_.B)});
}

void TextTask::checkpoint_load(const TensorFile& f, const std::string& path) {
  if (!tensor_has(f, "task.state_h")) return;
  state_.B = batch_;
  state_.h = tensor_get(f, "task.state_h", path);
  state_.c = tensor_get(f, "task.state_c", path);
  if (state_.h.size() % batch_ != 0) fail("{}: carried text state does not match batch {}", path, batch_);
}

}  // namespace seqgen
