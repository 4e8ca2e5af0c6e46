#include "compress/det_kernels.hpp"

#include "compress/det_kernels_impl.hpp"
#include "core/cpu.hpp"

namespace seqgen {

SEQGEN_KERNEL void det_rows_acc(int R, int K, int N, const float* A, int lda, const float* W, int ldw, float* Z,
                                int ldz) {
  det::rows_acc(R, K, N, A, lda, W, ldw, Z, ldz);
}
void det_rows_acc(int R, int K, int N, const double* A, int lda, const double* W, int ldw, double* Z, int ldz) {
  det::rows_acc(R, K, N, A, lda, W, ldw, Z, ldz);
}
SEQGEN_KERNEL void det_grad_acc(int R, int k0, int k1, int N, const float* A, int lda, const float* D, int ldd,
                                float* G, int ldg) {
  det::grad_acc(R, k0, k1, N, A, lda, D, ldd, G, ldg);
}
void det_grad_acc(int R, int k0, int k1, int N, const double* A, int lda, const double* D, int ldd, double* G,
                  int ldg) {
  det::grad_acc(R, k0, k1, N, A, lda, D, ldd, G, ldg);
}
SEQGEN_KERNEL void det_dot_acc(int R, int K, int N, const float* W, int ldw, const float* D, int ldd, float* O,
                               int ldo) {
  det::dot_acc(R, K, N, W, ldw, D, ldd, O, ldo);
}
void det_dot_acc(int R, int K, int N, const double* W, int ldw, const double* D, int ldd, double* O, int ldo) {
  det::dot_acc(R, K, N, W, ldw, D, ldd, O, ldo);
}

}  // namespace seqgen
