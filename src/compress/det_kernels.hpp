// The compressor's matrix loops, each with one fixed order of addition per
// output element whatever the vector width (see coder_net.hpp). Row-major,
// leading dimensions given. Float versions are compiled for AVX-512, AVX2 and
// the baseline (chosen at load time); with no fused multiply-add
// (-ffp-contract=off) all three give the same bits.
#pragma once
#include <cstddef>

namespace seqgen {

// Z[r, 0:N] += Σ_{k=0..K-1} A[r, k] W[k, 0:N]   (k ascending)
void det_rows_acc(int R, int K, int N, const float* A, int lda, const float* W, int ldw, float* Z, int ldz);
void det_rows_acc(int R, int K, int N, const double* A, int lda, const double* W, int ldw, double* Z, int ldz);

// G[k, 0:N] += Σ_{r=0..R-1} A[r, k] D[r, 0:N]   (r ascending), for k in [k0, k1)
void det_grad_acc(int R, int k0, int k1, int N, const float* A, int lda, const float* D, int ldd, float* G, int ldg);
void det_grad_acc(int R, int k0, int k1, int N, const double* A, int lda, const double* D, int ldd, double* G,
                  int ldg);

// O[r, k] += Σ_j W[k, j] D[r, j]: partial sums s_l over j ≡ l (mod 32), then
// folded in halves (s_l += s_{l+16}, then s_l += s_{l+8}, ... down to s_0).
void det_dot_acc(int R, int K, int N, const float* W, int ldw, const float* D, int ldd, float* O, int ldo);
void det_dot_acc(int R, int K, int N, const double* W, int ldw, const double* D, int ldd, double* O, int ldo);

}  // namespace seqgen
