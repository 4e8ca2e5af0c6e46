// fail(): throw seqgen::Error (seqgen/error.hpp) with a formatted message.
#pragma once
#include <fmt/format.h>
#include <string>

#include "seqgen/error.hpp"

namespace seqgen {

template <class... Args>
[[noreturn]] void fail(fmt::format_string<Args...> f, Args&&... args) {
  throw Error(fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace seqgen
