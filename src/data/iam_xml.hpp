// One IAM-OnDB line file (lineStrokes/<a>/<a-b>/<form>-NN.xml) to raw strokes.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "data/stroke_clean.hpp"

namespace seqgen {

// False, with the reason in `why`, if the file is not a well-formed line
// file or its whiteboard orientation is not the database's (see .cpp).
bool iam_xml_read(std::string_view bytes, std::vector<RawStroke>& out, std::string& why);

}  // namespace seqgen
