// Handwriting models on held-out lines (§4, §5; Tables 3 and 4).
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "core/progress.hpp"
#include "data/alphabet.hpp"
#include "data/pen_batches.hpp"
#include "nn/network.hpp"
#include "seqgen/weights.hpp"

namespace seqgen {

// The network's input for a batch of lines (and their texts, for synthesis).
SeqBatch<float> pen_batch_input(const PenBatch& pb, bool synthesis);


struct PenScores {
  double loss = 0, sse = 0;  // sums (nats, squared offsets in normalised units)
  int64_t points = 0, lines = 0;
  // Synthesis with an alphabet given: the loss of the points written while the
  // window's focus (its largest φ, eq 46) was on a character of each class.
  double class_loss[kCharClasses] = {};
  int64_t class_points[kCharClasses] = {};
  double nats_per_line() const { return lines ? loss / double(lines) : 0; }
  double sse_per_point() const { return points ? sse / double(points) : 0; }
};

// Loss of every line (forward only), `batch` lines at a time. Table 3/4 figures:
// mean loss per line (nats) and mean sum-squared error per point.
// fast: the outputs of the sampling step (FastNet with those weights, fed the
// true strokes one step at a time) instead of Network::forward's fp32
// products: what the weight format costs the model. alphabet (synthesis with
// the fp32 forward only, may be null): also the loss by class of the focus.
PenScores pen_evaluate(Network<float>& net, const std::vector<PenSequence>& lines, int mixtures, int batch,
                       const ProgressFn& progress = {}, std::optional<Weights> fast = std::nullopt,
                       const Alphabet* alphabet = nullptr);

}  // namespace seqgen
