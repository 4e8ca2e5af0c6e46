#include "nn/network.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "core/error.hpp"
#include "core/gemm.hpp"
#include "core/huge_pages.hpp"
#include "nn/lstm_cell.hpp"
#include "nn/window.hpp"

namespace seqgen {
namespace {

template <class T>
void grow(std::vector<T>& v, size_t n) {
  if (v.size() < n) v.resize(n);
}

// C (+)= op(A) op(B). A weight operand may bring its bf16 copy.
void prod(bool ta, bool tb, int M, int N, int K, const float* A, int lda, const float* B, int ldb, float beta,
          float* C, int ldc, const uint16_t* A16 = nullptr, const uint16_t* B16 = nullptr) {
  gemm(ta, tb, M, N, K, 1.f, GemmOperand{A, A16}, lda, GemmOperand{B, B16}, ldb, beta, C, ldc);
}
void prod(bool ta, bool tb, int M, int N, int K, const double* A, int lda, const double* B, int ldb,
          double beta, double* C, int ldc, const uint16_t* = nullptr, const uint16_t* = nullptr) {
  gemm(ta, tb, M, N, K, 1.0, A, lda, B, ldb, beta, C, ldc);
}

// The W_rec product of a time loop: from the packed bf16 copy when there is one.
template <class T>
void rec_prod(const GemmPacked* packed, bool tb, int M, int N, int K, const T* A, const uint16_t* A16, int lda,
              const T* W, int ldw, T* C, int ldc, const uint16_t* W16) {
  if constexpr (std::is_same_v<T, float>)
    if (packed) return packed->mul(GemmOperand{A, A16}, C);
  prod(false, tb, M, N, K, A, lda, W, ldw, T(1), C, ldc, A16, W16);
}

// The bf16 copy of rows of an activation, made while they are in cache; the
// products that read them later then need no conversion pass of their own.
template <class T>
void rows_bf16(const T* x, int rows, int cols, int ld, uint16_t* y) {
  if constexpr (std::is_same_v<T, float>)
    for (int r = 0; r < rows; ++r) bf16_from_f32(x + size_t(r) * ld, y + size_t(r) * ld, cols);
}

template <class T>
void rows_fill(T* z, int rows, int cols, const T* v) {
#pragma omp parallel for if (int64_t(rows) * cols > 65536)
  for (int r = 0; r < rows; ++r) std::memcpy(z + size_t(r) * cols, v, sizeof(T) * cols);
}

template <class T>
SEQGEN_KERNEL void cols_sum_add(const T* d, int rows, int cols, T* out) {
#pragma omp parallel for if (int64_t(rows) * cols > 65536)
  for (int j0 = 0; j0 < cols; j0 += 64) {
    int j1 = std::min(cols, j0 + 64);
    for (int r = 0; r < rows; ++r) {
      const T* dr = d + size_t(r) * cols;
      for (int j = j0; j < j1; ++j) out[j] += dr[j];
    }
  }
}

// Layer n's dropout at step t: its own masks, a function of the key alone.
CellDropout layer_dropout(const CellDropout& d, int n, int t, int B) {
  return {d.p, hash_u32(d.key ^ hash_u32(uint32_t(n) + 1)), uint32_t(t) * uint32_t(B)};
}

}  // namespace

template <class T>
void net_state_reset(const NetConfig& c, int B, NetState<T>& s) {
  s.B = B;
  s.h.assign(size_t(B) * c.hidden_total(), T(0));
  s.c.assign(size_t(B) * c.hidden_total(), T(0));
  s.kappa.assign(size_t(B) * c.window_mixtures, T(0));
  s.w.assign(size_t(B) * c.window_alphabet, T(0));
}

template <class T>
Network<T>::Network(const NetConfig& cfg) : cfg_(cfg), layout_(net_param_layout(cfg)) {
  reserve_huge(params, net_param_count(cfg));
  params.assign(net_param_count(cfg), T(0));
  cs_.resize(cfg.layers());
  a_.resize(cfg.layers());
  rec_fwd_.resize(cfg.layers());
  rec_bwd_.resize(cfg.layers());
}

template <class T>
const ParamTensor& Network<T>::tensor(const std::string& name) const {
  for (auto& t : layout_)
    if (t.name == name) return t;
  fail("network has no parameter tensor '{}'", name);
}

// Uniform(-1/sqrt(fan), 1/sqrt(fan)) weights with fan = cells of the layer (as
// PyTorch's nn.LSTM); forget-gate biases +1 so cells start remembering; window
// offsets exp(κ̂) start near 0.05 characters per step (~25 points per letter, §4).
template <class T>
void Network<T>::init(uint64_t seed) {
  std::mt19937_64 rng(seed);
  for (auto& t : layout_) {
    T* p = params.data() + t.offset;
    std::fill(p, p + t.size(), T(0));
    bool bias = t.name.ends_with(".b");
    int fan = t.cols;
    if (t.name.starts_with("l")) fan = t.name.ends_with(".peep") ? t.cols : t.cols / 4;
    if (t.name == "out.w") fan = t.rows;
    if (t.name == "win.w") fan = t.rows;
    if (bias) {
      if (t.name.starts_with("l")) std::fill(p + t.cols / 4, p + t.cols / 2, T(1));
      if (t.name == "win.b") std::fill(p + 2 * t.cols / 3, p + t.cols, T(-3));
      continue;
    }
    std::uniform_real_distribution<double> u(-1.0 / std::sqrt(double(fan)), 1.0 / std::sqrt(double(fan)));
    for (size_t i = 0; i < t.size(); ++i) p[i] = T(u(rng));
  }
  params_changed();
}

template <class T>
void Network<T>::bf16_sync() {
  if constexpr (std::is_same_v<T, float>) {
    if (gemm_precision() != Precision::bf16 || bf16_version_ == version_) return;
    params_bf16_.resize(params.size());
    bf16_from_f32(params.data(), params_bf16_.data(), int64_t(params.size()));
    bf16_version_ = version_;
  }
}

// Forward: h_{t-1} W_rec (B x H times H x 4H); backward: dz_t W_rec^T.
template <class T>
GemmPacked* Network<T>::rec_packed(std::vector<GemmPacked>& packs, int n, bool backward, int B) {
  if (!std::is_same_v<T, float> || params_bf16_.empty() || gemm_precision() != Precision::bf16) return nullptr;
  const int H = cfg_.hidden[n], G = 4 * H, S = cfg_.hidden_total();
  const uint16_t* W16 = params_bf16_.data() + tensor(layer_prefix(n) + "w_rec").offset;
  if (backward)
    packs[n].pack(W16, true, G, H, G, B, G, S, 1.f, version_);
  else
    packs[n].pack(W16, false, H, G, G, B, S, G, 1.f, version_);
  return &packs[n];
}

template <class T>
void Network<T>::input_project(int n, T* z, const SeqBatch<T>& in) {
  const int G = 4 * cfg_.hidden[n], R = in.T * in.B;
  const ParamTensor& wx = tensor(layer_prefix(n) + "w_x");
  const T* bias = params.data() + tensor(layer_prefix(n) + "b").offset;
  rows_fill(z, R, G, bias);
  const T* W = params.data() + wx.offset;
  if (cfg_.input_onehot) {
#pragma omp parallel for if (int64_t(R) * G > 65536)
    for (int r = 0; r < R; ++r) {
      int k = in.x_idx[r];
      if (k < 0) continue;
      const T* wr = W + size_t(k) * G;
      T* zr = z + size_t(r) * G;
      for (int j = 0; j < G; ++j) zr[j] += wr[j];
    }
  } else {
    const uint16_t* W16 = params_bf16_.empty() ? nullptr : params_bf16_.data() + wx.offset;
    prod(false, false, R, G, cfg_.input_size, in.x, cfg_.input_size, W, G, T(1), z, G, nullptr, W16);
  }
}

template <class T>
void Network<T>::forward(const SeqBatch<T>& in, NetState<T>& st) {
  const int T_steps = in.T, B = in.B, N = cfg_.layers(), S = cfg_.hidden_total();
  const int K = cfg_.window_mixtures, V = cfg_.window_alphabet, U = in.U, Y = cfg_.output_size;
  if (st.B != B) fail("network state is for batch {}, input for batch {}", st.B, B);
  if (cfg_.input_onehot ? !in.x_idx : !in.x) fail("network input missing ({} expected)",
                                                  cfg_.input_onehot ? "class indices" : "dense vectors");
  if (cfg_.has_window() && (!in.chars || U <= 0)) fail("synthesis network needs a non-empty text");
  bf16_sync();
  const bool use16 = !params_bf16_.empty() && gemm_precision() == Precision::bf16;
  auto w16 = [&](const std::string& name) -> const uint16_t* {
    return use16 ? params_bf16_.data() + tensor(name).offset : nullptr;
  };
  auto h16 = [&](size_t offset) -> uint16_t* { return use16 ? hs16_.data() + offset : nullptr; };
  T_ = T_steps, B_ = B, U_ = U;
  x_idx_ = in.x_idx, x_ = in.x, chars_ = in.chars;
  drop_last_ = {drop_p_, drop_key_, 0};
  const size_t R = size_t(T_steps) * B, R1 = R + B;

  grow(hs_, R1 * S);
  std::copy(st.h.begin(), st.h.end(), hs_.begin());
  if (use16) {
    grow(hs16_, R1 * S);
    rows_bf16(hs_.data(), B, S, S, hs16_.data());
  }
  if (cfg_.has_window()) {
    grow(win_, R1 * V);
    grow(abk_, R1 * 4 * K);
    grow(phi_, R * U);
    grow(p_, R * 3 * K);
    std::copy(st.w.begin(), st.w.end(), win_.begin());
    for (int b = 0; b < B; ++b)
      std::copy_n(st.kappa.begin() + size_t(b) * K, K, abk_.begin() + size_t(b) * 4 * K + 2 * K);
  }

  for (int n = 0; n < N; ++n) {
    const int H = cfg_.hidden[n], G = 4 * H, off = cfg_.hidden_offset(n);
    const std::string L = layer_prefix(n);
    grow(cs_[n], R1 * H);
    grow(a_[n], R * G);
    for (int b = 0; b < B; ++b)
      std::copy_n(st.c.begin() + size_t(b) * S + off, H, cs_[n].begin() + size_t(b) * H);
    T* Z = a_[n].data();
    input_project(n, Z, in);                                                   // W_ih x_t + b
    if (n > 0)                                                                 // W_h(n-1)hn h^{n-1}_t (2)
      prod(false, false, int(R), G, cfg_.hidden[n - 1], hs_.data() + size_t(B) * S + cfg_.hidden_offset(n - 1), S,
           param(L + "w_below"), G, T(1), Z, G, h16(size_t(B) * S + cfg_.hidden_offset(n - 1)), w16(L + "w_below"));
    if (cfg_.has_window() && n > 0)                                            // W_whn w_t (53)
      prod(false, false, int(R), G, V, win_.data() + size_t(B) * V, V, param(L + "w_win"), G, T(1), Z, G,
           nullptr, w16(L + "w_win"));
    const T* Wrec = param(L + "w_rec");
    const uint16_t* Wrec16 = w16(L + "w_rec");
    const GemmPacked* Wpack = rec_packed(rec_fwd_, n, false, B);
    const T* peep = param(L + "peep");
    const bool window_here = cfg_.has_window() && n == 0;
    // Looked up once: nothing in the time loop may search or allocate.
    const T* Wwin = window_here ? param(L + "w_win") : nullptr;
    const uint16_t* Wwin16 = window_here ? w16(L + "w_win") : nullptr;
    const T* Wp = window_here ? param("win.w") : nullptr;
    const T* bp = window_here ? param("win.b") : nullptr;
    const uint16_t* Wp16 = window_here ? w16("win.w") : nullptr;
    for (int t = 0; t < T_steps; ++t) {
      T* zt = Z + size_t(t) * B * G;
      const size_t prev = size_t(t) * B * S + off, cur = prev + size_t(B) * S;  // h_{t-1}, h_t in hs_
      rec_prod(Wpack, false, B, G, H, hs_.data() + prev, h16(prev), S, Wrec, G, zt, G, Wrec16);  // W_hh h_{t-1}
      if (window_here)                                                         // W_wh1 w_{t-1} (52)
        prod(false, false, B, G, V, win_.data() + size_t(t) * B * V, V, Wwin, G, T(1), zt, G, nullptr, Wwin16);
      T* h = hs_.data() + cur;
      lstm_forward_step(B, H, zt, cs_[n].data() + size_t(t) * B * H, peep, cs_[n].data() + size_t(t + 1) * B * H,
                        h, S, h16(cur), layer_dropout(drop_last_, n, t, B));
      if (window_here) {
        T* pt = p_.data() + size_t(t) * B * 3 * K;
        rows_fill(pt, B, 3 * K, bp);
        prod(false, false, B, 3 * K, H, h, S, Wp, 3 * K, T(1), pt, 3 * K, h16(cur), Wp16);  // (48)
        window_forward_step(B, K, U, V, pt, abk_.data() + size_t(t) * B * 4 * K, in.chars,
                            abk_.data() + size_t(t + 1) * B * 4 * K, phi_.data() + size_t(t) * B * U,
                            win_.data() + size_t(t + 1) * B * V);
      }
    }
    for (int b = 0; b < B; ++b)
      std::copy_n(cs_[n].begin() + (R + b) * H, H, st.c.begin() + size_t(b) * S + off);
  }

  grow(y_, R * Y);                                                             // (3)
  rows_fill(y_.data(), int(R), Y, param("out.b"));
  prod(false, false, int(R), Y, S, hs_.data() + size_t(B) * S, S, param("out.w"), Y, T(1), y_.data(), Y,
       h16(size_t(B) * S), w16("out.w"));

  std::copy_n(hs_.begin() + R * S, size_t(B) * S, st.h.begin());
  if (cfg_.has_window()) {
    std::copy_n(win_.begin() + R * V, size_t(B) * V, st.w.begin());
    for (int b = 0; b < B; ++b)
      std::copy_n(abk_.begin() + (R + b) * 4 * K + 2 * K, K, st.kappa.begin() + size_t(b) * K);
  }
}

template <class T>
void Network<T>::backward(const T* dy, T clip, T* dx) {
  if (grads.size() != params.size()) reserve_huge(grads, params.size()), grads.assign(params.size(), T(0));
  const int T_steps = T_, B = B_, N = cfg_.layers(), S = cfg_.hidden_total();
  const int K = cfg_.window_mixtures, V = cfg_.window_alphabet, U = U_, Y = cfg_.output_size;
  const int X = cfg_.input_size;
  const size_t R = size_t(T_steps) * B, R1 = R + B;
  const bool use16 = !params_bf16_.empty() && gemm_precision() == Precision::bf16;
  auto w16 = [&](const std::string& name) -> const uint16_t* {
    return use16 ? params_bf16_.data() + tensor(name).offset : nullptr;
  };
  auto h16 = [&](size_t offset) -> const uint16_t* { return use16 ? hs16_.data() + offset : nullptr; };
  const T* hs1 = hs_.data() + size_t(B) * S;  // h_t for t = 0..T-1

  cols_sum_add(dy, int(R), Y, grad("out.b"));                                  // output layer (3)
  prod(true, false, S, Y, int(R), hs1, S, dy, Y, T(1), grad("out.w"), Y, h16(size_t(B) * S));
  grow(dhs_, R1 * S);
  std::fill_n(dhs_.begin(), size_t(B) * S, T(0));
  T* dhs1 = dhs_.data() + size_t(B) * S;
  prod(false, true, int(R), S, Y, dy, Y, param("out.w"), Y, T(0), dhs1, S, nullptr, w16("out.w"));
  if (cfg_.has_window()) {
    grow(dwin_, R1 * V);
    std::fill_n(dwin_.begin(), R1 * V, T(0));
    grow(dp_, R * 3 * K);
    grow(dkappa_, size_t(B) * K);
    std::fill_n(dkappa_.begin(), size_t(B) * K, T(0));
  }
  if (dx) std::fill_n(dx, R * X, T(0));

  for (int n = N - 1; n >= 0; --n) {
    const int H = cfg_.hidden[n], G = 4 * H, off = cfg_.hidden_offset(n);
    const std::string L = layer_prefix(n);
    grow(dz_, R * G);
    grow(dc_, size_t(B) * H);
    std::fill_n(dc_.begin(), size_t(B) * H, T(0));
    T* dZ = dz_.data();
    if (use16) grow(dz16_, R * G);
    const uint16_t* dZ16 = use16 ? dz16_.data() : nullptr;
    const T* Wrec = param(L + "w_rec");
    const uint16_t* Wrec16 = w16(L + "w_rec");
    const GemmPacked* Wpack = rec_packed(rec_bwd_, n, true, B);
    const T* peep = param(L + "peep");
    T* dpeep = grad(L + "peep");
    T* db = grad(L + "b");
    const bool window_here = cfg_.has_window() && n == 0;
    const T* Wwin = window_here ? param(L + "w_win") : nullptr;
    const uint16_t* Wwin16 = window_here ? w16(L + "w_win") : nullptr;
    const T* Wp = window_here ? param("win.w") : nullptr;
    const uint16_t* Wp16 = window_here ? w16("win.w") : nullptr;
    for (int t = T_steps - 1; t >= 0; --t) {
      T* dh = dhs_.data() + size_t(t + 1) * B * S + off;
      if (window_here) {                                                       // (56-60)
        T* dpt = dp_.data() + size_t(t) * B * 3 * K;
        window_backward_step(B, K, U, V, abk_.data() + size_t(t + 1) * B * 4 * K, chars_,
                             dwin_.data() + size_t(t + 1) * B * V, dkappa_.data(), dpt);
        prod(false, true, B, H, 3 * K, dpt, 3 * K, Wp, 3 * K, T(1), dh, S, nullptr, Wp16);
      }
      T* dzt = dZ + size_t(t) * B * G;
      uint16_t* dzt16 = use16 ? dz16_.data() + size_t(t) * B * G : nullptr;
      lstm_backward_step(B, H, a_[n].data() + size_t(t) * B * G, cs_[n].data() + size_t(t) * B * H,
                         cs_[n].data() + size_t(t + 1) * B * H, peep, dh, S, dc_.data(), dzt, dzt16, dpeep, db, clip,
                         layer_dropout(drop_last_, n, t, B));
      if (t > 0) {
        rec_prod(Wpack, true, B, H, G, dzt, dzt16, G, Wrec, G, dh - size_t(B) * S, S, Wrec16);
        if (window_here)
          prod(false, true, B, V, G, dzt, G, Wwin, G, T(1), dwin_.data() + size_t(t) * B * V, V, dzt16, Wwin16);
      }
    }
    // Weight gradients of the layer, each one product over all T*B rows.
    prod(true, false, H, G, int(R), hs_.data() + off, S, dZ, G, T(1), grad(L + "w_rec"), G, h16(off), dZ16);  // h_{t-1}
    if (cfg_.input_onehot) {
      T* gW = grad(L + "w_x");
#pragma omp parallel for if (int64_t(R) * G > 65536)
      for (int j0 = 0; j0 < G; j0 += 64) {
        int j1 = std::min(G, j0 + 64);
        for (size_t r = 0; r < R; ++r) {
          int k = x_idx_[r];
          if (k < 0) continue;
          for (int j = j0; j < j1; ++j) gW[size_t(k) * G + j] += dZ[r * G + j];
        }
      }
    } else {
      prod(true, false, X, G, int(R), x_, X, dZ, G, T(1), grad(L + "w_x"), G, nullptr, dZ16);
      if (dx) prod(false, true, int(R), X, G, dZ, G, param(L + "w_x"), G, T(1), dx, X, dZ16, w16(L + "w_x"));
    }
    if (n > 0) {
      const int Hb = cfg_.hidden[n - 1], offb = cfg_.hidden_offset(n - 1);
      prod(true, false, Hb, G, int(R), hs1 + offb, S, dZ, G, T(1), grad(L + "w_below"), G,
           h16(size_t(B) * S + offb), dZ16);
      prod(false, true, int(R), Hb, G, dZ, G, param(L + "w_below"), G, T(1), dhs1 + offb, S, dZ16,
           w16(L + "w_below"));
    }
    if (cfg_.has_window()) {
      if (n > 0) {
        prod(true, false, V, G, int(R), win_.data() + size_t(B) * V, V, dZ, G, T(1), grad(L + "w_win"), G, nullptr,
             dZ16);
        prod(false, true, int(R), V, G, dZ, G, param(L + "w_win"), G, T(1), dwin_.data() + size_t(B) * V, V, dZ16,
             w16(L + "w_win"));
      } else {
        prod(true, false, V, G, int(R), win_.data(), V, dZ, G, T(1), grad(L + "w_win"), G, nullptr, dZ16);  // w_{t-1}
        prod(true, false, H, 3 * K, int(R), hs1 + off, S, dp_.data(), 3 * K, T(1), grad("win.w"), 3 * K,
             h16(size_t(B) * S + off));
        cols_sum_add(dp_.data(), int(R), 3 * K, grad("win.b"));
      }
    }
  }
}

template void net_state_reset<float>(const NetConfig&, int, NetState<float>&);
template void net_state_reset<double>(const NetConfig&, int, NetState<double>&);
template class Network<float>;
template class Network<double>;

}  // namespace seqgen
