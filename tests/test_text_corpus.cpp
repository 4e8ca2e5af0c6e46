// Text corpora: vocabularies at char, ptb-char and word level built from tiny
// training files, encode/decode round trips, the wording of unknown-symbol and
// invalid-UTF-8 errors, the word cap with <unk>/<eos>, serialisation, counts.
#include "seqgen/text_corpus.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"

namespace fs = std::filesystem;
using namespace seqgen;

namespace {

fs::path test_dir() { return fs::temp_directory_path() / ("seqgen_test_text_" + std::to_string(::getpid())); }

std::string file_make(const std::string& name, const std::string& text) {
  fs::create_directories(test_dir());
  const std::string p = (test_dir() / name).string();
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

std::vector<int32_t> ids_of(const Vocab& v, const std::vector<std::string>& syms) {
  std::vector<int32_t> ids;
  for (auto& s : syms) ids.push_back(v.index.at(s));
  return ids;
}

class TextCorpus : public ::testing::Test {
 protected:
  void TearDown() override { fs::remove_all(test_dir()); }
};

}  // namespace

TEST_F(TextCorpus, CharVocabularyAndRoundTrip) {
  const std::string train = file_make("train.txt", "héllo wörld\nab€\n");
  const std::string text = text_file_read(train);
  Vocab v = vocab_build(text, train, {});
  EXPECT_EQ(v.kind, VocabKind::chars);
  // Code point order; '\n' and ' ' are characters like the others.
  EXPECT_EQ(v.symbols, (std::vector<std::string>{"\n", " ", "a", "b", "d", "h", "l", "o", "r", "w", "é", "ö", "€"}));
  EXPECT_EQ(v.unknown, -1);
  EXPECT_EQ(v.line_end, 0);
  std::vector<int32_t> ids = vocab_encode(v, text, train);
  EXPECT_EQ(ids.size(), 16u);  // code points, not bytes
  EXPECT_EQ(ids[1], v.index.at("é"));
  EXPECT_EQ(vocab_decode(v, ids), text);
  EXPECT_EQ(vocab_decode(v, vocab_encode(v, "wörd\n", "prime")), "wörd\n");
  TextCounts c = text_count(v, ids);
  EXPECT_EQ(c.symbols, 16);
  EXPECT_EQ(c.line_ends, 2);
  EXPECT_EQ(c.words, 3);
  EXPECT_DOUBLE_EQ(text_symbols_per_word(c), 16.0 / 5.0);
  EXPECT_THROW(vocab_decode(v, {0, 13}), Error);
  std::string m = error_of([&] { text_file_read((test_dir() / "nope.txt").string()); });
  EXPECT_NE(m.find("nope.txt"), std::string::npos) << m;
}

TEST_F(TextCorpus, UnknownCharacterErrorNamesCharacterFileAndPlace) {
  Vocab v = vocab_build("abc\nab\n", "train.txt", {});
  std::string m = error_of([&] { vocab_encode(v, "ab\ncaz\n", "valid.txt"); });
  EXPECT_NE(m.find("valid.txt"), std::string::npos) << m;
  EXPECT_NE(m.find("line 2, column 3"), std::string::npos) << m;
  EXPECT_NE(m.find("'z' (U+007A)"), std::string::npos) << m;
  m = error_of([&] { vocab_encode(v, "abé", "test.txt"); });
  EXPECT_NE(m.find("'é' (U+00E9)"), std::string::npos) << m;
  EXPECT_NE(m.find("line 1, column 3"), std::string::npos) << m;
  Vocab v2 = vocab_build("abcé\n", "train.txt", {});
  m = error_of([&] { vocab_encode(v2, "é\ta", "prime"); });  // column counts characters, not bytes
  EXPECT_NE(m.find("line 1, column 2: character '\\t' (U+0009)"), std::string::npos) << m;
  m = error_of([&] { vocab_encode(v, "a\x01", "prime"); });
  EXPECT_NE(m.find("character (U+0001)"), std::string::npos) << m;
}

TEST_F(TextCorpus, DeclaredUnknownSymbolTakesUnknownCharacters) {
  VocabOptions o;
  o.unknown = "�";
  Vocab v = vocab_build("abc\n", "train.txt", o);
  EXPECT_EQ(v.size(), 5);
  ASSERT_GE(v.unknown, 0);
  EXPECT_EQ(v.symbols[size_t(v.unknown)], "�");
  EXPECT_EQ(vocab_encode(v, "azé\n", "valid.txt"), ids_of(v, {"a", "�", "�", "\n"}));
  EXPECT_EQ(vocab_decode(v, vocab_encode(v, "azb", "valid.txt")), "a�b");
  o.unknown = "??";
  EXPECT_THROW(vocab_build("abc\n", "train.txt", o), Error);
}

TEST_F(TextCorpus, PtbCharFormat) {
  // As ptb.char.*.txt: tokens between spaces, '_' between words, a trailing
  // space, a leading space on later lines, and a last line of blanks only.
  const std::string text = "a b _ c c \n d _ é \n ";
  EXPECT_EQ(text_kind_detect(text), VocabKind::ptb_chars);
  EXPECT_EQ(text_kind_detect("ab c\n"), VocabKind::chars);
  EXPECT_EQ(text_kind_detect("a b c\n"), VocabKind::chars);  // no word separator
  VocabOptions o;
  o.kind = VocabKind::ptb_chars;
  Vocab v = vocab_build(text, "ptb.char.train.txt", o);
  EXPECT_EQ(v.symbols, (std::vector<std::string>{"\n", "_", "a", "b", "c", "d", "é"}));
  EXPECT_EQ(v.line_end, 0);
  std::vector<int32_t> ids = vocab_encode(v, text, "ptb.char.train.txt");
  EXPECT_EQ(ids, ids_of(v, {"a", "b", "_", "c", "c", "\n", "d", "_", "é", "\n"}));
  EXPECT_EQ(vocab_decode(v, ids), "ab cc\nd é\n");
  EXPECT_EQ(vocab_encode_readable(v, "ab cc\nd é\n", "prime"), ids);
  // A last line without '\n' still ends with the line-end symbol.
  EXPECT_EQ(vocab_encode(v, "a _ b", "x"), ids_of(v, {"a", "_", "b", "\n"}));
  TextCounts c = text_count(v, ids);
  EXPECT_EQ(c.symbols, 10);
  EXPECT_EQ(c.line_ends, 2);
  EXPECT_EQ(c.words, 4);  // ab, cc, d, é
  std::string m = error_of([&] { vocab_encode(v, "a _ x y\n", "ptb.char.test.txt"); });
  EXPECT_NE(m.find("ptb.char.test.txt: line 1, column 5: character 'x' (U+0078)"), std::string::npos) << m;
  m = error_of([&] { vocab_encode_readable(v, "ab\nz", "prime"); });
  EXPECT_NE(m.find("line 2, column 1"), std::string::npos) << m;
}

TEST_F(TextCorpus, WordLevelCapUnkAndEos) {
  // the 3, cat 2, dog 1, sat 1, <unk> 1 (already in the text), 3 lines.
  const std::string train = file_make("ptb.train.txt", " the cat sat \n the dog <unk> \n the cat \n");
  VocabOptions o;
  o.kind = VocabKind::words;
  o.max_words = 5;
  Vocab v = vocab_build(text_file_read(train), train, o);
  // Kept: the, cat, dog (ties by byte order drop "sat"); <unk> once, with sat's count added.
  EXPECT_EQ(v.symbols, (std::vector<std::string>{"<eos>", "the", "<unk>", "cat", "dog"}));
  EXPECT_EQ(v.unknown, 2);
  EXPECT_EQ(v.line_end, 0);
  std::vector<int32_t> ids = vocab_encode(v, "the sat\nbird <unk>", "valid");
  EXPECT_EQ(ids, ids_of(v, {"the", "<unk>", "<eos>", "<unk>", "<unk>", "<eos>"}));
  EXPECT_EQ(vocab_decode(v, ids), "the <unk>\n<unk> <unk>\n");
  TextCounts c = text_count(v, ids);
  EXPECT_EQ(c.symbols, 6);
  EXPECT_EQ(c.line_ends, 2);
  EXPECT_EQ(c.words, 4);
  EXPECT_DOUBLE_EQ(text_symbols_per_word(c), 1.0);

  // Without <unk> in the text, the cap makes room for it.
  o.max_words = 3;
  v = vocab_build("a a a b b c\n", "t", o);
  EXPECT_EQ(v.symbols, (std::vector<std::string>{"<unk>", "a", "<eos>"}));
  EXPECT_EQ(v.unknown, 0);
  // Under the cap and no <unk>: every word is kept and an unseen word is an Error.
  o.max_words = 10000;
  v = vocab_build("x y\ny\n", "t", o);
  EXPECT_EQ(v.symbols, (std::vector<std::string>{"<eos>", "y", "x"}));
  EXPECT_EQ(v.unknown, -1);
  std::string m = error_of([&] { vocab_encode(v, "y\nx z\n", "ptb.test.txt"); });
  EXPECT_NE(m.find("ptb.test.txt: line 2, column 3: word 'z'"), std::string::npos) << m;
}

TEST_F(TextCorpus, VocabSerialiseRoundTrip) {
  VocabOptions oc, op, ow;
  oc.unknown = "?";
  op.kind = VocabKind::ptb_chars;
  ow.kind = VocabKind::words;
  for (const Vocab& v : {vocab_build("ab\"c\\é\n\t", "t", oc), vocab_build("a _ b \n", "t", op),
                         vocab_build("the <unk> cat\n", "t", ow)}) {
    const std::string s = vocab_to_string(v);
    Vocab w = vocab_from_string(s, "model.safetensors");
    EXPECT_EQ(w.kind, v.kind) << s;
    EXPECT_EQ(w.symbols, v.symbols) << s;
    EXPECT_EQ(w.unknown, v.unknown) << s;
    EXPECT_EQ(w.line_end, v.line_end) << s;
    EXPECT_EQ(w.index, v.index) << s;
  }
  auto bad = [](const std::string& s) { return error_of([&] { vocab_from_string(s, "m.st"); }); };
  for (const std::string& s : {std::string("[1,2"), std::string(R"({"kind":"char","symbols":["a","a"],"unknown":-1})"),
                               std::string(R"({"kind":"char","symbols":["ab"],"unknown":-1})"),
                               std::string(R"({"kind":"char","symbols":["a"],"unknown":1})"),
                               std::string(R"({"kind":"bytes","symbols":["a"],"unknown":-1})"),
                               std::string(R"({"kind":"word","symbols":["a"],"unknown":-1})"),
                               std::string(R"({"kind":"char","symbols":[],"unknown":-1})")}) {
    std::string m = bad(s);
    EXPECT_NE(m.find("m.st"), std::string::npos) << s << " -> " << m;
  }
  EXPECT_EQ(vocab_kind_parse("ptb-char"), VocabKind::ptb_chars);
  EXPECT_THROW(vocab_kind_parse("bytes"), Error);
}

TEST_F(TextCorpus, InvalidUtf8IsAnErrorWithByteOffset) {
  const std::string train = file_make("bad.txt", "ab\nc\xff" "d\n");
  std::string m = error_of([&] { vocab_build(text_file_read(train), train, {}); });
  EXPECT_NE(m.find("bad.txt"), std::string::npos) << m;
  EXPECT_NE(m.find("byte 4"), std::string::npos) << m;
  Vocab v = vocab_build("abc\n", "t", {});
  m = error_of([&] { vocab_encode(v, "a\xc3", "valid.txt"); });  // cut multi-byte sequence
  EXPECT_NE(m.find("valid.txt: invalid UTF-8 at byte 1"), std::string::npos) << m;
  VocabOptions ow;
  ow.kind = VocabKind::words;
  EXPECT_THROW(vocab_build("ok \xe2\x82 no\n", "t", ow), Error);
}
