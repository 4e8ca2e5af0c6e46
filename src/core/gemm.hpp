// Matrix products, the only heavy operation in the project. Row-major:
//   C[M x N] = alpha * op(A)[M x K] * op(B)[K x N] + beta * C
// float runs on oneDNN (fp32, or bf16 products with fp32 accumulation when the
// precision is set to bf16 and the CPU has native bf16 dot products); double
// runs on OpenBLAS and exists for the finite-difference gradient tests.
#pragma once
#include <cstdint>
#include <memory>

#include "core/cpu.hpp"

namespace seqgen {

enum class Precision { f32, bf16 };

// Returns the precision actually in effect: bf16 is refused (f32 kept) when the
// CPU lacks native bf16 instructions, because emulated bf16 is slower than f32.
Precision gemm_set_precision(Precision p);
Precision gemm_precision();

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

// A bf16 weight matrix op(W) (K x N) repacked into the blocked layout that
// oneDNN's bf16 kernel reads directly, for the per-timestep products
// C[M x N] = A W + beta C: with plain weights the kernel repacks W on every
// call, which costs 20-35% of the product at this project's shapes. Packing is
// redone only when W's version or the product's shape changes, so it is paid
// once per weight update. Without native bf16 (cpu_has_bf16()) it computes the
// same product of bf16 operands in fp32, so it works on every CPU.
class GemmPacked {
 public:
  GemmPacked();
  ~GemmPacked();
  GemmPacked(GemmPacked&&) noexcept;
  GemmPacked& operator=(GemmPacked&&) noexcept;

  // W is row-major with leading dimension ldw; op(W) = W^T when trans. A and
  // C of the products to come have leading dimensions lda and ldc.
  void pack(const uint16_t* w16, bool trans, int K, int N, int ldw, int M, int lda, int ldc, float beta,
            uint64_t version);
  // C = A op(W) + beta C for the M, lda, ldc and beta given to pack().
  void mul(GemmOperand A, float* C) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// fp32 -> bf16 with round-to-nearest-even.
void bf16_from_f32(const float* x, uint16_t* y, int64_t n);

}  // namespace seqgen
