// How sampling stores the network's large matrices (`--weights`): bf16, or
// int8 with one scale per output row for the LSTM layers' products over h
// (~40% fewer bytes a step streams; README "int8 weights" has the speed and
// what it costs in nats per line).
#pragma once

namespace seqgen {

enum class Weights { bf16, int8 };

}  // namespace seqgen
