#include "api/pen_model.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>

#include "core/error.hpp"
#include "data/pen_data.hpp"
#include "sample/fast_net.hpp"

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

namespace {

PenModel pen_model_from(const std::string& path, LoadedModel lm, const std::string& kind) {
  PenModel m{path, std::move(lm), {}, 0, {}, nullptr, nullptr, {}};
  const bool reader = kind == "recognizer";
  const nlohmann::json& info = m.model.header.info;
  try {
    m.stats = step_stats_from_json(info.at("stats"), m.path);
    if (!reader) m.mixtures = info.at("mixtures").get<int>();
    if (kind != "handwriting") m.alphabet = alphabet_from_json(info.at("alphabet"), m.path);
  } catch (const nlohmann::json::exception& e) {
    fail("{}: model information is incomplete ({})", m.path, e.what());
  }
  const NetConfig& c = m.model.net.config();
  if (reader) {
    if (c.output_size != m.alphabet.size() + 1 || c.has_window())
      fail("{}: network shape does not match a recognizer of {} characters", m.path, m.alphabet.size());
    m.read_input = read_input_from(info, m.stats, c, m.path);
    m.read_net = std::make_shared<FastNet>(m.model.net, weights_default());
    return m;
  }
  if (m.mixtures < 1 || c.output_size != 1 + 6 * m.mixtures || c.input_size != 3 ||
      (kind == "synthesis" && c.window_alphabet != m.alphabet.size()))
    fail("{}: network shape does not match a {} model with {} mixtures", m.path, kind, m.mixtures);
  return m;
}

}  // namespace

PenModel pen_model_load(const std::string& path, const std::string& kind) {
  const std::string p = path.empty() ? model_default_path(kind + ".safetensors") : path;
  const TensorFile f = safetensors_read(p);
  PenModel m = pen_model_from(p, model_load_from(f, p, kind), kind);
  if (kind == "synthesis")
    if (std::optional<LoadedModel> r = model_reader_get(f, p))
      m.reader = std::make_shared<PenModel>(pen_model_from(p + " (its reader)", std::move(*r), "recognizer"));
  return m;
}

PenModel pen_model_clone(const PenModel& m) {
  PenModel c{m.path, {m.model.header, Network<float>(m.model.net.config())}, m.stats, m.mixtures, m.alphabet, nullptr,
             nullptr, m.read_input};
  c.model.net.params = m.model.net.params;
  c.model.net.params_changed();
  if (m.read_net) c.read_net = std::make_shared<FastNet>(c.model.net, weights_default());
  return c;
}

PenSteps pen_steps_at_pace(const Strokes& s, size_t chars, const StepStats& st, const std::string& path) {
  const double ink = strokes_ink_length(s);
  if (!(ink > 0) || chars == 0) fail("{}: the strokes have no length to imitate", path);
  int ink_steps = 0;
  for (size_t i = 1; i < s.size(); ++i) ink_steps += !s[i - 1].end;
  const double density = ink_steps / (double(chars) * kIamStepsPerChar);
  Strokes r = density >= 0.5 ? strokes_thin(s, std::max(1, int(std::lround(density))))
                             : strokes_resample(s, ink / (double(chars) * kIamStepsPerChar));
  const double scale = kIamInkStep * kIamStepsPerChar * double(chars) / ink;
  for (PenPoint& p : r) p.x = float(p.x * scale), p.y = float(p.y * scale);
  PenSteps steps = pen_steps_of(r);
  steps_normalise(steps, st);
  return steps;
}

Strokes pen_strokes_from_steps(PenSteps steps, const StepStats& stats) {
  steps_denormalise(steps, stats);
  return steps_to_strokes(steps);
}

PenSteps style_steps_read(const nlohmann::json& steps) {
  PenSteps out;
  for (const auto& p : steps) out.push_back({p[0].get<float>(), p[1].get<float>(), p[2].get<float>()});
  return out;
}

nlohmann::json style_steps_json(const PenSteps& steps) {
  nlohmann::json out = nlohmann::json::array();
  for (const PenStep& p : steps) out.push_back({p.dx, p.dy, p.eos});
  return out;
}

}  // namespace seqgen
