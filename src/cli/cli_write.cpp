// seqgen write "text" -o out.svg: handwriting for a text (§5), one line per
// newline (or wrapped to --wrap characters), all lines in one style; bias,
// style, colour and width per line from comma-separated lists or a JSON Lines
// file; pictures, stroke data or plotter files by the output's extension.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "cli/cli.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/progress.hpp"
#include "core/text_quote.hpp"
#include "core/utf8.hpp"
#include "seqgen/render.hpp"
#include <nlohmann/json.hpp>

#include "seqgen/output.hpp"
#include "seqgen/writer.hpp"

namespace seqgen {
namespace {

struct WriteArgs {
  std::string text, file, out, model;
  WriteOptions opt;
  int wrap = 60;  // the training lines are rarely longer; the network has not learnt much longer ones
  // One value for all lines or one per line (after wrapping).
  std::string biases = "0.75", widths = "2", styles, colors = "#000000";
  std::string unknown = "skip", page_size = "297x210";
  OutputOptions out_opt;
  bool straight = false;
  bool check = false;
  bool quiet = false;
};

// A line of a JSON Lines input: {"text": "...", "bias": 1, "style": "3",
// "color": "red", "width": 2}; fields left out take the command line's values.
struct JsonLine {
  std::string text;
  nlohmann::json fields;
};

std::vector<JsonLine> jsonl_read(const std::string& path, const std::string& body) {
  std::vector<JsonLine> out;
  std::stringstream ss(body);
  std::string line;
  for (int n = 1; std::getline(ss, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      fail("{}: line {}: not valid JSON ({})", path, n, e.what());
    }
    if (!j.is_object() || !j.contains("text") || !j["text"].is_string())
      fail("{}: line {}: expected {{\"text\": \"...\"}} with optional bias, style, color, width", path, n);
    for (auto& [k, v] : j.items()) {
      const bool ok = k == "text" || ((k == "bias" || k == "width") && v.is_number()) ||
                      ((k == "style" || k == "color") && (v.is_string() || (k == "style" && v.is_number_integer())));
      if (!ok) fail("{}: line {}: field \"{}\" is unknown or of the wrong type", path, n, k);
    }
    out.push_back({j["text"], j});
  }
  return out;
}

// A comma-separated list: one value for every line, or one per line.
std::vector<std::string> per_line(const std::string& list, size_t n, const char* option) {
  std::vector<std::string> v;
  std::stringstream ss(list);
  for (std::string x; std::getline(ss, x, ',');) v.push_back(x);
  if (list.empty() || list.back() == ',') v.push_back("");
  if (v.size() == 1) return std::vector<std::string>(n, v[0]);
  if (v.size() != n) fail("{}: {} values for {} lines (give one, or one per line)", option, v.size(), n);
  return v;
}

std::vector<double> per_line_numbers(const std::string& list, size_t n, const char* option) {
  std::vector<double> out;
  for (const std::string& x : per_line(list, n, option)) {
    size_t used = 0;
    double v = NAN;
    try {
      v = std::stod(x, &used);
    } catch (const std::exception&) {
    }
    if (used == 0 || used != x.size() || !std::isfinite(v)) fail("{}: {} is not a number", option, text_quoted(x));
    out.push_back(v);
  }
  return out;
}

int chars_count(const std::string& s) { return int(utf8_chars(s)); }

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
  for (int k : ks) out += (out.empty() ? "" : ", ") + text_quoted(word_at(line, k));
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
    if (!a.words_lingered.empty())
      std::fprintf(stderr, "warning: line %zu: the window lingered on %s for many times the steps it needs (letters "
                   "drawn over or repeated?)\n", i + 1, words_quoted(lines[i], a.words_lingered).c_str());
    if (a.pace_unusual())
      std::fprintf(stderr, "warning: line %zu: drawn at %.1f steps per character, %.1fx the pace of the training "
                   "lines (scrawled, or letters drawn over?)\n", i + 1, a.steps_per_char, a.pace());
    if (a.tail_too_long())
      std::fprintf(stderr, "warning: line %zu: %d steps drawn after the window reached the end (%.1f steps per "
                   "character): the end may be written twice\n", i + 1, a.tail, a.steps_per_char);
    if (all)
      std::fprintf(stderr, "line %zu: %d steps, %d/%zu words read, %zu rushed, %zu lingered (longest %.1fx), end "
                   "reached at step %d, tail %d steps (%.1f per character, pace %.2f), %d words redrawn for the "
                   "reader %s\n", i + 1, a.steps,
                   a.words - int(a.words_skipped.size()), size_t(a.words), a.words_rushed.size(),
                   a.words_lingered.size(), a.linger, a.last_read, a.tail, a.steps_per_char, a.pace(),
                   rep.word_redraws[i], a.suspect() ? "SUSPECT" : "ok");
  }
  if (all) std::fprintf(stderr, "check: %d of %zu lines suspect\n", bad, lines.size());
}

void write_run(WriteArgs& a) {
  if (a.out != "-") lines_output_check(a.out);  // before anything is drawn
  std::string text = a.text;
  if (a.file == "-") {
    std::stringstream ss;
    ss << std::cin.rdbuf();
    text = ss.str();
  } else if (!a.file.empty()) {
    text = file_read(a.file, kTextFileMax, "text file");  // a folder or a device is refused by name
  }
  const bool jsonl = a.file.size() > 6 && a.file.compare(a.file.size() - 6, 6, ".jsonl") == 0;
  std::vector<JsonLine> given = jsonl ? jsonl_read(a.file, text) : std::vector<JsonLine>{};
  std::vector<std::string> lines;
  if (jsonl) {
    for (const JsonLine& l : given) lines.push_back(l.text);
  } else {
    lines = lines_split(text, a.wrap);
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
  }
  if (lines.empty()) fail("nothing to write: {} is empty", a.file.empty() ? "the text" : a.file);
  const size_t n = lines.size();
  a.opt.biases = per_line_numbers(a.biases, n, "--bias");
  a.opt.styles = per_line(a.styles, n, "--style");
  const std::vector<std::string> colors = per_line(a.colors, n, "--color");
  const std::vector<double> widths = per_line_numbers(a.widths, n, "--stroke-width");
  a.out_opt.styles.clear();
  for (size_t i = 0; i < n; ++i) {
    StrokeStyle st{widths[i], colors[i], !a.straight};
    if (jsonl) {
      const nlohmann::json& f = given[i].fields;
      if (f.contains("bias")) a.opt.biases[i] = f["bias"];
      if (f.contains("style")) a.opt.styles[i] = f["style"].is_string() ? f["style"].get<std::string>() : f["style"].dump();
      if (f.contains("color")) st.color = f["color"];
      if (f.contains("width")) st.width = f["width"];
    }
    a.out_opt.styles.push_back(st);
  }
  a.opt.unknown = a.unknown == "space" ? UnknownChars::space : a.unknown == "error" ? UnknownChars::error : UnknownChars::skip;
  PlotterOptions& pl = a.out_opt.plotter;
  if (std::sscanf(a.page_size.c_str(), "%lfx%lf", &pl.page_width, &pl.page_height) != 2)
    fail("--page: expected WIDTHxHEIGHT in mm (e.g. 297x210), not {}", text_quoted(a.page_size));
  auto t0 = std::chrono::steady_clock::now();
  Writer w(a.model);
  WriteReport rep;
  std::vector<Strokes> strokes;
  {
    ProgressDisplay progress("write", "lines", a.quiet);
    a.opt.progress = [&](int done, int total) { progress.update(done, total); };
    strokes = w.write(lines, a.opt, &rep);
  }
  picture_output(a.out, [&](const std::string& path) { lines_write(path, lines, strokes, a.out_opt); });
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  for (auto& f : rep.folded) std::fprintf(stderr, "note: wrote %s\n", f.c_str());
  for (auto& f : rep.skipped)
    std::fprintf(stderr, "warning: %s %s: the model cannot write it\n",
                 a.opt.unknown == UnknownChars::space ? "wrote a space for" : "skipped", f.c_str());
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
  auto* c = app.add_subcommand("write", "handwriting for a text (.svg .png .pdf, .json strokes, .gcode, .hpgl)");
  c->add_option("text", a->text,
                fmt::format("the text; newlines start new lines; at most {} characters a line (after --wrap)",
                            kLineCharsMax));
  c->add_option("--file", a->file,
                "read the text from a file (- = standard input); a .jsonl file gives one line per JSON object: "
                "{\"text\": ..., \"bias\": ..., \"style\": ..., \"color\": ..., \"width\": ...}");
  c->add_option("-o,--output", a->out,
                "output: .svg, .png or .pdf (picture), .json (strokes, as --style reads them), .gcode/.nc or "
                ".hpgl/.plt (pen plotter); - = SVG on standard output")
      ->required();
  c->add_option("--model", a->model, "synthesis model (default: the shipped one)");
  c->add_option("--bias", a->biases,
                "probability bias b (§5.4): 0 = unbiased, 0.75 neat, 2 very regular; one, or one per line: 0.5,1,2")
      ->capture_default_str()
      ->check(number_list_check(0, false, 100));  // beyond 100 every σ of eq 61 is e^-100: nothing left to draw
  c->add_option("--jump-bias", a->opt.jump_bias,
                "bias of the pen's moves between strokes: the larger of this and --bias (0 = --bias alone, "
                "the paper's sampling; README, Legibility)")
      ->capture_default_str()
      ->check(number_range(0, 100));
  c->add_option("--rare-bias", a->opt.rare_bias,
                "bias of digits and capitals (from one letter before each): the larger of this and --bias "
                "(0 = --bias alone, the paper's sampling; README, Legibility)")
      ->capture_default_str()
      ->check(number_range(0, 100));
  c->add_option("--unknown", a->unknown,
                "a character the model cannot write, even folded (é -> e, ½ -> 1/2): skip (with a warning), space "
                "or error")
      ->check(CLI::IsMember({"skip", "space", "error"}))
      ->capture_default_str();
  c->add_option("--reader", a->opt.reader,
                "recogniser model that reads what is drawn (seqgen train recognizer; default: the model's own; none)");
  c->add_option("--reader-max", a->opt.reader_max,
                "with --word-retries 0: nats per character above which the reader fails a line's draw (default: the "
                "reader's own, else 1)")
      ->check(number_range(0, 1000));
  c->add_option("--word-retries", a->opt.word_retries,
                "redraws of a word the reader reads worse than --word-max once the window has moved on from it (0 = "
                "none: the reader reads whole lines)")
      ->capture_default_str()
      ->check(number_range(0, 100));
  c->add_option("--word-max", a->opt.word_max,
                "nats per character above which the reader redraws a word (default: the reader's own, else 0.5)")
      ->check(number_range(0, 1000));
  c->add_option("--retries", a->opt.retries, "redraws of a line that fails the check of how the window read it")
      ->capture_default_str()
      ->check(number_range(0, 100));
  c->add_option("--style", a->styles,
                "style to imitate: N (built-in style; default: one picked by --seed), none (each line its own), "
                "iam:<line id> (with --data) or a strokes file (.json, .svg); one, or one per line: 3,3,none");
  c->add_option("--data", a->opt.iam_root, "IAM-OnDB folder, for --style iam:<line id>");
  c->add_option("--style-text", a->opt.style_text,
                fmt::format("what the handwriting of a --style file says (SVG without <title>); at most {} characters",
                            kStyleTextCharsMax));
  c->add_option("--seed", a->opt.seed, "random seed (same seed = same handwriting)")->capture_default_str();
  c->add_option("--wrap", a->wrap,
                fmt::format("wrap lines longer than this many characters at spaces (0 = only at newlines); a line "
                            "is at most {} characters",
                            kLineCharsMax))
      ->capture_default_str()
      ->check(number_range(0, kLineCharsMax));
  c->add_option("--color", a->colors, "ink colour: #rrggbb or a name; one, or one per line: red,blue")
      ->capture_default_str();
  c->add_option("--stroke-width", a->widths, "pen width in px; one, or one per line")
      ->capture_default_str()
      ->check(number_list_check(0, true));
  c->add_option("--line-height", a->out_opt.page.line_height, "px per line of writing")
      ->capture_default_str()
      ->check(number_range(1, 10000));
  c->add_option("--max-width", a->out_opt.page.max_width, "page width limit in px")
      ->capture_default_str()
      ->check(number_range(1, 100000));
  PlotterOptions& p = a->out_opt.plotter;
  c->add_flag("--plotter", a->out_opt.plotter_svg,
              "SVG for a pen plotter: page in mm, no background, one path per stroke, one group per line");
  c->add_option("--page", a->page_size, "plotter page WIDTHxHEIGHT in mm")->capture_default_str();
  c->add_option("--page-margin", p.margin, "plotter page margin in mm")->capture_default_str()->check(number_range(0, 1000));
  c->add_option("--line-mm", p.line_height, "plotter: ink height of a line in mm")
      ->capture_default_str()
      ->check(number_check(0, true, 1000));
  c->add_option("--feed", p.feed, "plotter drawing speed in mm/min (G-code F; HPGL VS feed/600 cm/s)")
      ->capture_default_str()
      ->check(number_check(0, true, 1e6));
  c->add_option("--pen-down", p.pen_down, "G-code that lowers the pen (Z pen: \"G1 Z0 F1000\")")->capture_default_str();
  c->add_option("--pen-up", p.pen_up, "G-code that raises the pen (Z pen: \"G0 Z5\")")->capture_default_str();
  c->add_option("--pen-delay", p.pen_delay, "seconds to wait after each pen move (G4 P)")
      ->capture_default_str()
      ->check(number_range(0, 60));
  c->add_option("--pen-width", p.pen_width, "plotter SVG stroke width in mm")
      ->capture_default_str()
      ->check(number_check(0, true, 100));
  c->add_option("--weights", a->opt.weights, "the sampling step's matrices: bf16, or int8 (fewer bytes a step; the default where the CPU has AVX512-VNNI; README \"int8 weights\")")
      ->transform(CLI::CheckedTransformer(std::map<std::string, Weights>{{"bf16", Weights::bf16}, {"int8", Weights::int8}}))
      ->default_str(weights_default() == Weights::int8 ? "int8" : "bf16");
  c->add_option("--max-steps-per-char", a->opt.max_steps_per_char, "safety cap on steps per character")
      ->capture_default_str()
      ->check(number_range(1, kStepsPerCharMax));
  c->add_flag("--straight", a->straight, "draw straight segments between points instead of smooth curves");
  c->add_flag("--transparent", a->out_opt.page.transparent, "no background");
  c->add_flag("--check", a->check, "report, per line, how the window read the text (skipped words, long tails)");
  c->add_flag("-q,--quiet", a->quiet, "no progress display and no summary line (warnings still shown)");
  c->callback([a] {
    if (!a->text.empty() && !a->file.empty()) throw CLI::ValidationError("give the text or --file, not both");
    write_run(*a);
  });
}

}  // namespace seqgen
