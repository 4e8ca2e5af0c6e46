#include "core/cpu.hpp"

#include <dnnl.hpp>

namespace seqgen {

bool cpu_has_bf16() {
  static const bool has = [] {
    if (!cpu_precision_native()) return false;
    // FastNet's kernel needs the instruction; oneDNN must agree to use it too.
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512bf16") &&
           dnnl::get_effective_cpu_isa() >= dnnl::cpu_isa::avx512_core_bf16;
  }();
  return has;
}

}  // namespace seqgen
