// Context logits beside the LSTM (not in the paper): for each lane, one row of
// Y values (one per network symbol) per context, times a learnt weight, is
// added to the network's output activations before the softmax. The
// contexts: the previous k bytes for each order k in kContextOrders, the
// current word (its letters and digits so far), and the previous word with
// it. The match model's symbol (match_model.hpp) gets a learnt logit by its
// length class. After each byte the rows take an SGD step on that byte's
// cross-entropy, dL/dŷ = p - onehot (eq 37), at once (the step per table and
// visit: context_tables.cpp); the weights (one per table and class of the
// row's visits, so that a row seen twice counts less than one seen fifty
// times) and the match logits take theirs, dL/da = Σ_k dL/dŷ_k r_k and
// dL/dŷ_match. A row never seen adds nothing; one seen a few times already
// favours what followed. An LSTM learning from nothing needs many updates
// before it knows which byte follows which, and 128 cells cannot remember the
// long phrases a text repeats; the tables do both. Hashed rows come in pairs,
// each with 8 check bits: a context takes the row of the pair whose check
// matches, else the less seen one is cleared for it, so a collision costs a
// row, not a prediction learnt elsewhere. Same arithmetic on both sides, as
// the network.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "compress/match_model.hpp"

namespace seqgen {

inline constexpr int kContextOrders[] = {1, 2, 3, 4, 6, 8, 12, 16, 24};
inline constexpr int kOrderTables = 9;
inline constexpr int kWordTable = kOrderTables;
inline constexpr int kContextTables = kOrderTables + 2;  // + word, two words
inline constexpr int kContextHistory = 64;               // previous bytes select() may read
// Rows per hashed table: 2^bits, bits = log2(input length) - 2 within
// [10, 17] (a short input has few contexts to tell apart; both sides know its length).
inline int context_hash_bits(uint64_t length) {
  int b = 0;
  while (b < 63 && (uint64_t(2) << b) <= length) ++b;  // floor(log2(length))
  return b - 2 < 10 ? 10 : b - 2 > 17 ? 17 : b - 2;
}

inline constexpr int kSeenClasses = 9;  // visits 0, 1, 2, 3-4, 5-8, ..., 65+
inline int seen_class(int n) {
  int c = 0;
  while (c < kSeenClasses - 1 && (1 << c) <= n) ++c;
  return c;
}

struct ContextTables {
  float lr = 0.2f;         // step on the logits
  float mix_lr = 0.004f;   // step on the weights
  float mix[kContextTables * kSeenClasses];  // weight of a table's row by its visits, learnt
  int Y = 0, bits = 10;
  // Order 1: 257 x Y (row 256: no previous byte); else 2^bits x Y.
  std::vector<float> rows[kContextTables];
  std::vector<uint8_t> seen[kContextTables];   // visits per row, up to 255
  std::vector<uint8_t> check[kContextTables];  // hashed tables: check bits per row
  std::vector<uint32_t> used;                  // lanes x tables: the rows in use (~0u: none)
  std::vector<uint32_t> weight;                // lanes x tables: the weights in use
  float match_logit[kMatchBuckets];            // added to the match's symbol, by length class, learnt
  float match_lr = 0.02f;
  std::vector<int32_t> match_sym, match_class; // lanes: the match in use (-1: none)
  std::vector<float> logits;                   // lanes x Y: their sums, the forward's `extra`

  void setup(int lanes, int symbols, uint64_t length);
  // The rows for lane b whose previous bytes are prev[-1], prev[-2], ...
  // (`have` of them, at most kContextHistory are read) and whose match model
  // predicts symbol `match` (-1: none) after `match_len` agreeing bytes,
  // weighted and summed into logits.
  void select(int b, const unsigned char* prev, int have, int match, int match_len);
  // One SGD step of lane b's rows, their weights and the match logit towards
  // symbol `target` (-1: none of them) given its probabilities p.
  void learn(int b, const float* p, int target);
};

}  // namespace seqgen
