// How sampling stores the network's large matrices (`--weights`): bf16, or
// int8 with one scale per output row for the LSTM layers' products over h
// (~40% fewer bytes a step streams; README "int8 weights" has the speed and
// what it costs in nats per line).
#pragma once

namespace seqgen {

enum class Weights { bf16, int8 };

// The default: int8 where the CPU has AVX512-VNNI (a step 1.4-1.5x as fast as
// bf16, the same nats per line and legibility), else bf16 (there the generic
// int8 kernel is slower for batches of lines).
Weights weights_default();

}  // namespace seqgen
