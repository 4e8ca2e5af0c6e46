#include "seqgen/writer.hpp"

#include <algorithm>
#include <cmath>

#include "api/pen_model.hpp"
#include "core/error.hpp"
#include "data/pen_data.hpp"
#include "data/strokes_file.hpp"
#include "sample/pen_sample.hpp"

namespace seqgen {
namespace {

constexpr int kBatchMax = 16;  // lines drawn together (one style, one product per step)

struct Prime {
  PenSteps steps;             // normalised
  std::vector<int32_t> text;  // ends with a space, or the line's first word would continue the prime's last
};

// Strokes from a file come at any sampling rate and in any unit. Brought to
// IAM-OnDB's pace (seqgen/strokes.hpp) for the `chars` characters they say:
// time-sampled strokes at least half as dense as IAM's are thinned by a whole
// factor, keeping the spacing that shows the pen's speed; sparser ones (a
// drawing's vertices) are resampled evenly. Then scaled to IAM's ink per
// character and normalised like the training data.
PenSteps prime_steps_from(const Strokes& s, size_t chars, const StepStats& st, const std::string& path) {
  const double ink = strokes_ink_length(s);
  if (!(ink > 0) || chars == 0) fail("{}: the strokes have no length to imitate", path);
  int ink_steps = 0;
  for (size_t i = 1; i < s.size(); ++i) ink_steps += !s[i - 1].end;
  const double density = ink_steps / (double(chars) * kIamStepsPerChar);
  Strokes r = density >= 0.5 ? strokes_thin(s, std::max(1, int(std::lround(density))))
                             : strokes_resample(s, ink / (double(chars) * kIamStepsPerChar));
  const double scale = kIamInkStep * kIamStepsPerChar * double(chars) / ink;
  for (PenPoint& p : r) p.x = float(p.x * scale), p.y = float(p.y * scale);
  PenSteps steps = pen_steps_of(r);
  steps_normalise(steps, st);
  return steps;
}

}  // namespace

struct Writer::Impl {
  PenModel m;
};

Writer::Writer(const std::string& model_path) : impl_(new Impl{pen_model_load(model_path, "synthesis")}) {}
Writer::~Writer() = default;

const std::string& Writer::model_path() const { return impl_->m.path; }

int Writer::styles() const {
  const auto& info = impl_->m.model.header.info;
  return info.contains("styles") ? int(info["styles"].size()) : 0;
}

namespace {

// Built-in style k, a line of IAM-OnDB or a strokes file (WriteOptions::style).
Prime prime_load(PenModel& m, const std::string& s, int styles, const WriteOptions& opt) {
  Prime prime;
  if (s.empty() || s == "none") return prime;
  if (s.find_first_not_of("0123456789") == std::string::npos) {
    int k = s.size() > 6 ? styles : std::stoi(s);
    if (k >= styles) fail("the model has {} built-in styles (0..{}), not style {}", styles, styles - 1, s);
    const auto& js = m.model.header.info["styles"][k];
    for (auto& p : js.at("steps")) prime.steps.push_back({p[0].get<float>(), p[1].get<float>(), p[2].get<float>()});
    prime.text = alphabet_encode(m.alphabet, js.at("text").get<std::string>(), nullptr);
  } else if (s.rfind("iam:", 0) == 0) {
    if (opt.iam_root.empty()) fail("style {} needs the IAM-OnDB folder (--data)", s);
    IamOptions io;
    io.root = opt.iam_root;
    IamDataset d = iam_load(io);
    const IamLine* found = nullptr;
    for (auto* set : {&d.train, &d.valid})
      for (auto& l : *set)
        if (l.id == s.substr(4)) found = &l;
    if (!found) fail("IAM-OnDB line '{}' not found in {}", s.substr(4), opt.iam_root);
    prime.steps = pen_steps_of(found->strokes);
    steps_normalise(prime.steps, m.stats);
    prime.text = alphabet_encode(m.alphabet, found->text, nullptr);
  } else {
    StrokesFile f = strokes_file_read(s);
    if (!opt.style_text.empty()) f.text = opt.style_text;
    if (f.text.empty()) fail("{}: what does the handwriting say? Give it with --style-text (or an SVG <title>)", s);
    prime.text = alphabet_encode(m.alphabet, f.text, nullptr);
    prime.steps = prime_steps_from(f.strokes, prime.text.size(), m.stats, s);
  }
  const int32_t space = alphabet_encode(m.alphabet, " ", nullptr)[0];
  if (!prime.text.empty() && prime.text.back() != space) prime.text.push_back(space);
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

std::vector<Strokes> Writer::write(const std::vector<std::string>& lines, const WriteOptions& opt,
                                   WriteReport* report) {
  PenModel& m = impl_->m;
  std::vector<std::vector<int32_t>> texts;
  AlphabetReport notes;
  bool any = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    texts.push_back(alphabet_encode(m.alphabet, lines[i], &notes, opt.unknown, int(i)));
    any = any || !texts.back().empty();
  }
  if (!any) fail("nothing to write: the text is empty");
  const std::vector<double> biases = per_line(opt.biases, opt.bias, lines.size(), "bias");
  for (double b : biases)
    if (!(b >= 0)) fail("--bias must be >= 0, not {}", b);
  if (opt.retries < 0) fail("--retries must be >= 0, not {}", opt.retries);

  // No style given: a built-in one, picked by the seed, so that all lines of
  // a page share one hand (an unprimed line picks its own). Lines of one style
  // are drawn together, primed with it.
  std::vector<std::string> styles = per_line(opt.styles, opt.style, lines.size(), "style");
  for (std::string& s : styles)
    if (s.empty() && this->styles() > 0)
      s = std::to_string((opt.seed + uint64_t(this->styles()) - 1) % uint64_t(this->styles()));
  std::vector<std::string> distinct;
  for (const std::string& s : styles)
    if (std::find(distinct.begin(), distinct.end(), s) == distinct.end()) distinct.push_back(s);

  // Each line is drawn and checked (seqgen/alignment.hpp); a suspect one is
  // drawn again with other random numbers, up to opt.retries times, and the
  // first draw that passes is kept (else the first draw).
  std::vector<Strokes> out(lines.size());
  std::vector<LineAlignment> align(lines.size());
  std::vector<int> draws(lines.size(), 0);
  std::vector<bool> finished(lines.size(), true);
  for (const std::string& style : distinct) {
    const Prime prime = prime_load(m, style, this->styles(), opt);
    std::vector<int> todo;
    for (int i = 0; i < int(lines.size()); ++i)
      if (!texts[i].empty() && styles[i] == style) todo.push_back(i);
    const int first = int(prime.text.size());
    for (int attempt = 0; attempt <= opt.retries && !todo.empty(); ++attempt) {
      std::vector<int> again;
      for (size_t g = 0; g < todo.size(); g += kBatchMax) {
        std::vector<std::vector<int32_t>> batch;
        PenSampleOptions so;
        for (size_t k = g; k < std::min(todo.size(), g + kBatchMax); ++k)
          batch.push_back(texts[todo[k]]), so.biases.push_back(biases[todo[k]]);
        so.seed = opt.seed + g + 1000003 * uint64_t(attempt);
        so.max_steps_per_char = opt.max_steps_per_char;
        so.mark_strokes = alphabet_mark_strokes(m.alphabet);
        so.keep_phi = true;
        std::vector<PenSample> r = pen_sample(m.model.net, m.mixtures, batch, prime.steps, prime.text, so);
        for (size_t k = 0; k < r.size(); ++k) {
          const int line = todo[g + k];
          const std::vector<bool> space = alphabet_spaces(m.alphabet, texts[line]);
          LineAlignment a = line_alignment(r[k].phi, first + int(space.size()) + 1, first, space);
          const bool suspect = !r[k].finished || a.suspect();
          draws[line] = attempt + 1;
          if (attempt == 0 || !suspect) {
            out[line] = pen_strokes_from_steps(r[k].steps, m.stats);
            align[line] = a, finished[line] = r[k].finished;
          }
          if (suspect) again.push_back(line);
        }
      }
      todo = again;
    }
  }
  if (report) {
    report->alignment = align;
    report->draws = draws;
    for (int i = 0; i < int(lines.size()); ++i)
      if (!finished[i]) report->unfinished.push_back(i);
    report->folded = notes.folded;
    report->skipped = notes.skipped;
  }
  return out;
}

}  // namespace seqgen
