#include "data/pen_data.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace seqgen {

PenSteps pen_steps_of(const Strokes& s) {
  PenSteps st = strokes_to_steps(s);
  // The first point's offset from the board's corner says nothing about the
  // writing; predicting it (or a constant (0, 0)) would only add noise or a
  // spurious density peak to the loss.
  if (!st.empty()) st.erase(st.begin());
  return st;
}

nlohmann::json step_stats_to_json(const StepStats& s) {
  return {{"mean_dx", s.mean_dx}, {"mean_dy", s.mean_dy}, {"std_dx", s.std_dx}, {"std_dy", s.std_dy}};
}

StepStats step_stats_from_json(const nlohmann::json& j, const std::string& where) {
  try {
    StepStats s;
    s.mean_dx = j.at("mean_dx"), s.mean_dy = j.at("mean_dy"), s.std_dx = j.at("std_dx"), s.std_dy = j.at("std_dy");
    if (!(s.std_dx > 0 && s.std_dy > 0)) fail("{}: offset statistics have a non-positive std", where);
    return s;
  } catch (const nlohmann::json::exception& e) {
    fail("{}: offset statistics are malformed ({})", where, e.what());
  }
}

PenSequence pen_sequence_of(const IamLine& line, const StepStats& stats, const Alphabet* alphabet) {
  PenSequence s{line.id, pen_steps_of(line.strokes), {}};
  steps_normalise(s.steps, stats);
  if (alphabet) s.chars = alphabet_encode(*alphabet, line.text, nullptr);
  return s;
}

PenData pen_data_load(const IamOptions& opt, bool synthesis, const StepStats* stats, const Alphabet* alphabet) {
  IamDataset d = iam_load(opt);
  PenData out;
  out.report = iam_report_text(d, 10);
  std::vector<PenSteps> train_steps;
  for (auto& l : d.train) train_steps.push_back(pen_steps_of(l.strokes));
  out.stats = stats ? *stats : step_stats_compute(train_steps);
  if (synthesis) {
    std::vector<std::string> texts;
    for (auto& l : d.train) texts.push_back(l.text);
    out.alphabet = alphabet ? *alphabet : alphabet_from_texts(texts);
  }
  int refused = 0;
  auto convert = [&](const std::vector<IamLine>& lines, std::vector<PenSequence>& seqs) {
    for (auto& l : lines) {
      PenSequence s;
      try {
        s = pen_sequence_of(l, out.stats, synthesis ? &out.alphabet : nullptr);
      } catch (const Error&) {
        // a validation line with a character the training lines never use
        if (pen_steps_of(l.strokes).size() >= 2) ++refused;
        continue;
      }
      if (s.steps.size() < 2 || (synthesis && s.chars.empty())) continue;
      seqs.push_back(std::move(s));
    }
  };
  convert(d.train, out.train);
  convert(d.valid, out.valid);
  if (refused) out.report += fmt::format("\n{} lines left out: characters outside the alphabet", refused);
  if (out.train.empty() && !stats) fail("{}: no usable training lines", opt.root);
  return out;
}

}  // namespace seqgen
