// A handwriting model as the commands use it: the network plus what turns
// its outputs into pen strokes (offset statistics, mixtures, alphabet).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "data/alphabet.hpp"
#include "seqgen/iam_ondb.hpp"
#include "nn/model_file.hpp"
#include "sample/pen_read.hpp"

namespace seqgen {

class FastNet;

struct PenModel {
  std::string path;
  LoadedModel model;
  StepStats stats;
  int mixtures = 0;
  Alphabet alphabet;  // synthesis and recognizer
  std::shared_ptr<PenModel> reader;  // synthesis: the recogniser the file carries for the line check, if any
  std::shared_ptr<FastNet> read_net;  // recognizer: its network packed once for the sampling step (reading)
  ReadInput read_input;               // recognizer: what its network reads of a line
};

// kind: "handwriting", "synthesis" or "recognizer" (no mixtures). path "" = the model shipped with seqgen
// (models/<kind>.safetensors: SEQGEN_MODELS_DIR if set, then share/seqgen/models
// of the prefix libseqgen is installed in, then the source tree's from the build tree).
PenModel pen_model_load(const std::string& path, const std::string& kind);
std::string model_default_path(const std::string& file);
// A copy with a network of its own (for another thread; its reader not copied).
PenModel pen_model_clone(const PenModel& m);

// Strokes from a file come at any sampling rate and in any unit. Brought to
// IAM-OnDB's pace (seqgen/strokes.hpp) for the `chars` characters they say:
// time-sampled strokes at least half as dense as IAM's are thinned by a whole
// factor, keeping the spacing that shows the pen's speed; sparser ones (a
// drawing's vertices) are resampled evenly. Then scaled to IAM's ink per
// character and normalised with `st`. Error naming `path` for strokes without
// length.
PenSteps pen_steps_at_pace(const Strokes& s, size_t chars, const StepStats& st, const std::string& path);

// A built-in style's steps (normalised) as the model header keeps them: [[dx, dy, eos], ...].
PenSteps style_steps_read(const nlohmann::json& steps);
nlohmann::json style_steps_json(const PenSteps& steps);

// Network steps (normalised) to pen points in the data's units.
Strokes pen_strokes_from_steps(PenSteps steps, const StepStats& stats);

}  // namespace seqgen
