// Balancing rare characters: which lines are repeated, how often, and the refusals.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "data/pen_balance.hpp"

using namespace seqgen;

namespace {
PenSequence line_of(const std::string& id, std::vector<int32_t> chars) {
  PenSequence s;
  s.id = id;
  s.chars = std::move(chars);
  s.steps.resize(3);
  return s;
}
}  // namespace

TEST(PenBalance, RepeatsLinesByTheirRarestCharacter) {
  // Character 0 in every line, 1 in two lines (one twice), 2 in one line.
  std::vector<PenSequence> lines = {line_of("a", {0, 1, 1}), line_of("b", {0}), line_of("c", {0, 1, 2}),
                                    line_of("d", {0}), line_of("e", {0})};
  PenBalance b;
  b.min_lines = 4, b.max_repeat = 8;
  std::string rep;
  const std::vector<PenSequence> out = pen_lines_balance(lines, 3, b, &rep);
  // a: rarest 1 (2 lines) -> 2 copies; c: rarest 2 (1 line) -> 4 copies; others once.
  ASSERT_EQ(out.size(), 5u + 1 + 3);
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(out[i].id, lines[i].id);
  EXPECT_EQ(out[5].id, "a");
  for (size_t i = 6; i < 9; ++i) EXPECT_EQ(out[i].id, "c");
  EXPECT_EQ(out[6].chars, lines[2].chars);
  EXPECT_NE(rep.find("2 of 5 training lines"), std::string::npos) << rep;
  EXPECT_NE(rep.find("4 copies added"), std::string::npos) << rep;

  b.max_repeat = 2;  // the cap
  EXPECT_EQ(pen_lines_balance(lines, 3, b, nullptr).size(), 5u + 1 + 1);
  b.min_lines = 0;  // off
  EXPECT_EQ(pen_lines_balance(lines, 3, b, nullptr).size(), 5u);
}

TEST(PenBalance, RefusesBadSettingsAndCharacters) {
  std::vector<PenSequence> lines = {line_of("a", {0, 5})};
  PenBalance b;
  b.min_lines = 2;
  EXPECT_THROW(pen_lines_balance(lines, 3, b, nullptr), Error);  // index 5 outside an alphabet of 3
  b.min_lines = -1;
  EXPECT_THROW(pen_lines_balance(lines, 8, b, nullptr), Error);
  b.min_lines = 2, b.max_repeat = 0;
  EXPECT_THROW(pen_lines_balance(lines, 8, b, nullptr), Error);
}
