// Takes requests off the queue and writes them: `workers` threads, each with
// its own copy of the model (nothing shared between requests), each writing
// one request at a time, its lines drawn together as `seqgen write` draws
// them (Writer). Lines of different requests are not yet drawn in one batch.
#pragma once
#include <memory>
#include <string>

#include "seqgen/writer.hpp"
#include "serve/write_queue.hpp"

namespace seqgen {

class WriteScheduler {
 public:
  WriteScheduler(const std::string& model, int workers);
  int styles() const { return writers_[0]->styles(); }
  std::string style_text(int k) const;
  const std::string& model_path() const { return writers_[0]->model_path(); }
  // Answers jobs until the queue is closed and drained.
  void run(WriteQueue& q);

 private:
  void work(Writer& w, WriteQueue& q);
  std::vector<std::unique_ptr<Writer>> writers_;
  std::vector<std::string> style_texts_;
};

}  // namespace seqgen
