// The match model (not in the paper; as lpaq and NNCP's successors use it):
// for each lane, the latest earlier place where the last kMatchMin bytes
// occurred (found through a hash of them), and the byte that followed there,
// predicted while the text keeps repeating it. The context tables
// (context_tables.hpp) add a learnt logit for that byte by its length of
// agreement, so what a match of each length is worth is learnt, not set. It reads only bytes
// both sides already have: lane b's byte at step i is known to every lane
// from step i + 1 on, so a match into another lane's next byte waits.
#pragma once
#include <cstdint>
#include <vector>

namespace seqgen {

inline constexpr int kMatchMin = 12;      // bytes hashed to find a match (6 gained less on PTB)
inline constexpr int kMatchBuckets = 16;  // length classes (match_bucket)

// Class of a match of `len` bytes (>= 1): 1..11 as they are, then 12-15, 16-23, 24-31, 32+.
inline int match_bucket(int len) {
  return len < 12 ? len - 1 : len < 16 ? 11 : len < 24 ? 12 : len < 32 ? 13 : len < 64 ? 14 : 15;
}

struct MatchModel {
  uint64_t N = 0, L = 1;          // input length, bytes per lane
  int bits = 10;                  // log2 of last's size
  std::vector<uint32_t> last;     // hash of kMatchMin bytes -> the position after them + 1 (0: none)
  std::vector<uint64_t> ptr;      // per lane: the position whose byte is predicted
  std::vector<int> len;           // per lane: bytes agreeing before it (0: no match)

  void setup(int lanes, uint64_t lane_bytes, uint64_t length);
  // The byte predicted for lane b at step i, or -1; *length its agreement.
  int predict(int b, const unsigned char* bytes, uint64_t i, int* length);
  // After lane b coded bytes[pos] (its step i): follow or drop the match,
  // look for a new one, and remember this place.
  void update(int b, const unsigned char* bytes, uint64_t i);
};

}  // namespace seqgen
