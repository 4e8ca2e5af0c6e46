// Peephole LSTM cell, one timestep for a batch (paper eqs 7-11):
//   i_t = σ(W_xi x_t + W_hi h_{t-1} + w_ci ⊙ c_{t-1} + b_i)        (7)
//   f_t = σ(W_xf x_t + W_hf h_{t-1} + w_cf ⊙ c_{t-1} + b_f)        (8)
//   c_t = f_t ⊙ c_{t-1} + i_t ⊙ tanh(W_xc x_t + W_hc h_{t-1} + b_c) (9)
//   o_t = σ(W_xo x_t + W_ho h_{t-1} + w_co ⊙ c_t + b_o)            (10)
//   h_t = o_t ⊙ tanh(c_t)                                          (11)
// The matrix products are done by the caller (all of them batched); these
// functions do the elementwise part. Shapes: B rows, H cells; gate rows are
// [i | f | g | o] (4H); peep is [w_ci | w_cf | w_co] (3H).
//
// Recurrent dropout (Semeniuta et al. 2016, "Recurrent dropout without memory
// loss"), training only: eq 9 becomes c_t = f_t ⊙ c_{t-1} + i_t ⊙ m_t ⊙ g_t,
// m = 0 with probability p and 1/(1-p) otherwise, a fresh mask per step. Only
// what enters the cell is dropped, so the memory c_{t-1} is never erased, and
// E[m] = 1 leaves the network used for evaluation unchanged. Not in the paper:
// a regulariser to try beside weight noise where the PTB network overfits.
#pragma once
#include <cstdint>

namespace seqgen {

// The mask is a hash of (key, row, cell), so the backward pass recomputes it
// instead of storing it, and a resumed run draws the same masks.
struct CellDropout {
  float p = 0;        // drop probability, 0 = off
  uint32_t key = 0;   // one per layer and forward pass
  uint32_t row0 = 0;  // row index of the step's first sequence (t * B)
};

inline uint32_t hash_u32(uint32_t x) {  // a bijective integer mixer (lowbias32)
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

// Cell j of row r is dropped when the top 24 bits of hash((r*H + j) ^ key) fall
// below p * 2^24.
inline uint32_t dropout_threshold(float p) { return uint32_t(double(p) * 16777216.0); }
inline bool dropout_drops(uint32_t key, uint32_t index, uint32_t threshold) {
  return (hash_u32(index ^ key) >> 8) < threshold;
}

// z: B x 4H pre-activations on entry (products + bias, without peepholes),
// activations [i f g o] on exit. c_prev, c: B x H (row stride H).
// h: B rows with stride ldh. h16, if given (float only), receives h in bf16
// with the same layout, for the bf16 products that read h later.
// drop: recurrent dropout for this step (p = 0: none).
template <class T>
void lstm_forward_step(int B, int H, T* z, const T* c_prev, const T* peep, T* c, T* h, int ldh,
                       uint16_t* h16 = nullptr, const CellDropout& drop = {});

// a: activations from the forward step; dh: dL/dh_t (stride lddh);
// dc: on entry dL/dc_t from later steps, on exit the part of dL/dc_{t-1} that
// flows through this step. dz: B x 4H out, dL/d(pre-activations), clipped to
// [-clip, clip] (paper §2.1; clip <= 0 disables); dz16, if given (float
// only), receives it in bf16 too. dpeep (3H) and db (4H, the bias gradient
// Σ_b dz) are accumulated. drop: the forward step's dropout.
template <class T>
void lstm_backward_step(int B, int H, const T* a, const T* c_prev, const T* c, const T* peep,
                        const T* dh, int lddh, T* dc, T* dz, uint16_t* dz16, T* dpeep, T* db, T clip,
                        const CellDropout& drop = {});

}  // namespace seqgen
