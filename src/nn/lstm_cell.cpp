#include "nn/lstm_cell.hpp"

#include "core/cpu.hpp"
#include "core/half.hpp"
#include "nn/fast_math.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>

namespace seqgen {
namespace {

template <class T>
inline T clip_to(T x, T c) {
  return c > 0 ? std::clamp(x, -c, c) : x;
}

// Cells are split between threads (never rows) so that the per-cell peephole
// gradients need no reduction across threads.
// y[j0..j1) = bf16(x[j0..j1)), for float only.
template <class T>
inline void span_bf16(const T* __restrict x, uint16_t* __restrict y, int j0, int j1) {
  if constexpr (std::is_same_v<T, float>) {
#pragma omp simd
    for (int j = j0; j < j1; ++j) y[j] = bf16_from_float(x[j]);
  }
}

template <class F>
void cells_parallel(int B, int H, F f) {
  const int nt = (B * H >= 8192) ? omp_get_max_threads() : 1;
  if (nt == 1) {
    f(0, H);
    return;
  }
#pragma omp parallel num_threads(nt)
  {
    int t = omp_get_thread_num(), n = omp_get_num_threads();
    int chunk = (H + n - 1) / n;
    chunk = (chunk + 15) / 16 * 16;
    int j0 = std::min(H, t * chunk), j1 = std::min(H, j0 + chunk);
    if (j0 < j1) f(j0, j1);
  }
}

// m of recurrent dropout for a cell. Branch-free, so that the cell loops stay
// vectorised: p = 0 has threshold 0 (nothing dropped) and keeps with scale 1.
template <class T>
struct DropoutMask {
  uint32_t thr, key;
  T keep;
  explicit DropoutMask(const CellDropout& d)
      : thr(dropout_threshold(d.p)), key(d.key), keep(T(1) / (T(1) - T(d.p))) {}
  T scale(uint32_t index) const { return dropout_drops(key, index, thr) ? T(0) : keep; }
};

}  // namespace

template <class T>
void lstm_forward_step(int B, int H, T* z, const T* c_prev, const T* peep, T* c, T* h, int ldh,
                       uint16_t* h16, const CellDropout& drop) {
  const DropoutMask<T> mask(drop);
  cells_parallel(B, H, [=](int j0, int j1) SEQGEN_KERNEL {
    // Local restrict pointers and a local mask: through the closure GCC
    // assumes aliasing and will not vectorise.
    const DropoutMask<T> mk = mask;
    const T *__restrict wci = peep, *__restrict wcf = peep + H, *__restrict wco = peep + 2 * H;
    for (int b = 0; b < B; ++b) {
      T* __restrict zi = z + size_t(b) * 4 * H;
      T *__restrict zf = zi + H, *__restrict zg = zi + 2 * H, *__restrict zo = zi + 3 * H;
      const T* __restrict cp = c_prev + size_t(b) * H;
      T* __restrict cb = c + size_t(b) * H;
      T* __restrict hb = h + size_t(b) * ldh;
      const uint32_t rb = (drop.row0 + uint32_t(b)) * uint32_t(H);
#pragma omp simd
      for (int j = j0; j < j1; ++j) {
        T i = sigmoid_t(zi[j] + wci[j] * cp[j]);          // (7)
        T f = sigmoid_t(zf[j] + wcf[j] * cp[j]);          // (8)
        T g = tanh_t(zg[j]);
        T m = mk.scale(rb + uint32_t(j));
        T cj = f * cp[j] + i * m * g;                   // (9), with the dropout mask
        T o = sigmoid_t(zo[j] + wco[j] * cj);             // (10)
        hb[j] = o * tanh_t(cj);                      // (11)
        cb[j] = cj;
        zi[j] = i;
        zf[j] = f;
        zg[j] = g;
        zo[j] = o;
      }
      if (h16) span_bf16(hb, h16 + size_t(b) * ldh, j0, j1);
    }
  });
}

template <class T>
void lstm_backward_step(int B, int H, const T* a, const T* c_prev, const T* c, const T* peep,
                        const T* dh, int lddh, T* dc, T* dz, uint16_t* dz16, T* dpeep, T* db, T clip,
                        const CellDropout& drop) {
  const DropoutMask<T> mask(drop);
  cells_parallel(B, H, [=](int j0, int j1) SEQGEN_KERNEL {
    const DropoutMask<T> mk = mask;
    const T *__restrict wci = peep, *__restrict wcf = peep + H, *__restrict wco = peep + 2 * H;
    T *__restrict dci = dpeep, *__restrict dcf = dpeep + H, *__restrict dco = dpeep + 2 * H;
    T *__restrict dbi = db, *__restrict dbf = db + H, *__restrict dbg = db + 2 * H, *__restrict dbo = db + 3 * H;
    for (int b = 0; b < B; ++b) {
      const T* __restrict ai = a + size_t(b) * 4 * H;
      const T *__restrict af = ai + H, *__restrict ag = ai + 2 * H, *__restrict ao = ai + 3 * H;
      T* __restrict zi = dz + size_t(b) * 4 * H;
      T *__restrict zf = zi + H, *__restrict zg = zi + 2 * H, *__restrict zo = zi + 3 * H;
      const T* __restrict cp = c_prev + size_t(b) * H;
      const T* __restrict cb = c + size_t(b) * H;
      const T* __restrict dhb = dh + size_t(b) * lddh;
      T* __restrict dcb = dc + size_t(b) * H;
      const uint32_t rb = (drop.row0 + uint32_t(b)) * uint32_t(H);
#pragma omp simd
      for (int j = j0; j < j1; ++j) {
        T tc = tanh_t(cb[j]);
        T m = mk.scale(rb + uint32_t(j));
        T o = ao[j], i = ai[j], f = af[j], g = ag[j] * m;  // g enters eq 9 as m ⊙ g
        T dzo = clip_to(dhb[j] * tc * o * (T(1) - o), clip);
        T dcj = dcb[j] + dhb[j] * o * (T(1) - tc * tc) + dzo * wco[j];
        T dzi = clip_to(dcj * g * i * (T(1) - i), clip);
        T dzf = clip_to(dcj * cp[j] * f * (T(1) - f), clip);
        T dzg = clip_to(dcj * i * m * (T(1) - ag[j] * ag[j]), clip);
        dcb[j] = dcj * f + dzi * wci[j] + dzf * wcf[j];
        dci[j] += dzi * cp[j];
        dcf[j] += dzf * cp[j];
        dco[j] += dzo * cb[j];
        dbi[j] += dzi;
        dbf[j] += dzf;
        dbg[j] += dzg;
        dbo[j] += dzo;
        zi[j] = dzi;
        zf[j] = dzf;
        zg[j] = dzg;
        zo[j] = dzo;
      }
      if (dz16)
        for (int g = 0; g < 4; ++g) span_bf16(zi + g * H, dz16 + size_t(b) * 4 * H + g * H, j0, j1);
    }
  });
}

template void lstm_forward_step<float>(int, int, float*, const float*, const float*, float*, float*, int,
                                       uint16_t*, const CellDropout&);
template void lstm_forward_step<double>(int, int, double*, const double*, const double*, double*, double*, int,
                                        uint16_t*, const CellDropout&);
template void lstm_backward_step<float>(int, int, const float*, const float*, const float*, const float*,
                                        const float*, int, float*, float*, uint16_t*, float*, float*, float,
                                        const CellDropout&);
template void lstm_backward_step<double>(int, int, const double*, const double*, const double*, const double*,
                                         const double*, int, double*, double*, uint16_t*, double*, double*,
                                         double, const CellDropout&);

}  // namespace seqgen
