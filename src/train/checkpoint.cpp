#include "train/checkpoint.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace seqgen {

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

}  // namespace seqgen
