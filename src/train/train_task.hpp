// What a trainer needs from a kind of data (text, handwriting, synthesis).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nn/network.hpp"

namespace seqgen {

struct TensorFile;

// A setting that fixes how an epoch is cut into batches (batch size, segment
// length, data size): recorded in a checkpoint, and a resume with another
// value refused naming `flag`, since the saved position and carried state
// mean nothing under another cut.
struct RunShape {
  std::string key, flag;
  int64_t value;
};

struct BatchLoss {
  double loss = 0;        // Σ -ln Pr over the batch's targets (nats)
  int64_t units = 0;      // targets counted (characters, words, pen points)
  int64_t sequences = 0;  // sequences that ended in this batch (handwriting lines)
};

struct EvalScores {
  double score = 0;       // lower is better; used for early stopping and the best model
  nlohmann::json details; // everything the task reports (bpc, perplexity, nats, sse, ...)
  std::string summary;    // one line for logs
};

class TrainTask {
 public:
  virtual ~TrainTask() = default;
  virtual std::string kind() const = 0;   // "text", "handwriting", "synthesis"
  virtual std::string unit() const = 0;   // what `units` counts, for rates ("char", "point")
  // Loss shown while training, from running sums (e.g. bits per char, nats per line).
  virtual double loss_display(const BatchLoss& sum) const = 0;
  virtual std::string loss_name() const = 0;
  virtual int batches_per_epoch() const = 0;
  // Sequences an epoch's batch losses are means over (adaptive weight noise's λ).
  virtual int64_t sequences_per_epoch() const = 0;
  // Fixes the batch order of an epoch (from the seed; no state is kept
  // between epochs other than what checkpoint_state saves).
  virtual void epoch_start(int epoch) = 0;
  // Forward and backward of batch `index` of the current epoch; gradients are
  // accumulated into net.grads, scaled to the batch mean. clip_lstm bounds the
  // LSTM derivatives (§2.1).
  virtual BatchLoss batch_train(Network<float>& net, int index, float clip_lstm) = 0;
  virtual EvalScores evaluate(Network<float>& net) = 0;
  // Task facts a model file must keep (vocabulary, normalisation, ...).
  virtual nlohmann::json model_info() const = 0;
  // What a resume must keep the same (RunShape).
  virtual std::vector<RunShape> run_shape() const = 0;
  // State carried between batches (text: the LSTM state of each stream);
  // every tensor's shape is checked against `net` and the batch.
  virtual void checkpoint_save(TensorFile&) const {}
  virtual void checkpoint_load(const TensorFile&, const std::string& path, const NetConfig& net) {}
};

}  // namespace seqgen
