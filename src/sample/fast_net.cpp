#include "sample/fast_net.hpp"

#include <immintrin.h>

#include <algorithm>
#include <array>
#include <bit>
#include <utility>
#include <cstring>

#include "core/cpu.hpp"
#include "core/error.hpp"
#include "core/gemm.hpp"
#include "nn/lstm_cell.hpp"
#include "nn/window.hpp"

namespace seqgen {
namespace {

// out[b][r] = bias[r] + Σ_p dot(W[r][2p:2p+2], u[b][p]) for RB blocks of 16
// rows from block rb0 and NB sequences: one weight load serves NB sequences,
// one input broadcast serves RB blocks (a GEMM tile, RB x NB accumulators).
// Weights are laid out in blocks of 16 rows: for pair p, 16 rows x 2 bf16.
// Each output is one sum over p in order, whatever RB, NB or the thread that
// runs it: a sequence's numbers do not depend on the batch it is in.
template <int RB, int NB>
__attribute__((target("avx512f,avx512bf16"))) void matvec_kernel(int rows, int rb0, int pairs, const uint16_t* W,
                                                                  const float* bias, const uint32_t* u, int ldu,
                                                                  float* out, int ldo) {
  __m512 acc[RB][NB];
  for (int r = 0; r < RB; ++r)
    for (int b = 0; b < NB; ++b) acc[r][b] = _mm512_setzero_ps();
  const uint16_t* wp = W + size_t(rb0) * pairs * 32;
  for (int p = 0; p < pairs; ++p) {
    __m512i w[RB];
    for (int r = 0; r < RB; ++r) w[r] = _mm512_loadu_si512(wp + (size_t(r) * pairs + p) * 32);
    for (int b = 0; b < NB; ++b) {
      const __m512bh ub = (__m512bh)_mm512_set1_epi32(int(u[size_t(b) * ldu + p]));
      for (int r = 0; r < RB; ++r) acc[r][b] = _mm512_dpbf16_ps(acc[r][b], (__m512bh)w[r], ub);
    }
  }
  for (int r = 0; r < RB; ++r) {
    const int r0 = (rb0 + r) * 16, n = std::min(16, rows - r0);
    if (n <= 0) break;
    const __mmask16 mask = __mmask16((1u << n) - 1);
    const __m512 bv = _mm512_maskz_loadu_ps(mask, bias + r0);
    for (int b = 0; b < NB; ++b) _mm512_mask_storeu_ps(out + size_t(b) * ldo + r0, mask, _mm512_add_ps(bv, acc[r][b]));
  }
}

// The same product without the instruction. A 32-bit word of the layout holds
// a pair of bf16 (input 2p in the low half), so each half widens to fp32 by a
// shift or a mask. A block of 16 rows is one GCC vector: one register with
// AVX-512, two with AVX2, four with SSE2 (SEQGEN_KERNEL picks per CPU).
typedef float f32x16 __attribute__((vector_size(64)));
typedef uint32_t u32x16 __attribute__((vector_size(64)));

template <int RB, int NB>
SEQGEN_KERNEL void matvec_generic(int rows, int rb0, int pairs, const uint16_t* W, const float* bias,
                                  const uint32_t* u, int ldu, float* out, int ldo) {
  for (int r = 0; r < RB; ++r) {  // one block at a time: the vectors would not stay in registers anyway
    const int r0 = (rb0 + r) * 16, n = std::min(16, rows - r0);
    if (n <= 0) break;
    f32x16 acc[NB] = {};
    const uint16_t* wp = W + size_t(rb0 + r) * pairs * 32;
    for (int p = 0; p < pairs; ++p) {
      u32x16 wv;
      std::memcpy(&wv, wp + size_t(p) * 32, sizeof wv);
      const f32x16 w0 = (f32x16)(wv << 16), w1 = (f32x16)(wv & 0xFFFF0000u);
      for (int b = 0; b < NB; ++b) {
        const uint32_t ub = u[size_t(b) * ldu + p];
        acc[b] += w0 * std::bit_cast<float>(ub << 16);
        acc[b] += w1 * std::bit_cast<float>(ub & 0xFFFF0000u);
      }
    }
    for (int b = 0; b < NB; ++b)
      for (int i = 0; i < n; ++i) out[size_t(b) * ldo + r0 + i] = bias[r0 + i] + acc[b][i];
  }
}

// Tiles: up to 8 sequences at once; row blocks per tile so that there are
// about 16 accumulators (enough sums in flight, all in registers). The rows
// left over take tiles of half, a quarter and an eighth as many blocks.
constexpr int kTileSeqs = 8;
constexpr int tile_blocks(int nb) { return nb <= 2 ? 8 : nb <= 4 ? 4 : 2; }
int log2_floor(int x) { return int(std::bit_width(unsigned(x))) - 1; }

using Kernel = void (*)(int, int, int, const uint16_t*, const float*, const uint32_t*, int, float*, int);
using Kernels = std::array<std::array<Kernel, 4>, kTileSeqs>;  // [NB - 1][log2 RB]
template <bool Native, int NB>
constexpr std::array<Kernel, 4> kernels_rows() {
  if constexpr (Native)
    return {matvec_kernel<1, NB>, matvec_kernel<2, NB>, matvec_kernel<4, NB>, matvec_kernel<8, NB>};
  else
    return {matvec_generic<1, NB>, matvec_generic<2, NB>, matvec_generic<4, NB>, matvec_generic<8, NB>};
}
template <bool Native, int... I>
constexpr Kernels kernels_make(std::integer_sequence<int, I...>) {
  return {kernels_rows<Native, I + 1>()...};
}
const Kernels kNative = kernels_make<true>(std::make_integer_sequence<int, kTileSeqs>{});
const Kernels kGeneric = kernels_make<false>(std::make_integer_sequence<int, kTileSeqs>{});

}  // namespace

FastNet::Packed FastNet::pack(const std::vector<const float*>& parts, const std::vector<int>& part_rows, int cols,
                              const float* bias) {
  Packed m;
  int in = 0;
  for (int r : part_rows) in += r;
  m.rows = cols;
  m.rows_pad = (cols + 15) / 16 * 16;
  m.pairs = ((in + 1) / 2 + 3) / 4 * 4;
  m.w.assign(size_t(m.rows_pad) * m.pairs * 2, 0);
  m.bias.assign(bias, bias + cols);
  std::vector<float> col(size_t(m.pairs) * 2);
  std::vector<uint16_t> col16(col.size());
  for (int j = 0; j < cols; ++j) {  // output j = column j of the stored (in x out) matrices
    std::fill(col.begin(), col.end(), 0.f);
    int k0 = 0;
    for (size_t q = 0; q < parts.size(); ++q) {
      for (int k = 0; k < part_rows[q]; ++k) col[k0 + k] = parts[q][size_t(k) * cols + j];
      k0 += part_rows[q];
    }
    bf16_from_f32(col.data(), col16.data(), int64_t(col.size()));
    uint16_t* blk = m.w.data() + size_t(j / 16) * m.pairs * 32;
    for (int p = 0; p < m.pairs; ++p) {
      blk[size_t(p) * 32 + (j % 16) * 2] = col16[2 * p];
      blk[size_t(p) * 32 + (j % 16) * 2 + 1] = col16[2 * p + 1];
    }
  }
  return m;
}

FastNet::FastNet(const Network<float>& net, Weights weights) : FastNet(net, weights, native_default(weights)) {}

FastNet::FastNet(const Network<float>& net, Weights weights, bool native) : cfg_(net.config()), native_(native) {
  if (native && !native_default(weights))
    fail("FastNet: this CPU has no AVX512-BF16{} instructions (or SEQGEN_PRECISION=f32)",
         weights == Weights::int8 ? " or AVX512-VNNI" : "");
  auto P = [&](const std::string& n) { return net.params.data() + net.tensor(n).offset; };
  const int X = cfg_.input_size, V = cfg_.window_alphabet;
  for (int n = 0; n < cfg_.layers(); ++n) {
    const std::string L = layer_prefix(n);
    const int H = cfg_.hidden[n], Hb = n > 0 ? cfg_.hidden[n - 1] : 0;
    // Layer n reads [x | h below | w | h] (step); a part of 0 rows is left out.
    const float *wx = P(L + "w_x"), *below = n > 0 ? P(L + "w_below") : wx, *win = V ? P(L + "w_win") : wx;
    const float *rec = P(L + "w_rec"), *bias = P(L + "b");
    if (weights == Weights::int8) {
      layers_.push_back(pack({wx, win}, {X, V}, 4 * H, bias));
      layers8_.push_back(int8_pack({below, rec}, {Hb, H}, 4 * H));
    } else {
      layers_.push_back(pack({wx, below, win, rec}, {X, Hb, V, H}, 4 * H, bias));
    }
    peep_.emplace_back(P(L + "peep"), P(L + "peep") + 3 * H);
  }
  if (V) win_ = pack({P("win.w")}, {cfg_.hidden[0]}, 3 * cfg_.window_mixtures, P("win.b"));
  out_ = pack({P("out.w")}, {cfg_.hidden_total()}, cfg_.output_size, P("out.b"));
}

void FastNet::reset(int B, const int32_t* chars, int U) {
  if (B < 1) fail("FastNet needs at least one sequence, not {}", B);
  B_ = cap_ = B, U_ = U;
  const int S = cfg_.hidden_total(), K = cfg_.window_mixtures, V = cfg_.window_alphabet;
  chars_.assign(chars, chars + size_t(B) * U);
  h_.assign(size_t(B) * S, 0.f);
  hprev_ = h_;
  c_.assign(cfg_.layers(), {});
  c_prev_.assign(cfg_.layers(), {});
  for (int n = 0; n < cfg_.layers(); ++n) {
    c_[n].assign(size_t(B) * cfg_.hidden[n], 0.f);
    c_prev_[n] = c_[n];
  }
  w_.assign(size_t(B) * V, 0.f);
  abk_.assign(size_t(B) * 4 * K, 0.f);
  abk_prev_ = abk_;
  phi_.assign(size_t(B) * U, 0.f);
  y_.assign(size_t(B) * cfg_.output_size, 0.f);
}

void FastNet::threads_set(int n) {
  if (n < 1) fail("FastNet: {} threads", n);
  threads_ = n;
}

void FastNet::batch_set(int B) {
  if (B < 0 || B > cap_) fail("FastNet: {} sequences, but room for {}", B, cap_);
  B_ = B;
}

// Every per-sequence array, with its width.
template <class F>
void FastNet::slot_each(F f) {
  const int S = cfg_.hidden_total(), K = cfg_.window_mixtures, V = cfg_.window_alphabet;
  f(h_, S);
  for (int n = 0; n < cfg_.layers(); ++n) f(c_[n], cfg_.hidden[n]), f(c_prev_[n], cfg_.hidden[n]);
  f(w_, V), f(abk_, 4 * K), f(abk_prev_, 4 * K), f(phi_, U_), f(y_, cfg_.output_size);
}

// The arrays a step reads from the one before (c_prev_ and abk_prev_ are
// overwritten by the swap at the start of a step).
template <class F>
void FastNet::state_each(F f) {
  f(h_, cfg_.hidden_total());
  for (int n = 0; n < cfg_.layers(); ++n) f(c_[n], cfg_.hidden[n]);
  f(w_, cfg_.window_alphabet), f(abk_, 4 * cfg_.window_mixtures);
}

std::vector<float> FastNet::slot_state(int b) {
  if (b < 0 || b >= cap_) fail("FastNet: no slot {} of {}", b, cap_);
  std::vector<float> s;
  state_each([&](std::vector<float>& v, int n) { s.insert(s.end(), v.begin() + size_t(b) * n, v.begin() + size_t(b + 1) * n); });
  return s;
}

void FastNet::slot_state_set(int b, const std::vector<float>& s) {
  if (b < 0 || b >= cap_) fail("FastNet: no slot {} of {}", b, cap_);
  size_t at = 0;
  state_each([&](std::vector<float>&, int n) { at += size_t(n); });
  if (at != s.size()) fail("FastNet: a state of {} numbers, not {}", at, s.size());
  at = 0;
  state_each([&](std::vector<float>& v, int n) {
    std::copy_n(s.begin() + std::ptrdiff_t(at), n, v.begin() + size_t(b) * n);
    at += size_t(n);
  });
}

void FastNet::window_resize(int U) {
  if (U < 1) fail("FastNet: window texts of {} characters", U);
  if (U == U_) return;
  std::vector<int32_t> chars(size_t(cap_) * U, -1);
  for (int b = 0; b < cap_; ++b)
    std::copy_n(chars_.begin() + size_t(b) * U_, std::min(U, U_), chars.begin() + size_t(b) * U);
  chars_ = std::move(chars);
  U_ = U;
  phi_.assign(size_t(cap_) * U, 0.f);  // an output of the step
}

void FastNet::reset_slot(int b, const int32_t* chars) {
  if (b < 0 || b >= B_) fail("FastNet: no sequence {} in a batch of {}", b, B_);
  std::copy(chars, chars + U_, chars_.begin() + size_t(b) * U_);
  slot_each([b](std::vector<float>& v, int n) { std::fill_n(v.begin() + size_t(b) * n, n, 0.f); });
}

void FastNet::slot_move(int from, int to) {
  if (from < 0 || from >= cap_ || to < 0 || to >= cap_) fail("FastNet: no slot {} or {} of {}", from, to, cap_);
  std::copy_n(chars_.begin() + size_t(from) * U_, U_, chars_.begin() + size_t(to) * U_);
  slot_each([&](std::vector<float>& v, int n) {
    std::copy_n(v.begin() + size_t(from) * n, n, v.begin() + size_t(to) * n);
  });
}

void FastNet::matvec(const Packed& m, const std::vector<const float*>& inputs, const std::vector<int>& sizes,
                     const std::vector<int>& strides, float* out, int ldo) {
  // Inputs of each sequence are concatenated, rounded to bf16 and paired.
  std::vector<float>& cat = hcat_;
  cat.assign(size_t(B_) * m.pairs * 2, 0.f);
  u_.resize(size_t(B_) * m.pairs);
  for (int b = 0; b < B_; ++b) {
    float* row = cat.data() + size_t(b) * m.pairs * 2;
    int k0 = 0;
    for (size_t q = 0; q < inputs.size(); ++q) {
      if (sizes[q]) std::memcpy(row + k0, inputs[q] + size_t(b) * strides[q], sizeof(float) * sizes[q]);
      k0 += sizes[q];
    }
    bf16_from_f32(row, reinterpret_cast<uint16_t*>(u_.data() + size_t(b) * m.pairs), int64_t(m.pairs) * 2);
  }
  const Kernels& k = native_ ? kNative : kGeneric;
  tiles_run(m.rows_pad / 16, [&](int rb0, int lg, int b0, int nb) {
    k[size_t(nb - 1)][size_t(lg)](m.rows, rb0, m.pairs, m.w.data(), m.bias.data(), u_.data() + size_t(b0) * m.pairs,
                                  m.pairs, out + size_t(b0) * ldo, ldo);
  });
}

void FastNet::matvec_int8(const Int8Packed& m, const std::vector<const float*>& inputs, const std::vector<int>& sizes,
                          const std::vector<int>& strides, float* out, int ldo) {
  const int B = B_, words = m.quads;
  a8_.assign(size_t(B) * words * 4, 128);  // padding: h = 0
  for (int b = 0; b < B; ++b) {
    uint8_t* row = a8_.data() + size_t(b) * words * 4;
    for (size_t q = 0; q < inputs.size(); ++q) {
      int8_inputs(inputs[q] + size_t(b) * strides[q], sizes[q], row);
      row += sizes[q];
    }
  }
  sums_.resize(size_t(B) * m.rows_pad);
  const uint32_t* a = reinterpret_cast<const uint32_t*>(a8_.data());
  tiles_run(m.rows_pad / 16, [&](int rb0, int lg, int b0, int nb) {
    int8_kernel(native_, nb, lg)(rb0, words, m.w.data(), a + size_t(b0) * words, words,
                                 sums_.data() + size_t(b0) * m.rows_pad, m.rows_pad);
  });
  int8_finish(m, B, sums_.data(), m.rows_pad, out, ldo);
}

template <class F>
void FastNet::tiles_run(int blocks, F kernel) {
  // Each tile of rows goes through all sequences while its weights are in cache.
  const int B = B_;
  int tb = tile_blocks(std::min(B, kTileSeqs));
  if (threads_ > 1) tb = std::min(tb, std::max(1, blocks / (4 * threads_)));  // several tiles a thread
  tiles_.clear();
  for (int rb0 = 0; rb0 < blocks;) {
    const int lg = log2_floor(std::min(tb, blocks - rb0));  // the largest power of two that fits
    tiles_.push_back({rb0, lg});
    rb0 += 1 << lg;
  }
  const int n = int(tiles_.size());
  auto run = [&](int i) {
    const auto [rb0, lg] = tiles_[size_t(i)];
    for (int b0 = 0; b0 < B; b0 += kTileSeqs)  // the first tile has the most sequences, so the fewest blocks
      kernel(rb0, lg, b0, std::min(kTileSeqs, B - b0));
  };
  // Threads share out whole tiles (rows): each output is still one kernel's
  // sum, so the numbers do not depend on the thread count.
  if (threads_ > 1 && n > 1) {
#pragma omp parallel for num_threads(threads_) schedule(static)
    for (int i = 0; i < n; ++i) run(i);
  } else {
    for (int i = 0; i < n; ++i) run(i);
  }
}

void FastNet::step(const float* x) {
  const int B = B_, S = cfg_.hidden_total(), K = cfg_.window_mixtures, V = cfg_.window_alphabet;
  const int X = cfg_.input_size;
  if (B == 0) return;
  std::copy_n(h_.begin(), size_t(B) * S, hprev_.begin());  // h_{t-1} of every layer
  for (int n = 0; n < cfg_.layers(); ++n) {
    const int H = cfg_.hidden[n], off = cfg_.hidden_offset(n);
    z_.resize(size_t(cap_) * 4 * H);
    // Layer n reads [x_t | h^{n-1}_t | w | h^n_{t-1}]; w is w_{t-1} for layer 1
    // (not yet overwritten) and w_t above it (eqs 52-53).
    const float* below = h_.data() + (n > 0 ? cfg_.hidden_offset(n - 1) : 0);
    const int Hb = n > 0 ? cfg_.hidden[n - 1] : 0;
    float* z = z_.data();
    if (layers8_.empty()) {
      matvec(layers_[n], {x, below, w_.data(), hprev_.data() + off}, {X, Hb, V, H}, {X, S, V, S}, z, 4 * H);
    } else {  // bf16 over [x | w], int8 over [h^{n-1}_t | h^n_{t-1}]
      matvec(layers_[n], {x, w_.data()}, {X, V}, {X, V}, z, 4 * H);
      matvec_int8(layers8_[n], {below, hprev_.data() + off}, {Hb, H}, {S, S}, z, 4 * H);
    }
    std::swap(c_[n], c_prev_[n]);
    lstm_forward_step(B, H, z_.data(), c_prev_[n].data(), peep_[n].data(), c_[n].data(), h_.data() + off, S);
    if (V && n == 0) {
      p_.resize(size_t(cap_) * 3 * K);
      matvec(win_, {h_.data()}, {H}, {S}, p_.data(), 3 * K);  // (48)
      std::swap(abk_, abk_prev_);
      window_forward_step(B, K, U_, V, p_.data(), abk_prev_.data(), chars_.data(), abk_.data(), phi_.data(),
                          w_.data());
    }
  }
  matvec(out_, {h_.data()}, {S}, {S}, y_.data(), cfg_.output_size);  // (3)
}

}  // namespace seqgen
