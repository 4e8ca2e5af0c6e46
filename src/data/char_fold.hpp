// The documented fallback for characters a handwriting model never saw:
// accented Latin letters become their base letter (é -> e, Æ -> AE, ß -> ss),
// typographic punctuation becomes its ASCII form (’ -> ', “ -> ", – -> -,
// … -> ...), and non-breaking or exotic spaces become a space. Anything else
// has no fallback and is reported by name.
#pragma once
#include <string>

namespace seqgen {

// ASCII replacement of one code point, or "" if there is none.
std::string char_fold(char32_t c);

// "'é' (U+00E9)": how an error message names a character.
std::string char_describe(char32_t c);

}  // namespace seqgen
