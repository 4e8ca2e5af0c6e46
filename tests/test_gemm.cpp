// The packed bf16 product (GemmPacked) computes what the plain product
// computes, for every layout the network uses, and repacks exactly when the
// weights' version changes: natively, or in fp32 without native bf16 (run the
// tests with SEQGEN_PRECISION=f32 for that path).
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <random>
#include <vector>

#include "core/gemm.hpp"
#include "core/half.hpp"

namespace seqgen {
namespace {

std::vector<float> bf16_exact(size_t n, uint64_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1, 1);
  std::vector<float> v(n);
  for (auto& x : v) x = bf16_to_float(bf16_from_float(u(rng)));  // representable: no rounding in the test
  return v;
}

struct Layout {
  bool trans;
  int M, K, N, ldw, lda, ldc;
  float beta;
};

// C = A op(W) + beta C in double, from row-major W with leading dimension ldw.
std::vector<double> reference(const Layout& l, const std::vector<float>& A, const std::vector<float>& W,
                              const std::vector<float>& C0) {
  std::vector<double> C(C0.begin(), C0.end());
  for (int i = 0; i < l.M; ++i)
    for (int j = 0; j < l.N; ++j) {
      double s = 0;
      for (int k = 0; k < l.K; ++k)
        s += double(A[size_t(i) * l.lda + k]) * (l.trans ? W[size_t(j) * l.ldw + k] : W[size_t(k) * l.ldw + j]);
      C[size_t(i) * l.ldc + j] = s + l.beta * C0[size_t(i) * l.ldc + j];
    }
  return C;
}

void check(const Layout& l, const std::vector<float>& C, const std::vector<double>& want, const char* what) {
  for (int i = 0; i < l.M; ++i)
    for (int j = 0; j < l.N; ++j)
      ASSERT_NEAR(C[size_t(i) * l.ldc + j], want[size_t(i) * l.ldc + j], 1e-4) << what << " at " << i << "," << j;
}

// The vectorised conversion (one variant per CPU) rounds as the scalar one:
// ties to even, NaN stays NaN, infinities and overflow to infinity.
TEST(Gemm, Bf16ConversionMatchesTheScalarRounding) {
  std::mt19937 rng(7);
  std::vector<float> x(1003);
  for (auto& v : x) v = std::bit_cast<float>(uint32_t(rng()));
  const float special[] = {0.f, -0.f, 1.f + 0x1p-8f, 1.f + 0x1p-7f + 0x1p-8f, INFINITY, -INFINITY, NAN,
                           3.4028235e38f, 1e-45f};
  std::copy(std::begin(special), std::end(special), x.begin() + 500);
  std::vector<uint16_t> y(x.size());
  bf16_from_f32(x.data(), y.data(), int64_t(x.size()));
  for (size_t i = 0; i < x.size(); ++i) ASSERT_EQ(y[i], bf16_from_float(x[i])) << "at " << i << ": " << x[i];
  EXPECT_EQ(y[502], 0x3F80);  // 1 + 2^-8: a tie, to even
  EXPECT_EQ(y[503], 0x3F82);  // 1 + 2^-7 + 2^-8: a tie, up to even
}

TEST(GemmPacked, MatchesThePlainProductAndRepacksOnNewVersion) {
  // Forward h_{t-1} W_rec with h strided (several layers side by side), and
  // backward dz W_rec^T into a strided dh, as network.cpp uses them.
  const Layout layouts[] = {{false, 5, 24, 96, 96, 40, 96, 1.f},
                            {true, 5, 96, 24, 96, 96, 40, 1.f},
                            {false, 3, 16, 32, 32, 16, 32, 0.f}};
  for (const Layout& l : layouts) {
    SCOPED_TRACE(testing::Message() << "trans " << l.trans << " lda " << l.lda << " ldc " << l.ldc);
    const int Wrows = l.trans ? l.N : l.K;
    auto W = bf16_exact(size_t(Wrows) * l.ldw, 1);
    auto A = bf16_exact(size_t(l.M) * l.lda, 2);
    auto C0 = bf16_exact(size_t(l.M) * l.ldc, 3);
    std::vector<uint16_t> W16(W.size()), A16(A.size());
    bf16_from_f32(W.data(), W16.data(), int64_t(W.size()));
    bf16_from_f32(A.data(), A16.data(), int64_t(A.size()));

    GemmPacked P;
    P.pack(W16.data(), l.trans, l.K, l.N, l.ldw, l.M, l.lda, l.ldc, l.beta, 1);
    std::vector<float> C = C0;
    P.mul(GemmOperand{A.data(), nullptr}, C.data());
    check(l, C, reference(l, A, W, C0), "from fp32 A");
    C = C0;
    P.mul(GemmOperand{A.data(), A16.data()}, C.data());
    check(l, C, reference(l, A, W, C0), "from bf16 A");

    // New weights under the same version are not seen; a new version is.
    auto W2 = bf16_exact(W.size(), 4);
    bf16_from_f32(W2.data(), W16.data(), int64_t(W2.size()));
    P.pack(W16.data(), l.trans, l.K, l.N, l.ldw, l.M, l.lda, l.ldc, l.beta, 1);
    C = C0;
    P.mul(GemmOperand{A.data(), nullptr}, C.data());
    check(l, C, reference(l, A, W, C0), "same version keeps the packed weights");
    P.pack(W16.data(), l.trans, l.K, l.N, l.ldw, l.M, l.lda, l.ldc, l.beta, 2);
    C = C0;
    P.mul(GemmOperand{A.data(), nullptr}, C.data());
    check(l, C, reference(l, A, W2, C0), "new version repacks");
  }
}

}  // namespace
}  // namespace seqgen
