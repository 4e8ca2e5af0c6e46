#include "data/text_segments.hpp"

#include <algorithm>

namespace seqgen {

void text_segment_fill(const std::vector<int32_t>& tokens, int64_t len, int b0, int b1, int64_t p0, int T,
                       std::vector<int32_t>& x, std::vector<int32_t>& y) {
  const int streams = b1 - b0;
  x.assign(size_t(T) * streams, -1);
  y.assign(size_t(T) * streams, -1);
  for (int t = 0; t < T; ++t) {
    int64_t p = p0 + t;
    if (p >= len) continue;
    for (int b = 0; b < streams; ++b) {
      size_t base = size_t(b0 + b) * len;
      y[size_t(t) * streams + b] = tokens[base + p];
      x[size_t(t) * streams + b] = p > 0 ? tokens[base + p - 1] : -1;
    }
  }
}

int text_streams_fit(size_t n, int streams) { return int(std::max<size_t>(1, std::min<size_t>(streams, n))); }

}  // namespace seqgen
