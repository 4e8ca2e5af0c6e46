// libFuzzer: a JSON style file ({"text": ..., "strokes": [[[x, y], ...], ...]}).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "data/strokes_file.hpp"
#include "seqgen/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    seqgen::strokes_json_parse(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
  } catch (const seqgen::Error&) {
  }
  return 0;
}
