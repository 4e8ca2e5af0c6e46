// Text prediction (§3) as a training task: the training tokens are cut into B
// contiguous streams read in parallel, in segments of T steps; the LSTM state
// carries from one segment to the next (truncated BPTT) and is reset every R
// segments (R = 0: only at the start of an epoch). No shuffling, as the paper.
#pragma once
#include <cstdint>
#include <vector>

#include "eval/text_eval.hpp"
#include "train/train_task.hpp"

namespace seqgen {

class TextTask : public TrainTask {
 public:
  TextTask(std::vector<int32_t> train, std::vector<int32_t> valid, int batch, int seg, int reset_every,
           nlohmann::json info, std::string unit);
  std::string kind() const override { return "text"; }
  std::string unit() const override { return unit_; }
  std::string loss_name() const override { return "bits/" + unit_; }
  double loss_display(const BatchLoss& s) const override;
  int batches_per_epoch() const override { return segments_; }
  int64_t sequences_per_epoch() const override { return int64_t(segments_) * batch_; }
  void epoch_start(int epoch) override;
  BatchLoss batch_train(Network<float>& net, int index, float clip_lstm) override;
  EvalScores evaluate(Network<float>& net) override;
  nlohmann::json model_info() const override { return info_; }
  void checkpoint_save(TensorFile& f) const override;
  std::vector<RunShape> run_shape() const override;
  void checkpoint_load(const TensorFile& f, const std::string& path, const NetConfig& net) override;

 private:
  std::vector<int32_t> train_, valid_;
  int batch_, seg_, reset_every_, segments_ = 0;
  int b0_ = 0, b1_ = 0;  // this process's streams (all of them without MPI)
  int64_t stream_len_ = 0;
  nlohmann::json info_;
  std::string unit_;
  NetState<float> state_;
  std::vector<int32_t> x_, y_;
  std::vector<float> dy_;
};

}  // namespace seqgen
