// The documented fallback for characters a handwriting model never saw, so
// that every character gets an answer: Unicode compatibility decomposition
// with the marks stripped (utf8proc: é -> e, Ș -> S, ﬁ -> fi, ½ -> 1/2,
// full-width Ａ -> A, ² -> 2, ™ -> TM), then a table for what has no
// decomposition: letters (Æ -> AE, ß -> ss, ø -> o, ł -> l), typographic
// punctuation (’ -> ', “ -> ", – -> -, ⁄ -> /) and exotic spaces. What is
// still not ASCII has no fallback.
#pragma once
#include <string>

namespace seqgen {

// ASCII replacement of one code point, or "" if there is none.
std::string char_fold(char32_t c);

// The text in Unicode normal form C (a letter and its combining accents
// become one character where Unicode has one); invalid UTF-8 is returned as
// it is, for the decoder to report.
std::string utf8_nfc(const std::string& s);

// "'é' (U+00E9)": how an error message names a character.
std::string char_describe(char32_t c);

}  // namespace seqgen
