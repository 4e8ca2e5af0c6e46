// Inference-only network step for sampling a batch of sequences: the same maths as
// Network::forward (eqs 1-11, 46-53) with each layer's matrices over h packed
// into one bf16 matrix in the layout of the CPU's bf16 dot-product instruction,
// so every step streams each weight exactly once (7 MB for the paper's 3x400
// synthesis network, from L3) and needs no horizontal sums. The product runs
// on the CPU's bf16 dot-product instruction (AVX512-BF16) where cpu_has_bf16(),
// else on a generic kernel over the same packed weights (bf16 widened to fp32,
// fp32 sums; vectorised for AVX2 or AVX-512 by the CPU it runs on). A batch's
// product is a GEMM (tiles of rows x sequences, each weight loaded once per
// tile), and a sequence's numbers do not depend on the batch it is in: a line
// drawn with others is the line drawn alone.
//
// The inputs without a bound, the pen offsets x and the window vector w
// (eq 47), enter in fp32 as rows of their weights: w is a few letters' weight
// around κ, so only the rows of the letters the window is on are read.
//
// With Weights::int8 the products over h (the LSTM layers' h below and own
// h_{t-1}, and the output layer's h of all layers; |h| <= 1) take int8
// weights instead (int8_kernels.hpp: half the bytes, vpdpbusd where
// cpu_has_vnni()); each layer's h is rounded to int8 once a step and read in
// place. The small window layer stays in bf16 (κ adds up its outputs, eq 51).
#pragma once
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "core/cpu.hpp"
#include "nn/network.hpp"
#include "sample/int8_kernels.hpp"
#include "seqgen/weights.hpp"

namespace seqgen {

// The sampling window leaves out each Gaussian's terms α exp(-β(κ-u)²) below
// this (eq 46): a term this small moves z by less than 1e-6 max|W_win|, far
// under the rounding of the products over h (bf16: 2^-9 of each term), and
// it makes w a few letters wide.
constexpr float kWindowNegligible = 1e-6f;

// True when FastNet's window gives letters u >= u0 (0-based) nothing: every
// Gaussian's centre κ is before them and its term there below
// kWindowNegligible. Then the state is the same whatever those letters are
// (seqgen serve's priming cache).
bool fast_window_clear_of(int K, const float* abk, int u0);

class FastNet {
 public:
  // native: the AVX512-BF16 kernel (and AVX512-VNNI for int8 weights; the CPU
  // must have them), else the generic ones. Default: native where the CPU has it.
  explicit FastNet(const Network<float>& net, Weights weights = Weights::bf16);
  FastNet(const Network<float>& net, Weights weights, bool native);
  static bool native_default(Weights weights) { return cpu_has_bf16() && (weights == Weights::bf16 || cpu_has_vnni()); }

  // Starts B sequences from the zero state; chars: B x U window texts (-1 =
  // none). B is also the room for batch_set.
  void reset(int B, const int32_t* chars, int U);
  // Steps only sequences 0..B-1 from now on (B <= the room of reset); the
  // others keep their state but are not advanced.
  void batch_set(int B);
  int batch() const { return B_; }
  int input_size() const { return cfg_.input_size; }
  // Window texts U wide from now on (each sequence's text is kept, cut or
  // padded with -1; U must hold the longest).
  void window_resize(int U);
  int window_width() const { return U_; }
  // Copies sequence `from`'s state over sequence `to`'s (a server's batch
  // closes the gap a finished line leaves).
  void slot_move(int from, int to);
  // Restarts sequence b < B alone from the zero state with window text chars
  // (U of them, -1 = none); the others go on (a server's batch whose lines
  // start and finish at different times).
  void reset_slot(int b, const int32_t* chars);
  // Sequence b's state after the last step: h and c of every layer, the
  // window's w and α, β, κ. Set on another sequence (after reset_slot), it
  // goes on from there: seqgen serve starts a line from a style's priming
  // read once (a line's priming does not depend on the line while the window
  // is far from it: fast_window_clear_of).
  std::vector<float> slot_state(int b);
  void slot_state_set(int b, const std::vector<float>& s);
  // Threads sharing each product's rows (1: the caller's only; the numbers
  // are the same for any count). Worth it for small batches on idle cores.
  void threads_set(int n);
  // One step of sequences 0..batch()-1: x (B x 3 inputs) -> ŷ (B x Y, see output()).
  void step(const float* x);
  const float* output() const { return y_.data(); }
  const float* window_abk() const { return abk_.data(); }  // B x 4K of the last step

 private:
  struct Packed {
    int rows = 0, rows_pad = 0, pairs = 0;  // matrix rows (outputs), padded to 16; input pairs
    std::vector<uint16_t> w;                // rows_pad/16 blocks x pairs x 16 rows x 2
    std::vector<float> bias;                // rows, or empty: the product adds to its output
    // Summed by the generic kernel on every CPU: the bf16 dot-product
    // instruction adds a pair's two products in an order of the CPU model's
    // own (two AMD EPYC machines differed), and the window's κ (eq 51)
    // sums every step's product, so a last-bit difference moves a whole line.
    // With it the int8 step gives the same bits on every kernel (its sums are exact).
    bool portable = false;
  };
  // A layer's rows over x and w (stored in x out, as the network's) and its bias.
  struct Rows {
    int cols = 0;
    std::vector<float> x, win, bias;
  };
  // A product's input for each sequence: n values, `stride` apart.
  struct In {
    const float* p;
    int n, stride;
  };
  static Packed pack(const std::vector<const float*>& parts, const std::vector<int>& part_rows, int cols,
                     const float* bias);
  // out = bias + W [in...] (or out += W [in...] without a bias), bf16.
  void matvec(const Packed& m, std::initializer_list<In> in, float* out, int ldo);
  // out += W a, a: the int8 h of adjacent layers in h8_ (from byte `at` of each sequence).
  void matvec_int8(const Int8Packed& m, int at, float* out, int ldo);
  // z = bias + W_x x + W_win w (eqs 7-10's terms in x and w).
  void rows_product(const Rows& r, const float* x, float* z, int ldz);
  // Sequence b's int8 h of layer n (h8_layer) or of every layer (after its state was set) from its h.
  void h8_layer(int b, int n);
  void h8_from_h(int b);
  // The window's step for the batch: α, β, κ into abk_, w into w_ (from p_, abk_prev_).
  void window_sparse();
  // Runs kernel(first block, log2 blocks, first sequence, sequences) over the
  // tiles of a product of `blocks` 16-row blocks for the batch.
  template <class F>
  void tiles_run(int blocks, F kernel);

  template <class F>
  void slot_each(F f);
  template <class F>
  void state_each(F f);

  NetConfig cfg_;
  bool native_;
  int cap_ = 0, threads_ = 1;
  std::vector<std::pair<int, int>> tiles_;  // the current product's tiles: first block, log2 blocks
  std::vector<Rows> rows_;           // per layer: x and w
  std::vector<std::pair<float, const float*>> row_list_;  // rows_product's: the rows each sequence reads
  std::vector<int> row_first_;
  std::vector<Packed> layers_;       // bf16: per layer, [h below | h] (empty with int8 weights)
  std::vector<Int8Packed> layers8_;  // int8: the same (empty with bf16 weights)
  Packed win_, out_;                 // out_: bf16 weights only
  Int8Packed out8_;                  // int8: the output layer
  std::vector<float> out_bias_;
  std::vector<std::vector<float>> peep_;
  int B_ = 0, U_ = 0;
  std::vector<int32_t> chars_;
  std::vector<float> h_, hprev_, z_, w_, abk_, abk_prev_, p_, y_, hcat_;
  std::vector<std::vector<float>> c_, c_prev_;  // per layer, B x H
  std::vector<uint32_t> u_;  // bf16 input pairs of the current product
  // int8: each sequence's h of every layer as int8_inputs, layer n from byte
  // off8_[n] (a multiple of 4; the padding h = 0), S8_ bytes a sequence.
  std::vector<uint32_t> h8_;
  std::vector<int> off8_;
  int S8_ = 0;
  std::vector<int32_t> sums_;
};

// Steps `net` (after its reset) T times over x (T x B x X, time-major) and
// collects every step's outputs into y (T x B x Y, as Network::output()).
void fast_net_run(FastNet& net, const float* x, int T, int B, int Y, std::vector<float>& y);

}  // namespace seqgen
