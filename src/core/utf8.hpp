// UTF-8 <-> code points. Invalid input is reported with its byte offset.
#pragma once
#include <string>
#include <vector>

namespace seqgen {

// Throws seqgen::Error "<where>: invalid UTF-8 at byte N" on malformed input.
std::u32string utf8_decode(const std::string& s, const std::string& where);
std::string utf8_encode(char32_t c);

}  // namespace seqgen
