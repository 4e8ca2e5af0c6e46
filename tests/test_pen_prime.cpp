// Priming (§5.5): a style's final punctuation and its strokes are left out,
// so the written line follows the style's last word (sample/pen_prime.hpp).
#include <gtest/gtest.h>

#include "data/alphabet.hpp"
#include "sample/pen_prime.hpp"

namespace seqgen {
namespace {

// Strokes of `lens` steps each; the last step of each lifts the pen.
PenSteps strokes_of(std::initializer_list<int> lens) {
  PenSteps s;
  for (int n : lens)
    for (int i = 0; i < n; ++i) s.push_back({float(s.size()), 0.f, i == n - 1 ? 1.f : 0.f});
  return s;
}

struct PrimeCase {
  Alphabet a = alphabet_from_texts({"a dog. Hi! (yes)"});
  std::vector<int> marks = alphabet_mark_strokes(a);
  int32_t space = alphabet_encode(a, " ", nullptr)[0];
  int drop(PenSteps& s, std::string& text) {
    std::vector<int32_t> t = alphabet_encode(a, text, nullptr);
    const int n = pen_prime_marks_drop(s, t, marks, space);
    text = alphabet_decode(a, t);
    return n;
  }
};

TEST(PenPrime, FinalMarksAndTheirStrokesAreLeftOut) {
  PrimeCase c;
  PenSteps s = strokes_of({5, 4, 2});  // "dog" in two strokes, then the full stop
  std::string t = "a dog. ";
  EXPECT_EQ(c.drop(s, t), 1);
  EXPECT_EQ(t, "a dog");
  ASSERT_EQ(s.size(), 9u);
  EXPECT_EQ(s.back().eos, 1.f);

  s = strokes_of({6, 3, 2, 1});  // "Hi" then "!", two strokes
  t = "Hi!";
  EXPECT_EQ(c.drop(s, t), 1);
  EXPECT_EQ(t, "Hi");
  EXPECT_EQ(s.size(), 9u);

  s = strokes_of({6, 3, 2, 2});  // "yes" then "." and ")": one stroke each
  t = "(yes.)";
  EXPECT_EQ(c.drop(s, t), 2);
  EXPECT_EQ(t, "(yes");
  EXPECT_EQ(s.size(), 9u);

  s = strokes_of({6, 3});  // an unfinished last stroke counts as one
  s.back().eos = 0.f;
  t = "Hi.";
  EXPECT_EQ(c.drop(s, t), 1);
  EXPECT_EQ(s.size(), 6u);
}

TEST(PenPrime, LettersAndALoneMarkStay) {
  PrimeCase c;
  PenSteps s = strokes_of({5, 4});
  std::string t = "a dog";
  EXPECT_EQ(c.drop(s, t), 0);
  EXPECT_EQ(t, "a dog");
  EXPECT_EQ(s.size(), 9u);

  s = strokes_of({2});  // the mark is all the style has
  t = ".";
  EXPECT_EQ(c.drop(s, t), 0);
  EXPECT_EQ(s.size(), 2u);

  s = strokes_of({3});  // fewer strokes than the mark: nothing to take
  t = "a!";
  EXPECT_EQ(c.drop(s, t), 0);
  EXPECT_EQ(t, "a!");
  EXPECT_EQ(s.size(), 3u);
}

}  // namespace
}  // namespace seqgen
