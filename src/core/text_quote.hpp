// What an error message shows of text a user gave (a line, a word, an option's
// value): quoted, shortened, and with control characters and bytes that are
// not UTF-8 escaped, so that a message can neither run on for pages nor send
// an escape sequence to the terminal.
#pragma once
#include <string>
#include <string_view>

namespace seqgen {

inline constexpr size_t kQuotedCharsMax = 40;  // characters shown of a longer text

// 'text' with \n, \t, \r, \\, \' and \xNN escapes; a text of more than
// max_chars characters is cut, with "..." after the quote.
std::string text_quoted(std::string_view text, size_t max_chars = kQuotedCharsMax);

// A whole message made safe to print: control characters other than newline
// and bytes that are not UTF-8 become \xNN escapes.
std::string message_printable(std::string_view message);

}  // namespace seqgen
