// Lines of concurrent requests drawn in one batch. A lane is a thread that
// owns a FastNet whose slots hold the lines being drawn; each step advances
// every slot by one pen step (priming steps included) in one product per
// layer (a GEMM). There is one lane per core by default, each with its own
// requests: a thread barrier in every product (one batch shared by the
// cores) stalls whenever another program holds a core, and on a shared
// machine that made a line take 23 s instead of 0.6 s.
// Lines from the queue take free slots as they come and a finished line frees
// its slot at once, so the batch grows and shrinks. Each slot runs the
// per-line state machine of `seqgen write` (sample/pen_line.hpp) with the same
// seeds, and is checked and redrawn as pen_sample_checked does: a request
// gets the strokes `seqgen write` draws for it, whoever shares its batch. A
// request past its time limit is answered 503 and its lines leave the batch;
// nothing of one request is seen by another.
#pragma once
#include <atomic>
#include <cstdint>

#include "api/pen_model.hpp"
#include "seqgen/weights.hpp"
#include "serve/write_queue.hpp"

namespace seqgen {

struct BatchStats {
  std::atomic<int> active{0};        // lines in the batch now
  std::atomic<int> largest{0};       // the largest batch stepped so far (one lane's)
  std::atomic<uint64_t> steps{0};    // batched steps taken
  std::atomic<uint64_t> line_steps{0};  // line steps taken (a batch of B: B), priming included
  std::atomic<uint64_t> lines{0};    // line draws finished
  std::atomic<uint64_t> prime_skipped{0};  // priming steps not taken: started from a lane's cache
};

// Answers jobs until the queue is closed and drained. max_batch: slots of
// all lanes together; weights: of each lane's FastNet.
void write_batch_run(PenModel& m, int builtin_styles, int max_batch, int lanes, Weights weights, WriteQueue& q,
                     BatchStats& stats);

}  // namespace seqgen
