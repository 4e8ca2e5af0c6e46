// A text model as the commands use it (§3): the network and its vocabulary.
#pragma once
#include <string>

#include "nn/model_file.hpp"
#include "seqgen/text_corpus.hpp"

namespace seqgen {

struct LoadedTextModel {
  LoadedModel model;
  Vocab vocab;
};

// Throws seqgen::Error naming the file when it is not a text model or its
// vocabulary does not match the network.
LoadedTextModel text_model_load(const std::string& path);

}  // namespace seqgen
