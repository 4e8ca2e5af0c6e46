// The compressed file (.sqz): a header, then the range coder's bytes.
//   "SQZ\x1a"  magic
//   u16        format version (3)
//   u8         flags: bit 0 = started from a model file (--model)
//   u8         L, then L x u16: LSTM cells per layer
//   u16        steps per segment (one learning step after each)
//   u16        lanes coded side by side
//   f32        learning rate (bits)
//   f32        step of the context tables (context_tables.hpp)
//   u64        seed of the initial weights
//   u64        model identity: hash of the starting weights and all of the above
//   u64        length of the original
//   u32        CRC-32 of the original
//   u64        length of the coded bytes that follow
//   u32        CRC-32 of the header bytes before it
// All little-endian.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace seqgen {

// 2: the match model, word contexts, orders 16 and 24, checked rows.
// 3: words of letter-spaced text ("t h e _ c a t") read as words.
inline constexpr uint16_t kSqzVersion = 3;

struct SqzParams {
  // Defaults chosen on the first 100 KB of tinyshakespeare (README, "Compression");
  // lr 0.025 on the whole of bench/compress's texts (0.03 lost 1.7% on ptb.char.test.txt).
  std::vector<int> hidden = {128};
  int seg = 10;        // steps per segment
  int lanes = 16;      // at most; fewer for short inputs
  float lr = 2.5e-2f;  // Adam step
  float context_lr = 0.2f;
  uint64_t seed = 1;
  bool pretrained = false;
};

struct SqzHeader {
  SqzParams params;
  uint64_t model_id = 0, length = 0, payload_size = 0;
  uint32_t crc = 0;
};

// What makes settings impossible ("" if none): sizes out of range, or
// activations of a segment beyond 2^31 floats (a forged header must not
// make the decoder allocate without bound).
std::string sqz_params_problem(const SqzParams& p);

std::string sqz_header_write(const SqzHeader& h);
// Parses the header at the start of `file`; `header_size` receives its
// length. Error naming `where` for anything not a whole, intact header
// followed by exactly payload_size bytes.
SqzHeader sqz_header_read(std::string_view file, const std::string& where, size_t& header_size);

uint32_t crc32_of(std::string_view bytes);
// FNV-1a, 64 bits, continuing from h.
uint64_t fnv1a64(const void* data, size_t n, uint64_t h = 0xcbf29ce484222325ull);

}  // namespace seqgen
