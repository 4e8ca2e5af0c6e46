#include "compress/range_coder.hpp"

namespace seqgen {

void RangeEncoder::shift_low() {
  // The top byte of low is final unless a later carry can still reach it:
  // when it is below 0xFF or a carry has just happened, write out the cached
  // byte (+ carry) and the pending 0xFFs (which the carry turns into 0x00).
  if (uint32_t(low_) < 0xFF000000u || (low_ >> 32) != 0) {
    uint8_t carry = uint8_t(low_ >> 32);
    uint8_t b = cache_;
    do {
      out_.push_back(char(uint8_t(b + carry)));
      b = 0xFF;
    } while (--cache_size_ != 0);
    cache_ = uint8_t(low_ >> 24);
  }
  ++cache_size_;
  low_ = (low_ & 0x00FFFFFFu) << 8;
}

void RangeEncoder::encode(uint32_t cum, uint32_t freq, int total_bits) {
  uint32_t r = range_ >> total_bits;
  low_ += uint64_t(r) * cum;
  range_ = r * freq;
  while (range_ < (1u << 24)) {
    range_ <<= 8;
    shift_low();
  }
}

void RangeEncoder::finish() {
  for (int i = 0; i < 5; ++i) shift_low();
}

RangeDecoder::RangeDecoder(const uint8_t* data, size_t size) : data_(data), size_(size) {
  for (int i = 0; i < 5; ++i) code_ = (code_ << 8) | next_byte();
}

uint8_t RangeDecoder::next_byte() {
  if (pos_ >= size_) {
    bad_ = true;
    return 0;
  }
  return data_[pos_++];
}

uint32_t RangeDecoder::target(int total_bits) {
  r_ = range_ >> total_bits;
  uint32_t t = code_ / r_;
  uint32_t top = (1u << total_bits) - 1;
  if (t > top) {  // only a corrupt stream gets here
    bad_ = true;
    t = top;
  }
  return t;
}

void RangeDecoder::consume(uint32_t cum, uint32_t freq) {
  code_ -= r_ * cum;
  range_ = r_ * freq;
  while (range_ < (1u << 24)) {
    code_ = (code_ << 8) | next_byte();
    range_ <<= 8;
  }
}

void freq_cumulate(const uint32_t* freq, int n, uint32_t* cum) {
  cum[0] = 0;
  for (int s = 0; s < n; ++s) cum[s + 1] = cum[s] + freq[s];
}

int freq_find(const uint32_t* cum, int n, uint32_t t) {
  int lo = 0, hi = n;  // cum[lo] <= t < cum[hi]
  while (hi - lo > 1) {
    int mid = (lo + hi) / 2;
    if (cum[mid] <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}

}  // namespace seqgen
