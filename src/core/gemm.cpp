#include "core/gemm.hpp"

#include "core/half.hpp"

#include <cblas.h>
#include <omp.h>

#include <cstring>
#include <dnnl.hpp>
#include <map>
#include <mutex>
#include <tuple>
#include <vector>

namespace seqgen {
namespace {

using dt = dnnl::memory::data_type;

dnnl::engine& cpu_engine() {
  static dnnl::engine eng(dnnl::engine::kind::cpu, 0);
  return eng;
}
// Streams and scratchpads are per thread so that threads may run products
// concurrently (data-parallel training runs one network copy per core).
dnnl::stream& cpu_stream() {
  thread_local dnnl::stream st(cpu_engine());
  return st;
}

Precision g_precision = Precision::f32;

// The primitive for each distinct shape is built once; building costs far more
// than running it.
// The thread count is part of the key: a primitive plans its work split for
// the threads available where it is created.
using Key = std::tuple<bool, bool, int, int, int, int, int, int, float, float, int, int>;
struct Prim {
  dnnl::matmul mm;
  dnnl::memory::desc a, b, c, scratch;
};
std::map<Key, Prim> g_cache;
std::mutex g_cache_mutex;

dnnl::memory::desc operand_desc(int rows, int cols, int ld, bool trans, dt type) {
  // op(X) is rows x cols; X itself is stored row-major with leading dimension ld.
  dnnl::memory::dims strides = trans ? dnnl::memory::dims{1, ld} : dnnl::memory::dims{ld, 1};
  return dnnl::memory::desc({rows, cols}, type, strides);
}

const Prim& prim_get(bool ta, bool tb, int M, int N, int K, int lda, int ldb, int ldc, float alpha,
                     float beta, dt type) {
  Key key{ta, tb, M, N, K, lda, ldb, ldc, alpha, beta, int(type), omp_get_max_threads()};
  std::lock_guard<std::mutex> lock(g_cache_mutex);
  auto it = g_cache.find(key);
  if (it != g_cache.end()) return it->second;
  Prim p;
  p.a = operand_desc(M, K, lda, ta, type);
  p.b = operand_desc(K, N, ldb, tb, type);
  p.c = dnnl::memory::desc({M, N}, dt::f32, dnnl::memory::dims{ldc, 1});
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  if (alpha != 1.f) attr.set_output_scales(0, {alpha});
  if (beta != 0.f) {
    dnnl::post_ops po;
    po.append_sum(beta);
    attr.set_post_ops(po);
  }
  dnnl::matmul::desc md(p.a, p.b, p.c);
  dnnl::matmul::primitive_desc pd(md, attr, cpu_engine());
  p.scratch = pd.scratchpad_desc();
  p.mm = dnnl::matmul(pd);
  return g_cache.emplace(key, std::move(p)).first->second;
}

// Copies an op(X) operand into contiguous bf16 scratch (keeping its layout).
const uint16_t* bf16_scratch(const float* x, int rows, int cols, int ld, bool trans,
                             std::vector<uint16_t>& buf) {
  int outer = trans ? cols : rows, inner = trans ? rows : cols;
  buf.resize(size_t(outer) * ld);
  for (int i = 0; i < outer; ++i) bf16_from_f32(x + size_t(i) * ld, buf.data() + size_t(i) * ld, inner);
  return buf.data();
}

}  // namespace

Precision gemm_set_precision(Precision p) {
  g_precision = (p == Precision::bf16 && !cpu_has_bf16()) ? Precision::f32 : p;
  return g_precision;
}
Precision gemm_precision() { return g_precision; }

SEQGEN_KERNEL void bf16_from_f32(const float* __restrict x, uint16_t* __restrict y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = bf16_from_float(x[i]);
}

void gemm(bool ta, bool tb, int M, int N, int K, float alpha, GemmOperand A, int lda, GemmOperand B,
          int ldb, float beta, float* C, int ldc) {
  if (M == 0 || N == 0) return;
  if (K == 0) {
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < N; ++j) C[size_t(i) * ldc + j] = beta == 0.f ? 0.f : beta * C[size_t(i) * ldc + j];
    return;
  }
  const bool bf = g_precision == Precision::bf16;
  const Prim& p = prim_get(ta, tb, M, N, K, lda, ldb, ldc, alpha, beta, bf ? dt::bf16 : dt::f32);
  void* pa = const_cast<float*>(A.f32);
  void* pb = const_cast<float*>(B.f32);
  if (bf) {
    thread_local std::vector<uint16_t> sa, sb;
    pa = const_cast<uint16_t*>(A.bf16 ? A.bf16 : bf16_scratch(A.f32, M, K, lda, ta, sa));
    pb = const_cast<uint16_t*>(B.bf16 ? B.bf16 : bf16_scratch(B.f32, K, N, ldb, tb, sb));
  }
  thread_local std::vector<uint8_t> scratch;
  if (scratch.size() < p.scratch.get_size()) scratch.resize(p.scratch.get_size());
  dnnl::memory ma(p.a, cpu_engine(), pa), mb(p.b, cpu_engine(), pb), mc(p.c, cpu_engine(), C);
  dnnl::memory ms(p.scratch, cpu_engine(), scratch.data());
  p.mm.execute(cpu_stream(),
               {{DNNL_ARG_SRC, ma}, {DNNL_ARG_WEIGHTS, mb}, {DNNL_ARG_DST, mc}, {DNNL_ARG_SCRATCHPAD, ms}});
  cpu_stream().wait();
}

// The primitive sees contiguous A and C (mul() copies strided ones): oneDNN's
// fast bf16 kernel (brgemm) refuses strided operands at these shapes and the
// fallback is slower than the copies.
struct GemmPacked::Impl {
  std::tuple<const uint16_t*, bool, int, int, int, int, float, int> key;
  uint64_t version = 0;
  int M = 0, N = 0, K = 0, lda = 0, ldc = 0;
  bool accumulate = false;
  dnnl::matmul mm;
  dnnl::memory::desc a, c, scratch;
  dnnl::memory w;
  float beta = 0.f;
  std::vector<float> w32;  // op(W) as K x N fp32, without native bf16
};

GemmPacked::GemmPacked() = default;
GemmPacked::~GemmPacked() = default;
GemmPacked::GemmPacked(GemmPacked&&) noexcept = default;
GemmPacked& GemmPacked::operator=(GemmPacked&&) noexcept = default;

void GemmPacked::pack(const uint16_t* w16, bool trans, int K, int N, int ldw, int M, int lda, int ldc,
                      float beta, uint64_t version) {
  const auto key = std::make_tuple(w16, trans, K, N, ldw, M, beta, omp_get_max_threads());
  if (!cpu_has_bf16()) {  // widened once per version; mul() runs the fp32 product
    if (!impl_ || impl_->key != key) impl_ = std::make_unique<Impl>();
    Impl& p = *impl_;
    p.lda = lda, p.ldc = ldc;
    if (p.key == key && p.version == version) return;
    p.key = key, p.M = M, p.N = N, p.K = K, p.beta = beta, p.version = version;
    p.w32.resize(size_t(K) * N);
    for (int k = 0; k < K; ++k)
      for (int n = 0; n < N; ++n)
        p.w32[size_t(k) * N + n] = bf16_to_float(trans ? w16[size_t(n) * ldw + k] : w16[size_t(k) * ldw + n]);
    return;
  }
  if (!impl_ || impl_->key != key) {
    auto p = std::make_unique<Impl>();
    p->key = key, p->M = M, p->N = N, p->K = K, p->accumulate = beta != 0.f;
    p->a = dnnl::memory::desc({M, K}, dt::bf16, dnnl::memory::format_tag::ab);
    p->c = dnnl::memory::desc({M, N}, dt::f32, dnnl::memory::format_tag::ab);
    const dnnl::memory::desc w_any({K, N}, dt::bf16, dnnl::memory::format_tag::any);
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    if (beta != 0.f) {
      dnnl::post_ops po;
      po.append_sum(beta);
      attr.set_post_ops(po);
    }
    dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(p->a, w_any, p->c), attr, cpu_engine());
    p->scratch = pd.scratchpad_desc();
    p->mm = dnnl::matmul(pd);
    p->w = dnnl::memory(pd.weights_desc(), cpu_engine());
    impl_ = std::move(p);
  } else if (impl_->version == version) {
    impl_->lda = lda, impl_->ldc = ldc;
    return;
  }
  impl_->lda = lda, impl_->ldc = ldc;
  dnnl::memory plain(operand_desc(K, N, ldw, trans, dt::bf16), cpu_engine(), const_cast<uint16_t*>(w16));
  dnnl::reorder(plain, impl_->w).execute(cpu_stream(), plain, impl_->w);
  cpu_stream().wait();
  impl_->version = version;
}

void GemmPacked::mul(GemmOperand A, float* C) const {
  thread_local std::vector<uint16_t> a16;
  thread_local std::vector<float> c32;
  thread_local std::vector<uint8_t> scratch;
  const Impl& p = *impl_;
  if (!p.w32.empty()) {  // A rounded to bf16 as the native path sees it, the product in fp32
    thread_local std::vector<float> a32;
    a32.resize(size_t(p.M) * p.K);
    for (int i = 0; i < p.M; ++i)
      for (int k = 0; k < p.K; ++k) {
        const size_t at = size_t(i) * p.lda + k;
        a32[size_t(i) * p.K + k] = bf16_to_float(A.bf16 ? A.bf16[at] : bf16_from_float(A.f32[at]));
      }
    gemm(false, false, p.M, p.N, p.K, 1.f, a32.data(), p.K, p.w32.data(), p.N, p.beta, C, p.ldc);
    return;
  }
  const uint16_t* a = A.bf16;
  if (!a || p.lda != p.K) {
    a16.resize(size_t(p.M) * p.K);
    for (int i = 0; i < p.M; ++i) {
      uint16_t* row = a16.data() + size_t(i) * p.K;
      if (A.bf16)
        std::memcpy(row, A.bf16 + size_t(i) * p.lda, sizeof(uint16_t) * p.K);
      else
        bf16_from_f32(A.f32 + size_t(i) * p.lda, row, p.K);
    }
    a = a16.data();
  }
  float* c = C;
  const bool strided = p.ldc != p.N;
  if (strided) {
    c32.resize(size_t(p.M) * p.N);
    c = c32.data();
    if (p.accumulate)
      for (int i = 0; i < p.M; ++i) std::memcpy(c + size_t(i) * p.N, C + size_t(i) * p.ldc, sizeof(float) * p.N);
  }
  if (scratch.size() < p.scratch.get_size()) scratch.resize(p.scratch.get_size());
  dnnl::memory ma(p.a, cpu_engine(), const_cast<uint16_t*>(a)), mc(p.c, cpu_engine(), c);
  dnnl::memory ms(p.scratch, cpu_engine(), scratch.data());
  p.mm.execute(cpu_stream(),
               {{DNNL_ARG_SRC, ma}, {DNNL_ARG_WEIGHTS, p.w}, {DNNL_ARG_DST, mc}, {DNNL_ARG_SCRATCHPAD, ms}});
  cpu_stream().wait();
  if (strided)
    for (int i = 0; i < p.M; ++i) std::memcpy(C + size_t(i) * p.ldc, c + size_t(i) * p.N, sizeof(float) * p.N);
}

void gemm(bool ta, bool tb, int M, int N, int K, double alpha, const double* A, int lda,
          const double* B, int ldb, double beta, double* C, int ldc) {
  if (M == 0 || N == 0) return;
  cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, M, N, K,
              alpha, A, lda, B, ldb, beta, C, ldc);
}

}  // namespace seqgen
