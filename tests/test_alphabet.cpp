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

TEST(Alphabet, StepSharesOfMarksAndBars) {
  Alphabet a = alphabet_from_texts({"I saw 1 lot - ok."});
  const std::vector<float> q = alphabet_step_shares(a, alphabet_encode(a, "I saw 1 lot - ok.", nullptr));
  const std::string want = "b11111b11111m111m";  // bars I and 1, marks - and . (l, o, s, spaces: 1)
  ASSERT_EQ(q.size(), want.size());
  for (size_t i = 0; i < q.size(); ++i) EXPECT_EQ(q[i], want[i] == 'b' ? 0.3f : want[i] == 'm' ? 0.f : 1.f) << "at " << i;
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

TEST(CharFold, CompatibilityDecompositionThenTheTable) {
  EXPECT_EQ(char_fold(U'Ș'), "S");
  EXPECT_EQ(char_fold(U'ț'), "t");
  EXPECT_EQ(char_fold(U'ﬁ'), "fi");
  EXPECT_EQ(char_fold(U'½'), "1/2");  // 1 ⁄ 2, the fraction slash from the table
  EXPECT_EQ(char_fold(U'Ａ'), "A");   // full-width
  EXPECT_EQ(char_fold(U'ｚ'), "z");
  EXPECT_EQ(char_fold(U'²'), "2");
  EXPECT_EQ(char_fold(U'…'), "...");
  EXPECT_EQ(char_fold(U'\u00a0'), " ");
  EXPECT_EQ(char_fold(U'ł'), "l");  // no decomposition: the table
  EXPECT_EQ(char_fold(U'Ŀ'), "L");  // decomposes to L·, which is not what it means
  EXPECT_EQ(char_fold(U'ß'), "ss");
  EXPECT_EQ(char_fold(U'%'), "%");  // ASCII is its own fold; the alphabet decides
  EXPECT_EQ(char_fold(U'\u0301'), "");  // a combining accent alone
  EXPECT_EQ(char_fold(U'中'), "");
  EXPECT_EQ(utf8_nfc("e\u0301"), "\u00e9");
}

TEST(Alphabet, UnknownCharactersSkippedSpacedOrRefused) {
  Alphabet a = alphabet_from_texts({"abcdefghijklmnopqrstuvwxyz 0123456789/"});
  const std::string text = "50% off @ café ½ ﬁne";
  AlphabetReport r;
  auto ids = alphabet_encode(a, text, &r, UnknownChars::skip, 1);
  EXPECT_EQ(alphabet_decode(a, ids), "50 off cafe 1/2 fine");  // '@' and the space after it left out
  EXPECT_EQ(r.skipped, (std::vector<std::string>{"'%' (U+0025) at line 2, position 3",
                                                 "'@' (U+0040) at line 2, position 9"}));
  EXPECT_EQ(r.folded, (std::vector<std::string>{"é -> e", "½ -> 1/2", "ﬁ -> fi"}));
  AlphabetReport s;
  EXPECT_EQ(alphabet_decode(a, alphabet_encode(a, text, &s, UnknownChars::space)), "50  off   cafe 1/2 fine");
  EXPECT_EQ(s.skipped.size(), 2u);
  EXPECT_EQ(s.skipped[0], "'%' (U+0025) at position 3");
  try {
    alphabet_encode(a, text, nullptr, UnknownChars::error, 0);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'%' (U+0025) at line 1, position 3"), std::string::npos) << e.what();
  }
  // Decomposed input (e + combining acute) is one character.
  EXPECT_EQ(alphabet_decode(a, alphabet_encode(a, "cafe\u0301", nullptr)), "cafe");
}

}  // namespace
}  // namespace seqgen
