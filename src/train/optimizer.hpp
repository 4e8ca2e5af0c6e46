// Weight updates over the flat parameter vector.
//   sgd:     v = μ v - lr ε;  w += v                      (paper §3.1: lr 1e-4, μ 0.99)
//   rmsprop: the paper's variant, eqs 38-41 (see ERRATA.md):
//            n = ℵ n + (1-ℵ) ε²;  g = ℵ g + (1-ℵ) ε
//            Δ = ℶ Δ - ג ε / sqrt(n - g² + ק);  w += Δ   (ℵ 0.95, ℶ 0.9, ג 1e-4, ק 1e-4)
//   adam:    Kingma & Ba (2015), with bias correction; not in the paper, offered
//            because it usually reaches a given loss in fewer updates.
// ε is ∂L/∂w as accumulated by the network (the batch-mean sequence loss).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace seqgen {

enum class OptKind { sgd, rmsprop, adam };

struct OptConfig {
  OptKind kind = OptKind::rmsprop;
  double lr = 1e-4;        // lr, ג
  double momentum = 0.9;   // μ, ℶ (adam: β1)
  double decay = 0.95;     // ℵ (adam: β2 = 0.999 is used instead)
  double epsilon = 1e-4;   // ק (adam: 1e-8 is used instead)
};

OptKind opt_kind_parse(const std::string& name);  // "sgd", "rmsprop", "adam"
std::string opt_kind_name(OptKind k);
OptConfig opt_defaults(OptKind k);  // the paper's settings (adam: lr 1e-3)
nlohmann::json opt_config_to_json(const OptConfig& c);
OptConfig opt_config_from_json(const nlohmann::json& j, const std::string& where);

struct Optimizer {
  explicit Optimizer(OptConfig c = {}) : cfg(c) {}
  OptConfig cfg;
  int64_t steps = 0;
  std::vector<float> s1, s2, s3;  // sgd: v; rmsprop: n, g, Δ; adam: m, v

  void update(float* w, const float* grad, size_t n);
};

}  // namespace seqgen
