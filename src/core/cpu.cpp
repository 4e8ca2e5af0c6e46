#include "core/cpu.hpp"

#include "seqgen/weights.hpp"

#include <cstdlib>
#include <dnnl.hpp>
#include <string>

#include "core/error.hpp"

namespace seqgen {

namespace {

// False when SEQGEN_PRECISION=f32 asks for the generic paths.
bool precision_native() {
  static const bool native = [] {
    const char* p = std::getenv("SEQGEN_PRECISION");
    const std::string v = p ? p : "";
    if (!v.empty() && v != "f32" && v != "bf16") fail("SEQGEN_PRECISION must be f32 or bf16, not '{}'", v);
    return v != "f32";
  }();
  return native;
}

}  // namespace

bool cpu_has_bf16() {
  static const bool has = [] {
    if (!precision_native()) return false;
    // FastNet's kernel needs the instruction; oneDNN must agree to use it too.
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512bf16") &&
           dnnl::get_effective_cpu_isa() >= dnnl::cpu_isa::avx512_core_bf16;
  }();
  return has;
}

bool cpu_has_vnni() {
  static const bool has = [] {
    if (!precision_native()) return false;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512vnni") != 0;
  }();
  return has;
}

Weights weights_default() { return cpu_has_vnni() ? Weights::int8 : Weights::bf16; }

}  // namespace seqgen
