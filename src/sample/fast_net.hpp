// Inference-only network step for sampling at batch 1..16: the same maths as
// Network::forward (eqs 1-11, 46-53) with each layer's matrices packed into
// one bf16 matrix in the layout of the CPU's bf16 dot-product instruction,
// so every step streams each weight exactly once (7 MB for the paper's 3x400
// synthesis network, from L3) and needs no horizontal sums. The product runs
// on the CPU's bf16 dot-product instruction (AVX512-BF16) where cpu_has_bf16(),
// else on a generic kernel over the same packed weights (bf16 widened to fp32,
// fp32 sums; vectorised for AVX2 or AVX-512 by the CPU it runs on).
#pragma once
#include <cstdint>
#include <vector>

#include "core/cpu.hpp"
#include "nn/network.hpp"

namespace seqgen {

class FastNet {
 public:
  // native: the AVX512-BF16 kernel (the CPU must have it), else the generic one.
  explicit FastNet(const Network<float>& net, bool native = cpu_has_bf16());

  // Starts B sequences (B <= 16) from the zero state; chars: B x U window texts.
  void reset(int B, const int32_t* chars, int U);
  // Restarts sequence b < B alone from the zero state with window text chars
  // (U of them, -1 = none); the others go on (a server's batch whose lines
  // start and finish at different times).
  void reset_slot(int b, const int32_t* chars);
  // One step: x (B x 3 inputs) -> ŷ (B x Y, see output()).
  void step(const float* x);
  const float* output() const { return y_.data(); }
  const float* window_abk() const { return abk_.data(); }  // B x 4K of the last step

 private:
  struct Packed {
    int rows = 0, rows_pad = 0, pairs = 0;  // matrix rows (outputs), padded to 16; input pairs
    std::vector<uint16_t> w;                // rows_pad/16 blocks x pairs x 16 rows x 2
    std::vector<float> bias;                // rows
  };
  static Packed pack(const std::vector<const float*>& parts, const std::vector<int>& part_rows, int cols,
                     const float* bias);
  void matvec(const Packed& m, const std::vector<const float*>& inputs, const std::vector<int>& sizes,
              const std::vector<int>& strides, float* out, int ldo);

  NetConfig cfg_;
  bool native_;
  std::vector<Packed> layers_;
  Packed win_, out_;
  std::vector<std::vector<float>> peep_;
  int B_ = 0, U_ = 0;
  std::vector<int32_t> chars_;
  std::vector<float> h_, hprev_, z_, w_, abk_, abk_prev_, phi_, p_, y_, hcat_;
  std::vector<std::vector<float>> c_, c_prev_;  // per layer, B x H
  std::vector<uint32_t> u_;  // bf16 input pairs of the current product
};

}  // namespace seqgen
