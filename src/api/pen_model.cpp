#include "api/pen_model.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>

#include "core/error.hpp"
#include "data/pen_data.hpp"

namespace seqgen {

// The directory libseqgen.so was loaded from.
static std::filesystem::path library_dir() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&model_default_path), &info) == 0 || !info.dli_fname) return {};
  std::error_code ec;
  auto p = std::filesystem::canonical(info.dli_fname, ec);
  return ec ? std::filesystem::path{} : p.parent_path();
}

std::string model_default_path(const std::string& file) {
  namespace fs = std::filesystem;
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv("SEQGEN_MODELS_DIR")) dirs.push_back(env);
  fs::path lib = library_dir();
  // Installed: share/seqgen/models sits where it does relative to lib/ in any prefix
  // (a .deb built for /usr/local and installed to /usr, a moved tree).
  if (!lib.empty()) dirs.push_back(lib / SEQGEN_LIB_TO_MODELS);
  // The build tree: the source tree's models.
  std::error_code ec;
  if (!lib.empty() && fs::equivalent(lib, SEQGEN_BUILD_LIB_DIR, ec)) dirs.push_back(SEQGEN_SOURCE_MODELS_DIR);
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
