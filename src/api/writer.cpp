#include "seqgen/writer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include "api/pen_model.hpp"
#include "api/pen_reader.hpp"
#include "api/write_plan.hpp"
#include "core/error.hpp"
#include "core/text_quote.hpp"
#include "core/utf8.hpp"
#include "data/pen_data.hpp"
#include "data/strokes_file.hpp"
#include "sample/pen_prime.hpp"

namespace seqgen {
namespace {

constexpr int kBatchMax = 16;  // lines drawn together (one style, one product per step)

}  // namespace

struct Writer::Impl {
  PenModel m;
  std::optional<PenModel> reader;  // the last WriteOptions::reader file loaded

  // WriteOptions::reader: "" the model's own (if it carries one), "none" none, else a recogniser file.
  PenModel* reader_for(const std::string& r) {
    if (r == "none") return nullptr;
    if (r.empty()) return m.reader.get();
    if (!reader || reader->path != r) reader = pen_model_load(r, "recognizer");
    return &*reader;
  }
};

Writer::Writer(const std::string& model_path) : impl_(new Impl{pen_model_load(model_path, "synthesis"), {}}) {}
Writer::~Writer() = default;

const std::string& Writer::model_path() const { return impl_->m.path; }

int Writer::styles() const {
  const auto& info = impl_->m.model.header.info;
  return info.contains("styles") ? int(info["styles"].size()) : 0;
}

namespace {

// Refused before it is decoded or drawn: `what` has more than `max` characters.
void text_length_check(const std::string& text, int max, const std::string& what) {
  if (const size_t n = utf8_chars(text); n > size_t(max))
    fail("{} is too long: {} characters, at most {} (it begins {})", what, n, max, text_quoted(text, 20));
}

// Built-in style k, a line of IAM-OnDB or a strokes file (WriteOptions::style).
WritePrime prime_load(PenModel& m, const std::string& s, int styles, const WriteOptions& opt) {
  WritePrime prime;
  const bool upload = !opt.style_strokes.empty();  // strokes given in memory (seqgen serve)
  if (!upload && (s.empty() || s == "none")) return prime;
  if (!upload && s.find_first_not_of("0123456789") == std::string::npos) {
    // Digits only, so the one failure is a number too large for an int.
    int k = 0;
    if (std::from_chars(s.data(), s.data() + s.size(), k).ec != std::errc() || k >= styles) {
      if (styles == 0) fail("style {}: the model has no built-in styles", text_quoted(s));
      fail("style {}: the model has {} built-in styles (0..{})", text_quoted(s), styles, styles - 1);
    }
    const auto& js = m.model.header.info["styles"][k];
    prime.steps = style_steps_read(js.at("steps"));
    prime.text = alphabet_encode(m.alphabet, js.at("text").get<std::string>(), nullptr);
  } else if (!upload && s.rfind("iam:", 0) == 0) {
    if (opt.iam_root.empty()) fail("style {} needs the IAM-OnDB folder (--data)", s);
    IamOptions io;
    io.root = opt.iam_root;
    const IamLine line = iam_line_load(io, s.substr(4));
    text_length_check(line.text, kStyleTextCharsMax, "style " + text_quoted(s, 200) + ": its text");
    prime.steps = pen_steps_of(line.strokes);
    steps_normalise(prime.steps, m.stats);
    prime.text = alphabet_encode(m.alphabet, line.text, nullptr);
  } else {
    StrokesFile f = upload ? StrokesFile{"", opt.style_strokes} : strokes_file_read(s);
    if (!opt.style_text.empty()) f.text = opt.style_text;
    if (f.text.empty()) fail("{}: what does the handwriting say? Give it with --style-text (or an SVG <title>)", s);
    text_length_check(f.text, kStyleTextCharsMax, "style " + text_quoted(s, 200) + ": its text");
    prime.text = alphabet_encode(m.alphabet, f.text, nullptr);
    prime.steps = pen_steps_at_pace(f.strokes, prime.text.size(), m.stats, s);
  }
  const int32_t space = alphabet_encode(m.alphabet, " ", nullptr)[0];
  pen_prime_end(prime.steps, prime.text, alphabet_mark_strokes(m.alphabet), space);
  if (prime.text.size() > size_t(kStyleTextCharsMax))
    fail("style {}: its text has {} characters, at most {}", text_quoted(s, 200), prime.text.size(), kStyleTextCharsMax);
  return prime;
}

// One value for every line, or one per line; `name` says which option is wrong.
template <class T>
std::vector<T> per_line(const std::vector<T>& v, const T& all, size_t lines, const char* name) {
  if (v.empty()) return std::vector<T>(lines, all);
  if (v.size() == 1) return std::vector<T>(lines, v[0]);
  if (v.size() != lines) fail("{}: {} values for {} lines (give one, or one per line)", name, v.size(), lines);
  return v;
}

}  // namespace

WritePlan write_plan(PenModel& m, const PenModel* reader, int builtin_styles, const std::vector<std::string>& lines,
                     const WriteOptions& opt) {
  WritePlan p;
  if (!(opt.max_steps_per_char >= 1 && opt.max_steps_per_char <= kStepsPerCharMax))
    fail("max_steps_per_char must be 1..{}, not {}", kStepsPerCharMax, opt.max_steps_per_char);
  // Lines over the limit are refused before anything is decoded or drawn.
  for (size_t i = 0; i < lines.size(); ++i)
    text_length_check(lines[i], kLineCharsMax, fmt::format("line {}", i + 1));
  const auto space = m.alphabet.index.find(U' ');
  bool any = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::vector<int32_t> t = alphabet_encode(m.alphabet, lines[i], &p.notes, opt.unknown, int(i));
    if (t.size() > size_t(kLineCharsMax))
      fail("line {} has {} characters once folded (½ is 1/2), at most {}", i + 1, t.size(), kLineCharsMax);
    // A line of spaces only is a blank line: nothing to draw.
    if (space != m.alphabet.index.end() && std::all_of(t.begin(), t.end(), [&](int32_t c) { return c == space->second; }))
      t.clear();
    any = any || !t.empty();
    p.texts.push_back(std::move(t));
  }
  if (!any) fail("nothing to write: the text is empty or only spaces");
  p.sample.biases = per_line(opt.biases, opt.bias, lines.size(), "bias");
  for (double b : p.sample.biases)
    if (!(b >= 0)) fail("--bias must be >= 0, not {}", b);
  if (!(opt.jump_bias >= 0)) fail("--jump-bias must be >= 0, not {}", opt.jump_bias);
  if (!(opt.rare_bias >= 0)) fail("--rare-bias must be >= 0, not {}", opt.rare_bias);
  if (opt.retries < 0) fail("--retries must be >= 0, not {}", opt.retries);
  if (opt.word_retries < 0) fail("--word-retries must be >= 0, not {}", opt.word_retries);
  if (opt.word_max && !(*opt.word_max >= 0)) fail("--word-max must be >= 0, not {}", *opt.word_max);
  if (opt.reader_max && !(*opt.reader_max >= 0)) fail("--reader-max must be >= 0, not {}", *opt.reader_max);

  // No style given: a built-in one, picked by the seed, so that all lines of
  // a page share one hand (an unprimed line picks its own).
  std::vector<std::string> styles = per_line(opt.styles, opt.style, lines.size(), "style");
  if (!opt.style_strokes.empty()) styles.assign(lines.size(), opt.style);  // an upload: one style for the page
  for (std::string& s : styles)
    if (s.empty() && builtin_styles > 0 && opt.style_strokes.empty())
      s = std::to_string((opt.seed + uint64_t(builtin_styles) - 1) % uint64_t(builtin_styles));
  std::vector<std::string> distinct;
  for (const std::string& s : styles) {
    const auto it = std::find(distinct.begin(), distinct.end(), s);
    p.style.push_back(int(it - distinct.begin()));
    if (it == distinct.end()) distinct.push_back(s), p.primes.push_back(prime_load(m, s, builtin_styles, opt));
  }
  p.sample.bias = opt.bias;
  p.sample.jump_bias = opt.jump_bias;
  p.sample.rare_bias = opt.rare_bias;
  for (char32_t c : m.alphabet.chars)
    p.sample.rare_chars.push_back(char_class(c) == kDigit || char_class(c) == kCapital);
  p.sample.seed = opt.seed;
  p.sample.max_steps_per_char = opt.max_steps_per_char;
  p.sample.weights = opt.weights;
  p.sample.mark_strokes = alphabet_mark_strokes(m.alphabet);
  p.sample.stats = m.stats;
  p.sample.word_retries = opt.word_retries;
  // The defaults were set against the shipped reader's nats per character.
  const ReadInput* r = reader ? &reader->read_input : nullptr;
  p.sample.word_max = opt.word_max.value_or(r && r->word_max ? *r->word_max : 0.5);
  p.reader_max = opt.reader_max.value_or(r && r->reader_max ? *r->reader_max : 1.0);
  if (space != m.alphabet.index.end()) p.sample.word_space = space->second;
  return p;
}

std::vector<Strokes> write_finish(const PenModel& m, const WritePlan& p, const std::vector<CheckedLine>& drawn,
                                  WriteReport* report) {
  std::vector<Strokes> out(drawn.size());
  for (size_t i = 0; i < drawn.size(); ++i)
    if (drawn[i].draws > 0) out[i] = pen_strokes_from_steps(drawn[i].sample.steps, m.stats);
  if (report) {
    report->alignment.clear(), report->draws.clear(), report->word_redraws.clear(), report->unfinished.clear();
    for (int i = 0; i < int(drawn.size()); ++i) {
      report->alignment.push_back(drawn[i].alignment);
      report->draws.push_back(drawn[i].draws);
      report->word_redraws.push_back(drawn[i].sample.word_redraws);
      if (drawn[i].draws > 0 && !drawn[i].sample.finished) report->unfinished.push_back(i);
    }
    report->folded = p.notes.folded;
    report->skipped = p.notes.skipped;
  }
  return out;
}

std::vector<Strokes> Writer::write(const std::vector<std::string>& lines, const WriteOptions& opt,
                                   WriteReport* report) {
  PenModel& m = impl_->m;
  PenModel* reader = impl_->reader_for(opt.reader);
  const WritePlan plan = write_plan(m, reader, styles(), lines, opt);
  // Lines of one style are drawn together, primed with it; each line is drawn
  // and checked, and a suspect one drawn again (sample/pen_sample_checked.hpp).
  CheckedSampleOptions co;
  co.sample = plan.sample;
  co.retries = opt.retries;
  co.batch = kBatchMax;
  // The reader checks each word as it is drawn (pen_word_check.hpp), or,
  // without word redraws, each line once drawn.
  if (reader) {
    if (opt.word_retries > 0) {
      co.sample.word_reader = words_reader(*reader, m);
    } else {
      co.score_max = plan.reader_max;
      co.score = [&](const std::vector<PenSample>& drawn, const std::vector<int>& which) {
        std::vector<std::vector<int32_t>> texts;
        for (int i : which) texts.push_back(plan.texts[size_t(i)]);
        return draws_score(*reader, m, drawn, texts);
      };
    }
  }
  std::vector<CheckedLine> drawn(lines.size());
  int done_before = 0, total = 0;
  for (const auto& t : plan.texts) total += !t.empty();
  for (size_t k = 0; k < plan.primes.size(); ++k) {
    std::vector<std::vector<int32_t>> mine(lines.size());  // this style's lines; the others empty (skipped)
    int count = 0;
    for (size_t i = 0; i < lines.size(); ++i)
      if (plan.style[i] == int(k)) mine[i] = plan.texts[i], count += !plan.texts[i].empty();
    co.progress = [&, count](int done, int n) {  // lines settled on the whole page
      if (opt.progress) opt.progress(done_before + done - (n - count), total);
    };
    std::vector<CheckedLine> r = pen_sample_checked(m.model.net, m.mixtures, m.alphabet, mine, plan.primes[k].steps,
                                                    plan.primes[k].text, co);
    for (size_t i = 0; i < lines.size(); ++i)
      if (plan.style[i] == int(k)) drawn[i] = std::move(r[i]);
    done_before += count;
  }
  return write_finish(m, plan, drawn, report);
}

}  // namespace seqgen
