// Text prediction models (§3) in your own program:
//
//   seqgen::TextModel m("models/ptb-char.safetensors");
//   std::string s = m.sample("the ", 200, 1.0, 1);
//   double bpc = m.evaluate(seqgen::text_file_read("ptb.char.test.txt"), false);
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "seqgen/error.hpp"
#include "seqgen/text_corpus.hpp"

namespace seqgen {

class TextModel {
 public:
  explicit TextModel(const std::string& path);  // Error naming the file if it is not a text model
  ~TextModel();
  // The prime (readable text: for ptb-char a space is a space) followed by
  // `length` symbols drawn at `temperature`; returns only the drawn text.
  std::string sample(const std::string& prime, int length, double temperature, uint64_t seed);
  // Bits per symbol of `text`, given in the format of the model's training
  // files (ptb-char: space-separated characters, '_' between words): bits per
  // character for character models, per word for word models. dynamic:
  // dynamic evaluation (§3.1) at the command line's default step, on the
  // weights read afresh from the file (the model itself is not changed).
  double evaluate(const std::string& text, bool dynamic);
  const Vocab& vocab() const;
  const std::string& path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace seqgen
