// Takes requests off the queue and writes them one request at a time, its
// lines drawn together as `seqgen write` draws them (Writer). Lines of
// different requests are not yet drawn in one batch.
#pragma once
#include <string>

#include "api/pen_model.hpp"
#include "seqgen/writer.hpp"
#include "serve/write_queue.hpp"

namespace seqgen {

class WriteScheduler {
 public:
  explicit WriteScheduler(const std::string& model);
  int styles() const { return writer_.styles(); }
  std::string style_text(int k) const;
  const std::string& model_path() const { return writer_.model_path(); }
  // Answers jobs until the queue is closed and drained.
  void run(WriteQueue& q);

 private:
  Writer writer_;
  std::vector<std::string> style_texts_;
};

}  // namespace seqgen
