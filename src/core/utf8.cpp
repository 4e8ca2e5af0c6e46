#include "core/utf8.hpp"

#include "core/error.hpp"

namespace seqgen {

std::u32string utf8_decode(const std::string& s, const std::string& where) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char b = s[i];
    int n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) fail("{}: invalid UTF-8 at byte {}", where, i);
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < n; ++k) {
      unsigned char x = s[i + k];
      if ((x & 0xC0) != 0x80) fail("{}: invalid UTF-8 at byte {}", where, i);
      c = (c << 6) | (x & 0x3F);
    }
    const char32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < min_for_len[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
      fail("{}: invalid UTF-8 at byte {}", where, i);
    out.push_back(c);
    i += n;
  }
  return out;
}

std::string utf8_encode(char32_t c) {
  if (c < 0x80) return std::string(1, char(c));
  if (c < 0x800) return {char(0xC0 | (c >> 6)), char(0x80 | (c & 0x3F))};
  if (c < 0x10000) return {char(0xE0 | (c >> 12)), char(0x80 | ((c >> 6) & 0x3F)), char(0x80 | (c & 0x3F))};
  return {char(0xF0 | (c >> 18)), char(0x80 | ((c >> 12) & 0x3F)), char(0x80 | ((c >> 6) & 0x3F)),
          char(0x80 | (c & 0x3F))};
}

}  // namespace seqgen
