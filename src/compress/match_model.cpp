#include "compress/match_model.hpp"

#include <algorithm>

namespace seqgen {
namespace {

constexpr int kMatchMax = 65535;

uint32_t match_hash(const unsigned char* p, int bits) {
  uint32_t h = 0x811C9DC5u;
  for (int j = 0; j < kMatchMin; ++j) h = (h ^ p[j]) * 0x01000193u;
  return (h * 2654435761u) >> (32 - bits);
}

}  // namespace

void MatchModel::setup(int lanes, uint64_t lane_bytes, uint64_t length) {
  N = length, L = std::max<uint64_t>(lane_bytes, 1);
  bits = 10;
  while (bits < 22 && (uint64_t(1) << bits) < length) ++bits;
  last.assign(size_t(1) << bits, 0);
  ptr.assign(lanes, 0);
  len.assign(lanes, 0);
}

int MatchModel::predict(int b, const unsigned char* bytes, uint64_t i, int* length) {
  // Known to every lane at step i: positions q < N of a lane's steps 0..i-1.
  if (len[b] > 0 && !(ptr[b] < N && ptr[b] % L < i)) len[b] = 0;
  *length = len[b];
  return len[b] > 0 ? bytes[ptr[b]] : -1;
}

void MatchModel::update(int b, const unsigned char* bytes, uint64_t i) {
  const uint64_t pos = b * L + i;
  if (len[b] > 0) {
    if (bytes[ptr[b]] == bytes[pos])
      ++ptr[b], len[b] = std::min(len[b] + 1, kMatchMax);
    else
      len[b] = 0;
  }
  if (i + 1 < uint64_t(kMatchMin)) return;
  const uint32_t h = match_hash(bytes + pos + 1 - kMatchMin, bits);
  if (len[b] == 0 && last[h] > 0) {
    // The candidate's agreement, counted back within both lanes (a hash
    // collision agrees on fewer than kMatchMin bytes and is no match).
    const uint64_t q = last[h] - 1, q0 = q / L * L, p0 = b * L;
    int n = 0;
    while (n < 48 && q - n > q0 && pos - n >= p0 && bytes[q - 1 - n] == bytes[pos - n]) ++n;
    if (n >= kMatchMin) ptr[b] = q, len[b] = n;
  }
  if (pos + 2 < (uint64_t(1) << 32)) last[h] = uint32_t(pos + 2);
}

}  // namespace seqgen
