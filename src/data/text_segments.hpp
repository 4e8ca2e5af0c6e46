// Text read as parallel streams (§3): the tokens are cut into `streams`
// contiguous streams, read in segments of T steps.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace seqgen {

// Inputs and targets of the segment starting at position p0 of streams
// b0..b1-1 of length `len` cut from `tokens` (a process's share of the streams
// when training over MPI): position p of stream b is tokens[b*len + p]; its
// input is the previous token of the stream (null vector, -1, at p = 0).
// Positions past the stream's end get target -1 (no loss). T x (b1-b0), time-major.
void text_segment_fill(const std::vector<int32_t>& tokens, int64_t len, int b0, int b1, int64_t p0, int T,
                       std::vector<int32_t>& x, std::vector<int32_t>& y);

// Streams for n tokens: `streams`, but at least 1 and at most n.
int text_streams_fit(size_t n, int streams);

}  // namespace seqgen
