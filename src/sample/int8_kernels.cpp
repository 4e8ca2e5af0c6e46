#include "sample/int8_kernels.hpp"

#include <immintrin.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <utility>

#include "core/cpu.hpp"

namespace seqgen {

Int8Packed int8_pack(const std::vector<const float*>& parts, const std::vector<int>& part_rows, int cols) {
  Int8Packed m;
  std::vector<int> at;  // each part's first input, a multiple of 4
  int in = 0;
  for (int r : part_rows) at.push_back(in), in += (r + 3) / 4 * 4;
  m.rows = cols;
  m.rows_pad = (cols + 15) / 16 * 16;
  m.quads = in / 4;
  m.w.assign(size_t(m.rows_pad) * m.quads * 4, 0);
  m.scale.assign(size_t(cols), 0.f);
  m.corr.assign(size_t(cols), 0);
  std::vector<float> row(static_cast<size_t>(in));
  for (int j = 0; j < cols; ++j) {  // output j = column j of the stored (in x out) matrices
    std::fill(row.begin(), row.end(), 0.f);
    for (size_t q = 0; q < parts.size(); ++q)
      for (int k = 0; k < part_rows[q]; ++k) row[size_t(at[q] + k)] = parts[q][size_t(k) * cols + j];
    float big = 0;
    for (float v : row) big = std::max(big, std::abs(v));
    const float s = big > 0 ? big / 127 : 1;  // an all-zero row stays zero
    m.scale[size_t(j)] = s / 127;
    int8_t* blk = m.w.data() + size_t(j / 16) * m.quads * 64 + (j % 16) * 4;
    for (int k = 0; k < in; ++k) {
      const int8_t q = int8_t(std::clamp(std::lround(row[size_t(k)] / s), -127L, 127L));
      blk[size_t(k / 4) * 64 + k % 4] = q;
      m.corr[size_t(j)] += 128 * q;
    }
  }
  return m;
}

SEQGEN_KERNEL void int8_inputs(const float* h, int n, uint8_t* a) {
  for (int i = 0; i < n; ++i) {
    // 127 h + 128 rounded half up, by truncating a positive number (this
    // vectorises); the comparisons clamp to [1, 255] and send NaN to 1.
    float v = h[i] * 127.f + 128.5f;
    v = v > 1.f ? v : 1.f;
    v = v < 255.5f ? v : 255.f;
    a[i] = uint8_t(int(v));
  }
}

namespace {

// A tile of RB blocks x NB sequences: each weight load serves NB sequences,
// each input broadcast RB blocks (RB x NB accumulators in registers).
template <int RB, int NB>
__attribute__((target("avx512f,avx512vnni"))) void int8_native(int rb0, int quads, const int8_t* w, const uint32_t* a,
                                                               int lda, int32_t* sums, int lds) {
  __m512i acc[RB][NB];
  for (int r = 0; r < RB; ++r)
    for (int b = 0; b < NB; ++b) acc[r][b] = _mm512_setzero_si512();
  const int8_t* wp = w + size_t(rb0) * quads * 64;
  for (int q = 0; q < quads; ++q) {
    __m512i wv[RB];
    for (int r = 0; r < RB; ++r) wv[r] = _mm512_loadu_si512(wp + (size_t(r) * quads + q) * 64);
    for (int b = 0; b < NB; ++b) {
      const __m512i ab = _mm512_set1_epi32(int(a[size_t(b) * lda + q]));
      for (int r = 0; r < RB; ++r) acc[r][b] = _mm512_dpbusd_epi32(acc[r][b], ab, wv[r]);
    }
  }
  for (int r = 0; r < RB; ++r)
    for (int b = 0; b < NB; ++b) _mm512_storeu_si512(sums + size_t(b) * lds + (rb0 + r) * 16, acc[r][b]);
}

// The same sums in C: byte i of a weight word is input 4q+i of its row,
// widened by shifts (arithmetic right shift: sign-extended). A block of 16
// rows is one GCC vector (AVX-512, AVX2 or SSE2 by the CPU: SEQGEN_KERNEL).
typedef int32_t i32x16 __attribute__((vector_size(64)));

template <int RB, int NB>
SEQGEN_KERNEL void int8_generic(int rb0, int quads, const int8_t* w, const uint32_t* a, int lda, int32_t* sums,
                                int lds) {
  for (int r = 0; r < RB; ++r) {
    i32x16 acc[NB] = {};
    const int8_t* wp = w + size_t(rb0 + r) * quads * 64;
    for (int q = 0; q < quads; ++q) {
      i32x16 wv;
      std::memcpy(&wv, wp + size_t(q) * 64, sizeof wv);
      const i32x16 w0 = (wv << 24) >> 24, w1 = (wv << 16) >> 24, w2 = (wv << 8) >> 24, w3 = wv >> 24;
      for (int b = 0; b < NB; ++b) {
        const uint32_t ab = a[size_t(b) * lda + q];
        acc[b] += w0 * int32_t(ab & 255) + w1 * int32_t(ab >> 8 & 255) + w2 * int32_t(ab >> 16 & 255) +
                  w3 * int32_t(ab >> 24);
      }
    }
    for (int b = 0; b < NB; ++b) std::memcpy(sums + size_t(b) * lds + (rb0 + r) * 16, &acc[b], sizeof acc[b]);
  }
}

constexpr int kTileSeqs = 8;
using Kernels = std::array<std::array<Int8Kernel, 4>, kTileSeqs>;  // [NB - 1][log2 RB]
template <bool Native, int NB>
constexpr std::array<Int8Kernel, 4> kernels_rows() {
  if constexpr (Native)
    return {int8_native<1, NB>, int8_native<2, NB>, int8_native<4, NB>, int8_native<8, NB>};
  else
    return {int8_generic<1, NB>, int8_generic<2, NB>, int8_generic<4, NB>, int8_generic<8, NB>};
}
template <bool Native, int... I>
constexpr Kernels kernels_make(std::integer_sequence<int, I...>) {
  return {kernels_rows<Native, I + 1>()...};
}
const Kernels kNative = kernels_make<true>(std::make_integer_sequence<int, kTileSeqs>{});
const Kernels kGeneric = kernels_make<false>(std::make_integer_sequence<int, kTileSeqs>{});

}  // namespace

Int8Kernel int8_kernel(bool native, int nb, int lg) { return (native ? kNative : kGeneric)[size_t(nb - 1)][size_t(lg)]; }

void int8_finish(const Int8Packed& m, int B, const int32_t* sums, int lds, float* out, int ldo) {
  for (int b = 0; b < B; ++b)
    for (int r = 0; r < m.rows; ++r)
      out[size_t(b) * ldo + r] += m.scale[size_t(r)] * float(sums[size_t(b) * lds + r] - m.corr[size_t(r)]);
}

}  // namespace seqgen
