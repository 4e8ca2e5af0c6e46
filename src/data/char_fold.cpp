#include "data/char_fold.hpp"

#include <fmt/format.h>
#include <utf8proc.h>

#include <cstdlib>
#include <map>

#include "core/utf8.hpp"

namespace seqgen {
namespace {

// What compatibility decomposition leaves alone.
const std::map<char32_t, std::string>& fold_table() {
  static const std::map<char32_t, std::string> table = [] {
    std::map<char32_t, std::string> t;
    const char* groups[][2] = {
        {"D", "ĐÐ"}, {"d", "đð"}, {"H", "Ħ"}, {"h", "ħ"}, {"i", "ı"}, {"L", "ŁĿ"}, {"l", "łŀ"},
        {"O", "Ø"}, {"o", "ø"}, {"T", "Ŧ"}, {"t", "ŧ"}, {"AE", "Æ"}, {"ae", "æ"}, {"OE", "Œ"}, {"oe", "œ"},
        {"ss", "ß"}, {"TH", "Þ"}, {"th", "þ"}, {"'", "‘’‚‛′´`ʼ"}, {"\"", "“”„‟″«»"}, {"-", "‐‑‒–—―−"},
        {"*", "•·"}, {"x", "×"}, {"/", "÷⁄"}};
    for (auto& g : groups)
      for (char32_t c : utf8_decode(g[1], "fold table")) t[c] = g[0];
    return t;
  }();
  return table;
}

// Compatibility decomposition, marks stripped.
std::string decompose(char32_t c) {
  utf8proc_uint8_t* out = nullptr;
  const std::string in = utf8_encode(c);
  const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(in.data()), utf8proc_ssize_t(in.size()),
                                          &out, utf8proc_option_t(UTF8PROC_STABLE | UTF8PROC_COMPAT |
                                                                  UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK));
  std::string s = n >= 0 ? std::string(reinterpret_cast<char*>(out), size_t(n)) : "";
  std::free(out);
  return s;
}

}  // namespace

std::string char_fold(char32_t c) {
  if (c < 0x80) return std::string(1, char(c));
  const auto& table = fold_table();
  if (auto it = table.find(c); it != table.end()) return it->second;
  const std::string d = decompose(c);
  std::string out;
  for (char32_t k : utf8_decode(d, "decomposition")) {
    if (k == c) return "";  // no decomposition
    if (k < 0x80) {
      out += char(k);
    } else if (auto it = table.find(k); it != table.end()) {
      out += it->second;
    } else {
      return "";
    }
  }
  return out;
}

std::string utf8_nfc(const std::string& s) {
  utf8proc_uint8_t* out = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), utf8proc_ssize_t(s.size()),
                                          &out, utf8proc_option_t(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  std::string r = n >= 0 ? std::string(reinterpret_cast<char*>(out), size_t(n)) : s;
  std::free(out);
  return r;
}

std::string char_describe(char32_t c) {
  if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return fmt::format("U+{:04X}", uint32_t(c));  // controls, C1 too
  return fmt::format("'{}' (U+{:04X})", utf8_encode(c), uint32_t(c));
}

}  // namespace seqgen
