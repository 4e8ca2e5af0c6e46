// Model files: weights, config and task facts survive a round trip; a file
// for another network shape or a damaged file is refused by name.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "core/error.hpp"
#include "nn/mdn_output.hpp"
#include "nn/model_file.hpp"
#include "train/checkpoint.hpp"

namespace seqgen {
namespace {

std::string temp(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() / ("seqgen_model_file_" + std::to_string(getpid()));
  std::filesystem::create_directories(d);
  return (d / name).string();
}

NetConfig config() {
  NetConfig c;
  c.input_size = 3, c.hidden = {6, 5}, c.output_size = mdn_output_size(2), c.window_alphabet = 4, c.window_mixtures = 2;
  return c;
}

TEST(ModelFile, RoundTripF32ExactF16Close) {
  Network<float> net(config());
  net.init(9);
  ModelHeader h{"synthesis", config(), {{"mixtures", 2}}, {{"command", "seqgen train synthesis"}}};
  for (bool half : {false, true}) {
    TensorFile f;
    model_pack(f, h, net, half);
    std::string p = temp(half ? "h.safetensors" : "f.safetensors");
    safetensors_write(p, f);
    LoadedModel m = model_load(p, "synthesis");
    EXPECT_EQ(m.header.info["mixtures"], 2);
    EXPECT_EQ(m.header.training["command"], "seqgen train synthesis");
    EXPECT_EQ(m.net.config().hidden, config().hidden);
    for (size_t i = 0; i < net.params.size(); ++i) {
      if (half)
        ASSERT_NEAR(m.net.params[i], net.params[i], 1e-3 * std::abs(net.params[i]) + 1e-7);
      else
        ASSERT_EQ(m.net.params[i], net.params[i]);
    }
  }
}

TEST(ModelFile, WrongKindAndShapeRefused) {
  Network<float> net(config());
  TensorFile f;
  model_pack(f, {"synthesis", config(), {}, {}}, net, false);
  std::string p = temp("k.safetensors");
  safetensors_write(p, f);
  EXPECT_THROW(model_load(p, "text"), Error);
  NetConfig other = config();
  other.hidden = {6, 7};
  Network<float> wrong(other);
  try {
    model_params_unpack(safetensors_read(p), p, wrong);
    FAIL();
  } catch (const Error& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("k.safetensors"), std::string::npos) << m;
    EXPECT_NE(m.find("l2."), std::string::npos) << m;
  }
}

std::string load_error(const std::string& path) {
  try {
    model_load(path, "");
  } catch (const Error& e) {
    return e.what();
  }
  return "(loaded)";
}

// A NaN weight is named with its tensor; a header declaring layers far larger
// than its weights is refused before the network is allocated; metadata of
// the wrong JSON type is named.
TEST(ModelFile, DamagedContentsRefusedByName) {
  Network<float> net(config());
  net.init(3);
  TensorFile f;
  model_pack(f, {"synthesis", config(), {}, {}}, net, false);
  TensorFile nan = f;
  nan.tensors["l2.w_rec"].data[7] = NAN;
  safetensors_write(temp("nan.safetensors"), nan);
  EXPECT_NE(load_error(temp("nan.safetensors")).find("nan.safetensors: tensor 'l2.w_rec' holds NaN at index 7"),
            std::string::npos)
      << load_error(temp("nan.safetensors"));
  TensorFile big = f;
  NetConfig c = config();
  c.hidden = {11000, 11000};
  big.metadata["seqgen.config"] = net_config_to_json(c).dump();
  safetensors_write(temp("big.safetensors"), big);
  EXPECT_NE(load_error(temp("big.safetensors")).find("tensor 'l1.w_x' has shape [3,24], expected [3,44000]"),
            std::string::npos)
      << load_error(temp("big.safetensors"));
  TensorFile typed = f;
  typed.metadata["seqgen.info"] = "[1]";
  safetensors_write(temp("typed.safetensors"), typed);
  EXPECT_NE(load_error(temp("typed.safetensors")).find("model metadata 'seqgen.info' is a JSON array, not an object"),
            std::string::npos)
      << load_error(temp("typed.safetensors"));
}

TEST(Checkpoint, OptimiserStateRoundTrip) {
  Optimizer o{opt_defaults(OptKind::rmsprop)};
  std::vector<float> w = {1, 2, 3}, g = {0.1f, -0.2f, 0.3f};
  o.update(w.data(), g.data(), 3);
  TensorFile f;
  optimizer_pack(f, o);
  std::string p = temp("o.safetensors");
  safetensors_write(p, f);
  Optimizer r;
  optimizer_unpack(safetensors_read(p), p, 3, r);
  EXPECT_EQ(r.steps, 1);
  EXPECT_EQ(r.s1, o.s1);
  EXPECT_EQ(r.s3, o.s3);
  EXPECT_THROW(optimizer_unpack(safetensors_read(p), p, 4, r), Error);
}

}  // namespace
}  // namespace seqgen
