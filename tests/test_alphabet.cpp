// Synthesis alphabet: built from transcriptions, folding of unseen characters,
// clear refusal of characters without a fallback, JSON round trip.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/utf8.hpp"
#include "data/alphabet.hpp"
#include "data/char_fold.hpp"

namespace seqgen {
namespace {

TEST(Alphabet, EncodeFoldAndRefuse) {
  Alphabet a = alphabet_from_texts({"Cafe au lait", "it's 42 - ok..."});
  std::vector<std::string> notes;
  auto ids = alphabet_encode(a, "Café’s", &notes);
  EXPECT_EQ(alphabet_decode(a, ids), "Cafe's");
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0], "é -> e");
  try {
    alphabet_encode(a, "ok 😀", nullptr);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("U+1F600"), std::string::npos) << m;
    EXPECT_NE(m.find("position 4"), std::string::npos) << m;
  }
  EXPECT_THROW(alphabet_encode(a, "Z", nullptr), Error);  // 'Z' never seen, no fallback
  EXPECT_TRUE(alphabet_encode(a, "", nullptr).empty());
}

TEST(Alphabet, JsonRoundTrip) {
  Alphabet a = alphabet_from_texts({"héllo wörld!"});
  Alphabet b = alphabet_from_json(alphabet_to_json(a), "test");
  EXPECT_EQ(a.chars, b.chars);
  EXPECT_THROW(alphabet_from_json(nlohmann::json::array({"ab"}), "test"), Error);
  EXPECT_THROW(alphabet_from_json(nlohmann::json::array({"a", "a"}), "test"), Error);
}

TEST(Utf8, InvalidBytesNamed) {
  EXPECT_EQ(utf8_decode("a\xc3\xa9", "x"), std::u32string(U"aé"));
  try {
    utf8_decode("ab\xff", "file.txt");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "file.txt: invalid UTF-8 at byte 2");
  }
  EXPECT_THROW(utf8_decode("\xc0\x80", "x"), Error);  // overlong
  EXPECT_EQ(char_describe(U'é'), "'é' (U+00E9)");
  EXPECT_EQ(char_fold(U'—'), "-");
  EXPECT_EQ(char_fold(U'€'), "");
}

}  // namespace
}  // namespace seqgen
