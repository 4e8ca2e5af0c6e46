// libFuzzer: the JSON body of the server's POST /api/write, turned into write
// parameters (lines, bias, seed, style upload as JSON strokes or SVG, ink).
#include <cstddef>
#include <cstdint>
#include <string>

#include "serve/write_request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    seqgen::write_request_parse(std::string(reinterpret_cast<const char*>(data), size), seqgen::ServeLimits{}, 8);
  } catch (const seqgen::RequestError&) {  // the server answers 4xx naming the field; anything else is a finding
  }
  return 0;
}
