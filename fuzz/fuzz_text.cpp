// libFuzzer: a text to train on or evaluate: level detection, vocabulary,
// encoding (both forms) and decoding back; and the same bytes as a model's
// vocabulary (the JSON a model file's metadata holds).
#include <cstddef>
#include <cstdint>
#include <string>

#include "seqgen/error.hpp"
#include "seqgen/text_corpus.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    seqgen::VocabOptions o;
    o.kind = seqgen::text_kind_detect(text);
    o.max_words = 50;
    const seqgen::Vocab v = seqgen::vocab_build(text, "fuzz.txt", o);
    seqgen::vocab_decode(v, seqgen::vocab_encode(v, text, "fuzz.txt"));
    seqgen::vocab_encode_readable(v, text, "fuzz.txt");
    seqgen::vocab_from_string(seqgen::vocab_to_string(v), "fuzz vocabulary");
  } catch (const seqgen::Error&) {
  }
  try {
    seqgen::vocab_from_string(text, "fuzz vocabulary");
  } catch (const seqgen::Error&) {
  }
  return 0;
}
