#include "train/run_guard.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <csignal>

#include "core/error.hpp"

namespace seqgen {
namespace {

std::atomic<int> g_signal{0};

extern "C" void signal_note(int sig) {
  if (g_signal.exchange(sig) != 0) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
}

}  // namespace

RunLock::RunLock(const std::string& dir) {
  const std::string path = dir + "/lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) fail("{}: cannot create the run's lock file", path);
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    fail("{} is in use by another training (lock {}); wait for it to end or stop it first", dir, path);
  }
}

RunLock::~RunLock() { ::close(fd_); }

SignalGuard::SignalGuard() {
  g_signal = 0;
  old_int_ = std::signal(SIGINT, signal_note);
  old_term_ = std::signal(SIGTERM, signal_note);
}

SignalGuard::~SignalGuard() {
  std::signal(SIGINT, old_int_);
  std::signal(SIGTERM, old_term_);
}

int train_signal() { return g_signal.load(); }

}  // namespace seqgen
