// seqgen write "text" -o out.svg: handwriting for a text (§5), one line per
// newline (or wrapped to --wrap characters), all lines in one style.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/cli.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "seqgen/render.hpp"
#include "seqgen/writer.hpp"

namespace seqgen {
namespace {

struct WriteArgs {
  std::string text, file, out, model;
  WriteOptions opt;
  int wrap = 60;  // the training lines are rarely longer; the network has not learnt much longer ones
  StrokeStyle style;
  PageOptions page;
  bool straight = false;
  bool check = false;
  bool quiet = false;
};

int chars_count(const std::string& s) {
  int n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;  // UTF-8 lead bytes
  return n;
}

std::vector<std::string> lines_split(const std::string& text, int wrap) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (wrap <= 0 || chars_count(line) <= wrap) {
      out.push_back(line);
      continue;
    }
    std::stringstream ws(line);
    std::string word, cur;
    while (ws >> word) {
      if (!cur.empty() && chars_count(cur) + 1 + chars_count(word) > wrap) out.push_back(cur), cur.clear();
      cur += (cur.empty() ? "" : " ") + word;
    }
    out.push_back(cur);
  }
  return out;
}

std::string word_at(const std::string& line, int k) {
  std::stringstream ss(line);
  std::string w;
  for (int i = 0; ss >> w; ++i)
    if (i == k) return w;
  return "?";
}

std::string words_quoted(const std::string& line, const std::vector<int>& ks) {
  std::string out;
  for (int k : ks) out += (out.empty() ? "'" : ", '") + word_at(line, k) + "'";
  return out;
}

// Warnings for lines whose window skipped a word or lingered at the end, or
// that were drawn at an unusual pace (seqgen/alignment.hpp), and notes for
// lines drawn again; with --check, one line of figures per text line.
void alignment_print(const std::vector<std::string>& lines, const WriteReport& rep, bool all) {
  int bad = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const LineAlignment& a = rep.alignment[i];
    if (a.words == 0) continue;
    bad += a.suspect();
    if (rep.draws[i] > 1)
      std::fprintf(stderr, "note: line %zu drawn %d times: %s\n", i + 1, rep.draws[i],
                   a.suspect() ? "every draw failed the check, the first is kept" : "earlier draws failed the check");
    if (!a.words_skipped.empty())
      std::fprintf(stderr, "warning: line %zu: the window never read %s (skipped?)\n", i + 1,
                   words_quoted(lines[i], a.words_skipped).c_str());
    if (!a.words_rushed.empty())
      std::fprintf(stderr, "warning: line %zu: the window swept over %s in too few steps (scrawled?)\n", i + 1,
                   words_quoted(lines[i], a.words_rushed).c_str());
    if (a.pace_unusual())
      std::fprintf(stderr, "warning: line %zu: drawn at %.1f steps per character, %.1fx the pace of the training "
                   "lines (scrawled, or letters drawn over?)\n", i + 1, a.steps_per_char, a.pace());
    if (a.tail_too_long())
      std::fprintf(stderr, "warning: line %zu: %d steps drawn after the window reached the end (%.1f steps per "
                   "character): the end may be written twice\n", i + 1, a.tail, a.steps_per_char);
    if (all)
      std::fprintf(stderr, "line %zu: %d steps, %d/%zu words read, %zu rushed, end reached at step %d, tail %d "
                   "steps (%.1f per character, pace %.2f) %s\n", i + 1, a.steps, a.words - int(a.words_skipped.size()),
                   size_t(a.words), a.words_rushed.size(), a.last_read, a.tail, a.steps_per_char, a.pace(),
                   a.suspect() ? "SUSPECT" : "ok");
  }
  if (all) std::fprintf(stderr, "check: %d of %zu lines suspect\n", bad, lines.size());
}

void write_run(WriteArgs& a) {
  std::string text = a.text;
  if (!a.file.empty()) {
    std::stringstream ss;
    if (a.file == "-") {
      ss << std::cin.rdbuf();
    } else {
      std::ifstream in(a.file);
      if (!in) fail("{}: cannot open", a.file);
      ss << in.rdbuf();
    }
    text = ss.str();
  }
  std::vector<std::string> lines = lines_split(text, a.wrap);
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty()) fail("nothing to write: the text is empty");
  auto t0 = std::chrono::steady_clock::now();
  Writer w(a.model);
  WriteReport rep;
  std::vector<Strokes> strokes;
  {
    ProgressDisplay progress("write", "lines", a.quiet);
    a.opt.progress = [&](int done, int total) { progress.update(done, total); };
    strokes = w.write(lines, a.opt, &rep);
  }
  a.style.smooth = !a.straight;
  picture_output(a.out, [&](const std::string& path) { lines_write_image(strokes, a.page, a.style, path); });
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  for (auto& f : rep.folded) std::fprintf(stderr, "note: wrote %s\n", f.c_str());
  for (int l : rep.unfinished)
    std::fprintf(stderr, "warning: line %d did not reach its end within the step limit\n", l + 1);
  alignment_print(lines, rep, a.check);
  if (!a.quiet)
    std::fprintf(stderr, "wrote %s: %zu lines in %.0f ms (model %s)\n", picture_name(a.out).c_str(), lines.size(), ms,
                 w.model_path().c_str());
}

}  // namespace

void cli_write_register(CLI::App& app) {
  auto a = std::make_shared<WriteArgs>();
  auto* c = app.add_subcommand("write", "handwriting for a text (.svg, .png or .pdf)");
  c->add_option("text", a->text, "the text; newlines start new lines");
  c->add_option("--file", a->file, "read the text from a file (- = standard input)");
  c->add_option("-o,--output", a->out, kPictureHelp)->required();
  c->add_option("--model", a->model, "synthesis model (default: the shipped one)");
  c->add_option("--bias", a->opt.bias, "probability bias b (§5.4): 0 = unbiased, 0.75 neat, 2 very regular")
      ->capture_default_str()
      ->check(kNonNegative);
  c->add_option("--retries", a->opt.retries, "redraws of a line that fails the check of how the window read it")
      ->capture_default_str()
      ->check(kNonNegative);
  c->add_option("--style", a->opt.style,
                "style to imitate: N (built-in style; default: one picked by --seed), none (each line its own), "
                "iam:<line id> (with --data) or a strokes file (.json, .svg)");
  c->add_option("--data", a->opt.iam_root, "IAM-OnDB folder, for --style iam:<line id>");
  c->add_option("--style-text", a->opt.style_text, "what the handwriting of a --style file says (SVG without <title>)");
  c->add_option("--seed", a->opt.seed, "random seed (same seed = same handwriting)")->capture_default_str();
  c->add_option("--wrap", a->wrap, "wrap lines longer than this many characters (0 = only at newlines)")
      ->capture_default_str()
      ->check(kNonNegative);
  c->add_option("--color", a->style.color, "ink colour: #rrggbb or a name")->capture_default_str();
  c->add_option("--stroke-width", a->style.width, "pen width in px")->capture_default_str();
  c->add_option("--line-height", a->page.line_height, "px per line of writing")->capture_default_str();
  c->add_option("--max-width", a->page.max_width, "page width limit in px")->capture_default_str();
  c->add_option("--max-steps-per-char", a->opt.max_steps_per_char, "safety cap on steps per character")
      ->capture_default_str()
      ->check(kPositive);
  c->add_flag("--straight", a->straight, "draw straight segments between points instead of smooth curves");
  c->add_flag("--transparent", a->page.transparent, "no background");
  c->add_flag("--check", a->check, "report, per line, how the window read the text (skipped words, long tails)");
  c->add_flag("-q,--quiet", a->quiet, "no progress display and no summary line (warnings still shown)");
  c->callback([a] {
    if (!a->text.empty() && !a->file.empty()) throw CLI::ValidationError("give the text or --file, not both");
    write_run(*a);
  });
}

}  // namespace seqgen
