#include "api/pen_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "data/pen_data.hpp"
#include "nn/ctc_output.hpp"
#include "sample/fast_net.hpp"
#include "sample/pen_read.hpp"

namespace seqgen {
namespace {

constexpr int kReadBatch = 16;

// Reads the sequences; `known[i]`: whether line i's chars are its text.
std::vector<LineRead> sequences_read(PenModel& reader, const std::vector<PenSequence>& seqs,
                                     const std::vector<bool>& known) {
  const std::vector<LineReading> r = pen_read(reader.model.net, reader.read_input, seqs, kReadBatch, reader.read_net.get());
  std::vector<LineRead> out(seqs.size());
  for (size_t i = 0; i < seqs.size(); ++i) {
    out[i].text = alphabet_decode(reader.alphabet, r[i].best_path);
    if (!known[i] || seqs[i].chars.empty()) {
      out[i].nats = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    out[i].expected = alphabet_decode(reader.alphabet, seqs[i].chars);
    out[i].nats = r[i].loss / double(seqs[i].chars.size());
    out[i].errors = edit_distance(r[i].best_path, seqs[i].chars);
  }
  return out;
}

// chars[0..n) of a writer's `alphabet` as the reader's indices into `out`;
// false if the reader cannot spell one of them.
bool chars_for_reader(const PenModel& reader, const Alphabet& alphabet, const int32_t* chars, size_t n,
                      std::vector<int32_t>& out) {
  out.clear();
  for (size_t i = 0; i < n; ++i) {
    const auto it = reader.alphabet.index.find(alphabet.chars[size_t(chars[i])]);
    if (it == reader.alphabet.index.end()) return false;
    out.push_back(it->second);
  }
  return true;
}

// A writer's steps (normalised with its `stats`) in the reader's normalisation.
void steps_renormalise(PenSteps& steps, const StepStats& stats, const PenModel& reader) {
  steps_denormalise(steps, stats);
  steps_normalise(steps, reader.stats);
}

}  // namespace

PenModel reader_load(const std::string& path) {
  const std::string p = path.empty() ? model_default_path("synthesis.safetensors") : path;
  if (model_header_read(safetensors_read(p), p).kind == "recognizer") return pen_model_load(p, "recognizer");
  PenModel m = pen_model_load(p, "synthesis");
  if (!m.reader) fail("{}: this synthesis model carries no recogniser (seqgen pack --reader); give one with --model", p);
  return std::move(*m.reader);
}

std::vector<LineRead> lines_read(PenModel& reader, const std::vector<StrokesFile>& lines, const std::string& path) {
  std::vector<PenSequence> seqs(lines.size());
  std::vector<bool> known(lines.size(), false);
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string where = lines.size() > 1 ? path + ": line " + std::to_string(i + 1) : path;
    if (lines[i].strokes.size() < 2) fail("{}: no strokes to read", where);
    std::vector<std::string> folded;
    try {
      seqs[i].chars = alphabet_encode(reader.alphabet, lines[i].text, &folded);
      known[i] = true;
    } catch (const Error&) {
      seqs[i].chars.clear();  // a character the reader cannot spell: read it, score nothing
    }
    if (known[i] && !seqs[i].chars.empty()) {
      seqs[i].steps = pen_steps_at_pace(lines[i].strokes, seqs[i].chars.size(), reader.stats, where);
    } else {
      seqs[i].steps = pen_steps_of(lines[i].strokes);
      steps_normalise(seqs[i].steps, reader.stats);
    }
  }
  std::vector<LineRead> out = sequences_read(reader, seqs, known);
  for (size_t i = 0; i < lines.size(); ++i) out[i].expected = lines[i].text;
  return out;
}

std::vector<LineRead> steps_read(PenModel& reader, const Alphabet& alphabet, const StepStats& stats,
                                 const std::vector<PenSteps>& steps, const std::vector<std::vector<int32_t>>& texts) {
  std::vector<PenSequence> seqs(steps.size());
  std::vector<bool> known(steps.size(), true);
  for (size_t i = 0; i < steps.size(); ++i) {
    seqs[i].steps = steps[i];
    steps_renormalise(seqs[i].steps, stats, reader);
    known[i] = chars_for_reader(reader, alphabet, texts[i].data(), texts[i].size(), seqs[i].chars);
  }
  return sequences_read(reader, seqs, known);
}

std::vector<double> draws_score(PenModel& reader, const PenModel& writer, const std::vector<PenSample>& drawn,
                                const std::vector<std::vector<int32_t>>& texts) {
  std::vector<PenSteps> steps;
  for (const PenSample& d : drawn) steps.emplace_back(d.steps.begin() + std::min<size_t>(1, d.steps.size()), d.steps.end());
  std::vector<double> score;
  for (const LineRead& r : steps_read(reader, writer.alphabet, writer.stats, steps, texts))
    score.push_back(std::isnan(r.nats) ? 0.0 : r.nats);
  return score;
}

std::function<WordScore()> words_reader(PenModel& reader, const PenModel& writer) {
  PenModel* r = &reader;
  const Alphabet alphabet = writer.alphabet;
  const StepStats stats = writer.stats;
  return [=]() -> WordScore {
    auto net = std::make_shared<FastNet>(*r->read_net);  // this thread's
    return [=](const PenSteps& steps, size_t from, size_t to, const int32_t* chars, int n) {
      std::vector<PenSequence> seq(1);
      if (!chars_for_reader(*r, alphabet, chars, size_t(n), seq[0].chars)) return std::numeric_limits<double>::quiet_NaN();
      seq[0].steps.assign(steps.begin() + std::ptrdiff_t(from), steps.begin() + std::ptrdiff_t(to));
      steps_renormalise(seq[0].steps, stats, *r);
      return pen_read(r->model.net, r->read_input, seq, 1, net.get())[0].loss / double(n);
    };
  };
}

}  // namespace seqgen
