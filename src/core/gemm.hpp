// Matrix products, the only heavy operation in the project. Row-major:
//   C[M x N] = alpha * op(A)[M x K] * op(B)[K x N] + beta * C
// float runs on oneDNN (fp32, or bf16 products with fp32 accumulation when the
// precision is set to bf16 and the CPU has native bf16 dot products); double
// runs on OpenBLAS and exists for the finite-difference gradient tests.
#pragma once
#include <cstdint>

namespace seqgen {

enum class Precision { f32, bf16 };

// Returns the precision actually in effect: bf16 is refused (f32 kept) when the
// CPU lacks native bf16 instructions, because emulated bf16 is slower than f32.
Precision gemm_set_precision(Precision p);
Precision gemm_precision();
bool cpu_has_bf16();

// A float operand may carry a bf16 copy of itself (kept by the owner of a
// weight matrix so it is converted once per update, not once per product).
struct GemmOperand {
  const float* f32 = nullptr;
  const uint16_t* bf16 = nullptr;
};

void gemm(bool ta, bool tb, int M, int N, int K, float alpha, GemmOperand A, int lda,
          GemmOperand B, int ldb, float beta, float* C, int ldc);

inline void gemm(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda,
                 const float* B, int ldb, float beta, float* C, int ldc) {
  gemm(ta, tb, M, N, K, alpha, GemmOperand{A, nullptr}, lda, GemmOperand{B, nullptr}, ldb, beta, C, ldc);
}

void gemm(bool ta, bool tb, int M, int N, int K, double alpha, const double* A, int lda,
          const double* B, int ldb, double beta, double* C, int ldc);

// fp32 -> bf16 with round-to-nearest-even.
void bf16_from_f32(const float* x, uint16_t* y, int64_t n);

}  // namespace seqgen
