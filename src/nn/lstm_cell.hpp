// Peephole LSTM cell, one timestep for a batch (paper eqs 7-11):
//   i_t = σ(W_xi x_t + W_hi h_{t-1} + w_ci ⊙ c_{t-1} + b_i)        (7)
//   f_t = σ(W_xf x_t + W_hf h_{t-1} + w_cf ⊙ c_{t-1} + b_f)        (8)
//   c_t = f_t ⊙ c_{t-1} + i_t ⊙ tanh(W_xc x_t + W_hc h_{t-1} + b_c) (9)
//   o_t = σ(W_xo x_t + W_ho h_{t-1} + w_co ⊙ c_t + b_o)            (10)
//   h_t = o_t ⊙ tanh(c_t)                                          (11)
// The matrix products are done by the caller (all of them batched); these
// functions do the elementwise part. Shapes: B rows, H cells; gate rows are
// [i | f | g | o] (4H); peep is [w_ci | w_cf | w_co] (3H).
#pragma once
#include <cstdint>

namespace seqgen {

// z: B x 4H pre-activations on entry (products + bias, without peepholes),
// activations [i f g o] on exit. c_prev, c: B x H (row stride H).
// h: B rows with stride ldh. h16, if given (float only), receives h in bf16
// with the same layout, for the bf16 products that read h later.
template <class T>
void lstm_forward_step(int B, int H, T* z, const T* c_prev, const T* peep, T* c, T* h, int ldh,
                       uint16_t* h16 = nullptr);

// a: activations from the forward step; dh: dL/dh_t (stride lddh);
// dc: on entry dL/dc_t from later steps, on exit the part of dL/dc_{t-1} that
// flows through this step. dz: B x 4H out, dL/d(pre-activations), clipped to
// [-clip, clip] (paper §2.1; clip <= 0 disables); dz16, if given (float
// only), receives it in bf16 too. dpeep (3H) and db (4H, the bias gradient
// Σ_b dz) are accumulated.
template <class T>
void lstm_backward_step(int B, int H, const T* a, const T* c_prev, const T* c, const T* peep,
                        const T* dh, int lddh, T* dc, T* dz, uint16_t* dz16, T* dpeep, T* db, T clip);

}  // namespace seqgen
