// The one error type seqgen throws for everything a user can get wrong: a
// missing or corrupt file, a bad shape, an unknown character. what() names the
// file, field or option at fault; the command line prints it and exits non-zero.
#pragma once
#include <stdexcept>

namespace seqgen {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace seqgen
