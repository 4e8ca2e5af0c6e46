#include "compress/det_kernels.hpp"

#include "core/cpu.hpp"

namespace seqgen {
namespace {

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

}  // namespace

SEQGEN_KERNEL void det_rows_acc(int R, int K, int N, const float* A, int lda, const float* W, int ldw, float* Z,
                                int ldz) {
  rows_acc(R, K, N, A, lda, W, ldw, Z, ldz);
}
void det_rows_acc(int R, int K, int N, const double* A, int lda, const double* W, int ldw, double* Z, int ldz) {
  rows_acc(R, K, N, A, lda, W, ldw, Z, ldz);
}
SEQGEN_KERNEL void det_grad_acc(int R, int k0, int k1, int N, const float* A, int lda, const float* D, int ldd,
                                float* G, int ldg) {
  grad_acc(R, k0, k1, N, A, lda, D, ldd, G, ldg);
}
void det_grad_acc(int R, int k0, int k1, int N, const double* A, int lda, const double* D, int ldd, double* G,
                  int ldg) {
  grad_acc(R, k0, k1, N, A, lda, D, ldd, G, ldg);
}
SEQGEN_KERNEL void det_dot_acc(int R, int K, int N, const float* W, int ldw, const float* D, int ldd, float* O,
                               int ldo) {
  dot_acc(R, K, N, W, ldw, D, ldd, O, ldo);
}
void det_dot_acc(int R, int K, int N, const double* W, int ldw, const double* D, int ldd, double* O, int ldo) {
  dot_acc(R, K, N, W, ldw, D, ldd, O, ldo);
}

}  // namespace seqgen
