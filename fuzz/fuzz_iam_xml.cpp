// libFuzzer: one IAM-OnDB line file (lineStrokes/.../*.xml) as read from an archive.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "data/iam_xml.hpp"
#include "seqgen/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<seqgen::RawStroke> strokes;
  std::string why;
  try {
    seqgen::iam_xml_read(std::string_view(reinterpret_cast<const char*>(data), size), strokes, why);
  } catch (const seqgen::Error&) {
  }
  return 0;
}
