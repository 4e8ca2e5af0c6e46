#include "core/text_quote.hpp"

#include <fmt/format.h>

namespace seqgen {
namespace {

// Length of the UTF-8 sequence starting at s[i], or 0 when it is not valid
// UTF-8 (overlong forms and surrogates included).
size_t utf8_length(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  const size_t n = c > 0xF4 ? 0 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  if (n == 3 && ((c == 0xE0 && b(i + 1) < 0xA0) || (c == 0xED && b(i + 1) >= 0xA0))) return 0;
  if (n == 4 && ((c == 0xF0 && b(i + 1) < 0x90) || (c == 0xF4 && b(i + 1) >= 0x90))) return 0;
  return n;
}

// Appends s[i..] as printable text; returns the bytes consumed.
size_t char_escaped(std::string_view s, size_t i, bool quoting, std::string& out) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  const size_t n = utf8_length(s, i);
  if (n == 0 || c < 0x20 || c == 0x7F) {
    if (quoting && c == '\n') out += "\\n";
    else if (quoting && c == '\t') out += "\\t";
    else if (quoting && c == '\r') out += "\\r";
    else if (!quoting && c == '\n') out += '\n';
    else out += fmt::format("\\x{:02X}", c);
    return 1;
  }
  // C1 controls (U+0080..U+009F) reach terminals as escapes too.
  if (n == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
    out += fmt::format("\\u{:04X}", static_cast<unsigned char>(s[i + 1]));
    return 2;
  }
  if (quoting && (c == '\\' || c == '\'')) out += '\\';
  out.append(s.substr(i, n));
  return n;
}

}  // namespace

std::string text_quoted(std::string_view text, size_t max_chars) {
  std::string out = "'";
  size_t chars = 0, i = 0;
  for (; i < text.size() && chars < max_chars; ++chars) i += char_escaped(text, i, true, out);
  out += '\'';
  if (i < text.size()) out += "...";
  return out;
}

std::string message_printable(std::string_view message) {
  std::string out;
  for (size_t i = 0; i < message.size();) i += char_escaped(message, i, false, out);
  return out;
}

}  // namespace seqgen
