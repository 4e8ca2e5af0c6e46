// Handwriting models on held-out lines (§4, §5; Tables 3 and 4).
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "core/progress.hpp"
#include "data/pen_batches.hpp"
#include "nn/network.hpp"
#include "seqgen/weights.hpp"

namespace seqgen {

// The network's input for a batch of lines (and their texts, for synthesis).
SeqBatch<float> pen_batch_input(const PenBatch& pb, bool synthesis);

struct PenScores {
  double loss = 0, sse = 0;  // sums (nats, squared offsets in normalised units)
  int64_t points = 0, lines = 0;
  double nats_per_line() const { return lines ? loss / double(lines) : 0; }
  double sse_per_point() const { return points ? sse / double(points) : 0; }
};

// Loss of every line (forward only), `batch` lines at a time. Table 3/4 figures:
// mean loss per line (nats) and mean sum-squared error per point.
// fast: the outputs of the sampling step (FastNet with those weights, fed the
// true strokes one step at a time) instead of Network::forward's fp32
// products: what the weight format costs the model.
PenScores pen_evaluate(Network<float>& net, const std::vector<PenSequence>& lines, int mixtures, int batch,
                       const ProgressFn& progress = {}, std::optional<Weights> fast = std::nullopt);

}  // namespace seqgen
