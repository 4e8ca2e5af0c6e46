// The library's main job (seqgen/writer.hpp) on a tiny untrained model: a
// line that fails the check is drawn again, and when every draw fails the
// first is kept, so that more retries never make a page worse.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

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

}  // namespace
}  // namespace seqgen
