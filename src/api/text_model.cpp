#include "api/text_model.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "eval/text_eval.hpp"
#include "sample/text_sample.hpp"
#include "seqgen/text_model.hpp"

namespace seqgen {

LoadedTextModel text_model_load(const std::string& path) {
  if (path.empty()) fail("no text model given");
  LoadedModel m = model_load(path, "text");
  if (!m.header.info.contains("vocab") || !m.header.info["vocab"].is_string())
    fail("{}: text model without a vocabulary (metadata 'seqgen.info' needs \"vocab\" as a string)", path);
  Vocab v = vocab_from_string(m.header.info["vocab"].get<std::string>(), path);
  if (v.size() != m.net.config().output_size || v.size() != m.net.config().input_size)
    fail("{}: vocabulary of {} symbols does not match the network's {} classes", path, v.size(),
         m.net.config().output_size);
  return {std::move(m), std::move(v)};
}

struct TextModel::Impl {
  std::string path;
  LoadedTextModel m;
};

TextModel::TextModel(const std::string& path) : impl_(new Impl{path, text_model_load(path)}) {}
TextModel::~TextModel() = default;

const Vocab& TextModel::vocab() const { return impl_->m.vocab; }
const std::string& TextModel::path() const { return impl_->path; }

std::string TextModel::sample(const std::string& prime, int length, double temperature, uint64_t seed) {
  if (length < 0) fail("length must be >= 0, not {}", length);
  if (!(temperature > 0) || !std::isfinite(temperature)) fail("temperature must be a number > 0, not {}", temperature);
  std::vector<int32_t> p = vocab_encode_readable(impl_->m.vocab, prime, "prime");
  return vocab_decode(impl_->m.vocab, text_sample(impl_->m.model.net, p, length, temperature, seed));
}

double TextModel::evaluate(const std::string& text, bool dynamic) {
  std::vector<int32_t> ids = vocab_encode(impl_->m.vocab, text, "text");
  if (ids.empty()) fail("no text to evaluate");
  // As `seqgen eval text`: up to 16 streams of segments of 100, or with
  // dynamic evaluation one stream read in order at step 7e-3 (cli_text.cpp
  // says why). Each stream starts without context, so a short text is not
  // cut into streams shorter than 10,000 symbols.
  const int streams = int(std::clamp<size_t>(ids.size() / 10000, 1, 16));
  if (!dynamic) return text_evaluate(impl_->m.model.net, ids, streams, 100).bits_per_symbol();
  LoadedTextModel fresh = text_model_load(impl_->path);  // the weights dynamic evaluation changes
  return text_evaluate_dynamic(fresh.model.net, ids, 1, 100, 7e-3, 0, 1.f).bits_per_symbol();
}

}  // namespace seqgen
