// Requests waiting or being written, bounded: a full queue turns requests
// away (503) rather than letting the wait grow without end. A request counts
// until it is answered (answer()). Requests are taken in order; one whose time
// is up before it starts is answered without sampling.
#pragma once
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>

#include "serve/write_request.hpp"

namespace seqgen {

struct WriteAnswer {
  int status = 200;
  std::string body, type = "application/json";
};

struct WriteJob {
  WriteRequest req;
  std::chrono::steady_clock::time_point deadline;
  std::promise<WriteAnswer> done;
};

class WriteQueue {
 public:
  explicit WriteQueue(size_t max) : max_(max) {}
  // nullptr if the queue is full (or closed).
  std::shared_ptr<WriteJob> push(WriteRequest req, std::chrono::steady_clock::time_point deadline,
                                 std::future<WriteAnswer>& answer);
  // Waits for a job; nullptr once closed and empty.
  std::shared_ptr<WriteJob> pop();
  // A job if one is waiting, else nullptr at once.
  std::shared_ptr<WriteJob> try_pop();
  // Answers a job taken off the queue (once); it no longer counts.
  void answer(WriteJob& job, WriteAnswer a);
  void close();  // no new jobs; pop drains what is queued
  size_t size();  // waiting, not yet taken

 private:
  size_t max_, held_ = 0;
  bool closed_ = false;
  std::deque<std::shared_ptr<WriteJob>> q_;
  std::mutex mu_;
  std::condition_variable cv_;
};

// The answer to one request (JSON or SVG), or a 400 naming what the writer
// refused (an unwritable character, a style it cannot use).
WriteAnswer write_answer(const WriteRequest& r, const std::vector<Strokes>& lines, const WriteReport& rep);
WriteAnswer error_answer(int status, const std::string& message);

}  // namespace seqgen
