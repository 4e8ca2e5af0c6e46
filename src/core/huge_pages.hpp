// Large buffers backed by 2 MB pages where the kernel allows (Linux THP in
// "madvise" mode, Debian's default). A model's weights are tens of MB of
// fresh memory; touched 4 KB at a time that is thousands of page faults, and
// on a virtual machine a fault costs microseconds: loading the shipped
// synthesis model spent a third of `seqgen write "Hi"` in them.
#pragma once
#include <cstddef>

namespace seqgen {

// Advises huge pages for the 2 MB-aligned part of [p, p + bytes), before it is
// first touched; nothing for smaller buffers or where it is not supported.
void huge_pages_advise(void* p, size_t bytes);

// v.reserve(n) with the advice: call before filling v.
template <class V>
void reserve_huge(V& v, size_t n) {
  v.reserve(n);
  huge_pages_advise(v.data(), v.capacity() * sizeof(*v.data()));
}

}  // namespace seqgen
