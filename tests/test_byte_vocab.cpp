// The byte-level vocabulary (§3.2): any bytes, valid UTF-8 or not, through
// building, encoding, decoding and the model file's JSON.
#include <gtest/gtest.h>

#include "seqgen/text_corpus.hpp"

namespace seqgen {
namespace {

TEST(ByteVocab, AnyBytesRoundTripThroughTheModelFile) {
  const std::string text = std::string("ab\n\xff\xfe\x80 z\0", 9) + "Zürich";
  VocabOptions o;
  o.kind = VocabKind::bytes;
  Vocab v = vocab_build(text, "t", o);
  EXPECT_EQ(v.size(), 16);  // the distinct byte values; ü is two of them
  std::vector<int32_t> ids = vocab_encode(v, text, "t");
  ASSERT_EQ(ids.size(), text.size());
  EXPECT_EQ(vocab_decode(v, ids), text);
  Vocab back = vocab_from_string(vocab_to_string(v), "model");
  EXPECT_EQ(back.kind, VocabKind::bytes);
  EXPECT_EQ(back.symbols, v.symbols);
  EXPECT_EQ(vocab_encode(back, text, "t"), ids);
  EXPECT_GE(back.line_end, 0);
}

TEST(ByteVocab, UnknownBytesAreNamedOrMapped) {
  VocabOptions o;
  o.kind = VocabKind::bytes;
  Vocab v = vocab_build("abc", "train.txt", o);
  try {
    vocab_encode(v, "ab\x81", "valid.txt");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("valid.txt: byte 0x81 at offset 2"), std::string::npos) << e.what();
  }
  o.unknown.assign(1, '?');  // (a GCC 12 -Wrestrict false alarm on = "?")
  Vocab u = vocab_build("abc", "train.txt", o);
  EXPECT_EQ(vocab_encode(u, "a\x81", "valid.txt")[1], u.unknown);
  EXPECT_THROW(vocab_from_string(R"({"kind":"byte","symbols":[1,300],"unknown":-1})", "m"), Error);
}

}  // namespace
}  // namespace seqgen
