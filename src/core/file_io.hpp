// Reading files a user names, and writing files so that a reader never sees
// half of one. Every input seqgen reads whole goes through file_read, so one
// place refuses what is not a regular file (a folder, /dev/zero, a FIFO) and
// what is larger than the reader's limit, before anything is allocated.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace seqgen {

// Limits on what is read whole (README "Limits").
inline constexpr uint64_t kModelFileMax = uint64_t(4) << 30;   // models and checkpoints
inline constexpr uint64_t kStrokesFileMax = uint64_t(16) << 20; // style files (JSON, SVG)
inline constexpr uint64_t kTextFileMax = uint64_t(2) << 30;     // texts to train on, evaluate or write

// The file's bytes. Error naming `path` and `what` ("model file", "text file"…)
// when it is missing, not a regular file, larger than max_bytes or unreadable.
std::string file_read(const std::string& path, uint64_t max_bytes, std::string_view what);

// Writes bytes to path atomically: a private temporary beside it (created
// with O_EXCL, never through a link), fsynced, then renamed over path.
void file_write_atomic(const std::string& path, std::string_view bytes);

}  // namespace seqgen
