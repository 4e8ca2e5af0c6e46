// Drawing text from a trained character or word model (§3.2 samples): the
// priming tokens are read first, then each next token is drawn from the
// softmax at temperature τ (τ = 1: the model's distribution; τ → 0: greedy).
#pragma once
#include <cstdint>
#include <vector>

#include "nn/network.hpp"

namespace seqgen {

std::vector<int32_t> text_sample(Network<float>& net, const std::vector<int32_t>& prime, int length,
                                 double temperature, uint64_t seed);

}  // namespace seqgen
