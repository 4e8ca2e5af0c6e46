// Progress of long jobs: on a terminal one status line redrawn in place (rate,
// loss, ETA); otherwise, and always in the log file, a plain line every
// `interval` seconds.
#pragma once
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>

namespace seqgen {

class Log {
 public:
  Log(const std::string& path, bool quiet);  // path "" = no file
  ~Log();
  void line(const std::string& s);           // a whole line, to stdout and the file
  void status(const std::string& s);         // terminal-only status line (overwritten)
  void file_line(const std::string& s);      // the log file only
  bool terminal() const { return tty_; }
  bool quiet() const { return quiet_; }

 private:
  std::FILE* file_ = nullptr;
  bool tty_ = false, quiet_ = false, status_shown_ = false;
};

class Meter {
 public:
  Meter(Log& log, std::string title, int64_t total, std::string unit, double interval = 30);
  // done_run: items done since this meter started; done: position out of total;
  // units: units processed by the last item; info: e.g. the current loss.
  void update(int64_t done_run, int64_t done, int64_t units, const std::string& info);
  // True once after each plain line, so callers can reset running averages.
  bool line_done();

 private:
  using Clock = std::chrono::steady_clock;
  Log& log_;
  std::string title_, unit_;
  int64_t total_;
  double interval_;
  Clock::time_point start_, last_line_, last_status_;
  double units_ = 0;
  bool line_done_ = false;
};

// How library routines report progress: `done` of `total` items.
using ProgressFn = std::function<void(int64_t done, int64_t total)>;

// Progress of a command's long step, on standard error (standard output may
// carry the result): on a terminal one status line with rate and ETA, redrawn
// in place and erased at the end; otherwise a plain line every `interval`
// seconds; nothing at all when quiet.
class ProgressDisplay {
 public:
  ProgressDisplay(std::string title, std::string unit, bool quiet, double interval = 30);
  ~ProgressDisplay();
  void update(int64_t done, int64_t total);
  ProgressFn fn() {
    return [this](int64_t done, int64_t total) { update(done, total); };
  }

 private:
  using Clock = std::chrono::steady_clock;
  std::string title_, unit_;
  bool quiet_, tty_, shown_ = false;
  double interval_;
  Clock::time_point start_, last_line_, last_status_;
};

std::string duration_format(double seconds);  // "1h02m", "4m10s", "12s"

}  // namespace seqgen
