// Online handwriting recognition as a training task (Graves et al. 2009, the
// reader the line check and `seqgen read` use): the network reads a line's
// pen offsets one point at a time (x_t = the line's step t, the input of §4
// without the one-step shift) and its output at each point is a softmax over
// the alphabet and a blank (Y = V + 1), scored by CTC against the line's text
// (nn/ctc_output.hpp). Batches of whole lines, as PenTask; validation by
// eval/read_eval.hpp.
#pragma once
#include <string>
#include <vector>

#include "data/pen_batches.hpp"
#include "sample/pen_read.hpp"
#include "train/replicas.hpp"
#include "train/train_task.hpp"

namespace seqgen {

class ReadTask : public TrainTask {
 public:
  // in: what the network reads of a line (sample/pen_read.hpp); info holds it as "read".
  ReadTask(std::vector<PenSequence> train, std::vector<PenSequence> valid, const ReadInput& in, int batch,
           uint64_t seed, nlohmann::json info);
  std::string kind() const override { return "recognizer"; }
  std::string unit() const override { return in_.raster.rows ? "column" : "point"; }
  std::string loss_name() const override { return "nats/line"; }
  double loss_display(const BatchLoss& s) const override { return s.sequences ? s.loss / double(s.sequences) : 0; }
  int batches_per_epoch() const override { return int(plan_.size()); }
  int64_t sequences_per_epoch() const override { return int64_t(train_.size()); }
  void epoch_start(int epoch) override;
  BatchLoss batch_train(Network<float>& net, int index, float clip_lstm) override;
  EvalScores evaluate(Network<float>& net) override;
  nlohmann::json model_info() const override { return info_; }
  std::vector<RunShape> run_shape() const override;

 private:
  std::vector<PenSequence> train_, valid_;
  ReadInput in_;
  int batch_;
  uint64_t seed_;
  nlohmann::json info_;
  std::vector<std::vector<int>> plan_;
  Replicas replicas_;
  std::vector<ReadBatch> rb_;              // per replica
  std::vector<std::vector<float>> dy_;     // per replica: ∂L/∂(lines' outputs)
  std::vector<std::vector<float>> both_;  // per replica, both ways: the lines' outputs, then ∂L/∂(network's)
};

}  // namespace seqgen
