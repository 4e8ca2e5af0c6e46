// libFuzzer: one IAM-OnDB line file (lineStrokes/.../*.xml) as read from an
// archive, then cleaned of recording errors as the loader does (§4).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "data/iam_xml.hpp"
#include "data/stroke_clean.hpp"
#include "seqgen/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<seqgen::RawStroke> strokes;
  std::string why;
  try {
    seqgen::CleanCounts counts;
    if (seqgen::iam_xml_read(std::string_view(reinterpret_cast<const char*>(data), size), strokes, why))
      seqgen::strokes_clean(strokes, seqgen::StrokeCleanOptions{}, counts);
  } catch (const seqgen::Error&) {
  }
  return 0;
}
