#include "train/model_io.hpp"

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

void optimizer_pack(TensorFile& f, const Optimizer& opt) {
  f.metadata["seqgen.optimizer"] = nlohmann::json{{"config", opt_config_to_json(opt.cfg)}, {"steps", opt.steps}}.dump();
  const std::vector<float>* s[] = {&opt.s1, &opt.s2, &opt.s3};
  for (int i = 0; i < 3; ++i)
    if (!s[i]->empty()) tensor_put(f, "opt.s" + std::to_string(i + 1), *s[i], {int64_t(s[i]->size())});
}

void optimizer_unpack(const TensorFile& f, const std::string& path, size_t n, Optimizer& opt) {
  auto it = f.metadata.find("seqgen.optimizer");
  if (it == f.metadata.end()) fail("{}: checkpoint has no optimiser state", path);
  try {
    auto j = nlohmann::json::parse(it->second);
    opt.cfg = opt_config_from_json(j.at("config"), path);
    opt.steps = j.at("steps");
  } catch (const nlohmann::json::exception& e) {
    fail("{}: optimiser record is malformed ({})", path, e.what());
  }
  std::vector<float>* s[] = {&opt.s1, &opt.s2, &opt.s3};
  for (int i = 0; i < 3; ++i) {
    std::string name = "opt.s" + std::to_string(i + 1);
    *s[i] = tensor_has(f, name) ? tensor_get(f, name, path, {int64_t(n)}) : std::vector<float>{};
  }
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
