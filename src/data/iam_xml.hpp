// One IAM-OnDB line file (lineStrokes/<a>/<a-b>/<form>-NN.xml) to raw strokes.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "data/stroke_clean.hpp"

namespace seqgen {

// Bound on outside input (README "Limits"): a line of the database has a few
// thousand points; the member's size (tree_files.cpp) bounds the bytes.
inline constexpr size_t kIamLineMaxPoints = 100'000;

// False, with the reason in `why`, if the file is not a well-formed line
// file, its whiteboard orientation is not the database's (see .cpp) or it
// has more than kIamLineMaxPoints points.
bool iam_xml_read(std::string_view bytes, std::vector<RawStroke>& out, std::string& why);

}  // namespace seqgen
