#include "serve/write_scheduler.hpp"

#include <thread>

#include "core/error.hpp"

namespace seqgen {

WriteScheduler::WriteScheduler(const std::string& model, int workers, int max_batch, int lanes, Weights weights)
    : model_(pen_model_load(model, "synthesis")), max_batch_(max_batch), lanes_(lanes), weights_(weights) {
  if (max_batch <= 0) {
    if (workers < 1) fail("--workers must be >= 1, not {}", workers);
    for (int i = 0; i < workers; ++i) writers_.push_back(std::make_unique<Writer>(model));
  }
  const auto& info = model_.model.header.info;
  if (info.contains("styles"))
    for (const auto& s : info["styles"]) style_texts_.push_back(s.value("text", ""));
}

std::string WriteScheduler::style_text(int k) const { return style_texts_.at(size_t(k)); }

void WriteScheduler::run(WriteQueue& q) {
  if (batching()) return write_batch_run(model_, styles(), max_batch_, lanes_, weights_, q, stats_);
  std::vector<std::thread> ts;
  for (auto& w : writers_) ts.emplace_back([this, &w, &q] { work(*w, q); });
  for (auto& t : ts) t.join();
}

void WriteScheduler::work(Writer& writer, WriteQueue& q) {
  while (auto job = q.pop()) {
    if (std::chrono::steady_clock::now() > job->deadline) {
      q.answer(*job, error_answer(503, "the request waited longer than its time limit"));
      continue;
    }
    try {
      WriteReport rep;
      WriteOptions opt = job->req.opt;
      opt.weights = weights_;
      std::vector<Strokes> lines = writer.write(job->req.lines, opt, &rep);
      q.answer(*job, write_answer(job->req, lines, rep));
    } catch (const Error& e) {
      q.answer(*job, error_answer(400, e.what()));
    } catch (const std::exception& e) {
      q.answer(*job, error_answer(500, std::string("internal error: ") + e.what()));
    }
  }
}

}  // namespace seqgen
