// Models with random weights: enough to run the commands in tests. A synthesis model that can write the characters of
// `chars`: enough to run the whole writing pipeline in tests; built-in style k
// (of `styles`) writes "ab " in two steps, the first of dx = k.
#pragma once
#include <random>
#include <string>
#include <vector>

#include "data/alphabet.hpp"
#include "data/pen_data.hpp"
#include "nn/mdn_output.hpp"
#include "nn/model_file.hpp"
#include "sample/pen_read.hpp"

namespace seqgen {

// A small synthesis network's shape (3x1 inputs, layers 8 and 6, 2 mixtures,
// 2 window Gaussians) over an alphabet of V characters.
inline NetConfig tiny_synthesis_config(int V) {
  NetConfig c;
  c.input_size = 3, c.hidden = {8, 6}, c.output_size = mdn_output_size(2);
  c.window_alphabet = V, c.window_mixtures = 2;
  return c;
}

// A line of T random pen steps, offsets drawn from n (a stroke ends every
// `stroke` steps), writing chars.
template <class Rng>
PenSequence tiny_pen_line(Rng& rng, std::normal_distribution<float>& n, int T, std::vector<int32_t> chars,
                          int stroke) {
  PenSequence s;
  s.chars = std::move(chars);
  for (int t = 0; t < T; ++t) s.steps.push_back({n(rng), n(rng), t % stroke == stroke - 1 ? 1.f : 0.f});
  return s;
}

inline void tiny_synthesis_write(const std::string& path, const std::string& chars, int styles = 0) {
  Alphabet al = alphabet_from_texts({chars});
  NetConfig c;
  c.input_size = 3, c.hidden = {8, 8}, c.output_size = mdn_output_size(2);
  c.window_alphabet = al.size(), c.window_mixtures = 2;
  Network<float> net(c);
  net.init(1);
  ModelHeader h{"synthesis", c,
                {{"mixtures", 2}, {"stats", step_stats_to_json({8, 0, 40, 37})}, {"alphabet", alphabet_to_json(al)}},
                {{"command", "test"}}};
  for (int k = 0; k < styles; ++k)
    h.info["styles"].push_back({{"text", "ab "}, {"bias", 0.5}, {"finished", true}, {"steps", {{k, 0, 0}, {1, 0, 1}}}});
  TensorFile f;
  model_pack(f, h, net, true);
  safetensors_write(path, f);
}

// A handwriting prediction model with random weights (§4), for the commands
// that draw unconditional samples.
inline void tiny_handwriting_write(const std::string& path) {
  NetConfig c;
  c.input_size = 3, c.hidden = {8}, c.output_size = mdn_output_size(2);
  Network<float> net(c);
  net.init(2);
  ModelHeader h{"handwriting", c, {{"mixtures", 2}, {"stats", step_stats_to_json({8, 0, 40, 37})}},
                {{"command", "test"}}};
  TensorFile f;
  model_pack(f, h, net, true);
  safetensors_write(path, f);
}

// A recogniser with random weights (one layer of 8, CTC over the alphabet of
// `chars` and a blank), for `seqgen read` and `seqgen write --reader`.
// both_ways: a reader of both directions (sample/pen_read.hpp).
inline void tiny_recognizer_write(const std::string& path, const std::string& chars, bool both_ways = false) {
  Alphabet al = alphabet_from_texts({chars});
  NetConfig c;
  c.input_size = both_ways ? 4 : 3, c.hidden = {8}, c.output_size = al.size() + 1;
  Network<float> net(c);
  net.init(3);
  ReadInput in;
  in.both_ways = both_ways;
  ModelHeader h{"recognizer", c,
                {{"stats", step_stats_to_json({8, 0, 40, 37})}, {"alphabet", alphabet_to_json(al)},
                 {"read", read_input_to_json(in)}},
                {{"command", "test"}}};
  TensorFile f;
  model_pack(f, h, net, true);
  safetensors_write(path, f);
}

}  // namespace seqgen
