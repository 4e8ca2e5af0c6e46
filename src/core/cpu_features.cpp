// The CPU checks that need no oneDNN (cpu.hpp), and the default weight format.
#include <cstdlib>
#include <string>

#include "core/cpu.hpp"
#include "core/error.hpp"
#include "seqgen/weights.hpp"

namespace seqgen {

bool cpu_precision_native() {
  static const bool native = [] {
    const char* p = std::getenv("SEQGEN_PRECISION");
    const std::string v = p ? p : "";
    if (!v.empty() && v != "f32" && v != "bf16") fail("SEQGEN_PRECISION must be f32 or bf16, not '{}'", v);
    return v != "f32";
  }();
  return native;
}

bool cpu_has_vnni() {
  static const bool has = [] {
    if (!cpu_precision_native()) return false;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512vnni") != 0;
  }();
  return has;
}

Weights weights_default() { return cpu_has_vnni() ? Weights::int8 : Weights::bf16; }

}  // namespace seqgen
