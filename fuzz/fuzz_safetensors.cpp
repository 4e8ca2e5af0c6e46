// libFuzzer: a model file's bytes (safetensors header and data).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/safetensors.hpp"
#include "seqgen/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    seqgen::safetensors_parse(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.safetensors");
  } catch (const seqgen::Error&) {  // a clear refusal is the expected outcome; anything else is a finding
  }
  return 0;
}
