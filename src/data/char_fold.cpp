#include "data/char_fold.hpp"

#include <fmt/format.h>

#include <map>

#include "core/utf8.hpp"

namespace seqgen {

std::string char_fold(char32_t c) {
  if (c < 0x80) return std::string(1, char(c));
  static const std::map<char32_t, std::string> table = [] {
    std::map<char32_t, std::string> t;
    // Latin-1 Supplement and Latin Extended-A letters, by base letter.
    const char* groups[][2] = {
        {"A", "ÀÁÂÃÄÅĀĂĄ"}, {"a", "àáâãäåāăą"}, {"C", "ÇĆĈĊČ"}, {"c", "çćĉċč"}, {"D", "ĎĐÐ"},
        {"d", "ďđð"}, {"E", "ÈÉÊËĒĔĖĘĚ"}, {"e", "èéêëēĕėęě"}, {"G", "ĜĞĠĢ"}, {"g", "ĝğġģ"},
        {"H", "ĤĦ"}, {"h", "ĥħ"}, {"I", "ÌÍÎÏĨĪĬĮİ"}, {"i", "ìíîïĩīĭįı"}, {"J", "Ĵ"}, {"j", "ĵ"},
        {"K", "Ķ"}, {"k", "ķ"}, {"L", "ĹĻĽĿŁ"}, {"l", "ĺļľŀł"}, {"N", "ÑŃŅŇ"}, {"n", "ñńņň"},
        {"O", "ÒÓÔÕÖØŌŎŐ"}, {"o", "òóôõöøōŏő"}, {"R", "ŔŖŘ"}, {"r", "ŕŗř"}, {"S", "ŚŜŞŠ"},
        {"s", "śŝşš"}, {"T", "ŢŤŦ"}, {"t", "ţťŧ"}, {"U", "ÙÚÛÜŨŪŬŮŰŲ"}, {"u", "ùúûüũūŭůűų"},
        {"W", "Ŵ"}, {"w", "ŵ"}, {"Y", "ÝŶŸ"}, {"y", "ýÿŷ"}, {"Z", "ŹŻŽ"}, {"z", "źżž"},
        {"AE", "Æ"}, {"ae", "æ"}, {"OE", "Œ"}, {"oe", "œ"}, {"ss", "ß"}, {"TH", "Þ"}, {"th", "þ"},
        {"'", "‘’‚‛′´`"}, {"\"", "“”„‟″«»"}, {"-", "‐‑‒–—―−"}, {"...", "…"}, {" ", "\u00a0\u2002\u2003\u2009\u202f"},
        {"*", "•·"}, {"x", "×"}, {"/", "÷⁄"}};
    for (auto& g : groups) {
      const std::string s = g[1];
      for (size_t i = 0; i < s.size();) {
        unsigned char b = s[i];
        int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
        for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        t[cp] = g[0];
        i += n;
      }
    }
    return t;
  }();
  auto it = table.find(c);
  return it == table.end() ? "" : it->second;
}

std::string char_describe(char32_t c) {
  if (c < 0x20 || c == 0x7F) return fmt::format("U+{:04X}", uint32_t(c));
  return fmt::format("'{}' (U+{:04X})", utf8_encode(c), uint32_t(c));
}

}  // namespace seqgen
