#include "nn/net_config.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

namespace seqgen {

int NetConfig::hidden_total() const {
  int s = 0;
  for (int h : hidden) s += h;
  return s;
}

int NetConfig::hidden_offset(int n) const {
  int s = 0;
  for (int i = 0; i < n; ++i) s += hidden[i];
  return s;
}

nlohmann::json net_config_to_json(const NetConfig& c) {
  return {{"input_size", c.input_size},           {"input_onehot", c.input_onehot},
          {"hidden", c.hidden},                   {"output_size", c.output_size},
          {"window_alphabet", c.window_alphabet}, {"window_mixtures", c.window_mixtures}};
}

NetConfig net_config_from_json(const nlohmann::json& j, const std::string& where) {
  NetConfig c;
  try {
    c.input_size = j.at("input_size").get<int>();
    c.input_onehot = j.at("input_onehot").get<bool>();
    c.hidden = j.at("hidden").get<std::vector<int>>();
    c.output_size = j.at("output_size").get<int>();
    c.window_alphabet = j.value("window_alphabet", 0);
    c.window_mixtures = j.value("window_mixtures", 0);
  } catch (const nlohmann::json::exception& e) {
    fail("{}: network config is incomplete or malformed ({})", where, e.what());
  }
  bool ok = c.input_size > 0 && !c.hidden.empty() && c.output_size > 0 && c.window_alphabet >= 0 &&
            (c.window_alphabet == 0) == (c.window_mixtures == 0) && c.window_mixtures >= 0;
  // Bounds keep a corrupt file from asking for terabytes before any weight is read.
  const int kMax = 1 << 20;
  ok = ok && c.input_size <= kMax && c.output_size <= kMax && c.window_alphabet <= kMax && c.window_mixtures <= 1024 &&
       c.hidden.size() <= 64;
  for (int h : c.hidden) ok = ok && h > 0 && h <= kMax;
  if (ok) {
    double n = 0;
    for (auto& t : net_param_layout(c)) n += double(t.rows) * t.cols;
    ok = n < 2e9;
  }
  if (!ok) fail("{}: network config has invalid sizes: {}", where, net_config_to_json(c).dump());
  return c;
}

std::string layer_prefix(int n) { return fmt::format("l{}.", n + 1); }

std::vector<ParamTensor> net_param_layout(const NetConfig& c) {
  std::vector<ParamTensor> t;
  auto add = [&](std::string name, int rows, int cols) { t.push_back({std::move(name), rows, cols, 0}); };
  for (int n = 0; n < c.layers(); ++n) {
    const int H = c.hidden[n];
    const std::string p = layer_prefix(n);
    add(p + "w_x", c.input_size, 4 * H);
    if (n > 0) add(p + "w_below", c.hidden[n - 1], 4 * H);
    if (c.has_window()) add(p + "w_win", c.window_alphabet, 4 * H);
    add(p + "w_rec", H, 4 * H);
    add(p + "peep", 3, H);
    add(p + "b", 1, 4 * H);
  }
  if (c.has_window()) {
    add("win.w", c.hidden[0], 3 * c.window_mixtures);
    add("win.b", 1, 3 * c.window_mixtures);
  }
  add("out.w", c.hidden_total(), c.output_size);
  add("out.b", 1, c.output_size);
  size_t off = 0;
  for (auto& p : t) {
    p.offset = off;
    off += p.size();
  }
  return t;
}

size_t net_param_count(const NetConfig& c) {
  auto l = net_param_layout(c);
  return l.back().offset + l.back().size();
}

}  // namespace seqgen
