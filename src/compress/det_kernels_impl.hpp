// The loops behind det_kernels.hpp, for det_kernels.cpp and for the test that
// compiles them for other instruction sets and compares the bits.
#pragma once
#include <cstddef>

namespace seqgen::det {

template <class T>
[[gnu::always_inline]] inline void rows_acc(int R, int K, int N, const T* A, int lda, const T* W, int ldw, T* Z,
                                            int ldz) {
  for (int k = 0; k < K; ++k) {
    const T* w = W + size_t(k) * ldw;
    for (int r = 0; r < R; ++r) {
      const T a = A[size_t(r) * lda + k];
      T* z = Z + size_t(r) * ldz;
      for (int j = 0; j < N; ++j) z[j] = z[j] + a * w[j];
    }
  }
}

template <class T>
[[gnu::always_inline]] inline void grad_acc(int R, int k0, int k1, int N, const T* A, int lda, const T* D, int ldd,
                                            T* G, int ldg) {
  for (int k = k0; k < k1; ++k) {
    T* g = G + size_t(k) * ldg;
    for (int r = 0; r < R; ++r) {
      const T a = A[size_t(r) * lda + k];
      const T* d = D + size_t(r) * ldd;
      for (int j = 0; j < N; ++j) g[j] = g[j] + a * d[j];
    }
  }
}

template <class T>
[[gnu::always_inline]] inline void dot_acc(int R, int K, int N, const T* W, int ldw, const T* D, int ldd, T* O,
                                           int ldo) {
  // 32 partial sums: independent chains, so the adds do not wait on each other.
  for (int r = 0; r < R; ++r) {
    const T* d = D + size_t(r) * ldd;
    for (int k = 0; k < K; ++k) {
      const T* w = W + size_t(k) * ldw;
      T s[32] = {};
      int j = 0;
      for (; j + 32 <= N; j += 32)
        for (int l = 0; l < 32; ++l) s[l] = s[l] + w[j + l] * d[j + l];
      for (int l = 0; j + l < N; ++l) s[l] = s[l] + w[j + l] * d[j + l];
      for (int h = 16; h >= 1; h /= 2)  // pairwise: s[l] + s[l + h]
        for (int l = 0; l < h; ++l) s[l] = s[l] + s[l + h];
      O[size_t(r) * ldo + k] += s[0];
    }
  }
}

}  // namespace seqgen::det
