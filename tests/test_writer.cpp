// The library's main job (seqgen/writer.hpp) on a tiny untrained model: a
// line that fails the check is drawn again, and when every draw fails the
// first is kept, so that more retries never make a page worse.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "seqgen/error.hpp"
#include "seqgen/writer.hpp"
#include "tiny_model.hpp"

namespace seqgen {
namespace {

namespace fs = std::filesystem;

std::string tiny_model() {
  const std::string path =
      (fs::temp_directory_path() / ("seqgen_writer_" + std::to_string(getpid()) + ".safetensors")).string();
  tiny_synthesis_write(path, "abcdefghijklmnopqrstuvwxyz ");
  return path;
}

bool strokes_same(const Strokes& a, const Strokes& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].x != b[i].x || a[i].y != b[i].y || a[i].end != b[i].end) return false;
  return true;
}

TEST(Writer, SuspectLinesAreRedrawnAndTheFirstDrawKeptWhenAllFail) {
  Writer w(tiny_model());
  const std::vector<std::string> lines = {"the fox", "", "ran far away"};
  WriteOptions o;
  o.max_steps_per_char = 4;  // an untrained window never reaches the end so soon: every draw fails
  o.retries = 0;
  WriteReport once, thrice;
  std::vector<Strokes> first = w.write(lines, o, &once);
  o.retries = 2;
  std::vector<Strokes> kept = w.write(lines, o, &thrice);
  ASSERT_EQ(thrice.draws.size(), lines.size());
  EXPECT_EQ(once.draws, (std::vector<int>{1, 0, 1}));
  EXPECT_EQ(thrice.draws, (std::vector<int>{3, 0, 3}));
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_TRUE(strokes_same(first[i], kept[i])) << "line " << i;
    EXPECT_EQ(thrice.alignment[i].steps, once.alignment[i].steps) << "the report describes the kept draw";
  }
  EXPECT_EQ(thrice.unfinished, (std::vector<int>{0, 2}));
}

TEST(Writer, PerLineBiasAndStyle) {
  Writer w(tiny_model());
  const std::vector<std::string> lines = {"the fox", "ran far", "away"};
  WriteOptions o;
  o.max_steps_per_char = 4, o.retries = 0;
  o.biases = {0, 5, 1};
  const std::vector<Strokes> a = w.write(lines, o);
  o.biases = {3, 5, 1};
  const std::vector<Strokes> b = w.write(lines, o);
  EXPECT_FALSE(strokes_same(a[0], b[0])) << "a line's own bias changes it";
  EXPECT_TRUE(strokes_same(a[1], b[1])) << "the other lines' biases do not";
  EXPECT_TRUE(strokes_same(a[2], b[2]));
  o.biases = {0, 0, 1};
  const std::vector<Strokes> c = w.write(lines, o);
  EXPECT_FALSE(strokes_same(c[1], a[1]));
  EXPECT_TRUE(strokes_same(c[2], a[2]));
  o.biases = {5};  // one for all is `bias` for all
  const std::vector<Strokes> all5 = w.write(lines, o);
  o.biases = {}, o.bias = 5;
  const std::vector<Strokes> bias5 = w.write(lines, o);
  for (size_t i = 0; i < lines.size(); ++i) EXPECT_TRUE(strokes_same(all5[i], bias5[i])) << i;
  o.bias = 0.75;
  o.biases = {1, 2};
  EXPECT_THROW(w.write(lines, o), Error);
  o.biases = {1, -1, 1};
  EXPECT_THROW(w.write(lines, o), Error);
  // Lines sharing a style are drawn together as when all lines have it; a
  // line with another style is primed by that one.
  o.biases = {};
  const std::vector<Strokes> none = w.write(lines, o);
  o.styles = {"", "", "/nonexistent/style.json"};
  EXPECT_THROW(w.write(lines, o), Error);
  o.styles = {"", "none", ""};
  const std::vector<Strokes> mixed = w.write(lines, o);
  EXPECT_TRUE(strokes_same(mixed[0], none[0]));  // the tiny model has no built-in style: "" is unprimed too
}

TEST(Writer, UnknownCharactersAreReportedNotFatal) {
  Writer w(tiny_model());
  WriteOptions o;
  o.max_steps_per_char = 4, o.retries = 0;
  WriteReport r;
  const std::vector<Strokes> s = w.write({"café 50%", "ok"}, o, &r);
  EXPECT_FALSE(s[0].empty());
  EXPECT_EQ(r.folded, (std::vector<std::string>{"é -> e"}));
  EXPECT_EQ(r.skipped, (std::vector<std::string>{"'5' (U+0035) at line 1, position 6", "'0' (U+0030) at line 1, position 7",
                                                 "'%' (U+0025) at line 1, position 8"}));
  o.unknown = UnknownChars::error;
  EXPECT_THROW(w.write({"café 50%"}, o), Error);
}

}  // namespace
}  // namespace seqgen
