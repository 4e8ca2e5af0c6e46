#include "nn/model_file.hpp"

#include "core/error.hpp"
#include "core/text_quote.hpp"

#include <algorithm>
#include <cmath>

namespace seqgen {

void model_pack(TensorFile& f, const ModelHeader& h, const Network<float>& net, bool half) {
  f.metadata["format"] = "pt";  // what Python safetensors readers expect to find
  f.metadata["seqgen.kind"] = h.kind;
  f.metadata["seqgen.config"] = net_config_to_json(h.net).dump();
  f.metadata["seqgen.info"] = h.info.dump();
  f.metadata["seqgen.training"] = h.training.dump();
  for (auto& t : net.layout()) {
    std::vector<float> v(net.params.begin() + t.offset, net.params.begin() + t.offset + t.size());
    tensor_put(f, t.name, std::move(v), {t.rows, t.cols}, half ? Dtype::F16 : Dtype::F32);
  }
}

ModelHeader model_header_read(const TensorFile& f, const std::string& path) {
  auto get = [&](const char* key) -> const std::string& {
    auto it = f.metadata.find(key);
    if (it == f.metadata.end()) fail("{}: not a seqgen model file (metadata '{}' missing)", path, key);
    return it->second;
  };
  ModelHeader h;
  h.kind = get("seqgen.kind");
  auto object = [&](const char* key) {
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(get(key));
    } catch (const nlohmann::json::exception& e) {
      fail("{}: model metadata '{}' is not valid JSON ({})", path, key, e.what());
    }
    if (j.is_null()) j = nlohmann::json::object();  // written for an empty record
    if (!j.is_object()) fail("{}: model metadata '{}' is a JSON {}, not an object", path, key, j.type_name());
    return j;
  };
  h.net = net_config_from_json(object("seqgen.config"), path);
  h.info = object("seqgen.info");
  h.training = object("seqgen.training");
  return h;
}

void model_params_check(const TensorFile& f, const std::string& path, const NetConfig& c) {
  for (auto& t : net_param_layout(c)) {
    const std::vector<float>& v = tensor_get(f, t.name, path, {t.rows, t.cols});
    const auto bad = std::find_if(v.begin(), v.end(), [](float x) { return !std::isfinite(x); });
    if (bad != v.end())
      fail("{}: tensor '{}' holds {} at index {}: the weights are damaged (or training diverged)", path, t.name,
           std::isnan(*bad) ? "NaN" : "an infinite value", bad - v.begin());
  }
}

void model_params_unpack(const TensorFile& f, const std::string& path, Network<float>& net) {
  model_params_check(f, path, net.config());
  for (auto& t : net.layout()) {
    const std::vector<float>& v = tensor_get(f, t.name, path, {t.rows, t.cols});
    std::copy(v.begin(), v.end(), net.params.begin() + t.offset);
  }
  net.params_changed();
}

LoadedModel model_load(const std::string& path, const std::string& expected_kind) {
  TensorFile f = safetensors_read(path);
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
