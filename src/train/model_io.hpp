// A model file: the network's config and weights plus what its task needs
// (vocabulary, normalisation, ...), and for checkpoints the optimiser state and
// training progress. Layout: safetensors (core/safetensors.hpp), metadata
// "seqgen.kind", "seqgen.config", "seqgen.info", "seqgen.training" as JSON
// strings, weight tensors under their layout names (net_config.hpp).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "core/safetensors.hpp"
#include "nn/network.hpp"
#include "train/optimizer.hpp"

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
// Copies the weights into `net`, whose config must match (else Error naming path and tensor).
void model_params_unpack(const TensorFile& f, const std::string& path, Network<float>& net);

void optimizer_pack(TensorFile& f, const Optimizer& opt);
void optimizer_unpack(const TensorFile& f, const std::string& path, size_t n_params, Optimizer& opt);

// Reads a model file of the expected kind ("" = any) into a new network.
struct LoadedModel {
  ModelHeader header;
  Network<float> net;
};
LoadedModel model_load(const std::string& path, const std::string& expected_kind);

}  // namespace seqgen
