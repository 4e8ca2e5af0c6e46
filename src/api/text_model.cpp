#include "api/text_model.hpp"

#include "core/error.hpp"

namespace seqgen {

TextModel text_model_load(const std::string& path) {
  if (path.empty()) fail("no text model given");
  LoadedModel m = model_load(path, "text");
  if (!m.header.info.contains("vocab")) fail("{}: text model without a vocabulary", path);
  Vocab v = vocab_from_string(m.header.info["vocab"].get<std::string>(), path);
  if (v.size() != m.net.config().output_size || v.size() != m.net.config().input_size)
    fail("{}: vocabulary of {} symbols does not match the network's {} classes", path, v.size(),
         m.net.config().output_size);
  return {std::move(m), std::move(v)};
}

}  // namespace seqgen
