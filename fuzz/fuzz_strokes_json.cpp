// libFuzzer: a JSON style file ({"text": ..., "strokes": [[[x, y], ...], ...]}), then its picture.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "data/strokes_file.hpp"
#include "sample/pen_raster.hpp"
#include "seqgen/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const seqgen::StrokesFile f = seqgen::strokes_json_parse(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
    // What a recogniser reading pictures makes of them (any coordinates the file may hold).
    std::vector<float> px;
    seqgen::pen_raster_columns(seqgen::strokes_to_steps(f.strokes), seqgen::RasterSpec{32, 12.f, 1.5f}, px);
  } catch (const seqgen::Error&) {
  }
  return 0;
}
