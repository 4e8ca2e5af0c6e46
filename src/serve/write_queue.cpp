#include "serve/write_queue.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace seqgen {

std::shared_ptr<WriteJob> WriteQueue::push(WriteRequest req, std::chrono::steady_clock::time_point deadline,
                                           std::future<WriteAnswer>& answer) {
  auto job = std::make_shared<WriteJob>();
  job->req = std::move(req);
  job->deadline = deadline;
  answer = job->done.get_future();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_ || held_ >= max_) return nullptr;
    q_.push_back(job);
    ++held_;
  }
  cv_.notify_one();
  return job;
}

std::shared_ptr<WriteJob> WriteQueue::pop() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return closed_ || !q_.empty(); });
  if (q_.empty()) return nullptr;
  auto job = q_.front();
  q_.pop_front();
  return job;
}

std::shared_ptr<WriteJob> WriteQueue::try_pop() {
  std::lock_guard<std::mutex> lock(mu_);
  if (q_.empty()) return nullptr;
  auto job = q_.front();
  q_.pop_front();
  return job;
}

void WriteQueue::answer(WriteJob& job, WriteAnswer a) {
  job.done.set_value(std::move(a));
  std::lock_guard<std::mutex> lock(mu_);
  --held_;
}

void WriteQueue::close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
  }
  cv_.notify_all();
}

size_t WriteQueue::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return q_.size();
}

WriteAnswer error_answer(int status, const std::string& message) {
  return {status, nlohmann::json{{"error", message}}.dump(), "application/json"};
}

WriteAnswer write_answer(const WriteRequest& r, const std::vector<Strokes>& lines, const WriteReport& rep) {
  try {
    if (r.svg) return {200, write_answer_svg(r, lines), "image/svg+xml"};
    return {200, write_answer_json(r, lines, rep), "application/json"};
  } catch (const Error& e) {
    return error_answer(400, e.what());
  }
}

}  // namespace seqgen
