// The training loop shared by every task: weight noise (§3.1), gradient step,
// progress display, atomic checkpoints with exact resume, validation each
// epoch, the best model kept, early stopping, and refusal of NaN.
// With `average` (Polyak averaging), validation and the best model use an
// exponential moving average of the weights, which removes most of the noise
// of the last updates.
#pragma once
#include <cstdint>
#include <string>

#include "core/gemm.hpp"
#include "train/optimizer.hpp"
#include "train/train_task.hpp"

namespace seqgen {

struct TrainSpec {
  std::string run_dir;             // checkpoint.safetensors, best.safetensors, train.log
  int epochs = 20;
  uint64_t seed = 1;
  double weight_noise = 0;         // std of the Gaussian noise added to all weights each batch (§3.1)
  double adaptive_noise = 0;       // adaptive weight noise (§3.1, weight_noise.hpp): initial σ, 0 = off
  double recurrent_dropout = 0;    // drop probability of the LSTM cell input g (lstm_cell.hpp), 0 = off
  double clip_lstm = 10;           // bound on ∂L/∂(LSTM pre-activations) (§2.1)
  OptConfig opt;
  Precision precision = Precision::bf16;
  double checkpoint_minutes = 10;
  int patience = 0;                // stop after this many epochs without a better validation score
  double lr_decay = 1;             // learning rate × this after each epoch without a better score
  double average = 0;              // decay of the moving average of the weights that is validated and kept (0 = off)
  int64_t max_steps = 0;           // stop after this many updates in this run (0 = no limit)
  double max_hours = 0;            // stop (with a checkpoint) after this long in this run
  bool resume = false;             // continue from run_dir/checkpoint.safetensors
  std::string init_from;           // start from a model file's weights (e.g. retraining with noise)
  std::string command;             // the command line, recorded in the model
  bool quiet = false;              // no progress lines (tests)
  // The caller holds the run's RunLock (run_guard.hpp), taken before it
  // loaded data or wrote into the run folder; else train_run takes it.
  bool locked = false;
};

struct TrainResult {
  int epochs_done = 0;
  int64_t steps = 0;
  double best_score = 0;
  std::string best_path;
};

TrainResult train_run(TrainTask& task, Network<float>& net, const TrainSpec& spec);

}  // namespace seqgen
