#include "serve/write_batch.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <unordered_map>
#include <thread>

#include "api/pen_reader.hpp"
#include "sample/pen_word_check.hpp"
#include "api/write_plan.hpp"
#include "core/error.hpp"
#include "sample/fast_net.hpp"
#include "sample/pen_line.hpp"

namespace seqgen {
namespace {

using Clock = std::chrono::steady_clock;

struct Request {
  std::shared_ptr<WriteJob> job;
  WritePlan plan;
  std::vector<CheckedLine> drawn;
  int unsettled = 0;  // lines not yet passed or out of draws
  bool answered = false;
};

struct LineDraw {  // draw `attempt` of line `line` of a request
  std::shared_ptr<Request> r;
  int line = 0, attempt = 0;
};

struct Slot {
  LineDraw d;
  std::unique_ptr<PenLine> pen;
  std::unique_ptr<PenWordCheck> words;  // with the model's reader: words it reads badly drawn again
  const WritePrime* prime = nullptr;
  int len = 0;  // window text: priming text + line
  // Reading a priming not yet in the lane's cache: the state after the last
  // step that did not depend on the line, and its step count.
  bool caching = false;
  int clear_steps = 0;
  std::vector<float> clear_state;
};

// A priming read once: the state after its first `steps` steps, which is the
// same for every line (fast_window_clear_of). Kept with the priming itself, so a
// lookup compares the whole priming, not a hash another request could forge.
struct PrimeState {
  WritePrime prime;
  int steps = 0;
  std::vector<float> state;
};
constexpr size_t kPrimeCacheSize = 64;  // per lane; a full cache starts over

class Batch {
 public:
  // loads: lines held by each lane (this one's is loads[lane]).
  Batch(PenModel& m, int styles, int max_batch, Weights weights, WriteQueue& q, BatchStats& stats,
        std::vector<std::atomic<int>>& loads, int lane)
      : m_(m), styles_(styles), max_(max_batch), q_(q), stats_(stats), loads_(loads), lane_(lane),
        net_(m.model.net, weights) {
    if (m.reader) {  // a lane's own: a network's forward is not shared between threads
      reader_.emplace(pen_model_clone(*m.reader));
      word_score_ = words_reader(*reader_, m_)();
    }
    if (max_batch < 1) fail("--max-batch must be >= 1, not {}", max_batch);
    const std::vector<int32_t> none(size_t(max_batch), -1);
    net_.reset(max_batch, none.data(), 1);
    net_.batch_set(0);
    x_.resize(size_t(max_batch) * 3);
  }

  void run() {
    // The cell update splits large batches among OpenMP threads; a lane is
    // one thread (the lanes are the parallelism; a barrier would stall).
    omp_set_num_threads(1);
    for (;;) {
      // Idle: wait for a request (none once closed and drained). Busy: take
      // requests while there is room and no other lane holds fewer lines.
      if (load() == 0) {
        auto job = q_.pop();
        if (!job) return;
        take(job);
      }
      while (load() < max_ && !lighter_lane())
        if (auto job = q_.try_pop()) take(job);
        else break;
      expire();
      fill();
      if (!slots_.empty()) step();
    }
  }

 private:
  int load() {
    const int n = int(slots_.size() + waiting_.size());
    loads_[size_t(lane_)] = n;
    return n;
  }
  bool lighter_lane() const {
    for (size_t l = 0; l < loads_.size(); ++l)
      if (loads_[l] < loads_[size_t(lane_)]) return true;
    return false;
  }

  void answer(Request& r, WriteAnswer a) {
    if (r.answered) return;
    r.answered = true;
    q_.answer(*r.job, std::move(a));
  }

  void take(const std::shared_ptr<WriteJob>& job) {
    auto r = std::make_shared<Request>();
    r->job = job;
    if (Clock::now() > job->deadline) return answer(*r, error_answer(503, "the request waited longer than its time limit"));
    try {
      r->plan = write_plan(m_, reader_ && job->req.opt.reader != "none" ? &*reader_ : nullptr, styles_, job->req.lines,
                          job->req.opt);
    } catch (const Error& e) {
      return answer(*r, error_answer(400, e.what()));
    } catch (const std::exception& e) {
      return answer(*r, error_answer(500, std::string("internal error: ") + e.what()));
    }
    r->drawn.resize(job->req.lines.size());
    for (int i = 0; i < int(r->plan.texts.size()); ++i)
      if (!r->plan.texts[i].empty()) waiting_.push_back({r, i, 0}), ++r->unsettled;
    live_.push_back(r);
  }

  // Requests past their time limit are answered; their lines leave the batch.
  void expire() {
    const auto now = Clock::now();
    for (auto& r : live_)
      if (now > r->job->deadline) answer(*r, error_answer(503, "the request took longer than its time limit"));
    std::erase_if(live_, [](const auto& r) { return r->answered; });
    std::erase_if(waiting_, [](const LineDraw& d) { return d.r->answered; });
    for (int i = int(slots_.size()) - 1; i >= 0; --i)
      if (slots_[i].d.r->answered) slot_free(i);
  }

  // Waiting lines take free slots.
  void fill() {
    while (int(slots_.size()) < max_ && !waiting_.empty()) {
      LineDraw d = std::move(waiting_.front());
      waiting_.pop_front();
      const WritePlan& p = d.r->plan;
      const WritePrime& prime = p.primes[size_t(p.style[size_t(d.line)])];
      const std::vector<int32_t>& text = p.texts[size_t(d.line)];
      Slot s;
      s.prime = &prime;
      s.len = int(prime.text.size() + text.size());
      s.pen = std::make_unique<PenLine>(prime.steps, int(prime.text.size()), text, p.sample.biases[size_t(d.line)],
                                        pen_line_seed(p.sample.seed, d.line, d.attempt), m_.mixtures,
                                        m_.model.net.config().output_size, m_.model.net.config().window_mixtures,
                                        p.sample);
      if (reader_ && d.r->job->req.opt.reader != "none" && p.sample.word_retries > 0)
        s.words = std::make_unique<PenWordCheck>(text, int(prime.text.size()), p.sample,
                                                 pen_line_seed(p.sample.seed, d.line, d.attempt), &word_score_);
      s.d = std::move(d);
      const int b = int(slots_.size());
      if (s.len > net_.window_width()) net_.window_resize(s.len);
      net_.batch_set(b + 1);
      std::vector<int32_t> chars(size_t(net_.window_width()), -1);  // c' = priming text + line (§5.5)
      std::copy(prime.text.begin(), prime.text.end(), chars.begin());
      std::copy(text.begin(), text.end(), chars.begin() + prime.text.size());
      net_.reset_slot(b, chars.data());
      if (const PrimeState* c = prime_find(prime)) {
        net_.slot_state_set(b, c->state);
        s.pen->priming_skip(c->steps);
        stats_.prime_skipped += uint64_t(c->steps);
      } else {
        s.caching = !prime.steps.empty();
      }
      slots_.push_back(std::move(s));
      ++stats_.active;
    }
  }

  // The last slot moves into the gap (the batch stays 0..n-1).
  void slot_free(int i) {
    const int last = int(slots_.size()) - 1;
    if (i != last) {
      net_.slot_move(last, i);
      slots_[size_t(i)] = std::move(slots_[size_t(last)]);
    }
    slots_.pop_back();
    net_.batch_set(last);
    --stats_.active;
  }

  void step() {
    const int B = int(slots_.size());
    const int Y = m_.model.net.config().output_size, K = m_.model.net.config().window_mixtures;
    for (int b = 0; b < B; ++b) slots_[size_t(b)].pen->input(&x_[size_t(b) * 3]);
    net_.step(x_.data());
    ++stats_.steps;
    stats_.line_steps += uint64_t(B);
    for (int l = stats_.largest; B > l && !stats_.largest.compare_exchange_weak(l, B);) {
    }
    std::vector<int> finished;
    for (int b = 0; b < B; ++b)
      if (slots_[size_t(b)].caching) prime_note(slots_[size_t(b)], b);
    for (int b = 0; b < B; ++b) {
      Slot& s = slots_[size_t(b)];
      s.pen->advance(net_.output() + size_t(b) * Y, net_.window_abk() + size_t(b) * 4 * K);
      if (s.words) s.words->after_step(*s.pen, net_, b);
      if (s.pen->done()) finished.push_back(b);
    }
    for (auto it = finished.rbegin(); it != finished.rend(); ++it) {
      Slot s = std::move(slots_[size_t(*it)]);
      slot_free(*it);
      settle(s);
    }
    // Shrink the window texts to the longest line left.
    int U = 1;
    for (const Slot& s : slots_) U = std::max(U, s.len);
    if (U < net_.window_width()) net_.window_resize(U);
  }

  static uint64_t prime_hash(const WritePrime& p) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a
    auto mix = [&h](const void* data, size_t n) {
      for (size_t i = 0; i < n; ++i) h = (h ^ static_cast<const unsigned char*>(data)[i]) * 1099511628211ull;
    };
    mix(p.text.data(), p.text.size() * sizeof(int32_t));
    mix(p.steps.data(), p.steps.size() * sizeof(PenStep));
    return h;
  }
  static bool prime_same(const WritePrime& a, const WritePrime& b) {
    return a.text == b.text && a.steps.size() == b.steps.size() &&
           std::equal(a.steps.begin(), a.steps.end(), b.steps.begin(), [](const PenStep& x, const PenStep& y) {
             return x.dx == y.dx && x.dy == y.dy && x.eos == y.eos;
           });
  }
  const PrimeState* prime_find(const WritePrime& p) const {
    auto it = primed_.find(prime_hash(p));
    return it != primed_.end() && prime_same(it->second.prime, p) ? &it->second : nullptr;
  }
  // After a priming step of a slot whose priming is not cached: while the
  // window is clear of the line's letters the state is the priming's own;
  // the last such state goes into the cache.
  void prime_note(Slot& s, int b) {
    const int K = m_.model.net.config().window_mixtures;
    if (s.pen->priming() && fast_window_clear_of(K, net_.window_abk() + size_t(b) * 4 * K, int(s.prime->text.size()))) {
      s.clear_state = net_.slot_state(b);
      s.clear_steps = s.pen->primed() + 1;  // this step included
      return;
    }
    s.caching = false;
    if (s.clear_steps == 0) return;
    if (primed_.size() >= kPrimeCacheSize) primed_.clear();
    primed_[prime_hash(*s.prime)] = {*s.prime, s.clear_steps, std::move(s.clear_state)};
  }

  // A finished draw is checked (pen_sample_checked.hpp): drawn again, or kept.
  void settle(Slot& s) {
    ++stats_.lines;
    Request& r = *s.d.r;
    const WritePlan& p = r.plan;
    const int line = s.d.line;
    const WritePrime& prime = p.primes[size_t(p.style[size_t(line)])];
    PenSample drawn = s.pen->finish();
    if (s.words) drawn.word_redraws = s.words->redraws();
    LineAlignment a;
    bool pass = pen_line_check(m_.alphabet, p.texts[size_t(line)], int(prime.text.size()), drawn, check_, a);
    double score = 0;  // the model's reader, as in seqgen write (a request cannot name another)
    if (reader_ && r.job->req.opt.reader != "none" && !s.words) {  // read once drawn, unless word by word
      score = draws_score(*reader_, m_, {drawn}, {p.texts[size_t(line)]})[0];
      pass = pass && score <= p.reader_max;
    }
    if (checked_line_keep(r.drawn[size_t(line)], std::move(drawn), a, pass, score, s.d.attempt, r.job->req.opt.retries)) {
      waiting_.push_front({s.d.r, line, s.d.attempt + 1});  // first in line: its request is the oldest waiting
      return;
    }
    if (--r.unsettled > 0) return;
    try {
      WriteReport rep;
      const std::vector<Strokes> lines = write_finish(m_, p, r.drawn, &rep);
      answer(r, write_answer(r.job->req, lines, rep));
    } catch (const std::exception& e) {
      answer(r, error_answer(500, std::string("internal error: ") + e.what()));
    }
    std::erase_if(live_, [&](const auto& x) { return x.get() == &r; });
  }

  PenModel& m_;
  int styles_, max_;
  WriteQueue& q_;
  BatchStats& stats_;
  std::vector<std::atomic<int>>& loads_;
  int lane_;
  FastNet net_;
  std::optional<PenModel> reader_;  // the model's reader, if it carries one
  WordScore word_score_;            // its word check's scorer
  CheckedSampleOptions check_;  // the default check
  std::vector<Slot> slots_;
  std::deque<LineDraw> waiting_;
  std::vector<std::shared_ptr<Request>> live_;
  std::vector<float> x_;
  std::unordered_map<uint64_t, PrimeState> primed_;  // by prime_hash
};

}  // namespace

void write_batch_run(PenModel& m, int builtin_styles, int max_batch, int lanes, Weights weights, WriteQueue& q,
                     BatchStats& stats) {
  if (lanes < 1 || max_batch < lanes) fail("--lanes must be 1..--max-batch ({}), not {}", max_batch, lanes);
  std::vector<std::atomic<int>> loads(static_cast<size_t>(lanes));
  std::vector<std::unique_ptr<Batch>> batches;  // built first: a bad option fails here, before any thread
  for (int l = 0; l < lanes; ++l)
    batches.push_back(std::make_unique<Batch>(m, builtin_styles, max_batch * (l + 1) / lanes - max_batch * l / lanes,
                                              weights, q, stats, loads, l));
  std::vector<std::thread> ts;
  for (auto& b : batches) ts.emplace_back([&b] { b->run(); });
  for (auto& t : ts) t.join();
}

}  // namespace seqgen
