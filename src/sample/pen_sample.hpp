// Drawing handwriting from a trained network, one pen step at a time.
//  - prediction network (§4.3): a fixed number of steps;
//  - synthesis network (§5.3-5.5): given each line's text, until the end rule
//    φ(t, U+1) > φ(t, u) for all u ≤ U fires (with a safety cap), optionally
//    primed with real strokes and their text (§5.5: c' = c + s, inputs
//    clamped to the priming strokes), with the probability bias b (§5.4).
//    The rule often fires with the pen down. Lifting it there cuts the last
//    letter ("lake" ends "lako", a t loses its bar), so the stroke is finished
//    first. But after a line's final punctuation mark the pen often lands for
//    a next word (few IAM lines end in one): a stroke begun once the final
//    marks' strokes were drawn (alphabet_mark_strokes; all of a run such as
//    `!"`) is dropped instead. The window often lags the pen there (the dot
//    of "dog." drawn while φ still peaks on the g), so their strokes are
//    counted from when φ on them reaches kPenMarkReached of φ's peak, not
//    from when they hold the peak. In a line without final marks, a stroke
//    begun right of all the line's ink once φ past the text had reached
//    kPenMarkReached of its peak over the text is dropped too (a bar after
//    "1999" for a digit not there); one begun further left is the last
//    letter's (a t's bar, drawn late).
//    The move after a pen lift may be drawn at a larger bias than the
//    strokes (jump_bias): where the pen lands decides whether an x is crossed
//    or an H gets its second bar, and an unlikely landing garbles a letter
//    that a shaky stroke would not (README, Legibility).
//    The strokes of rare characters (digits, capitals) may be drawn at a
//    larger bias too (rare_bias): the window's focus reaches a letter after
//    the pen has begun it, so the bias starts one letter early.
// Lines of a batch are drawn together (one matrix product per layer and step
// for all of them), each deciding its own steps (pen_line.hpp). A line's
// strokes depend on its seed, not on the lines drawn with it. Steps are in
// the network's normalised units.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "nn/network.hpp"
#include "seqgen/iam_ondb.hpp"
#include "seqgen/strokes.hpp"
#include "seqgen/weights.hpp"

namespace seqgen {

// Σ φ(t, u) over the line's final marks ≥ kPenMarkReached · max_u φ(t, u):
// the window has reached them (their strokes are counted from the next
// stroke begun); φ(t, U+1) ≥ kPenMarkReached · max_u φ(t, u): it has left the
// text (a stroke begun then is not the text's).
constexpr float kPenMarkReached = 0.5f;

// Nats per character of chars[0..n) (writer alphabet) as a reader reads
// steps[from..to) (the writer's normalised steps); lower is better; NaN if
// the reader cannot spell them (no say), +inf if too few steps for them.
using WordScore = std::function<double(const PenSteps& steps, size_t from, size_t to, const int32_t* chars, int n)>;

struct PenSampleOptions {
  double bias = 0;         // b of eqs 61-62
  // Synthesis: b of the move after a pen lift (to where the next stroke
  // begins) is max(b, jump_bias); 0 = as every other step (the paper's).
  double jump_bias = 0;
  // Synthesis: b while the window's focus (φ's peak) is on a rare character
  // or the one before it is max(b, rare_bias) (the move after a lift:
  // max(b, jump_bias, rare_bias)); rare_chars: per character 1 if rare
  // (empty: none).
  double rare_bias = 0;
  std::vector<uint8_t> rare_chars;
  std::vector<double> biases;  // synthesis: b per line of `texts` (empty: bias for all)
  uint64_t seed = 1;
  std::vector<uint64_t> seeds;  // per line of `texts`: its random numbers (empty: pen_line_seed(seed, line))
  int steps = 700;         // prediction network: steps to draw
  int max_steps_per_char = 60;  // synthesis safety cap: this many steps per character (+ 100)
  bool keep_phi = false;   // record φ(t, u) for the window picture (Fig. 13)
  bool keep_outputs = false;  // record ŷ_t for the density picture (Fig. 10/14)
  // synthesis: most steps drawn to finish the stroke in progress at the end
  // rule (0: the paper's rule alone, nothing finished or dropped)
  int finish_steps = 40;
  std::vector<int> mark_strokes;  // synthesis: per character, alphabet_mark_strokes (empty: none)
  StepStats stats;  // synthesis: of the network's steps (where on the line the pen is)
  // Synthesis with the packed steps: words read badly are drawn again
  // (pen_word_check.hpp). word_reader gives each thread its reader (empty:
  // no word check); a word reading worse than word_max nats per character is
  // drawn again up to word_retries times; word_space: the alphabet's space.
  std::function<WordScore()> word_reader;
  int word_retries = 0;
  double word_max = 0;
  int word_space = -1;
  bool fast = true;        // packed steps (fast_net.hpp), else the training forward
  Weights weights = weights_default();  // of the packed steps
};

struct PenSample {
  PenSteps steps;              // drawn steps (priming steps excluded)
  bool finished = false;       // synthesis: the end rule fired before the cap
  std::vector<float> phi;      // steps x (U+1), if kept
  // Synthesis, always: per row of φ, the position u of its largest weight
  // (4 bytes a step, where φ's rows grow with the text: what the check of
  // seqgen/alignment.hpp reads).
  std::vector<int32_t> focus;
  std::vector<float> outputs;  // steps x Y, if kept
  int word_redraws = 0;        // words drawn again (PenSampleOptions::word_reader)
};

// texts: one per line (alphabet indices; empty for a prediction network, where
// texts.size() is the number of samples). prime_steps/prime_text may be empty.
std::vector<PenSample> pen_sample(Network<float>& net, int mixtures, const std::vector<std::vector<int32_t>>& texts,
                                  const PenSteps& prime_steps, const std::vector<int32_t>& prime_text,
                                  const PenSampleOptions& opt);

}  // namespace seqgen
