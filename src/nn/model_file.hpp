// A model file: the network's config and weights plus what its task needs
// (vocabulary, normalisation, ...) and how it was made. What a training
// checkpoint adds (optimiser state, progress) is train/checkpoint.hpp. Layout: safetensors (core/safetensors.hpp), metadata
// "seqgen.kind", "seqgen.config", "seqgen.info", "seqgen.training" as JSON
// strings, weight tensors under their layout names (net_config.hpp).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "core/safetensors.hpp"
#include "nn/network.hpp"

namespace seqgen {

struct ModelHeader {
  std::string kind;           // "text", "handwriting", "synthesis"
  NetConfig net;
  nlohmann::json info;        // task facts
  nlohmann::json training;    // how the model was made (command, data, time, scores)
};

// Weights as F16 when `half` (shipped models), else F32.
void model_pack(TensorFile& f, const ModelHeader& h, const Network<float>& net, bool half);
ModelHeader model_header_read(const TensorFile& f, const std::string& path);
// Every weight tensor of config `c` is in the file, of its shape and finite
// (else Error naming path and tensor); nothing is allocated.
void model_params_check(const TensorFile& f, const std::string& path, const NetConfig& c);
// Copies the weights into `net`, after model_params_check of its config.
void model_params_unpack(const TensorFile& f, const std::string& path, Network<float>& net);

// Reads a model file of the expected kind ("" = any) into a new network.
struct LoadedModel {
  ModelHeader header;
  Network<float> net;
};
LoadedModel model_load(const std::string& path, const std::string& expected_kind);

}  // namespace seqgen
