#include "sample/fast_net.hpp"

#include <immintrin.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <utility>
#include <cstring>

#include "core/cpu.hpp"
#include "core/error.hpp"
#include "core/gemm.hpp"
#include "nn/lstm_cell.hpp"
#include "nn/fast_math.hpp"
#include "nn/window.hpp"

namespace seqgen {
namespace {

// out[b][r] = bias[r] + Σ_p dot(W[r][2p:2p+2], u[b][p]) (no bias: out[b][r] +=) for RB blocks of 16
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
    const __m512 bv = bias ? _mm512_maskz_loadu_ps(mask, bias + r0) : _mm512_setzero_ps();
    for (int b = 0; b < NB; ++b) {
      float* o = out + size_t(b) * ldo + r0;
      _mm512_mask_storeu_ps(o, mask, _mm512_add_ps(bias ? bv : _mm512_maskz_loadu_ps(mask, o), acc[r][b]));
    }
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
      for (int i = 0; i < n; ++i) {
        float& o = out[size_t(b) * ldo + r0 + i];
        o = (bias ? bias[r0 + i] : o) + acc[b][i];
      }
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

// z[b] = bias + Σ_i x[b][i] Wx[i] + Σ_v w[b][v] Wwin[v] over rows of `cols`
// (w_v = 0 rows left out), in chunks of 64 outputs: a chunk of every row
// (20 KB) stays in L1 while the sequences go by, and a sequence's 64 sums stay
// in registers while its rows go by.
// rows, first: room for every sequence's rows (its own from first[b]).
using RowList = std::vector<std::pair<float, const float*>>;
SEQGEN_KERNEL void rows_product_kernel(int B, int cols, int X, int V, const float* Wx, const float* Wwin,
                                       const float* bias, const float* x, const float* w, float* z, int ldz,
                                       RowList& rows, std::vector<int>& first) {
  constexpr int C = 64;  // 4 vectors of 16
  rows.clear();
  first.resize(size_t(B) + 1);
  for (int b = 0; b < B; ++b) {
    first[size_t(b)] = int(rows.size());
    for (int i = 0; i < X; ++i) {
      const float a = x[size_t(b) * X + i];
      if (a != 0) rows.push_back({a, Wx + size_t(i) * cols});  // a picture's columns are mostly blank
    }
    for (int v = 0; v < V; ++v) {
      const float a = w[size_t(b) * V + v];
      if (a != 0) rows.push_back({a, Wwin + size_t(v) * cols});  // the letters the window is on (NaN goes on)
    }
  }
  first[size_t(B)] = int(rows.size());
  int j0 = 0;
  for (; j0 + C <= cols; j0 += C)
    for (int b = 0; b < B; ++b) {
      f32x16 acc[C / 16];
      std::memcpy(acc, bias + j0, sizeof acc);
      for (int e = first[size_t(b)]; e < first[size_t(b) + 1]; ++e)
        for (int k = 0; k < C / 16; ++k) {
          f32x16 r;
          std::memcpy(&r, rows[size_t(e)].second + j0 + 16 * k, sizeof r);
          acc[k] += rows[size_t(e)].first * r;
        }
      std::memcpy(z + size_t(b) * ldz + j0, acc, sizeof acc);
    }
  for (int b = 0; b < B; ++b)
    for (int j = j0; j < cols; ++j) {
      float acc = bias[j];
      for (int e = first[size_t(b)]; e < first[size_t(b) + 1]; ++e)
        acc += rows[size_t(e)].first * rows[size_t(e)].second[j];
      z[size_t(b) * ldz + j] = acc;
    }
}

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
  if (bias) m.bias.assign(bias, bias + cols);
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
  const int X = cfg_.input_size, V = cfg_.window_alphabet, Y = cfg_.output_size;
  const bool int8 = weights == Weights::int8;
  std::vector<const float*> out_parts;
  for (int n = 0; n < cfg_.layers(); ++n) {
    const std::string L = layer_prefix(n);
    const int H = cfg_.hidden[n], Hb = n > 0 ? cfg_.hidden[n - 1] : 0;
    const float* rec = P(L + "w_rec");
    const float* below = n > 0 ? P(L + "w_below") : rec;  // a part of 0 rows is left out
    Rows r;
    r.cols = 4 * H;
    r.x.assign(P(L + "w_x"), P(L + "w_x") + size_t(X) * 4 * H);
    if (V) r.win.assign(P(L + "w_win"), P(L + "w_win") + size_t(V) * 4 * H);
    r.bias.assign(P(L + "b"), P(L + "b") + 4 * H);
    rows_.push_back(std::move(r));
    if (int8)
      layers8_.push_back(int8_pack({below, rec}, {Hb, H}, 4 * H));
    else
      layers_.push_back(pack({below, rec}, {Hb, H}, 4 * H, nullptr));
    peep_.emplace_back(P(L + "peep"), P(L + "peep") + 3 * H);
    off8_.push_back(S8_);
    S8_ += (H + 3) / 4 * 4;
    out_parts.push_back(P("out.w") + size_t(cfg_.hidden_offset(n)) * Y);
  }
  if (V) {
    win_ = pack({P("win.w")}, {cfg_.hidden[0]}, 3 * cfg_.window_mixtures, P("win.b"));
    win_.portable = true;
  }
  if (int8) {
    out8_ = int8_pack(out_parts, cfg_.hidden, Y);
    out_bias_.assign(P("out.b"), P("out.b") + Y);
  } else {
    out_ = pack({P("out.w")}, {cfg_.hidden_total()}, Y, P("out.b"));
  }
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
  y_.assign(size_t(B) * cfg_.output_size, 0.f);
  h8_.assign(layers8_.empty() ? 0 : size_t(B) * S8_ / 4, 0x80808080u);  // h = 0
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
  f(w_, V), f(abk_, 4 * K), f(abk_prev_, 4 * K), f(y_, cfg_.output_size);
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
  h8_from_h(b);
}

void FastNet::h8_layer(int b, int n) {
  int8_inputs(h_.data() + size_t(b) * cfg_.hidden_total() + cfg_.hidden_offset(n), cfg_.hidden[n],
              reinterpret_cast<uint8_t*>(h8_.data()) + size_t(b) * S8_ + off8_[size_t(n)]);
}

void FastNet::h8_from_h(int b) {
  if (h8_.empty()) return;
  for (int n = 0; n < cfg_.layers(); ++n) h8_layer(b, n);
}

void FastNet::window_resize(int U) {
  if (U < 1) fail("FastNet: window texts of {} characters", U);
  if (U == U_) return;
  std::vector<int32_t> chars(size_t(cap_) * U, -1);
  for (int b = 0; b < cap_; ++b)
    std::copy_n(chars_.begin() + size_t(b) * U_, std::min(U, U_), chars.begin() + size_t(b) * U);
  chars_ = std::move(chars);
  U_ = U;
}

void FastNet::reset_slot(int b, const int32_t* chars) {
  if (b < 0 || b >= B_) fail("FastNet: no sequence {} in a batch of {}", b, B_);
  std::copy(chars, chars + U_, chars_.begin() + size_t(b) * U_);
  slot_each([b](std::vector<float>& v, int n) { std::fill_n(v.begin() + size_t(b) * n, n, 0.f); });
  h8_from_h(b);
}

void FastNet::slot_move(int from, int to) {
  if (from < 0 || from >= cap_ || to < 0 || to >= cap_) fail("FastNet: no slot {} or {} of {}", from, to, cap_);
  std::copy_n(chars_.begin() + size_t(from) * U_, U_, chars_.begin() + size_t(to) * U_);
  slot_each([&](std::vector<float>& v, int n) {
    std::copy_n(v.begin() + size_t(from) * n, n, v.begin() + size_t(to) * n);
  });
  if (!h8_.empty()) std::copy_n(h8_.begin() + size_t(from) * S8_ / 4, S8_ / 4, h8_.begin() + size_t(to) * S8_ / 4);
}

void FastNet::matvec(const Packed& m, std::initializer_list<In> in, float* out, int ldo) {
  // Each sequence's inputs concatenated (zero after them), rounded to bf16 and paired.
  const int width = m.pairs * 2;
  hcat_.resize(size_t(width));
  u_.resize(size_t(B_) * m.pairs);
  for (int b = 0; b < B_; ++b) {
    int k0 = 0;
    for (const In& i : in) {
      std::memcpy(hcat_.data() + k0, i.p + size_t(b) * i.stride, sizeof(float) * size_t(i.n));
      k0 += i.n;
    }
    std::fill(hcat_.begin() + k0, hcat_.end(), 0.f);
    bf16_from_f32(hcat_.data(), reinterpret_cast<uint16_t*>(u_.data() + size_t(b) * m.pairs), width);
  }
  const Kernels& k = native_ && !m.portable ? kNative : kGeneric;
  const float* bias = m.bias.empty() ? nullptr : m.bias.data();
  tiles_run(m.rows_pad / 16, [&](int rb0, int lg, int b0, int nb) {
    k[size_t(nb - 1)][size_t(lg)](m.rows, rb0, m.pairs, m.w.data(), bias, u_.data() + size_t(b0) * m.pairs, m.pairs,
                                  out + size_t(b0) * ldo, ldo);
  });
}

void FastNet::matvec_int8(const Int8Packed& m, int at, float* out, int ldo) {
  const int lda = S8_ / 4;  // words a sequence
  const uint32_t* a = h8_.data() + at / 4;
  sums_.resize(size_t(B_) * m.rows_pad);
  tiles_run(m.rows_pad / 16, [&](int rb0, int lg, int b0, int nb) {
    int8_kernel(native_, nb, lg)(rb0, m.quads, m.w.data(), a + size_t(b0) * lda, lda,
                                 sums_.data() + size_t(b0) * m.rows_pad, m.rows_pad);
  });
  int8_finish(m, B_, sums_.data(), m.rows_pad, out, ldo);
}

bool fast_window_clear_of(int K, const float* abk, int u0) {
  const float *alpha = abk, *beta = abk + K, *kappa = abk + 2 * K;
  for (int k = 0; k < K; ++k) {
    const float d = kappa[k] - float(u0 + 1);  // as window_sparse computes it; the term only falls with u
    if (!(d < 0.f && alpha[k] * exp_fast(-beta[k] * d * d) < kWindowNegligible)) return false;
  }
  return true;
}

// Eqs 46-51 for the batch: α, β, κ from p, then w = Σ_u φ_u c_u with each
// Gaussian's terms below kWindowNegligible left out, so only the letters within
// sqrt(ln(α/ε)/β) of κ are visited.
void FastNet::window_sparse() {
  const int K = cfg_.window_mixtures, V = cfg_.window_alphabet;
  for (int b = 0; b < B_; ++b) {
    float* ab = abk_.data() + size_t(b) * 4 * K;
    window_abk_step(K, p_.data() + size_t(b) * 3 * K, abk_prev_.data() + size_t(b) * 4 * K, ab);
    float* wb = w_.data() + size_t(b) * V;
    std::fill_n(wb, V, 0.f);
    const int32_t* cb = chars_.data() + size_t(b) * U_;
    for (int k = 0; k < K; ++k) {
      const float alpha = ab[k], beta = ab[K + k], kappa = ab[2 * K + k];
      const float r = std::sqrt(std::log(alpha / kWindowNegligible) / beta);
      // Letters u (0-based) at κ - (u + 1) within ±r, inside the text; NaN: none.
      const float lo = std::max(std::ceil(kappa - r) - 1.f, 0.f), hi = std::min(std::floor(kappa + r) - 1.f, float(U_ - 1));
      if (!(lo <= hi)) continue;
      for (int u = int(lo); u <= int(hi); ++u) {
        const float d = kappa - float(u + 1);
        const float t = alpha * exp_fast(-beta * d * d);  // (46)
        if (t >= kWindowNegligible && cb[u] >= 0) wb[cb[u]] += t;  // (47), c_u one-hot
      }
    }
  }
}

void FastNet::rows_product(const Rows& r, const float* x, float* z, int ldz) {
  rows_product_kernel(B_, r.cols, cfg_.input_size, cfg_.window_alphabet, r.x.data(), r.win.data(), r.bias.data(), x,
                      w_.data(), z, ldz, row_list_, row_first_);
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
  if (B == 0) return;
  const bool int8 = !layers8_.empty();
  if (!int8) std::copy_n(h_.begin(), size_t(B) * S, hprev_.begin());  // h_{t-1} of every layer (int8: in h8_)
  for (int n = 0; n < cfg_.layers(); ++n) {
    const int H = cfg_.hidden[n], off = cfg_.hidden_offset(n);
    z_.resize(size_t(cap_) * 4 * H);
    // Layer n reads [x_t | w | h^{n-1}_t | h^n_{t-1}]; w is w_{t-1} for layer 1
    // (not yet overwritten) and w_t above it (eqs 52-53).
    float* z = z_.data();
    rows_product(rows_[size_t(n)], x, z, 4 * H);
    if (int8) {  // h8_ holds h^{n-1}_t and, beside it, h^n_{t-1} (not yet overwritten)
      matvec_int8(layers8_[size_t(n)], off8_[size_t(n > 0 ? n - 1 : 0)], z, 4 * H);
    } else if (n > 0) {
      const In below = {h_.data() + cfg_.hidden_offset(n - 1), cfg_.hidden[n - 1], S};
      matvec(layers_[size_t(n)], {below, {hprev_.data() + off, H, S}}, z, 4 * H);
    } else {
      matvec(layers_[0], {{hprev_.data() + off, H, S}}, z, 4 * H);
    }
    std::swap(c_[n], c_prev_[n]);
    lstm_forward_step(B, H, z, c_prev_[n].data(), peep_[n].data(), c_[n].data(), h_.data() + off, S);
    if (int8)
      for (int b = 0; b < B; ++b) h8_layer(b, n);
    if (V && n == 0) {
      p_.resize(size_t(cap_) * 3 * K);
      matvec(win_, {{h_.data(), H, S}}, p_.data(), 3 * K);  // (48)
      std::swap(abk_, abk_prev_);
      window_sparse();
    }
  }
  if (int8) {  // (3)
    for (int b = 0; b < B; ++b) std::copy(out_bias_.begin(), out_bias_.end(), y_.begin() + size_t(b) * cfg_.output_size);
    matvec_int8(out8_, 0, y_.data(), cfg_.output_size);
  } else {
    matvec(out_, {{h_.data(), S, S}}, y_.data(), cfg_.output_size);
  }
}

void fast_net_run(FastNet& net, const float* x, int T, int B, int Y, std::vector<float>& y) {
  y.resize(size_t(T) * B * Y);
  for (int t = 0; t < T; ++t) {
    net.step(x + size_t(t) * B * net.input_size());
    std::copy_n(net.output(), size_t(B) * Y, y.begin() + size_t(t) * B * Y);
  }
}

}  // namespace seqgen
