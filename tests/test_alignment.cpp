// line_alignment (seqgen/alignment.hpp) on window weights built by hand.
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "seqgen/alignment.hpp"

namespace seqgen {
namespace {

std::vector<bool> spaces_of(const std::string& s) {
  std::vector<bool> v;
  for (char c : s) v.push_back(c == ' ');
  return v;
}

// Window weights whose focus is reads[t] at step t, over `first` prime
// positions, the text and the position past its end.
std::vector<float> phi_reading(const std::vector<int>& reads, int width) {
  std::vector<float> phi(reads.size() * width, 0.01f);
  for (size_t t = 0; t < reads.size(); ++t) phi[t * width + reads[t]] = 0.9f;
  return phi;
}

std::vector<int> steady(int first, int n, int per_char, int tail) {
  std::vector<int> r;
  for (int u = 0; u < n; ++u)
    for (int k = 0; k < per_char; ++k) r.push_back(first + u);
  for (int k = 0; k < tail; ++k) r.push_back(first + n - 1);
  return r;
}

TEST(Alignment, SteadyLineIsOk) {
  const std::string text = "the fox ran";
  const int n = int(text.size());
  LineAlignment a = line_alignment(phi_reading(steady(0, n, 10, 5), n + 1), n + 1, 0, spaces_of(text));
  EXPECT_EQ(a.words, 3);
  EXPECT_TRUE(a.words_skipped.empty());
  EXPECT_EQ(a.last_read, 10 * (n - 1));
  EXPECT_EQ(a.tail, 14);
  EXPECT_DOUBLE_EQ(a.steps_per_char, 10.0);
  EXPECT_EQ(a.last_word_chars, 3);
  EXPECT_TRUE(a.ok());
}

// A line read steadily but at twice or half the training lines' pace is
// suspect: the letters were scrawled over or drawn many times.
TEST(Alignment, UnusualPaceIsSuspect) {
  const std::string text = "the fox ran";
  const int n = int(text.size());
  for (int per_char : {21, 45, 9}) {
    LineAlignment a = line_alignment(phi_reading(steady(0, n, per_char, per_char), n + 1), n + 1, 0, spaces_of(text));
    EXPECT_TRUE(a.ok()) << per_char;
    EXPECT_NEAR(a.pace(), per_char / kIamStepsPerChar, 1e-9);
    EXPECT_EQ(a.suspect(), per_char != 21) << per_char << " steps per character";
  }
}

TEST(Alignment, SkippedWordIsNamed) {
  const std::string text = "the fox ran";
  const int n = int(text.size());
  std::vector<int> r = steady(0, n, 10, 5);
  for (int& u : r)
    if (u >= 4 && u <= 6) u = 3;  // the focus jumps from the space over "fox"
  LineAlignment a = line_alignment(phi_reading(r, n + 1), n + 1, 0, spaces_of(text));
  ASSERT_EQ(a.words_skipped.size(), 1u);
  EXPECT_EQ(a.words_skipped[0], 1);
  EXPECT_FALSE(a.ok());
}

TEST(Alignment, RushedWordIsNamed) {
  const std::string text = "the fox ran";
  const int n = int(text.size());
  std::vector<int> r;
  for (int u = 0; u < n; ++u)
    for (int k = 0; k < (u >= 4 && u <= 6 ? 1 : 10); ++k) r.push_back(u);  // one step per letter of "fox"
  LineAlignment a = line_alignment(phi_reading(r, n + 1), n + 1, 0, spaces_of(text));
  EXPECT_TRUE(a.words_skipped.empty());
  ASSERT_EQ(a.words_rushed.size(), 1u);
  EXPECT_EQ(a.words_rushed[0], 1);
  EXPECT_FALSE(a.ok());
}

// A word of punctuation alone is a mark of a few steps: read for one step it
// is not rushed (it was, when every character was judged like a letter).
TEST(Alignment, PunctuationWordIsNotRushed) {
  const std::string text = "the cat - a dog";
  const int n = int(text.size());
  std::vector<int> r;
  for (int u = 0; u < n; ++u)
    for (int k = 0; k < (text[u] == '-' ? 1 : 10); ++k) r.push_back(u);
  std::vector<float> share;
  for (char c : text) share.push_back(c == '-' ? 0.f : 1.f);
  EXPECT_TRUE(line_alignment(phi_reading(r, n + 1), n + 1, 0, spaces_of(text), share).ok());
  LineAlignment a = line_alignment(phi_reading(r, n + 1), n + 1, 0, spaces_of(text));
  ASSERT_EQ(a.words_rushed.size(), 1u);
  EXPECT_EQ(a.words_rushed[0], 2);
}

// "I" drawn as a single bar takes a few steps: read for 3 of a letter's 24 it
// was drawn (it was judged rushed, and "I think, ..." drawn three times), for
// 1 or 2 it came out a dot or not at all.
TEST(Alignment, BarWordNeedsAFewSteps) {
  const std::string text = "I think so";
  const int n = int(text.size());
  std::vector<float> share(text.size(), 1.f);
  share[0] = 0.3f;
  for (const auto& [bar_steps, rushed] : {std::pair{3, false}, std::pair{1, true}}) {
    std::vector<int> r;
    for (int u = 0; u < n; ++u)
      for (int k = 0; k < (u == 0 ? bar_steps : 24); ++k) r.push_back(u);
    LineAlignment a = line_alignment(phi_reading(r, n + 1), n + 1, 0, spaces_of(text), share);
    EXPECT_EQ(a.words_rushed.size(), rushed ? 1u : 0u) << bar_steps << " steps";
    if (!rushed) {
      a = line_alignment(phi_reading(r, n + 1), n + 1, 0, spaces_of(text));  // judged as a letter
      EXPECT_EQ(a.words_rushed.size(), 1u);
    }
  }
}

// A word the window stays on for many times what its letters need was drawn
// over or its letters repeated; the steps after the end do not count.
TEST(Alignment, LingeredWordIsNamed) {
  const std::string text = "the quick brown fox jumps over the dog";
  const int n = int(text.size());
  std::vector<int> r;
  for (int u = 0; u < n; ++u)
    for (int k = 0; k < (u == 17 ? 150 : 10); ++k) r.push_back(u);  // the 'o' of "fox"
  LineAlignment a = line_alignment(phi_reading(r, n + 1), n + 1, 0, spaces_of(text));
  ASSERT_EQ(a.words_lingered.size(), 1u);
  EXPECT_EQ(a.words_lingered[0], 3);
  EXPECT_GT(a.linger, 4.0);
  EXPECT_FALSE(a.ok());
  // Read steadily, with a tail of 30 steps on the last letter: no word lingered.
  a = line_alignment(phi_reading(steady(0, n, 10, 30), n + 1), n + 1, 0, spaces_of(text));
  EXPECT_TRUE(a.words_lingered.empty());
  EXPECT_LT(a.linger, 1.2);
}

TEST(Alignment, LongTailMeansWrittenTwice) {
  const std::string text = "the fox ran";
  const int n = int(text.size());
  // Three characters at 10 steps each is the last word; 80 more steps is it twice over.
  LineAlignment a = line_alignment(phi_reading(steady(0, n, 10, 80), n + 1), n + 1, 0, spaces_of(text));
  EXPECT_TRUE(a.words_skipped.empty());
  EXPECT_TRUE(a.tail_too_long());
  EXPECT_FALSE(a.ok());
}

TEST(Alignment, PrimeTextIsNotPartOfTheLine) {
  const std::string prime = "style text ", text = "go on";
  const int p = int(prime.size()), n = int(text.size()), width = p + n + 1;
  std::vector<int> r = steady(p, n, 8, 4);
  r.insert(r.begin(), 20, 2);  // focus still in the prime text at first
  LineAlignment a = line_alignment(phi_reading(r, width), width, p, spaces_of(text));
  EXPECT_EQ(a.words, 2);
  EXPECT_TRUE(a.ok());
  EXPECT_EQ(a.last_read, 20 + 8 * (n - 1));
  EXPECT_DOUBLE_EQ(a.steps_per_char, 8.0);  // the steps in the prime text do not count
}

TEST(Alignment, PassingOverTheFinalMarkReachesTheEnd) {
  const std::string text = "ab cd.";
  std::vector<int> r = steady(0, 5, 6, 0);
  r.push_back(6);  // from 'd' straight past the end: the end rule's step
  LineAlignment a = line_alignment(phi_reading(r, 7), 7, 0, spaces_of(text));
  EXPECT_EQ(a.last_read, 30);
  EXPECT_EQ(a.tail, 0);
  EXPECT_TRUE(a.ok());
}

TEST(Alignment, NeverReachingTheEndIsSuspect) {
  const std::string text = "ab cd";
  std::vector<int> r(30, 1);
  LineAlignment a = line_alignment(phi_reading(r, 6), 6, 0, spaces_of(text));
  EXPECT_EQ(a.last_read, -1);
  ASSERT_EQ(a.words_skipped.size(), 1u);
  EXPECT_FALSE(a.ok());
}

TEST(Alignment, WrongShapeIsRefused) {
  EXPECT_THROW(line_alignment(std::vector<float>(10, 0.f), 3, 0, spaces_of("ab")), Error);
  EXPECT_THROW(line_alignment(std::vector<float>(12, 0.f), 3, 1, spaces_of("ab")), Error);
}

}  // namespace
}  // namespace seqgen
