// Reading handwriting: a recogniser network (train/task_read.hpp) run over
// lines of pen strokes, its CTC outputs (nn/ctc_output.hpp) turned into the
// most probable path's text and the loss of the text the line should say.
// The line check uses it to tell a garbled line from a clean one; `seqgen
// read` to transcribe strokes.
//
// What the network reads of a line (ReadInput, the model's "read"):
// - the pen steps (dx, dy, lift), one point at a time (Graves et al. 2009's
//   online reader), or the columns of a picture of the line (pen_raster.hpp:
//   how it looks, not how it was drawn);
// - one way, or both ways with one network: row b of its batch reads line b
//   first to last, row B + b last to first with one more input set to 1, and
//   its output for step t of the line is the sum of both rows' ŷ for that
//   step (a bidirectional reader: a word's last letters inform how its first
//   ones read).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "data/pen_batches.hpp"
#include "nn/network.hpp"
#include "sample/pen_raster.hpp"
#include "seqgen/iam_ondb.hpp"

namespace seqgen {

struct ReadInput {
  bool both_ways = false;
  RasterSpec raster;  // raster.rows = 0: the pen steps
  StepStats stats;    // of the recogniser's steps (a picture is drawn from the denormalised ones)
  // The writer's thresholds with this reader (`seqgen pack --word-max`,
  // `--reader-max`), in its own nats per character: readers differ in scale
  // (a picture reader reads real lines at a median 0.83, the pen-step one at
  // 0.58). Unset: the writer's defaults.
  std::optional<double> word_max, reader_max;
  int features() const { return raster.rows ? raster.rows : 3; }
  int input_size() const { return features() + (both_ways ? 1 : 0); }
};

// The model information's "read" entry; a model without one reads the pen
// steps one way. Throws seqgen::Error naming `where` for bad fields (a
// threshold not a number >= 0) or an input size that is not the network's.
nlohmann::json read_input_to_json(const ReadInput& in);
ReadInput read_input_from(const nlohmann::json& info, const StepStats& stats, const NetConfig& c,
                          const std::string& where);

// A batch of lines as the network reads them.
struct ReadBatch {
  int T = 0, B = 0, rows = 0;  // rows: B, or 2B both ways
  std::vector<float> x;        // T x rows x input_size, time-major, zero padded
  std::vector<int> len;        // B: each line's network steps (points or columns)
  SeqBatch<float> seq() const;
  // Work space kept between batches: each line's picture, a line's steps in pen units.
  std::vector<std::vector<float>> pictures;
  PenSteps raw;
};
// lines[group[b]] for b < B; their steps normalised with in.stats.
void read_batch_fill(const std::vector<PenSequence>& lines, const std::vector<int>& group, const ReadInput& in,
                     ReadBatch& out);
// The lines' outputs (T x B x Y) from the network's (T x rows x Y): the same,
// or both ways' summed step by step.
template <class Real>
const Real* read_output(const ReadBatch& rb, bool both, int Y, const Real* y, std::vector<Real>& out);
// ∂L/∂(network's outputs) from ∂L/∂(lines' outputs): each row's share of the
// sum is the sum's gradient (the transpose of read_output). Both ways only.
template <class Real>
void read_output_grad(const ReadBatch& rb, int Y, const Real* dout, std::vector<Real>& dy);

struct LineReading {
  std::vector<int32_t> best_path;  // alphabet indices
  double loss = 0;                 // -ln Pr(line's chars | steps), +inf if the line is too short for them
};

class FastNet;

// Reads every line (steps normalised with in.stats; `chars` the text it
// should say, may be empty), `batch` lines at a time: through
// Network::forward (fp32, what training validates), or with `fast` (net
// packed for the sampling step, sample/fast_net.hpp; what writing uses).
std::vector<LineReading> pen_read(Network<float>& net, const ReadInput& in, const std::vector<PenSequence>& lines,
                                  int batch, FastNet* fast = nullptr);

}  // namespace seqgen
