// Reading handwriting: a recogniser network (train/task_read.hpp) run over
// lines of pen steps, its CTC outputs (nn/ctc_output.hpp) turned into the
// most probable path's text and the loss of the text the line should say.
// The line check uses it to tell a garbled line from a clean one; `seqgen
// read` to transcribe strokes.
#pragma once
#include <cstdint>
#include <vector>

#include "data/pen_batches.hpp"
#include "nn/network.hpp"

namespace seqgen {

// The network input of a batch: each line's own steps (PenBatch::target), not
// shifted by one as a predicting network's are.
SeqBatch<float> read_batch_input(const PenBatch& pb);
// Steps of line b of a batch.
int pen_batch_steps(const PenBatch& pb, int b);

struct LineReading {
  std::vector<int32_t> best_path;  // alphabet indices
  double loss = 0;                 // -ln Pr(line's chars | steps), +inf if the line is too short for them
};

class FastNet;

// Reads every line (steps normalised with the recogniser's statistics;
// `chars` the text it should say, may be empty), `batch` lines at a time:
// through Network::forward (fp32, what training validates), or with `fast`
// (net packed for the sampling step, sample/fast_net.hpp; what writing uses).
std::vector<LineReading> pen_read(Network<float>& net, const std::vector<PenSequence>& lines, int batch,
                                  FastNet* fast = nullptr);

}  // namespace seqgen
