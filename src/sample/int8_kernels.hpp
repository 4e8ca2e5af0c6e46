// Int8 products for FastNet (fast_net.hpp): out[b][r] += W[r] · h[b] where h is
// bounded by |h| <= 1 (an LSTM's h = o · tanh(c), eq 11). Weights are int8
// with one fp32 scale per output row, s_r = max_k |W[r][k]| / 127 (symmetric);
// h is int8 with the fixed scale 1/127. The sums are exact in int32, so the
// AVX512-VNNI kernel (vpdpbusd, 64 products an instruction) and the generic
// one give the same bits, and a sequence's numbers do not depend on its batch.
//
// vpdpbusd multiplies unsigned by signed bytes: h is stored as a = q(h) + 128
// in [1, 255] and Σ_k a_k W_k = Σ_k q(h_k) W_k + 128 Σ_k W_k, whose second term
// is precomputed per row (corr).
#pragma once
#include <cstdint>
#include <vector>

namespace seqgen {

struct Int8Packed {
  int rows = 0, rows_pad = 0, quads = 0;  // outputs, padded to 16; inputs / 4 (each part padded to 4)
  std::vector<int8_t> w;                  // rows_pad/16 blocks x quads x 16 rows x 4 inputs
  std::vector<float> scale;               // per row: s_r / 127 (the weights' and h's scales)
  std::vector<int32_t> corr;              // per row: 128 Σ_k W_q[r][k]
};

// The rows of the stored (in x out) matrices parts[q] (part_rows[q] x cols each),
// stacked along the inputs, each part from a multiple of 4 (zero weights
// between): output j reads column j of every part. The inputs are laid out
// the same way (FastNet keeps each layer's h so: one layer's h or several
// adjacent ones are read in place).
Int8Packed int8_pack(const std::vector<const float*>& parts, const std::vector<int>& part_rows, int cols);

// a = round(127 h) + 128 for n values of h in [-1, 1] (clamped; halves up).
void int8_inputs(const float* h, int n, uint8_t* a);

// sums[b][r] = Σ_k a[b][k] W_q[r][k] for the 16-row blocks rb0 .. rb0 + 2^lg - 1
// and nb (1..8) sequences; a: one 32-bit word per quad of inputs, lda words
// apart. native: vpdpbusd (the CPU must have AVX512-VNNI), else generic C.
using Int8Kernel = void (*)(int rb0, int quads, const int8_t* w, const uint32_t* a, int lda, int32_t* sums, int lds);
Int8Kernel int8_kernel(bool native, int nb, int lg);

// out[b][r] += scale[r] (sums[b][r] - corr[r]) for B sequences.
void int8_finish(const Int8Packed& m, int B, const int32_t* sums, int lds, float* out, int ldo);

}  // namespace seqgen
