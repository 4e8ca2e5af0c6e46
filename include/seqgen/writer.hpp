// Handwriting from text in your own program (paper §5):
//
//   seqgen::Writer w;                                  // the shipped model
//   seqgen::WriteOptions o; o.bias = 0.75;
//   std::vector<seqgen::Strokes> lines = w.write({"Hello", "world"}, o);
//   seqgen::lines_write_image(lines, {}, {}, "hello.svg");   // seqgen/render.hpp
//
// All lines of one call are written in one style: primed (§5.5) with the
// strokes of the style given, or of a built-in style picked by the seed; with
// style "none" each line picks its own, as unprimed samples do (§5.4). Bias
// and style may also be given per line.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "seqgen/error.hpp"
#include "seqgen/alignment.hpp"
#include "seqgen/strokes.hpp"
#include "seqgen/weights.hpp"

namespace seqgen {

// Limits on what one call writes (README "Limits"). A line's steps grow with
// its characters (about 25 a character, at most max_steps_per_char), so a
// longer line is refused before anything is allocated or drawn; the memory a
// line takes while drawn is about 16 bytes a step.
inline constexpr int kLineCharsMax = 200;        // characters of a line (after folding: ½ is 3)
inline constexpr int kStyleTextCharsMax = 400;   // characters of what a style's strokes say
inline constexpr int kStepsPerCharMax = 1000;    // WriteOptions::max_steps_per_char at most

// What to do with a character the model cannot write, even folded (é -> e,
// ½ -> 1/2, ﬁ -> fi): leave it out, write a space instead, or refuse the text.
enum class UnknownChars { skip, space, error };

struct WriteOptions {
  double bias = 0.75;        // probability bias b (§5.4): 0 = unbiased, larger = neater
  std::vector<double> biases;  // one per line (or one for all); empty = `bias` for every line
  // Bias of the pen's moves between strokes: max(line's bias, jump_bias).
  // Where the pen lands after a lift decides whether an x is crossed and an H
  // gets its second bar; 0 = the strokes' bias (the paper's §5.4 sampling).
  double jump_bias = 2;
  // Bias while the window is on a digit or a capital, or one letter before
  // one: max(line's bias, rare_bias). IAM-OnDB's text has few of them and the
  // network draws them least surely; 0 = the line's bias (the paper's).
  double rare_bias = 3;
  uint64_t seed = 1;         // same seed, text and options: same handwriting
  // "" = a built-in style picked by the seed; "none" = unprimed, each line its
  // own; "N" = the model's built-in style N; "iam:<line id>" = a line of
  // IAM-OnDB (needs iam_root); otherwise a strokes file: JSON or SVG
  // (data/strokes_file.hpp).
  std::string style;
  // One per line (or one for all); empty = `style` for every line. Lines that
  // share a style are written in one hand.
  std::vector<std::string> styles;
  // What a strokes file's handwriting says, when the file does not say it
  // (an SVG without <title>) or says it wrongly.
  std::string style_text;
  // Strokes to imitate held in memory (an upload), read as a strokes file
  // would be; `style` then only names them in messages.
  Strokes style_strokes;
  std::string iam_root;
  int max_steps_per_char = 60;  // safety cap on a line that never reaches its end (1..kStepsPerCharMax)
  int retries = 2;              // redraws of a line whose check fails (seqgen/alignment.hpp)
  // A recogniser that reads what is drawn (`seqgen train recognizer`): ""
  // = the one the model carries (`seqgen pack --reader`), if any; "none" = no
  // reader; else a recogniser model file. It reads each word once the window
  // has moved on from it: a word it reads at more than word_max nats per
  // character is drawn again from where it began, up to word_retries times
  // (then the best read draw is kept). With word_retries 0 it reads each
  // line once drawn instead: a draw read at more than reader_max fails the
  // check like a suspect one, and a line none of whose draws passes keeps
  // the one it reads best. Unset, word_max and reader_max are the reader's
  // own (`seqgen pack --word-max`, in its nats per character), else 0.5 and
  // 1.0 (set for the shipped reader).
  std::string reader;
  int word_retries = 6;
  std::optional<double> word_max;
  std::optional<double> reader_max;
  // Called as lines are finished: lines done of all (e.g. for a progress display).
  std::function<void(int done, int total)> progress;
  UnknownChars unknown = UnknownChars::skip;
  Weights weights = weights_default();  // how the network's matrices are stored while drawing (seqgen/weights.hpp)
};

struct WriteReport {
  std::vector<std::string> folded;   // characters written as a fallback ("é -> e")
  std::vector<std::string> skipped;  // characters left out or spaced ("'%' (U+0025) at line 1, position 3")
  std::vector<int> unfinished;       // lines stopped by the cap, not by the end rule
  std::vector<LineAlignment> alignment;  // per line: how the window read it (empty line: default)
  std::vector<int> draws;            // per line: times drawn (more than 1: earlier draws failed the check)
  std::vector<int> word_redraws;     // per line: words of the draw kept drawn again (the reader read them badly)
};

class Writer {
 public:
  explicit Writer(const std::string& model_path = "");  // "" = the shipped model
  ~Writer();
  // One Strokes per text line (an empty line gives an empty Strokes). Throws
  // seqgen::Error naming a character the model cannot write (with
  // UnknownChars::error), a line or style text over its limit, or an option
  // with the wrong number of values or out of range.
  std::vector<Strokes> write(const std::vector<std::string>& lines, const WriteOptions& opt,
                             WriteReport* report = nullptr);
  int styles() const;  // built-in styles in the model
  const std::string& model_path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace seqgen
