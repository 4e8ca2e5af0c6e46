// IAM-OnDB lines as network sequences (§4.2, §5.2): offsets normalised with
// the training set's statistics, the trivial first step (the line's start)
// left out, and for synthesis each line's text in the model's alphabet.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "data/alphabet.hpp"
#include "data/pen_batches.hpp"
#include "seqgen/iam_ondb.hpp"

namespace seqgen {

struct PenData {
  std::vector<PenSequence> train, valid;
  StepStats stats;
  Alphabet alphabet;           // synthesis only
  std::string report;          // what was loaded and skipped
};

// stats/alphabet: taken from a model when given (evaluation), else computed
// from the training lines.
PenData pen_data_load(const IamOptions& opt, bool synthesis, const StepStats* stats, const Alphabet* alphabet);

PenSteps pen_steps_of(const Strokes& s);  // offsets without the first (0, 0) step

// One line as the network sees it: offsets normalised with `stats` and, when
// an alphabet is given (synthesis), its text encoded (Error on a character
// the alphabet cannot write).
PenSequence pen_sequence_of(const IamLine& line, const StepStats& stats, const Alphabet* alphabet);

nlohmann::json step_stats_to_json(const StepStats& s);
StepStats step_stats_from_json(const nlohmann::json& j, const std::string& where);

}  // namespace seqgen
