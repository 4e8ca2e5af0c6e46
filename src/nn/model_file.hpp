// A model file: the network's config and weights plus what its task needs
// (vocabulary, normalisation, ...) and how it was made. What a training
// checkpoint adds (optimiser state, progress) is train/checkpoint.hpp. Layout: safetensors (core/safetensors.hpp), metadata
// "seqgen.kind", "seqgen.config", "seqgen.info", "seqgen.training" as JSON
// strings, weight tensors under their layout names (net_config.hpp).
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
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
LoadedModel model_load_from(const TensorFile& f, const std::string& path, const std::string& expected_kind);

// A synthesis model may carry the recogniser its line check reads draws with
// (`seqgen pack --reader`): its tensors under "reader.", its header as one
// JSON object {"kind", "config", "info", "training"} in metadata
// "seqgen.reader". model_reader_get: none if the file has none; an Error
// naming path for a damaged one.
void model_reader_put(TensorFile& f, const LoadedModel& reader, bool half);
std::optional<LoadedModel> model_reader_get(const TensorFile& f, const std::string& path);

}  // namespace seqgen
