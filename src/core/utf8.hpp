// UTF-8 <-> code points. Invalid input is reported with its byte offset.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace seqgen {

// Throws seqgen::Error "<where>: invalid UTF-8 at byte N" on malformed input.
std::u32string utf8_decode(const std::string& s, const std::string& where);
std::string utf8_encode(char32_t c);
// Characters of a UTF-8 text (its lead bytes), without decoding it.
inline size_t utf8_chars(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace seqgen
