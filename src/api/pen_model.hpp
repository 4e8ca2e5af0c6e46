// A handwriting model as the commands use it: the network plus what turns
// its outputs into pen strokes (offset statistics, mixtures, alphabet).
#pragma once
#include <string>
#include <vector>

#include "data/alphabet.hpp"
#include "seqgen/iam_ondb.hpp"
#include "nn/model_file.hpp"

namespace seqgen {

struct PenModel {
  std::string path;
  LoadedModel model;
  StepStats stats;
  int mixtures = 0;
  Alphabet alphabet;  // synthesis only
};

// kind: "handwriting" or "synthesis". path "" = the model shipped with seqgen
// (models/<kind>.safetensors: SEQGEN_MODELS_DIR if set, then share/seqgen/models
// of the prefix libseqgen is installed in, then the source tree's from the build tree).
PenModel pen_model_load(const std::string& path, const std::string& kind);
std::string model_default_path(const std::string& file);

// Network steps (normalised) to pen points in the data's units.
Strokes pen_strokes_from_steps(PenSteps steps, const StepStats& stats);

}  // namespace seqgen
