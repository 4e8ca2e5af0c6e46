// Handwriting prediction (§4) and synthesis (§5) as training tasks: batches of
// whole lines, mixture density loss, full backpropagation through time.
#pragma once
#include <string>
#include <vector>

#include "data/alphabet.hpp"
#include "data/pen_batches.hpp"
#include "eval/pen_eval.hpp"
#include "train/replicas.hpp"
#include "train/train_task.hpp"

namespace seqgen {

// Weights the loss of each point by the character the window was on when the
// network predicted it (φ's largest, eq 46): ∂L/∂ŷ's row r = t*B + b is scaled
// by char_weight[that character], the gradient of Σ_r w_r L_r (eq 26) with the
// w_r held fixed. Characters a data set has few of (capitals, digits) can
// so weigh more than their share of the points.
void pen_loss_weight(const Network<float>& net, const PenBatch& pb, const std::vector<float>& char_weight, float* dy);

// --class-weight "capitals=3,digits=3,x=2": the weight of each character of
// the alphabet, by its class (data/alphabet.hpp) or its own (which beats its
// class's), 1 unless named. Fails on a malformed item, a weight outside
// (0, 1000] or a character the alphabet lacks (alphabet null: the syntax only).
std::vector<float> char_weights_parse(const std::string& spec, const Alphabet* alphabet);

// What a resume of a task over whole lines must keep: the batch, the
// training lines and so the batches of an epoch (PenTask, ReadTask).
std::vector<RunShape> pen_run_shape(int batch, size_t train_lines, size_t batches_per_epoch);

class PenTask : public TrainTask {
 public:
  // char_weight (synthesis; empty: none): per alphabet character, the weight of
  // the points predicted while the window is on it (pen_loss_weight).
  PenTask(std::vector<PenSequence> train, std::vector<PenSequence> valid, int mixtures, int batch, uint64_t seed,
          double clip_output, nlohmann::json info, bool synthesis, std::vector<float> char_weight = {});
  std::string kind() const override { return synthesis_ ? "synthesis" : "handwriting"; }
  std::string unit() const override { return "point"; }
  std::string loss_name() const override { return "nats/line"; }
  double loss_display(const BatchLoss& s) const override;
  int batches_per_epoch() const override { return int(plan_.size()); }
  int64_t sequences_per_epoch() const override { return int64_t(train_.size()); }
  void epoch_start(int epoch) override;
  BatchLoss batch_train(Network<float>& net, int index, float clip_lstm) override;
  EvalScores evaluate(Network<float>& net) override;
  nlohmann::json model_info() const override { return info_; }
  std::vector<RunShape> run_shape() const override;

 private:
  std::vector<PenSequence> train_, valid_;
  int mixtures_, batch_;
  uint64_t seed_;
  double clip_output_;
  nlohmann::json info_;
  bool synthesis_;
  std::vector<float> char_weight_;
  std::vector<std::vector<int>> plan_;
  Replicas replicas_;
  std::vector<PenBatch> pb_;              // per replica
  std::vector<std::vector<float>> dy_;    // per replica
};

}  // namespace seqgen
