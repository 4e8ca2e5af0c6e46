#include "compress/coder_net.hpp"

#include <algorithm>
#include <cmath>

#include "compress/det_kernels.hpp"
#include "compress/det_math.hpp"
#include "core/error.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace seqgen {
namespace {

// Rows [r0, r1) of R for thread `i` of `n`: work split by output rows only.
inline void split(int R, int i, int n, int& r0, int& r1) {
  r0 = int(int64_t(R) * i / n);
  r1 = int(int64_t(R) * (i + 1) / n);
}

// fn(i0, i1) over [0, N) cut into one piece per thread.
template <class F>
void par(int threads, int N, const F& fn) {
#pragma omp parallel num_threads(threads) if (threads > 1)
  {
    int i0 = 0, i1 = N;
#ifdef _OPENMP
    split(N, omp_get_thread_num(), omp_get_num_threads(), i0, i1);
#endif
    fn(i0, i1);
  }
}

size_t offset_of(const std::vector<ParamTensor>& l, const std::string& name) {
  for (auto& t : l)
    if (t.name == name) return t.offset;
  fail("coder network has no tensor '{}'", name);
}

}  // namespace

template <class T>
void coder_net_setup(CoderNet<T>& n, const NetConfig& cfg, int B, int Tmax) {
  if (cfg.has_window() || !cfg.input_onehot) fail("the compressor needs a text network (one-hot input, no window)");
  n.cfg = cfg;
  n.B = B;
  n.Tmax = Tmax;
  auto layout = net_param_layout(cfg);
  n.w.assign(net_param_count(cfg), T(0));
  n.g.assign(n.w.size(), T(0));
  const int L = cfg.layers();
  n.layers.assign(L, {});
  n.a.assign(L, {}), n.c.assign(L, {}), n.tc.assign(L, {}), n.h.assign(L, {}), n.dh.assign(L, {}), n.dz.assign(L, {});
  for (int l = 0; l < L; ++l) {
    auto& ly = n.layers[l];
    const std::string p = layer_prefix(l);
    ly.H = cfg.hidden[l];
    ly.H_below = l > 0 ? cfg.hidden[l - 1] : 0;
    ly.w_x = offset_of(layout, p + "w_x");
    if (l > 0) ly.w_below = offset_of(layout, p + "w_below");
    ly.w_rec = offset_of(layout, p + "w_rec");
    ly.peep = offset_of(layout, p + "peep");
    ly.b = offset_of(layout, p + "b");
    const size_t slots = size_t(Tmax + 1) * B;
    n.a[l].assign(slots * 4 * ly.H, T(0));
    n.c[l].assign(slots * ly.H, T(0));
    n.tc[l].assign(slots * ly.H, T(0));
    n.h[l].assign(slots * ly.H, T(0));
    n.dh[l].assign(size_t(Tmax) * B * ly.H, T(0));
    n.dz[l].assign(size_t(Tmax) * B * 4 * ly.H, T(0));
  }
  n.out_w = offset_of(layout, "out.w");
  n.out_b = offset_of(layout, "out.b");
  n.p.assign(size_t(Tmax) * B * cfg.output_size, T(0));
  n.dy.assign(n.p.size(), T(0));
  n.dc.assign(size_t(B) * *std::max_element(cfg.hidden.begin(), cfg.hidden.end()), T(0));
  n.x.assign(size_t(Tmax) * B, -1);
}

// A splitmix64 stream; 24 bits of each draw give a float exactly.
template <class T>
void coder_net_init(CoderNet<T>& n, uint64_t seed) {
  uint64_t s = seed;
  auto next = [&s] {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  for (auto& t : net_param_layout(n.cfg)) {
    T* p = n.w.data() + t.offset;
    const bool lstm = t.name[0] == 'l';
    if (t.name.ends_with(".b") || t.name.ends_with(".peep")) {
      std::fill(p, p + t.size(), T(0));
      if (lstm && t.name.ends_with(".b")) std::fill(p + t.cols / 4, p + t.cols / 2, T(1));  // forget gates
      continue;
    }
    const int fan = t.name == "out.w" ? t.rows : t.cols / 4;
    const float scale = 1.0f / std::sqrt(float(fan));  // sqrt is exact-rounded everywhere
    for (size_t i = 0; i < t.size(); ++i) {
      float u = float(next() >> 40) * (1.0f / 16777216.0f);  // [0, 1)
      p[i] = T((u * 2.0f - 1.0f) * scale);
    }
  }
}

template <class T>
void coder_net_state_reset(CoderNet<T>& n) {
  for (size_t l = 0; l < n.layers.size(); ++l) {
    const size_t H = n.layers[l].H;
    std::fill(n.c[l].begin(), n.c[l].begin() + n.B * H, T(0));
    std::fill(n.h[l].begin(), n.h[l].begin() + n.B * H, T(0));
  }
}

template <class T>
const T* coder_net_forward(CoderNet<T>& n, int t, const int32_t* x, int threads, const T* extra) {
  const int B = n.B, L = int(n.layers.size()), Y = n.cfg.output_size;
  std::copy(x, x + B, n.x.begin() + size_t(t) * B);
  const T* w = n.w.data();
  T* p = n.p.data() + size_t(t) * B * Y;
#pragma omp parallel num_threads(threads) if (threads > 1)
  {
    int r0 = 0, r1 = B;
#ifdef _OPENMP
    split(B, omp_get_thread_num(), omp_get_num_threads(), r0, r1);
#endif
    const int R = r1 - r0;
    for (int l = 0; l < L; ++l) {
      const auto& ly = n.layers[l];
      const int H = ly.H, G = 4 * H;
      // slot t+1 = this step, slot t = the previous one
      T* z = n.a[l].data() + (size_t(t + 1) * B + r0) * G;
      const T* c_prev = n.c[l].data() + (size_t(t) * B + r0) * H;
      const T* h_prev = n.h[l].data() + (size_t(t) * B + r0) * H;
      T* c = n.c[l].data() + (size_t(t + 1) * B + r0) * H;
      T* tc = n.tc[l].data() + (size_t(t + 1) * B + r0) * H;
      T* h = n.h[l].data() + (size_t(t + 1) * B + r0) * H;
      // eqs 1-2: bias, input (one-hot: a row of W_x), the layer below, h_{t-1}
      for (int r = 0; r < R; ++r) {
        T* zr = z + size_t(r) * G;
        std::copy(w + ly.b, w + ly.b + G, zr);
        const int32_t xi = x[r0 + r];
        if (xi >= 0) {
          const T* wx = w + ly.w_x + size_t(xi) * G;
          for (int j = 0; j < G; ++j) zr[j] = zr[j] + wx[j];
        }
      }
      if (l > 0) {
        const T* hb = n.h[l - 1].data() + (size_t(t + 1) * B + r0) * ly.H_below;
        det_rows_acc(R, ly.H_below, G, hb, ly.H_below, w + ly.w_below, G, z, G);
      }
      det_rows_acc(R, H, G, h_prev, H, w + ly.w_rec, G, z, G);
      // eqs 7-11
      const T* pci = w + ly.peep;
      const T* pcf = pci + H;
      const T* pco = pcf + H;
      for (int r = 0; r < R; ++r) {
        T* zr = z + size_t(r) * G;
        const T* cp = c_prev + size_t(r) * H;
        T* cr = c + size_t(r) * H;
        T* tr = tc + size_t(r) * H;
        T* hr = h + size_t(r) * H;
        for (int j = 0; j < H; ++j) {
          T i = det_sigmoid(zr[j] + pci[j] * cp[j]);
          T f = det_sigmoid(zr[H + j] + pcf[j] * cp[j]);
          T g = det_tanh(zr[2 * H + j]);
          T cv = f * cp[j] + i * g;
          T o = det_sigmoid(zr[3 * H + j] + pco[j] * cv);
          T th = det_tanh(cv);
          zr[j] = i, zr[H + j] = f, zr[2 * H + j] = g, zr[3 * H + j] = o;
          cr[j] = cv, tr[j] = th, hr[j] = o * th;
        }
      }
    }
    // eq 3 and the softmax (36)
    T* pr = p + size_t(r0) * Y;
    for (int r = 0; r < R; ++r) std::copy(w + n.out_b, w + n.out_b + Y, pr + size_t(r) * Y);
    int off = 0;
    for (int l = 0; l < L; ++l) {
      const int H = n.layers[l].H;
      det_rows_acc(R, H, Y, n.h[l].data() + (size_t(t + 1) * B + r0) * H, H, w + n.out_w + size_t(off) * Y, Y, pr,
                   Y);
      off += H;
    }
    for (int r = 0; r < R; ++r) {
      T* y = pr + size_t(r) * Y;
      if (extra)
        for (int k = 0; k < Y; ++k) y[k] = y[k] + extra[size_t(r0 + r) * Y + k];
      T m = y[0];
      for (int k = 1; k < Y; ++k) m = std::max(m, y[k]);
      T s = 0;
      for (int k = 0; k < Y; ++k) {
        y[k] = det_exp(y[k] - m);
        s = s + y[k];
      }
      const T inv = T(1) / s;
      for (int k = 0; k < Y; ++k) y[k] = y[k] * inv;
    }
  }
  return p;
}

template <class T>
void coder_net_carry(CoderNet<T>& n, int steps) {
  for (size_t l = 0; l < n.layers.size(); ++l) {
    const size_t H = n.layers[l].H, BH = size_t(n.B) * H;
    std::copy(n.c[l].begin() + steps * BH, n.c[l].begin() + (steps + 1) * BH, n.c[l].begin());
    std::copy(n.h[l].begin() + steps * BH, n.h[l].begin() + (steps + 1) * BH, n.h[l].begin());
  }
}

template <class T>
void coder_net_backward(CoderNet<T>& n, int steps, const int32_t* targets, int threads) {
  const int B = n.B, L = int(n.layers.size()), Y = n.cfg.output_size, R = steps * B;
  std::fill(n.g.begin(), n.g.end(), T(0));
  int64_t count = 0;
  for (int r = 0; r < R; ++r) count += targets[r] >= 0;
  if (count == 0) return coder_net_carry(n, steps);
  const T scale = T(1) / T(count);
  const T* w = n.w.data();
  T* g = n.g.data();
  // dL/dy = (p - onehot(target)) / count (eq 37)
  for (int r = 0; r < R; ++r) {
    const T* p = n.p.data() + size_t(r) * Y;
    T* d = n.dy.data() + size_t(r) * Y;
    if (targets[r] < 0) {
      std::fill(d, d + Y, T(0));
      continue;
    }
    for (int k = 0; k < Y; ++k) d[k] = p[k] * scale;
    d[targets[r]] = d[targets[r]] - scale;
  }
  for (int r = 0; r < R; ++r)
    for (int k = 0; k < Y; ++k) g[n.out_b + k] = g[n.out_b + k] + n.dy[size_t(r) * Y + k];
  const T clip = T(n.clip);
  int off = 0;
  for (int l = 0; l < L; ++l) {  // output weights and dL/dh from the output
    const int H = n.layers[l].H;
    const T* hs = n.h[l].data() + size_t(B) * H;  // slots 1..steps
    T* dh = n.dh[l].data();
    std::fill(dh, dh + size_t(R) * H, T(0));
    par(threads, H, [&](int k0, int k1) { det_grad_acc(R, k0, k1, Y, hs, H, n.dy.data(), Y, g + n.out_w + size_t(off) * Y, Y); });
    par(threads, R, [&](int r0, int r1) {
      det_dot_acc(r1 - r0, H, Y, w + n.out_w + size_t(off) * Y, Y, n.dy.data() + size_t(r0) * Y, Y, dh + size_t(r0) * H, H);
    });
    off += H;
  }
  for (int l = L - 1; l >= 0; --l) {
    const auto& ly = n.layers[l];
    const int H = ly.H, G = 4 * H;
    const T* pci = w + ly.peep;
    const T* pcf = pci + H;
    const T* pco = pcf + H;
    T* gp = g + ly.peep;
    T* dc = n.dc.data();
    std::fill(dc, dc + size_t(B) * H, T(0));
    for (int t = steps - 1; t >= 0; --t) {
      for (int b = 0; b < B; ++b) {
        const size_t s = size_t(t + 1) * B + b, sp = size_t(t) * B + b;  // slots of step t and t-1
        const T* ar = n.a[l].data() + s * G;
        const T* cr = n.c[l].data() + s * H;
        const T* cp = n.c[l].data() + sp * H;
        const T* tr = n.tc[l].data() + s * H;
        const T* dh = n.dh[l].data() + (size_t(t) * B + b) * H;
        T* dz = n.dz[l].data() + (size_t(t) * B + b) * G;
        T* dcr = dc + size_t(b) * H;
        for (int j = 0; j < H; ++j) {
          const T i = ar[j], f = ar[H + j], gg = ar[2 * H + j], o = ar[3 * H + j], th = tr[j];
          // eq 11, then 10 (o's peephole reads c_t), 9, 7, 8
          T dcv = dcr[j] + dh[j] * o * (T(1) - th * th);
          T dzo = dh[j] * th * o * (T(1) - o);
          dcv = dcv + dzo * pco[j];
          T dzi = dcv * gg * i * (T(1) - i);
          T dzf = dcv * cp[j] * f * (T(1) - f);
          T dzg = dcv * i * (T(1) - gg * gg);
          if (clip > 0) {
            dzi = std::clamp(dzi, -clip, clip), dzf = std::clamp(dzf, -clip, clip);
            dzg = std::clamp(dzg, -clip, clip), dzo = std::clamp(dzo, -clip, clip);
          }
          dcr[j] = dcv * f + dzi * pci[j] + dzf * pcf[j];
          gp[j] = gp[j] + dzi * cp[j];
          gp[H + j] = gp[H + j] + dzf * cp[j];
          gp[2 * H + j] = gp[2 * H + j] + dzo * cr[j];
          dz[j] = dzi, dz[H + j] = dzf, dz[2 * H + j] = dzg, dz[3 * H + j] = dzo;
        }
      }
      if (t > 0)  // h_{t-1} W_rec: dL/dh_{t-1} += W_rec dz_t (truncated at the segment start)
        par(threads, B, [&](int b0, int b1) {
          det_dot_acc(b1 - b0, H, G, w + ly.w_rec, G, n.dz[l].data() + (size_t(t) * B + b0) * G, G,
                      n.dh[l].data() + (size_t(t - 1) * B + b0) * H, H);
        });
    }
    const T* dz = n.dz[l].data();
#pragma omp parallel num_threads(threads) if (threads > 1)
    {
      int i = 0, m = 1;
#ifdef _OPENMP
      i = omp_get_thread_num(), m = omp_get_num_threads();
#endif
      int k0, k1;
      split(H, i, m, k0, k1);
      det_grad_acc(R, k0, k1, G, n.h[l].data(), H, dz, G, g + ly.w_rec, G);  // slots 0..steps-1 = h_{t-1}
      if (l > 0) {
        split(ly.H_below, i, m, k0, k1);
        det_grad_acc(R, k0, k1, G, n.h[l - 1].data() + size_t(B) * ly.H_below, ly.H_below, dz, G, g + ly.w_below, G);
      }
      int j0, j1;  // the input rows and the bias, split by column
      split(G, i, m, j0, j1);
      for (int r = 0; r < R; ++r) {
        const T* d = dz + size_t(r) * G;
        T* gb = g + ly.b;
        for (int j = j0; j < j1; ++j) gb[j] = gb[j] + d[j];
        if (n.x[r] >= 0) {
          T* gx = g + ly.w_x + size_t(n.x[r]) * G;
          for (int j = j0; j < j1; ++j) gx[j] = gx[j] + d[j];
        }
      }
    }
    if (l > 0)  // dL/dh^{l-1}_t += W_below dz_t (eq 2)
      par(threads, R, [&](int r0, int r1) {
        det_dot_acc(r1 - r0, ly.H_below, G, w + ly.w_below, G, dz + size_t(r0) * G, G,
                    n.dh[l - 1].data() + size_t(r0) * ly.H_below, ly.H_below);
      });
  }
  coder_net_carry(n, steps);
}

#define INST(T)                                                                      \
  template void coder_net_setup(CoderNet<T>&, const NetConfig&, int, int);           \
  template void coder_net_init(CoderNet<T>&, uint64_t);                              \
  template void coder_net_state_reset(CoderNet<T>&);                                 \
  template const T* coder_net_forward(CoderNet<T>&, int, const int32_t*, int, const T*);     \
  template void coder_net_backward(CoderNet<T>&, int, const int32_t*, int);          \
  template void coder_net_carry(CoderNet<T>&, int);
INST(float)
INST(double)

}  // namespace seqgen
