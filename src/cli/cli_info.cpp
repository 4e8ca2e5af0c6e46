// seqgen info MODEL: what a model file is and how it was made.
#include <cstdio>
#include <memory>
#include <optional>

#include "cli/cli.hpp"
#include "core/error.hpp"
#include "core/text_quote.hpp"
#include "nn/model_file.hpp"

namespace seqgen {
namespace {

// The recogniser a synthesis model carries for its line check (model_file.hpp).
nlohmann::json reader_summary(const TensorFile& f, const std::string& path) {
  const std::optional<LoadedModel> r = model_reader_get(f, path);
  if (!r) return nullptr;
  nlohmann::json j = {{"kind", r->header.kind}, {"weights", r->net.params.size()}, {"layers", r->net.config().hidden}};
  if (r->header.info.contains("read")) j["read"] = r->header.info["read"];
  if (r->header.training.contains("command")) j["command"] = r->header.training["command"];
  const nlohmann::json& t = r->header.training;
  if (t.contains("history") && t["history"].is_array())  // the best epoch's validation
    for (const auto& e : t["history"])
      if (e.is_object() && e.value("epoch", -1) == t.value("best_epoch", -2)) j["validation"] = e;
  return j;
}

void info_print(const std::string& path, const ModelHeader& h, const nlohmann::json& reader, bool json) {
  nlohmann::json info = h.info;
  if (info.contains("styles")) info["styles"] = std::to_string(info["styles"].size()) + " built-in styles";
  if (info.contains("vocab")) info["vocab"] = "(" + std::to_string(h.net.output_size) + " symbols)";
  if (info.contains("alphabet")) {
    std::string a;
    for (auto& s : info["alphabet"]) a += s.get<std::string>();
    info["alphabet"] = a;
  }
  size_t weights = net_param_count(h.net);
  if (json) {
    std::printf("%s\n", nlohmann::json{{"kind", h.kind}, {"weights", weights}, {"config", net_config_to_json(h.net)},
                                       {"info", info}, {"training", h.training}, {"reader", reader}}
                            .dump(2)
                            .c_str());
    return;
  }
  const auto& t = h.training;
  std::printf("%s: %s model, %zu weights, layers %s\n", path.c_str(), message_printable(h.kind).c_str(), weights,
              nlohmann::json(h.net.hidden).dump().c_str());
  // Recorded quoted for a shell (cli_command_line_set); a file made elsewhere
  // may hold anything, so control characters are shown escaped.
  if (t.contains("command")) std::printf("made by: %s\n", message_printable(t["command"].get<std::string>()).c_str());
  if (t.contains("train_seconds"))
    std::printf("training: %d epochs, %ld updates, %.1f hours\n", t.value("epochs", 0), long(t.value("steps", 0L)),
                t["train_seconds"].get<double>() / 3600);
  if (t.contains("history") && !t["history"].empty())
    std::printf("validation by epoch: %s\n", message_printable(t["history"].dump()).c_str());
  if (t.contains("notes")) std::printf("notes: %s\n", message_printable(t["notes"].dump()).c_str());
  std::printf("info: %s\n", message_printable(info.dump()).c_str());
  if (!reader.is_null()) std::printf("reader (the line check's recogniser): %s\n", message_printable(reader.dump()).c_str());
}

}  // namespace

void cli_info_register(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto* c = app.add_subcommand("info", "describe a model file: network, data, training command, time, scores");
  c->add_option("model", *path, "model file")->required();
  c->add_flag("--json", *json, "print the full metadata as JSON");
  c->callback([path, json] {
    TensorFile f = safetensors_read(*path);
    ModelHeader h = model_header_read(f, *path);
    try {
      info_print(*path, h, reader_summary(f, *path), *json);
    } catch (const nlohmann::json::exception& e) {
      fail("{}: model metadata has a field of the wrong type ({})", *path, e.what());
    }
  });
}

}  // namespace seqgen
