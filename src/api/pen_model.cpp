#include "api/pen_model.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "core/error.hpp"
#include "data/pen_data.hpp"

namespace seqgen {

std::string model_default_path(const std::string& file) {
  namespace fs = std::filesystem;
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv("SEQGEN_MODELS_DIR")) dirs.push_back(env);
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    dirs.push_back(exe.parent_path() / "../share/seqgen/models");  // installed
    dirs.push_back(exe.parent_path() / "../models");                // build/ inside the source tree
  }
  dirs.push_back(SEQGEN_INSTALL_MODELS_DIR);
  dirs.push_back(SEQGEN_SOURCE_MODELS_DIR);
  std::string tried;
  for (auto& d : dirs) {
    fs::path p = d / file;
    if (fs::exists(p)) return fs::weakly_canonical(p).string();
    tried += "\n  " + p.string();
  }
  fail("no model given and the shipped {} was not found; looked in:{}\n(pass --model PATH or set SEQGEN_MODELS_DIR)",
       file, tried);
}

PenModel pen_model_load(const std::string& path, const std::string& kind) {
  std::string p = path.empty() ? model_default_path(kind + ".safetensors") : path;
  PenModel m{p, model_load(p, kind), {}, 0, {}};
  const nlohmann::json& info = m.model.header.info;
  try {
    m.stats = step_stats_from_json(info.at("stats"), m.path);
    m.mixtures = info.at("mixtures").get<int>();
    if (kind == "synthesis") m.alphabet = alphabet_from_json(info.at("alphabet"), m.path);
  } catch (const nlohmann::json::exception& e) {
    fail("{}: model information is incomplete ({})", m.path, e.what());
  }
  const NetConfig& c = m.model.net.config();
  if (m.mixtures < 1 || c.output_size != 1 + 6 * m.mixtures || c.input_size != 3 ||
      (kind == "synthesis" && c.window_alphabet != m.alphabet.size()))
    fail("{}: network shape does not match a {} model with {} mixtures", m.path, kind, m.mixtures);
  return m;
}

Strokes pen_strokes_from_steps(PenSteps steps, const StepStats& stats) {
  steps_denormalise(steps, stats);
  return steps_to_strokes(steps);
}

}  // namespace seqgen
