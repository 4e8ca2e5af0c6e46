// libFuzzer: a compressed file's header (.sqz, src/compress/sqz_format.hpp),
// and for one that parses, the settings check the decoder runs before it
// allocates anything.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "compress/sqz_format.hpp"
#include "seqgen/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    size_t header_size = 0;
    const seqgen::SqzHeader h =
        seqgen::sqz_header_read(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.sqz", header_size);
    if (header_size > size) __builtin_trap();  // a header cannot be longer than the file
    (void)seqgen::sqz_params_problem(h.params);
  } catch (const seqgen::Error&) {  // a clear refusal is the expected outcome; anything else is a finding
  }
  return 0;
}
