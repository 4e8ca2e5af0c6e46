#include "nn/model_file.hpp"

#include "core/error.hpp"

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
  try {
    h.net = net_config_from_json(nlohmann::json::parse(get("seqgen.config")), path);
    h.info = nlohmann::json::parse(get("seqgen.info"));
    h.training = nlohmann::json::parse(get("seqgen.training"));
  } catch (const nlohmann::json::exception& e) {
    fail("{}: model metadata is not valid JSON ({})", path, e.what());
  }
  return h;
}

void model_params_unpack(const TensorFile& f, const std::string& path, Network<float>& net) {
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
  LoadedModel m{h, Network<float>(h.net)};
  model_params_unpack(f, path, m.net);
  return m;
}

}  // namespace seqgen
