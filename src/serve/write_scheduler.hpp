// Takes requests off the queue and writes them, in one of two ways:
//  - batching (the default): lanes (threads) each draw the lines of the
//    requests they hold in one batch (write_batch.hpp);
//  - without: `workers` threads, each with its own copy of the model, each
//    writing one request at a time as `seqgen write` does (Writer), its lines
//    drawn together but apart from other requests' (kept for comparison).
#pragma once
#include <memory>
#include <string>

#include "api/pen_model.hpp"
#include "seqgen/writer.hpp"
#include "serve/write_batch.hpp"
#include "serve/write_queue.hpp"

namespace seqgen {

class WriteScheduler {
 public:
  // max_batch > 0: batching with that many slots in `lanes` lanes; else `workers` workers.
  WriteScheduler(const std::string& model, int workers, int max_batch, int lanes, Weights weights);
  int styles() const { return int(style_texts_.size()); }
  std::string style_text(int k) const;
  const std::string& model_path() const { return model_.path; }
  bool batching() const { return max_batch_ > 0; }
  const BatchStats& stats() const { return stats_; }
  // Answers jobs until the queue is closed and drained.
  void run(WriteQueue& q);

 private:
  void work(Writer& w, WriteQueue& q);
  PenModel model_;
  int max_batch_, lanes_;
  Weights weights_;
  BatchStats stats_;
  std::vector<std::unique_ptr<Writer>> writers_;
  std::vector<std::string> style_texts_;
};

}  // namespace seqgen
