// How sampling stores the network's large matrices (`--weights`): bf16, or
// int8 with one scale per output row (half the bytes a step streams; README
// "Speed" has the figures, and the change in nats per line it costs).
#pragma once

namespace seqgen {

enum class Weights { bf16, int8 };

}  // namespace seqgen
