#include "nn/model_file.hpp"

#include "core/error.hpp"
#include "core/text_quote.hpp"

#include <algorithm>
#include <cmath>

namespace seqgen {

namespace {

constexpr const char* kReaderPrefix = "reader.";

void tensors_put(TensorFile& f, const Network<float>& net, bool half, const std::string& prefix) {
  for (auto& t : net.layout()) {
    std::vector<float> v(net.params.begin() + t.offset, net.params.begin() + t.offset + t.size());
    tensor_put(f, prefix + t.name, std::move(v), {t.rows, t.cols}, half ? Dtype::F16 : Dtype::F32);
  }
}

void params_check(const TensorFile& f, const std::string& path, const NetConfig& c, const std::string& prefix) {
  for (auto& t : net_param_layout(c)) {
    const std::vector<float>& v = tensor_get(f, prefix + t.name, path, {t.rows, t.cols});
    const auto bad = std::find_if(v.begin(), v.end(), [](float x) { return !std::isfinite(x); });
    if (bad != v.end())
      fail("{}: tensor '{}' holds {} at index {}: the weights are damaged (or training diverged)", path, prefix + t.name,
           std::isnan(*bad) ? "NaN" : "an infinite value", bad - v.begin());
  }
}

void params_unpack(const TensorFile& f, const std::string& path, Network<float>& net, const std::string& prefix) {
  params_check(f, path, net.config(), prefix);
  for (auto& t : net.layout()) {
    const std::vector<float>& v = tensor_get(f, prefix + t.name, path, {t.rows, t.cols});
    std::copy(v.begin(), v.end(), net.params.begin() + t.offset);
  }
  net.params_changed();
}

nlohmann::json json_object(const std::string& text, const std::string& path, const std::string& key) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    fail("{}: model metadata '{}' is not valid JSON ({})", path, key, e.what());
  }
  if (j.is_null()) j = nlohmann::json::object();  // written for an empty record
  if (!j.is_object()) fail("{}: model metadata '{}' is a JSON {}, not an object", path, key, j.type_name());
  return j;
}

}  // namespace

void model_pack(TensorFile& f, const ModelHeader& h, const Network<float>& net, bool half) {
  f.metadata["format"] = "pt";  // what Python safetensors readers expect to find
  f.metadata["seqgen.kind"] = h.kind;
  f.metadata["seqgen.config"] = net_config_to_json(h.net).dump();
  f.metadata["seqgen.info"] = h.info.dump();
  f.metadata["seqgen.training"] = h.training.dump();
  tensors_put(f, net, half, "");
}

void model_reader_put(TensorFile& f, const LoadedModel& reader, bool half) {
  const ModelHeader& h = reader.header;
  f.metadata["seqgen.reader"] = nlohmann::json{{"kind", h.kind}, {"config", net_config_to_json(h.net)},
                                               {"info", h.info}, {"training", h.training}}.dump();
  tensors_put(f, reader.net, half, kReaderPrefix);
}

std::optional<LoadedModel> model_reader_get(const TensorFile& f, const std::string& path) {
  const auto it = f.metadata.find("seqgen.reader");
  if (it == f.metadata.end()) return std::nullopt;
  const nlohmann::json j = json_object(it->second, path, "seqgen.reader");
  ModelHeader h;
  try {
    h.kind = j.at("kind").get<std::string>();
    if (h.kind != "recognizer") fail("{}: its reader is a {} model, not a recognizer", path, h.kind);
    h.info = j.at("info"), h.training = j.value("training", nlohmann::json::object());
    h.net = net_config_from_json(j.at("config"), path + " (its reader)");
  } catch (const nlohmann::json::exception& e) {
    fail("{}: model metadata 'seqgen.reader' is incomplete ({})", path, e.what());
  }
  params_check(f, path, h.net, kReaderPrefix);  // before the network is allocated
  LoadedModel m{h, Network<float>(h.net)};
  params_unpack(f, path, m.net, kReaderPrefix);
  return m;
}

ModelHeader model_header_read(const TensorFile& f, const std::string& path) {
  auto get = [&](const char* key) -> const std::string& {
    auto it = f.metadata.find(key);
    if (it == f.metadata.end()) fail("{}: not a seqgen model file (metadata '{}' missing)", path, key);
    return it->second;
  };
  ModelHeader h;
  h.kind = get("seqgen.kind");
  auto object = [&](const char* key) { return json_object(get(key), path, key); };
  h.net = net_config_from_json(object("seqgen.config"), path);
  h.info = object("seqgen.info");
  h.training = object("seqgen.training");
  return h;
}

void model_params_check(const TensorFile& f, const std::string& path, const NetConfig& c) {
  params_check(f, path, c, "");
}

void model_params_unpack(const TensorFile& f, const std::string& path, Network<float>& net) {
  params_unpack(f, path, net, "");
}

LoadedModel model_load(const std::string& path, const std::string& expected_kind) {
  return model_load_from(safetensors_read(path), path, expected_kind);
}

LoadedModel model_load_from(const TensorFile& f, const std::string& path, const std::string& expected_kind) {
  ModelHeader h = model_header_read(f, path);
  if (!expected_kind.empty() && h.kind != expected_kind)
    fail("{} is a {} model; this command needs a {} model", path, h.kind, expected_kind);
  // Before the network is allocated: a header may declare any size.
  model_params_check(f, path, h.net);
  LoadedModel m{h, Network<float>(h.net)};
  model_params_unpack(f, path, m.net);
  return m;
}

}  // namespace seqgen
