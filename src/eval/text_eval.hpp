// Text models on held-out text (§3, Table 1): bits per symbol and error
// rate, plain or with dynamic evaluation (§3.1).
#pragma once
#include <cstdint>
#include <vector>

#include "core/progress.hpp"
#include "nn/network.hpp"

namespace seqgen {

struct TextScores {
  double loss = 0;  // nats
  int64_t count = 0, errors = 0;
  double bits_per_symbol() const;
  double error_rate() const { return count ? double(errors) / double(count) : 0; }
};

// Loss of every token of `tokens` (forward only), read as `streams` parallel
// contiguous streams in segments of `seg` steps with carried state. The first
// token of each stream is predicted from the null vector (§2).
TextScores text_evaluate(Network<float>& net, const std::vector<int32_t>& tokens, int streams, int seg,
                         const ProgressFn& progress = {});

// Dynamic evaluation (§3.1): each segment is predicted first and the weights
// are then updated on it by SGD with the given step, so every token is
// predicted once, before the weights have seen it.
TextScores text_evaluate_dynamic(Network<float>& net, const std::vector<int32_t>& tokens, int streams, int seg,
                                 double lr, double momentum, float clip_lstm, const ProgressFn& progress = {});

}  // namespace seqgen
