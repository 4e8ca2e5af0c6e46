#include "core/progress.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "core/error.hpp"

namespace seqgen {

// Whether progress on `f` is a status line redrawn in place: on a terminal,
// unless SEQGEN_PROGRESS says otherwise ("terminal": always, e.g. for a log
// viewer that renders carriage returns; "plain": plain lines even on a terminal).
static bool progress_redrawn(std::FILE* f) {
  const char* mode = std::getenv("SEQGEN_PROGRESS");
  if (mode && std::string(mode) == "terminal") return true;
  if (mode && std::string(mode) == "plain") return false;
  return isatty(fileno(f));
}

Log::Log(const std::string& path, bool quiet) : quiet_(quiet) {
  tty_ = !quiet && progress_redrawn(stdout);
  if (!path.empty()) {
    file_ = std::fopen(path.c_str(), "a");
    if (!file_) fail("cannot open log file {} for writing", path);
  }
}

Log::~Log() {
  if (file_) std::fclose(file_);
}

void Log::line(const std::string& s) {
  if (!quiet_) {
    if (status_shown_) std::fputs("\r\033[K", stdout);
    std::fputs(s.c_str(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
    status_shown_ = false;
  }
  file_line(s);
}

void Log::file_line(const std::string& s) {
  if (!file_) return;
  std::fputs(s.c_str(), file_);
  std::fputc('\n', file_);
  std::fflush(file_);
}

void Log::status(const std::string& s) {
  if (!tty_) return;
  std::fputs("\r\033[K", stdout);
  std::fputs(s.c_str(), stdout);
  std::fflush(stdout);
  status_shown_ = true;
}

std::string duration_format(double s) {
  if (!std::isfinite(s) || s < 0) return "?";
  int64_t t = int64_t(s + 0.5);
  if (t >= 3600) return fmt::format("{}h{:02}m", t / 3600, (t % 3600) / 60);
  if (t >= 60) return fmt::format("{}m{:02}s", t / 60, t % 60);
  return fmt::format("{}s", t);
}

Meter::Meter(Log& log, std::string title, int64_t total, std::string unit, double interval)
    : log_(log), title_(std::move(title)), unit_(std::move(unit)), total_(total), interval_(interval) {
  start_ = last_line_ = last_status_ = Clock::now();
}

void Meter::update(int64_t done_run, int64_t done, int64_t units, const std::string& info) {
  units_ += double(units);
  auto now = Clock::now();
  double el = std::chrono::duration<double>(now - start_).count();
  double rate = units_ / std::max(el, 1e-9);
  double eta = done_run > 0 ? el / double(done_run) * double(total_ - done) : NAN;
  std::string s = fmt::format("{} [{}/{}] {:.1f}% | {} | {:.0f} {}/s | ETA {}", title_, done, total_,
                              100.0 * double(done) / double(std::max<int64_t>(total_, 1)), info, rate, unit_,
                              duration_format(eta));
  if (std::chrono::duration<double>(now - last_status_).count() > 0.25 || done == total_) {
    log_.status(s);
    last_status_ = now;
  }
  if (std::chrono::duration<double>(now - last_line_).count() > interval_ || done == total_) {
    if (log_.terminal() && done != total_) log_.file_line(s); else log_.line(s);
    last_line_ = now;
    line_done_ = true;
  }
}

bool Meter::line_done() {
  bool d = line_done_;
  line_done_ = false;
  return d;
}

ProgressDisplay::ProgressDisplay(std::string title, std::string unit, bool quiet, double interval)
    : title_(std::move(title)), unit_(std::move(unit)), quiet_(quiet), tty_(!quiet && progress_redrawn(stderr)),
      interval_(interval) {
  start_ = last_line_ = Clock::now();
  last_status_ = start_ - std::chrono::seconds(1);  // the first update shows at once
}

ProgressDisplay::~ProgressDisplay() {
  if (shown_) std::fputs("\r\033[K", stderr);
}

void ProgressDisplay::update(int64_t done, int64_t total) {
  if (quiet_) return;
  const auto now = Clock::now();
  const double el = std::chrono::duration<double>(now - start_).count();
  const bool status = tty_ && std::chrono::duration<double>(now - last_status_).count() > 0.25;
  const bool line = !tty_ && std::chrono::duration<double>(now - last_line_).count() > interval_ && done < total;
  if (!status && !line) return;
  const double eta = done > 0 ? el / double(done) * double(total - done) : NAN;
  const std::string s = fmt::format("{} [{}/{}] {:.1f}% | {:.1f} {}/s | ETA {}", title_, done, total,
                                    100.0 * double(done) / double(std::max<int64_t>(total, 1)),
                                    double(done) / std::max(el, 1e-9), unit_, duration_format(eta));
  if (status) {
    std::fprintf(stderr, "\r\033[K%s", s.c_str());
    shown_ = true;
    last_status_ = now;
  } else {
    std::fprintf(stderr, "%s\n", s.c_str());
    last_line_ = now;
  }
  std::fflush(stderr);
}

}  // namespace seqgen
