// The characters a synthesis network writes (§5.2): one-hot over every
// character of the training transcriptions. A character outside the set is
// folded to an ASCII fallback when it has one (char_fold.hpp), else refused
// with its name, left out or written as a space.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "seqgen/writer.hpp"  // UnknownChars

namespace seqgen {

struct Alphabet {
  std::vector<char32_t> chars;       // index -> character
  std::map<char32_t, int32_t> index;  // character -> index
  int size() const { return int(chars.size()); }
};

Alphabet alphabet_from_texts(const std::vector<std::string>& texts);
nlohmann::json alphabet_to_json(const Alphabet& a);  // array of UTF-8 strings
Alphabet alphabet_from_json(const nlohmann::json& j, const std::string& where);

// Encodes text (UTF-8, brought to NFC first so that a letter followed by a
// combining accent is one character). Characters not in the alphabet are
// folded (char_fold.hpp); one that cannot be is dealt with by `unknown`: an
// Error naming it and its position, left out, or written as a space.
// `folded` receives a note of each different substitution made ("é -> e"),
// `skipped` one per character left out or spaced ("'%' (U+0025) at line 2,
// position 3"; line < 0: no line number).
// Classes of a text's characters (the loss and the legibility by class; the
// weights of seqgen train synthesis --class-weight).
enum CharClass { kLower, kCapital, kDigit, kMark, kSpace, kCharClasses };
inline const char* const kCharClassNames[kCharClasses] = {"lower-case", "capitals", "digits", "punctuation",
                                                          "spaces"};
CharClass char_class(char32_t c);

struct AlphabetReport {
  std::vector<std::string> folded, skipped;
};
std::vector<int32_t> alphabet_encode(const Alphabet& a, const std::string& text, AlphabetReport* report,
                                     UnknownChars unknown, int line = -1);
// The same with unknown = error.
std::vector<int32_t> alphabet_encode(const Alphabet& a, const std::string& text, std::vector<std::string>* folded);
std::string alphabet_decode(const Alphabet& a, const std::vector<int32_t>& ids);
// Which of the encoded characters are spaces (word boundaries for seqgen/alignment.hpp).
std::vector<bool> alphabet_spaces(const Alphabet& a, const std::vector<int32_t>& ids);
// The share of a letter's steps each encoded character needs, for the rushed
// words of seqgen/alignment.hpp: 0 for punctuation marks (neither letters,
// digits nor spaces; a word of them alone is drawn in a few steps), 0.3 for
// the one-stroke bars I and 1, 1 for the rest.
std::vector<float> alphabet_step_shares(const Alphabet& a, const std::vector<int32_t>& ids);
// Per character: the pen strokes of a punctuation mark that can end a line
// (. , ' ) 1; ! ? : ; " 2), else 0. A synthesis line ending in one is complete
// once that many strokes are drawn after the window reached it (pen_sample.hpp).
std::vector<int> alphabet_mark_strokes(const Alphabet& a);

}  // namespace seqgen
