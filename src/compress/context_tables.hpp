// Context logits beside the LSTM (not in the paper): for each lane, one row of
// Y values (one per network symbol) per context order k in kContextOrders,
// chosen by a hash of the previous k bytes, is added to the network's output
// activations before the softmax. After each byte the rows take an SGD step
// on that byte's cross-entropy, dL/dŷ = p - onehot (eq 37), at once (the
// step per order and visit: context_tables.cpp). A row
// never seen adds nothing; one seen a few times already favours what
// followed. An LSTM learning from nothing needs many updates before it knows
// which byte follows which, and 128 cells cannot remember the long phrases a
// text repeats; the tables do both. Same arithmetic on both sides, as the network.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace seqgen {

inline constexpr int kContextOrders[] = {1, 2, 3, 4, 6, 8, 12};
inline constexpr int kContextTables = 7;
// Rows per table of order > 1: 2^bits, bits = log2(input length) - 2 within
// [10, 15] (a short input has few contexts to tell apart; both sides know its length).
inline int context_hash_bits(uint64_t length) {
  int b = 0;
  while (b < 63 && (uint64_t(2) << b) <= length) ++b;  // floor(log2(length))
  return b - 2 < 10 ? 10 : b - 2 > 15 ? 15 : b - 2;
}

struct ContextTables {
  float lr = 0.2f;  // step on the logits
  int Y = 0, bits = 10;
  std::vector<float> rows[kContextTables];  // order 1: 257 x Y (row 256: no previous byte), else 2^bits x Y
  std::vector<uint8_t> seen[kContextTables];  // visits per row, up to 255
  std::vector<uint32_t> used;               // lanes x tables: the rows in use
  std::vector<float> logits;                // lanes x Y: their sums, the forward's `extra`

  void setup(int lanes, int symbols, uint64_t length);
  // The rows for lane b whose previous bytes are prev[-1], prev[-2], ...
  // (`have` of them), summed into logits.
  void select(int b, const unsigned char* prev, int have);
  // One SGD step of lane b's rows towards symbol `target` (-1: none of them)
  // given its probabilities p.
  void learn(int b, const float* p, int target);
};

}  // namespace seqgen
