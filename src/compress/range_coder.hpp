// A range coder (arithmetic coding with a 32-bit range, Subbotin/LZMA style):
// a symbol with frequency f at cumulative position c out of 2^bits narrows
// [low, low+range) to [low + c*r, low + (c+f)*r), r = range >> bits, and a
// byte is shifted out whenever range falls below 2^24. A carry out of the
// 32-bit low is propagated into the bytes not yet written (`cache` and the run
// of 0xFF bytes behind it), so the output is one exact number.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace seqgen {

inline constexpr int kCoderTotalBits = 16;  // frequencies sum to 2^16

class RangeEncoder {
 public:
  void encode(uint32_t cum, uint32_t freq, int total_bits);
  // Writes the last bytes; the output is complete after this.
  void finish();
  std::string& out() { return out_; }

 private:
  void shift_low();
  uint64_t low_ = 0;
  uint32_t range_ = 0xFFFFFFFFu;
  uint8_t cache_ = 0;
  uint64_t cache_size_ = 1;
  std::string out_;
};

// Reads [data, data+size) only. Reading past the end, or a position outside
// the frequencies, marks the stream bad() (a truncated or corrupt input);
// the caller turns that into an error.
class RangeDecoder {
 public:
  RangeDecoder(const uint8_t* data, size_t size);
  // The position within [0, 2^total_bits) the next symbol covers.
  uint32_t target(int total_bits);
  // Consumes the symbol found for target(): the same cum, freq as encode().
  void consume(uint32_t cum, uint32_t freq);
  bool bad() const { return bad_; }
  size_t consumed() const { return pos_; }

 private:
  uint8_t next_byte();
  const uint8_t* data_;
  size_t size_, pos_ = 0;
  uint32_t code_ = 0, range_ = 0xFFFFFFFFu, r_ = 0;
  bool bad_ = false;
};

// freq (n symbols) as a cumulative table: cum[s] = Σ_{u<s} freq[u], cum[n] = total.
void freq_cumulate(const uint32_t* freq, int n, uint32_t* cum);
// The symbol s with cum[s] <= t < cum[s+1] (cum as above, n symbols).
int freq_find(const uint32_t* cum, int n, uint32_t t);

}  // namespace seqgen
