#include "eval/text_eval.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/error.hpp"
#include "data/text_segments.hpp"
#include "nn/softmax_output.hpp"

namespace seqgen {

double TextScores::bits_per_symbol() const { return count ? loss / double(count) / std::numbers::ln2 : 0; }

TextScores text_evaluate(Network<float>& net, const std::vector<int32_t>& tokens, int streams, int seg,
                         const ProgressFn& progress) {
  return text_evaluate_dynamic(net, tokens, streams, seg, 0.0, 0.0, 0.f, progress);
}

TextScores text_evaluate_dynamic(Network<float>& net, const std::vector<int32_t>& tokens, int streams, int seg,
                                 double lr, double momentum, float clip_lstm, const ProgressFn& progress) {
  // Tokens that do not fill the last stream are read by one more stream.
  const int S = text_streams_fit(tokens.size(), streams);
  const int64_t len = int64_t(tokens.size()) / S;
  TextScores sc;
  std::vector<int32_t> tail(tokens.end() - (int64_t(tokens.size()) - len * S), tokens.end());
  const bool dynamic = lr > 0;
  std::vector<float> dy, velocity(dynamic ? net.params.size() : 0, 0.f);
  const float lr_f = float(lr), mu = float(momentum);
  const int64_t total = int64_t(tokens.size());
  int64_t done = 0;
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
      text_segment_fill(src, l, 0, s, p0, T, x, y);
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
        // SGD with momentum (§3.1): v = μ v - lr ε; w += v.
        const int64_t n = int64_t(net.params.size());
        float *w = net.params.data(), *v = velocity.data();
        const float* g = net.grads.data();
#pragma omp parallel for simd if (n > 65536)
        for (int64_t i = 0; i < n; ++i) {
          v[i] = mu * v[i] - lr_f * g[i];
          w[i] += v[i];
        }
        net.params_changed();
      }
      done += int64_t(T) * s;
      if (progress) progress(std::min(done, total), total);
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

}  // namespace seqgen
