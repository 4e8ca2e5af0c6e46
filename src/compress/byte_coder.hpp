// seqgen compress / decompress: arithmetic coding (range_coder.hpp) of any
// bytes with the next-byte probabilities of an LSTM (coder_net.hpp) that
// learns as it reads (dynamic evaluation, §3.1): after each segment of
// `seg` bytes the network takes an Adam step on the bytes it has just
// predicted, the same step on both sides. The input is cut into `lanes`
// contiguous parts coded side by side as one batch (each weight read once per
// step for all lanes), their bytes interleaved into one coded stream.
// The network starts from seeded weights, or from a text model (--model)
// whose single-byte symbols it predicts (other bytes get the least frequency).
#pragma once
#include <string>

#include "compress/sqz_format.hpp"
#include "core/progress.hpp"

namespace seqgen {

struct CoderRun {
  SqzParams params;
  std::string model_path;  // "" = seeded start
  // Threads share each step's products (by output element, so the output
  // never changes). The steps are small: the threads meet several times a
  // byte, which pays only on an otherwise idle machine; hence 1 by default.
  int threads = 1;
};

// The .sqz file for `data`.
std::string byte_compress(const std::string& data, const CoderRun& run, const ProgressFn& progress = {});
// The original bytes of an .sqz file (`where` names it in errors), checked
// against its CRC; run.params is taken from the file's header.
std::string byte_decompress(const std::string& file, const std::string& where, const CoderRun& run,
                            const ProgressFn& progress = {});

}  // namespace seqgen
