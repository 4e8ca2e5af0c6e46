#include "core/cpu.hpp"

#include <cstdlib>
#include <dnnl.hpp>
#include <string>

#include "core/error.hpp"

namespace seqgen {

bool cpu_has_bf16() {
  static const bool has = [] {
    const char* p = std::getenv("SEQGEN_PRECISION");
    const std::string v = p ? p : "";
    if (v == "f32") return false;
    if (!v.empty() && v != "bf16") fail("SEQGEN_PRECISION must be f32 or bf16, not '{}'", v);
    // FastNet's kernel needs the instruction; oneDNN must agree to use it too.
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512bf16") &&
           dnnl::get_effective_cpu_isa() >= dnnl::cpu_isa::avx512_core_bf16;
  }();
  return has;
}

}  // namespace seqgen
