#include "core/huge_pages.hpp"

#include <sys/mman.h>

#include <cstdint>

namespace seqgen {

void huge_pages_advise(void* p, size_t bytes) {
#ifdef MADV_HUGEPAGE
  constexpr uintptr_t kHuge = uintptr_t(2) << 20;
  const uintptr_t a = (reinterpret_cast<uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t b = (reinterpret_cast<uintptr_t>(p) + bytes) & ~(kHuge - 1);
  if (b > a) ::madvise(reinterpret_cast<void*>(a), b - a, MADV_HUGEPAGE);  // advice only: failure changes nothing
#else
  (void)p, (void)bytes;
#endif
}

}  // namespace seqgen
