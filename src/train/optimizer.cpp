#include "train/optimizer.hpp"

#include <cmath>

#include "core/cpu.hpp"
#include "core/error.hpp"

namespace seqgen {

OptKind opt_kind_parse(const std::string& name) {
  if (name == "sgd") return OptKind::sgd;
  if (name == "rmsprop") return OptKind::rmsprop;
  if (name == "adam") return OptKind::adam;
  fail("unknown optimiser '{}' (use sgd, rmsprop or adam)", name);
}

std::string opt_kind_name(OptKind k) {
  return k == OptKind::sgd ? "sgd" : k == OptKind::rmsprop ? "rmsprop" : "adam";
}

OptConfig opt_defaults(OptKind k) {
  OptConfig c;
  c.kind = k;
  if (k == OptKind::sgd) c.lr = 1e-4, c.momentum = 0.99;
  if (k == OptKind::adam) c.lr = 1e-3, c.momentum = 0.9;
  return c;
}

nlohmann::json opt_config_to_json(const OptConfig& c) {
  return {{"kind", opt_kind_name(c.kind)}, {"lr", c.lr}, {"momentum", c.momentum},
          {"decay", c.decay}, {"epsilon", c.epsilon}};
}

OptConfig opt_config_from_json(const nlohmann::json& j, const std::string& where) {
  try {
    OptConfig c;
    c.kind = opt_kind_parse(j.at("kind").get<std::string>());
    c.lr = j.at("lr").get<double>();
    c.momentum = j.at("momentum").get<double>();
    c.decay = j.at("decay").get<double>();
    c.epsilon = j.at("epsilon").get<double>();
    return c;
  } catch (const nlohmann::json::exception& e) {
    fail("{}: optimiser settings are malformed ({})", where, e.what());
  }
}

SEQGEN_KERNEL void Optimizer::update(float* w, const float* grad, size_t n) {
  if (s1.size() != n) s1.assign(n, 0.f);
  if (cfg.kind != OptKind::sgd && s2.size() != n) s2.assign(n, 0.f);
  if (cfg.kind == OptKind::rmsprop && s3.size() != n) s3.assign(n, 0.f);
  ++steps;
  const float lr = float(cfg.lr), mu = float(cfg.momentum);
  const int64_t N = int64_t(n);
  if (cfg.kind == OptKind::sgd) {
    float* v = s1.data();
#pragma omp parallel for simd if (N > 65536)
    for (int64_t i = 0; i < N; ++i) {
      v[i] = mu * v[i] - lr * grad[i];
      w[i] += v[i];
    }
  } else if (cfg.kind == OptKind::rmsprop) {
    const float a = float(cfg.decay), eps = float(cfg.epsilon);
    float *ns = s1.data(), *gs = s2.data(), *d = s3.data();
#pragma omp parallel for simd if (N > 65536)
    for (int64_t i = 0; i < N; ++i) {
      float e = grad[i];
      ns[i] = a * ns[i] + (1 - a) * e * e;                          // (38)
      gs[i] = a * gs[i] + (1 - a) * e;                              // (39)
      d[i] = mu * d[i] - lr * e / std::sqrt(ns[i] - gs[i] * gs[i] + eps);  // (40)
      w[i] += d[i];                                                 // (41)
    }
  } else {
    const float b1 = mu, b2 = 0.999f, eps = 1e-8f;
    const float c1 = 1 - std::pow(b1, float(steps)), c2 = 1 - std::pow(b2, float(steps));
    float *m = s1.data(), *v = s2.data();
#pragma omp parallel for simd if (N > 65536)
    for (int64_t i = 0; i < N; ++i) {
      float e = grad[i];
      m[i] = b1 * m[i] + (1 - b1) * e;
      v[i] = b2 * v[i] + (1 - b2) * e * e;
      w[i] -= lr * (m[i] / c1) / (std::sqrt(v[i] / c2) + eps);
    }
  }
}

}  // namespace seqgen
