// Whole files written atomically: to path + ".tmp", renamed over path only
// once everything is written, so a failure never leaves half a file.
#pragma once
#include <string>

namespace seqgen {

// Error naming the path if it cannot be written.
void file_write_atomic(const std::string& path, const std::string& content);

}  // namespace seqgen
