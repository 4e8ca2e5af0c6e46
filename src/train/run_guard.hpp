// What keeps a training run safe from the outside: one training per run
// folder (a lock file), and Ctrl-C/SIGTERM noted rather than fatal, so that
// the trainer can end after the current batch with a checkpoint.
#pragma once
#include <string>

namespace seqgen {

// Holds an exclusive flock on DIR/lock; throws Error if another process has it.
class RunLock {
 public:
  explicit RunLock(const std::string& dir);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  int fd_ = -1;
};

// While alive, SIGINT and SIGTERM are noted (a second one ends the process).
class SignalGuard {
 public:
  SignalGuard();
  ~SignalGuard();
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;

 private:
  void (*old_int_)(int), (*old_term_)(int);
};

int train_signal();  // the signal noted since the guard was made, 0 = none

}  // namespace seqgen
