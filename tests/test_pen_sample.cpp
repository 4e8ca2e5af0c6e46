// Sampling handwriting: the end-of-writing rule of §5.3, the stroke it finds
// in progress, and its safety cap; repeatability from the seed, priming, and
// the bias of §5.4.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "nn/mdn_output.hpp"
#include "nn/network.hpp"
#include "sample/pen_line.hpp"
#include "sample/pen_sample.hpp"
#include "sample/pen_sample_checked.hpp"
#include "sample/pen_word_check.hpp"
#include "sample/fast_net.hpp"

namespace seqgen {
namespace {

Network<float> synthesis_net(float kappa_bias) {
  NetConfig c;
  c.input_size = 3, c.hidden = {8, 6}, c.output_size = mdn_output_size(2);
  c.window_alphabet = 5, c.window_mixtures = 2;
  Network<float> net(c);
  net.init(3);
  // Window steps of exp(kappa_bias) characters per pen step (eq 51), sharp windows.
  float* b = net.param("win.b");
  b[0] = b[1] = 0.f, b[2] = b[3] = 2.f, b[4] = b[5] = kappa_bias;
  float* w = net.param("win.w");
  std::fill(w, w + 8 * 6, 0.f);
  net.params_changed();
  return net;
}

TEST(PenSample, EndRuleStopsAfterTheText) {
  for (bool fast : {false, true}) {
    Network<float> net = synthesis_net(std::log(0.25f));  // 4 steps per character
    PenSampleOptions o;
    o.fast = fast;
    o.keep_phi = true;
    o.finish_steps = 0;  // the paper's rule alone
    std::vector<std::vector<int32_t>> texts = {{0, 1, 2}, {3, 4, 0, 1, 2, 3}};
    auto s = pen_sample(net, 2, texts, {}, {}, o);
    for (int b = 0; b < 2; ++b) {
      SCOPED_TRACE(b);
      const int U = int(texts[b].size());
      EXPECT_TRUE(s[b].finished);
      // κ passes U + 1/2 after about 4 (U + 1/2) steps: the rule fires then.
      EXPECT_NEAR(double(s[b].steps.size()), 4.0 * (U + 0.5), 4.0);
      // φ is kept for every drawn step and for the step that ended the line:
      // there position U+1 beats every letter, one step earlier it did not.
      ASSERT_EQ(s[b].phi.size(), (s[b].steps.size() + 1) * (U + 1));
      const float* last = s[b].phi.data() + (s[b].phi.size() - (U + 1));
      const float* before = last - (U + 1);
      EXPECT_GT(last[U], *std::max_element(last, last + U));
      EXPECT_LE(before[U], *std::max_element(before, before + U));
      EXPECT_EQ(s[b].steps.back().eos, 1.f);
    }
  }
}

// The same line drawn under the paper's rule alone and under the default
// end: the two agree up to the step where the rule fired (n0 steps drawn);
// then the default one has finished the stroke in progress (more steps, all
// with the pen down but the last), or dropped a stroke begun after the final
// mark's strokes, or in a line without final marks one begun right of all
// the ink with the window past the text (fewer steps: only the tail of
// pen-down steps goes).
struct EndCase {
  size_t n0 = 0, n = 0;
};
EndCase end_compare(Network<float>& net, const std::vector<int32_t>& text, uint64_t seed, const std::vector<int>& marks) {
  PenSampleOptions paper, o;
  paper.finish_steps = 0, paper.seed = o.seed = seed, paper.keep_phi = o.keep_phi = true;
  o.mark_strokes = marks;
  const PenSample a = pen_sample(net, 2, {text}, {}, {}, paper)[0], b = pen_sample(net, 2, {text}, {}, {}, o)[0];
  EXPECT_TRUE(a.finished && b.finished);
  const size_t n0 = a.steps.size(), n = b.steps.size(), U = text.size();
  for (size_t i = 0; i < std::min(n0, n); ++i) {
    EXPECT_EQ(a.steps[i].dx, b.steps[i].dx) << i;
    if (i + 1 < std::min(n0, n)) {
      EXPECT_EQ(a.steps[i].eos, b.steps[i].eos) << i;
    }
  }
  EXPECT_EQ(b.phi.size(), (n + 1) * (U + 1));  // φ rows stay one per step, plus the last
  // The focus the check reads (4 bytes a step) is each kept row's largest weight.
  EXPECT_EQ(b.focus.size(), n + 1);
  for (size_t t = 0; t <= n && t < b.focus.size(); ++t) {
    const float* row = b.phi.data() + t * (U + 1);
    EXPECT_EQ(b.focus[t], int32_t(std::max_element(row, row + U + 1) - row)) << t;
  }
  // The text's final marks (a run: `!"`), their strokes, and the strokes
  // begun and finished in [reached, end) of the paper's line, where reached is
  // the first step at which φ on those marks reaches kPenMarkReached of φ's
  // peak over the text.
  size_t from = U;
  int mark = 0;
  while (!marks.empty() && from > 0 && marks.at(size_t(text[from - 1])) > 0) mark += marks.at(size_t(text[--from]));
  size_t reached = 0;
  while (reached < n0) {
    const float* row = a.phi.data() + reached * (U + 1);
    if (std::accumulate(row + from, row + U, 0.f) >= kPenMarkReached * *std::max_element(row, row + U)) break;
    ++reached;
  }
  // A stroke begun at step i began right of all the ink before it (the
  // options' stats: x is the sum of dx) with φ past the text at
  // kPenMarkReached of its peak over the text.
  auto past = [&](size_t i) {
    const float* row = a.phi.data() + i * (U + 1);
    float x = 0, right = -1e30f;
    for (size_t j = 0; j < i; ++j) right = std::max(right, x += a.steps[j].dx);
    return x + a.steps[i].dx > right && row[U] >= kPenMarkReached * *std::max_element(row, row + U);
  };
  auto strokes_after = [&](size_t end) {
    int strokes = 0;
    bool begun = false;  // the current stroke began at or after `reached`
    for (size_t i = reached; i < end; ++i) {
      if (i == 0 || a.steps[i - 1].eos > 0.5f) begun = true;
      strokes += begun && a.steps[i].eos > 0.5f;
    }
    return strokes;
  };
  if (n > n0) {
    // The stroke in progress was finished: the mark's strokes were not all
    // drawn before it began (the paper's last step's pen state is its own).
    EXPECT_LE(n - n0, size_t(o.finish_steps));
    for (size_t i = n0 - 1; i + 1 < n; ++i) EXPECT_EQ(b.steps[i].eos, 0.f) << i;
    if (mark > 0) {
      EXPECT_LT(strokes_after(n0 - 1), mark);
    } else {
      size_t began = n0 - 1;  // the stroke in progress began before the window left the text
      while (began > 0 && a.steps[began - 1].eos < 0.5f) --began;
      EXPECT_FALSE(past(began)) << began;
    }
  } else if (n < n0) {
    // The dropped stroke (from step n) began after the mark's strokes, or
    // past the text.
    EXPECT_EQ(b.steps.back().eos, 1.f);
    for (size_t i = n; i + 1 < n0; ++i) EXPECT_EQ(a.steps[i].eos, 0.f) << i;
    if (mark > 0) {
      EXPECT_GE(strokes_after(n), mark);
    } else {
      EXPECT_TRUE(past(n)) << n;
    }
  }
  return {n0, n};
}

// A line without final marks: the stroke in progress is finished, but one
// begun once the window had left the text ("1999" and then a bar for a digit
// that is not there) is dropped.
TEST(PenSample, TheStrokeInProgressIsFinishedAtTheEnd) {
  Network<float> net = synthesis_net(std::log(0.25f));
  int finished = 0, dropped = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    const EndCase c = end_compare(net, {0, 1, 2, 3}, seed, {});
    finished += c.n > c.n0;
    dropped += c.n < c.n0;
  }
  EXPECT_GT(finished, 0);
  EXPECT_GT(dropped, 0);
}

TEST(PenSample, AStrokeBegunAfterTheFinalMarkIsDropped) {
  Network<float> net = synthesis_net(std::log(0.25f));
  int dropped = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const EndCase c = end_compare(net, {0, 1, 2, 4}, seed, {0, 0, 0, 0, 1});  // character 4: a one-stroke mark
    dropped += c.n < c.n0;
  }
  EXPECT_GT(dropped, 0);
}

// A line ending in two marks (`!"`): the strokes of both are counted.
TEST(PenSample, ARunOfFinalMarksCountsAllTheirStrokes) {
  Network<float> net = synthesis_net(std::log(0.25f));
  int dropped = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const EndCase c = end_compare(net, {0, 1, 3, 4}, seed, {0, 0, 0, 1, 1});  // characters 3 and 4: marks
    dropped += c.n < c.n0;
  }
  EXPECT_GT(dropped, 0);
}

TEST(PenSample, CapStopsAWindowThatNeverMoves) {
  Network<float> net = synthesis_net(-12.f);
  PenSampleOptions o;
  o.max_steps_per_char = 3;
  auto s = pen_sample(net, 2, {{0, 1}}, {}, {}, o);
  EXPECT_FALSE(s[0].finished);
  EXPECT_EQ(s[0].steps.size(), size_t(3 * 2 + 100));
}

TEST(PenSample, SeedRepeatsAndBiasNarrows) {
  Network<float> net = synthesis_net(std::log(0.05f));
  PenSampleOptions o;
  o.seed = 9;
  auto a = pen_sample(net, 2, {{0, 1, 2}}, {}, {}, o);
  auto b = pen_sample(net, 2, {{0, 1, 2}}, {}, {}, o);
  ASSERT_EQ(a[0].steps.size(), b[0].steps.size());
  for (size_t i = 0; i < a[0].steps.size(); ++i) EXPECT_EQ(a[0].steps[i].dx, b[0].steps[i].dx);
  auto spread = [&](double bias) {
    PenSampleOptions q;
    q.bias = bias;
    double s2 = 0;
    int n = 0;
    for (uint64_t seed = 1; seed <= 8; ++seed) {
      q.seed = seed;
      auto r = pen_sample(net, 2, {{0, 1, 2}}, {}, {}, q)[0];
      for (auto& p : r.steps) s2 += p.dx * p.dx + p.dy * p.dy, ++n;
    }
    return s2 / n;
  };
  EXPECT_LT(spread(3.0), spread(0.0));  // eqs 61-62 shrink the sampling variance
}

// Step i of a line drawn with keep_outputs (M = 2) lies on one of its
// mixture's means: drawn at a bias so large that σ vanishes.
bool step_on_a_mean(const PenSample& s, size_t i) {
  Mixture<float> mix;
  mdn_mixture<float>(2, s.outputs.data() + i * size_t(mdn_output_size(2)), 0.f, mix);
  for (int j = 0; j < 2; ++j)
    if (std::abs(s.steps[i].dx - mix.mu1[j]) < 1e-5f && std::abs(s.steps[i].dy - mix.mu2[j]) < 1e-5f) return true;
  return false;
}

// The move after a pen lift (and the line's first) is drawn at
// max(bias, jump_bias): at 30 every σ is e^-30 of itself, so such a step lands
// on a component's mean; the steps drawn with the pen down, at bias 0, do not.
// A jump bias below the line's changes nothing.
TEST(PenSample, JumpBiasPlacesThePenAfterALift) {
  Network<float> net = synthesis_net(std::log(0.05f));
  PenSampleOptions o;
  o.keep_outputs = true;
  o.jump_bias = 30;
  const PenSample s = pen_sample(net, 2, {{0, 1, 2}}, {}, {}, o)[0];
  int lifts = 0, down = 0, down_on_mean = 0;
  for (size_t i = 0; i < s.steps.size(); ++i) {
    const bool on_mean = step_on_a_mean(s, i);
    if (i == 0 || s.steps[i - 1].eos >= 0.5f) {
      EXPECT_TRUE(on_mean) << "step " << i;
      ++lifts;
    } else {
      ++down, down_on_mean += on_mean;
    }
  }
  EXPECT_GE(lifts, 3);
  EXPECT_GE(down, 3);
  EXPECT_EQ(down_on_mean, 0);

  PenSampleOptions a, b;
  a.bias = b.bias = 1;
  b.jump_bias = 0.5;
  const PenSample pa = pen_sample(net, 2, {{0, 1, 2}}, {}, {}, a)[0], pb = pen_sample(net, 2, {{0, 1, 2}}, {}, {}, b)[0];
  ASSERT_EQ(pa.steps.size(), pb.steps.size());
  for (size_t i = 0; i < pa.steps.size(); ++i) EXPECT_EQ(pa.steps[i].dx, pb.steps[i].dx);
}

// While the window's focus is on a rare character or the one before it,
// steps are drawn at max(bias, rare_bias): at 30 such a step lands on a
// component's mean, and every other step, at bias 0, does not. A rare bias
// below the line's, or no rare characters, changes nothing.
TEST(PenSample, RareBiasSharpensTheRareCharacters) {
  Network<float> net = synthesis_net(std::log(0.25f));
  PenSampleOptions o;
  o.keep_outputs = true;
  o.rare_bias = 30;
  o.rare_chars = {0, 0, 1, 0, 0};  // character 2
  const std::vector<int32_t> text = {0, 1, 3, 2, 4, 0, 1, 3, 4};
  const PenSample s = pen_sample(net, 2, {text}, {}, {}, o)[0];
  ASSERT_GE(s.focus.size(), s.steps.size());
  int rare = 0, other = 0, other_on_mean = 0;
  for (size_t i = 0; i < s.steps.size(); ++i) {
    const bool on_mean = step_on_a_mean(s, i);
    const size_t f = size_t(s.focus[i]);
    if ((f < text.size() && text[f] == 2) || (f + 1 < text.size() && text[f + 1] == 2)) {
      EXPECT_TRUE(on_mean) << "step " << i << ", focus " << f;
      ++rare;
    } else {
      ++other, other_on_mean += on_mean;
    }
  }
  EXPECT_GE(rare, 3);
  EXPECT_GE(other, 10);
  EXPECT_EQ(other_on_mean, 0);

  PenSampleOptions a, b, c;
  a.bias = b.bias = c.bias = 1;
  b.rare_bias = 0.5, b.rare_chars = o.rare_chars;
  c.rare_bias = 30, c.rare_chars = {0, 0, 0, 0, 0};
  const PenSample pa = pen_sample(net, 2, {text}, {}, {}, a)[0];
  for (const PenSampleOptions* q : {&b, &c}) {
    const PenSample pq = pen_sample(net, 2, {text}, {}, {}, *q)[0];
    ASSERT_EQ(pa.steps.size(), pq.steps.size());
    for (size_t i = 0; i < pa.steps.size(); ++i) EXPECT_EQ(pa.steps[i].dx, pq.steps[i].dx);
  }
}

TEST(PenSample, PrimingIsNotPartOfTheOutput) {
  Network<float> net = synthesis_net(std::log(0.25f));
  PenSteps prime(12, PenStep{0.1f, 0.f, 0.f});  // 4 steps per character: the 3 prime characters
  PenSampleOptions o;
  auto primed = pen_sample(net, 2, {{3, 4}}, prime, {0, 1, 2}, o);
  auto plain = pen_sample(net, 2, {{0, 1, 2, 3, 4}}, {}, {}, o);
  // c' = prime text + text: after the prime only the last 2 characters remain.
  EXPECT_TRUE(primed[0].finished);
  EXPECT_NEAR(double(primed[0].steps.size()), double(plain[0].steps.size()) - 12, 2.0);
}

// A line's strokes depend on its seed only, not on the lines drawn with it
// (a server draws lines of many requests in one batch): drawn alone and as
// line 2 of 5 with other texts, it is the same, step for step. (With the
// packed step; the training forward's products are free to sum in another
// order for another batch.)
TEST(PenSample, ALineDoesNotDependOnItsBatch) {
  Network<float> net = synthesis_net(std::log(0.25f));
  const PenSteps prime(8, PenStep{0.1f, 0.05f, 0.f});
  {
    PenSampleOptions o;
    o.seeds = {pen_line_seed(4, 7)};
    const auto alone = pen_sample(net, 2, {{0, 1, 2}}, prime, {4, 3}, o);
    o.seeds = {11, 12, pen_line_seed(4, 7), 13, 14};
    const auto many = pen_sample(net, 2, {{1}, {2, 2, 2, 2, 2, 2}, {0, 1, 2}, {3, 4}, {0}}, prime, {4, 3}, o);
    ASSERT_EQ(alone[0].steps.size(), many[2].steps.size());
    for (size_t i = 0; i < alone[0].steps.size(); ++i) {
      ASSERT_EQ(alone[0].steps[i].dx, many[2].steps[i].dx) << i;
      ASSERT_EQ(alone[0].steps[i].eos, many[2].steps[i].eos) << i;
    }
    EXPECT_NE(many[1].steps.size(), many[2].steps.size());  // the others are other lines
  }
}

TEST(PenSample, PredictionNetworkDrawsFixedLength) {
  NetConfig c;
  c.input_size = 3, c.hidden = {8}, c.output_size = mdn_output_size(2);
  Network<float> net(c);
  net.init(1);
  PenSampleOptions o;
  o.steps = 50;
  auto s = pen_sample(net, 2, std::vector<std::vector<int32_t>>(3), {}, {}, o);
  ASSERT_EQ(s.size(), 3u);
  for (auto& x : s) EXPECT_EQ(x.steps.size(), 50u);
}


// The line check with a reader (CheckedSampleOptions::score): a draw passes
// only at a score at most score_max, and a line none of whose draws passes
// keeps its best-scored draw, not its first.
TEST(PenSampleChecked, TheReaderFailsDrawsAndTheBestIsKept) {
  Network<float> net = synthesis_net(std::log(0.25f));
  Alphabet al = alphabet_from_texts({"abcd "});
  CheckedSampleOptions co;
  co.retries = 4;
  co.accept = [](const PenSample&, const LineAlignment&) { return true; };
  std::vector<std::vector<double>> seen(2);  // per line, the score of each draw
  // Score: the sum of the first steps' dx (draws differ by their random numbers).
  co.score = [&](const std::vector<PenSample>& drawn, const std::vector<int>& lines) {
    std::vector<double> s;
    for (size_t k = 0; k < drawn.size(); ++k) {
      double v = 0;
      for (size_t i = 0; i < std::min<size_t>(5, drawn[k].steps.size()); ++i) v += drawn[k].steps[i].dx;
      s.push_back(v);
      seen[size_t(lines[k])].push_back(v);
    }
    return s;
  };
  co.score_max = -1e9;  // nothing passes: every line drawn 5 times, the best kept
  auto r = pen_sample_checked(net, 2, al, {{0, 1, 2}, {3, 2, 1}}, {}, {}, co);
  for (int line = 0; line < 2; ++line) {
    ASSERT_EQ(seen[line].size(), 5u);
    EXPECT_EQ(r[line].draws, 5);
    EXPECT_FALSE(r[line].passed);
    EXPECT_EQ(r[line].score, *std::min_element(seen[line].begin(), seen[line].end()));
  }
  co.score_max = 1e9;  // everything passes: one draw each
  seen = {{}, {}};
  r = pen_sample_checked(net, 2, al, {{0, 1, 2}, {3, 2, 1}}, {}, {}, co);
  for (int line = 0; line < 2; ++line) {
    EXPECT_EQ(r[line].draws, 1);
    EXPECT_TRUE(r[line].passed);
    EXPECT_EQ(seen[line].size(), 1u);
  }
}


// The word check (pen_word_check.hpp): words are read as the pen lifts after
// them, a word read badly is drawn again from where it began, and out of
// draws the best read one is kept. Text {0 1 4 2 3 4 0 1} with 4 the space:
// three words.
struct WordRead {
  size_t from, to;
  std::vector<int32_t> chars;
  PenSteps steps;
  double score;
};

std::vector<PenSample> words_sample(Network<float>& net, int retries, double max,
                                    const std::function<double(const WordRead&)>& judge,
                                    std::vector<WordRead>& reads, uint64_t seed = 5) {
  PenSampleOptions o;
  o.word_space = 4, o.word_retries = retries, o.word_max = max;
  o.word_reader = [&]() -> WordScore {
    return [&](const PenSteps& steps, size_t from, size_t to, const int32_t* chars, int n) {
      WordRead r{from, to, {chars, chars + n}, {steps.begin() + std::ptrdiff_t(from), steps.begin() + std::ptrdiff_t(to)}, 0};
      r.score = judge(r);
      reads.push_back(r);
      return r.score;
    };
  };
  o.seed = seed;
  return pen_sample(net, 2, {{0, 1, 4, 2, 3, 4, 0, 1}}, {}, {}, o);
}

bool steps_same(const PenSteps& a, const PenSteps& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const PenStep& x, const PenStep& y) {
    return x.dx == y.dx && x.dy == y.dy && x.eos == y.eos;
  });
}

TEST(PenWordCheck, WordsReadWellChangeNothing) {
  Network<float> net = synthesis_net(std::log(0.25f));
  std::vector<WordRead> reads;
  const auto checked = words_sample(net, 3, 1.0, [](const WordRead&) { return 0.0; }, reads);
  PenSampleOptions o;
  o.seed = 5;
  const auto plain = pen_sample(net, 2, {{0, 1, 4, 2, 3, 4, 0, 1}}, {}, {}, o);
  EXPECT_TRUE(steps_same(checked[0].steps, plain[0].steps));
  EXPECT_EQ(checked[0].word_redraws, 0);
  // Each word read once, in order, its steps following the last's; the
  // characters read cover the text but its spaces between them.
  ASSERT_GE(reads.size(), 2u);
  std::vector<int32_t> said;
  for (size_t i = 0; i < reads.size(); ++i) {
    EXPECT_LT(reads[i].from, reads[i].to);
    if (i > 0) {
      EXPECT_EQ(reads[i].from, reads[i - 1].to + 1);  // the move to a word is not read
    }
    said.insert(said.end(), reads[i].chars.begin(), reads[i].chars.end());
    if (i + 1 < reads.size()) {
      said.push_back(4);
      EXPECT_EQ(checked[0].steps[reads[i].to - 1].eos, 1.f);  // a word ends where the pen lifts
    }
  }
  EXPECT_EQ(said, (std::vector<int32_t>{0, 1, 4, 2, 3, 4, 0, 1}));
  EXPECT_EQ(reads.back().to, checked[0].steps.size());
}

// A read ends at the last lift before the focus passes the space after its
// words; when the pen has not lifted since the read began by the time the
// focus passes a space, the words on both sides of it are read as one.
TEST(PenWordCheck, WordsThePenJoinsAreReadAsOne) {
  Network<float> net = synthesis_net(std::log(0.25f));
  // The pen lifts after a step with probability 0.1 (eq 18): often not within a word.
  const auto& hidden = net.config().hidden;  // all layers feed the output (eq 7)
  const int Y = net.config().output_size, S = std::accumulate(hidden.begin(), hidden.end(), 0);
  net.param("out.b")[0] = std::log(9.f);
  float* w = net.param("out.w");
  for (int k = 0; k < S; ++k) w[size_t(k) * Y] = 0.f;
  net.params_changed();
  int joined = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    std::vector<WordRead> reads;
    const PenSample s = words_sample(net, 3, 1.0, [](const WordRead&) { return 0.0; }, reads, seed)[0];
    // The first step whose focus is past text position p (nothing read is
    // drawn again: the focus of the line is that of the draws read).
    auto passed = [&](int p) {
      size_t t = 0;
      while (t < s.focus.size() && s.focus[t] <= p) ++t;
      return t;
    };
    auto lifts = [&](size_t a, size_t b) {  // lifts at steps [a, b]
      int n = 0;
      for (size_t t = a; t <= b && t < s.steps.size(); ++t) n += s.steps[t].eos >= 0.5f;
      return n;
    };
    int word = 0;       // the read's first character in the text
    size_t since = 1;   // the first step its draw saw (the one after the last read was settled)
    for (size_t i = 0; i < reads.size(); ++i) {
      const int end = word + int(reads[i].chars.size());  // the space after its words (or the text's end)
      for (int q = word; q < end; ++q) {
        if (reads[i].chars[size_t(q - word)] != 4) continue;
        ++joined;
        EXPECT_EQ(lifts(since, passed(q)), 0) << "seed " << seed << ": a lift before the focus passed " << q;
      }
      if (i + 1 == reads.size()) break;
      const size_t cross = passed(end);
      EXPECT_EQ(s.steps[reads[i].to - 1].eos, 1.f) << "seed " << seed;
      EXPECT_GE(reads[i].to - 1, since) << "seed " << seed;
      EXPECT_LE(reads[i].to - 1, cross) << "seed " << seed;
      EXPECT_EQ(lifts(reads[i].to, cross), 0) << "seed " << seed << ": not the last lift before the focus passed " << end;
      word = end + 1, since = cross + 1;
    }
  }
  EXPECT_GE(joined, 5);  // some words were joined
}

TEST(PenWordCheck, AWordReadBadlyIsDrawnAgainFromItsStart) {
  Network<float> net = synthesis_net(std::log(0.25f));
  std::vector<WordRead> reads;
  std::vector<size_t> starts;  // each word's first draw fails
  const auto s = words_sample(net, 3, 1.0, [&](const WordRead& r) {
    const bool first = std::find(starts.begin(), starts.end(), r.from) == starts.end();
    if (first) starts.push_back(r.from);
    return first ? 2.0 : 0.5;
  }, reads);
  ASSERT_GE(starts.size(), 2u);
  EXPECT_EQ(s[0].word_redraws, int(starts.size()));
  EXPECT_EQ(reads.size(), 2 * starts.size());
  EXPECT_TRUE(s[0].finished);
  for (size_t i = 0; i < reads.size(); i += 2) {
    EXPECT_EQ(reads[i].from, reads[i + 1].from);  // drawn again from the same start...
    EXPECT_FALSE(steps_same(reads[i].steps, reads[i + 1].steps));  // ...with other random numbers
    // The second draw is the one kept.
    const PenSteps kept(s[0].steps.begin() + std::ptrdiff_t(reads[i + 1].from), s[0].steps.begin() + std::ptrdiff_t(reads[i + 1].to));
    EXPECT_TRUE(steps_same(kept, reads[i + 1].steps));
  }
}

TEST(PenWordCheck, OutOfDrawsTheBestReadIsKept) {
  Network<float> net = synthesis_net(std::log(0.25f));
  std::vector<WordRead> reads;
  // Nothing passes; the score: the sum of the word's dx.
  const auto s = words_sample(net, 3, -1e9, [](const WordRead& r) {
    double v = 0;
    for (const PenStep& p : r.steps) v += p.dx;
    return v;
  }, reads);
  ASSERT_EQ(reads.size() % 4, 0u);  // every word drawn 1 + 3 times
  EXPECT_EQ(s[0].word_redraws, int(reads.size() / 4 * 3));
  for (size_t i = 0; i < reads.size(); i += 4) {
    const auto best = std::min_element(reads.begin() + std::ptrdiff_t(i), reads.begin() + std::ptrdiff_t(i + 4),
                                       [](const WordRead& a, const WordRead& b) { return a.score < b.score; });
    for (size_t k = i; k < i + 4; ++k) EXPECT_EQ(reads[k].from, reads[i].from);
    const PenSteps kept(s[0].steps.begin() + std::ptrdiff_t(best->from), s[0].steps.begin() + std::ptrdiff_t(best->to));
    EXPECT_TRUE(steps_same(kept, best->steps));
  }
}

// A word's draws may run side by side in idle rows of the batch (a line alone
// has room for several): the line is the one its draws give one after the
// other in a single row (seqgen serve's way), whatever the lines beside it.
TEST(PenWordCheck, DrawsSideBySideGiveTheLineDrawnOneAfterTheOther) {
  Network<float> net = synthesis_net(std::log(0.25f));
  const std::vector<int32_t> text{0, 1, 4, 2, 3, 4, 0, 1, 4, 2, 2, 1, 0, 4, 3, 1};
  // A score of the steps alone (not of the order of reading): most draws fail.
  const WordScore score = [](const PenSteps& steps, size_t from, size_t to, const int32_t*, int) {
    double v = 0;
    for (size_t i = from; i < to; ++i) v += 1000.0 * std::abs(steps[i].dx) + steps[i].eos;
    return v - std::floor(v);
  };
  PenSampleOptions o;
  o.word_space = 4, o.word_retries = 3, o.word_max = 0.3;
  o.word_reader = [&] { return score; };
  int redrawn = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    // One row, draws one after the other.
    FastNet f(net, o.weights);
    std::vector<int32_t> chars = text;
    f.reset(1, chars.data(), int(chars.size()));
    const PenSteps prime;  // outlives the line
    PenLine line(prime, 0, text, o.bias, seed, 2, net.config().output_size, net.config().window_mixtures, o);
    PenWordCheck check(text, 0, o, seed, &score);
    float x[3];
    while (!line.done()) {
      line.input(x);
      f.step(x);
      line.advance(f.output(), f.window_abk());
      check.after_step(line, f, 0);
    }
    const PenSample one = line.finish();
    redrawn += check.redraws();
    // Alone in a batch (idle rows take draws), and among others.
    o.seeds = {seed};
    const auto alone = pen_sample(net, 2, {text}, {}, {}, o);
    o.seeds = {11, seed, 12, 13, 14, 15};
    const auto among = pen_sample(net, 2, {{0, 1}, text, {2, 4, 3}, {1, 1, 4, 0}, {3}, {2, 2, 4, 1}}, {}, {}, o);
    for (const PenSample* s : {&alone[0], &among[1]}) {
      EXPECT_TRUE(steps_same(s->steps, one.steps)) << "seed " << seed;
      EXPECT_EQ(s->word_redraws, check.redraws()) << "seed " << seed;
    }
  }
  EXPECT_GE(redrawn, 40);  // many words drawn again
}

}  // namespace
}  // namespace seqgen
