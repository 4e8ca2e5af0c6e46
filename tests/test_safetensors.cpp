// safetensors files: round trips of every dtype and of metadata, 16-bit float
// rounding edge cases, and a clear Error (never a crash) for each kind of
// damaged file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/half.hpp"
#include "core/safetensors.hpp"

namespace fs = std::filesystem;
using namespace seqgen;

namespace {

fs::path test_dir() {
  return fs::temp_directory_path() / ("seqgen_test_safetensors_" + std::to_string(::getpid()));
}

std::string temp_path(const std::string& name) {
  fs::create_directories(test_dir());
  return (test_dir() / name).string();
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void bytes_write(const std::string& path, const std::string& b) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(b.data(), std::streamsize(b.size()));
}

// A file with the given header text and `data_bytes` zero bytes of data.
std::string raw_file(const std::string& header, size_t data_bytes) {
  uint64_t n = header.size();
  std::string b(8, '\0');
  std::memcpy(b.data(), &n, 8);
  return b + header + std::string(data_bytes, '\0');
}

// The message of the Error reading `path` throws ("" if none).
std::string read_error(const std::string& path) {
  try {
    safetensors_read(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

std::string corrupt_error(const std::string& name, const std::string& bytes) {
  const std::string p = temp_path(name);
  bytes_write(p, bytes);
  return read_error(p);
}

class Safetensors : public ::testing::Test {
 protected:
  void TearDown() override { fs::remove_all(test_dir()); }
};

}  // namespace

TEST_F(Safetensors, F16EdgeCases) {
  EXPECT_EQ(f16_from_float(1.0f), 0x3C00);
  EXPECT_EQ(f16_from_float(-2.0f), 0xC000);
  EXPECT_EQ(f16_from_float(65504.f), 0x7BFF);  // largest half
  EXPECT_EQ(f16_from_float(65519.f), 0x7BFF);  // below the halfway point: rounds down
  EXPECT_EQ(f16_from_float(65520.f), 0x7C00);  // halfway, ties to even: inf
  EXPECT_EQ(f16_from_float(1e10f), 0x7C00);
  EXPECT_EQ(f16_from_float(-1e10f), 0xFC00);
  EXPECT_EQ(f16_from_float(std::numeric_limits<float>::infinity()), 0x7C00);
  EXPECT_TRUE(std::isnan(f16_to_float(f16_from_float(std::nanf("")))));
  EXPECT_TRUE(std::isnan(f16_to_float(f16_from_float(-std::nanf("")))));
  EXPECT_TRUE(std::isinf(f16_to_float(0x7C00)));
  // Subnormals: the smallest is 2^-24; 2^-25 is halfway to zero and ties to even (0).
  EXPECT_EQ(f16_from_float(std::ldexp(1.f, -24)), 0x0001);
  EXPECT_EQ(f16_from_float(std::ldexp(1.f, -25)), 0x0000);
  EXPECT_EQ(f16_from_float(std::ldexp(1.5f, -25)), 0x0001);
  EXPECT_EQ(f16_from_float(std::ldexp(3.f, -25)), 0x0002);  // 1.5 units: ties to even 2
  EXPECT_EQ(f16_from_float(std::ldexp(5.f, -25)), 0x0002);  // 2.5 units: ties to even 2
  EXPECT_EQ(f16_from_float(std::ldexp(1023.f, -24)), 0x03FF);
  EXPECT_EQ(f16_from_float(std::ldexp(1023.5f, -24)), 0x0400);  // carries into the smallest normal
  EXPECT_EQ(f16_from_float(-std::ldexp(7.f, -24)), 0x8007);
  EXPECT_EQ(f16_to_float(0x0001), std::ldexp(1.f, -24));
  EXPECT_EQ(f16_to_float(0x03FF), std::ldexp(1023.f, -24));
  EXPECT_EQ(std::signbit(f16_to_float(f16_from_float(-0.f))), true);
  // Normal rounding to nearest even: 1 + 2^-11 is halfway between 1 and 1 + 2^-10.
  EXPECT_EQ(f16_from_float(1.f + std::ldexp(1.f, -11)), 0x3C00);
  EXPECT_EQ(f16_from_float(1.f + 3 * std::ldexp(1.f, -11)), 0x3C02);
  EXPECT_EQ(f16_from_float(1.f + std::ldexp(1.f, -11) + std::ldexp(1.f, -20)), 0x3C01);
  // Every half value survives half -> float -> half.
  for (uint32_t h = 0; h < 0x10000; ++h) {
    if ((h & 0x7C00) == 0x7C00 && (h & 0x3FF)) continue;  // NaN payloads checked above
    ASSERT_EQ(f16_from_float(f16_to_float(uint16_t(h))), h) << h;
  }
}

TEST_F(Safetensors, BF16Rounding) {
  EXPECT_EQ(bf16_from_float(1.f), 0x3F80);
  EXPECT_EQ(bf16_from_float(1.f + std::ldexp(1.f, -8)), 0x3F80);      // halfway: even
  EXPECT_EQ(bf16_from_float(1.f + 3 * std::ldexp(1.f, -8)), 0x3F82);  // halfway: even
  EXPECT_EQ(bf16_from_float(std::numeric_limits<float>::max()), 0x7F80);
  EXPECT_TRUE(std::isnan(bf16_to_float(bf16_from_float(std::nanf("")))));
  EXPECT_EQ(bf16_to_float(0x4049), 3.140625f);
}

TEST_F(Safetensors, RoundTripEveryDtype) {
  std::vector<float> v = {0.f, 1.f, -2.5f, 3.14159265f, 1e-3f, -65000.f, 1e-6f, 0.1f, 123.456f, -7.f, 1e4f, 0.333f};
  TensorFile f;
  tensor_put(f, "w.f32", v, {3, 4});
  tensor_put(f, "w.f16", v, {2, 6}, Dtype::F16);
  tensor_put(f, "w.bf16", v.data(), {12}, Dtype::BF16);
  tensor_put(f, "scalar", std::vector<float>{42.f}, {});
  tensor_put(f, "empty", std::vector<float>{}, {0, 5});
  tensor_put_ints(f, "rng", {int64_t(0x9E3779B97F4A7C15ull), -1, 0, std::numeric_limits<int64_t>::max()}, {4});
  tensor_put_ints(f, "bytes", {0, 1, 200, 255, 7}, {5}, Dtype::U8);
  tensor_put_ints(f, "i32", {-2147483648LL, 2147483647LL, 5}, {3, 1}, Dtype::I32);
  f.metadata["format"] = "pt";
  f.metadata["seqgen.config"] = R"({"layers": [400, 400], "name": "ünï \"q\"\n"})";
  const std::string p = temp_path("all.safetensors");
  safetensors_write(p, f);
  EXPECT_FALSE(fs::exists(p + ".tmp"));

  TensorFile g = safetensors_read(p);
  EXPECT_EQ(g.metadata, f.metadata);
  EXPECT_EQ(g.tensors.size(), f.tensors.size());
  EXPECT_EQ(tensor_get(g, "w.f32", p, {3, 4}), v);  // F32 exact
  const auto& h = tensor_get(g, "w.f16", p, {2, 6});
  const auto& b = tensor_get(g, "w.bf16", p, {12});
  EXPECT_EQ(g.tensors.at("w.f16").store, Dtype::F16);
  EXPECT_EQ(g.tensors.at("w.bf16").store, Dtype::BF16);
  for (size_t i = 0; i < v.size(); ++i) {
    EXPECT_NEAR(h[i], v[i], std::max(std::abs(v[i]) * 0x1p-11f, 0x1p-25f)) << i;  // half an ulp (subnormal below 6e-5)
    EXPECT_NEAR(b[i], v[i], std::abs(v[i]) * 0x1p-8f) << i;
    EXPECT_EQ(h[i], f16_to_float(f16_from_float(v[i])));
    EXPECT_EQ(b[i], bf16_to_float(bf16_from_float(v[i])));
  }
  EXPECT_EQ(tensor_get(g, "scalar", p), std::vector<float>{42.f});
  EXPECT_EQ(g.tensors.at("scalar").shape.size(), 0u);
  EXPECT_TRUE(tensor_get(g, "empty", p, {0, 5}).empty());
  EXPECT_EQ(tensor_get_ints(g, "rng", p, {4}),
            (std::vector<int64_t>{int64_t(0x9E3779B97F4A7C15ull), -1, 0, std::numeric_limits<int64_t>::max()}));
  EXPECT_EQ(tensor_get_ints(g, "bytes", p), (std::vector<int64_t>{0, 1, 200, 255, 7}));
  EXPECT_EQ(tensor_get_ints(g, "i32", p, {3, 1}), (std::vector<int64_t>{-2147483648LL, 2147483647LL, 5}));

  // Layout: data 8-byte aligned, wider dtypes first, offsets tiling the data.
  const std::string bytes = file_bytes(p);
  uint64_t n;
  std::memcpy(&n, bytes.data(), 8);
  EXPECT_EQ((8 + n) % 8, 0u);
  auto hj = nlohmann::json::parse(bytes.substr(8, n));
  EXPECT_EQ(hj["w.f16"]["dtype"], "F16");
  EXPECT_EQ(hj["rng"]["data_offsets"][0], 0);  // I64 is the widest
  EXPECT_EQ(hj["bytes"]["data_offsets"][1], bytes.size() - 8 - n);  // U8 last
  EXPECT_EQ(hj["__metadata__"]["format"], "pt");
}

TEST_F(Safetensors, GetChecksNameKindAndShape) {
  TensorFile f;
  tensor_put(f, "a", std::vector<float>(6, 1.f), {2, 3});
  tensor_put_ints(f, "n", {1, 2}, {2});
  auto msg = [&](auto fn) {
    try {
      fn();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  std::string m = msg([&] { tensor_get(f, "a", "model.safetensors", {3, 2}); });
  EXPECT_NE(m.find("model.safetensors"), std::string::npos) << m;
  EXPECT_NE(m.find("'a'"), std::string::npos) << m;
  EXPECT_NE(m.find("[2,3]"), std::string::npos) << m;
  EXPECT_NE(m.find("[3,2]"), std::string::npos) << m;
  m = msg([&] { tensor_get(f, "b", "x.st"); });
  EXPECT_NE(m.find("'b' is missing"), std::string::npos) << m;
  m = msg([&] { tensor_get(f, "n", "x.st"); });
  EXPECT_NE(m.find("I64"), std::string::npos) << m;
  EXPECT_THROW(tensor_get_ints(f, "a", "x.st"), Error);
  EXPECT_THROW(tensor_put(f, "c", std::vector<float>(5), {2, 3}), Error);
  EXPECT_THROW(tensor_put(f, "c", std::vector<float>(6), {2, 3}, Dtype::I64), Error);
  EXPECT_THROW(tensor_put_ints(f, "c", {256}, {1}, Dtype::U8), Error);
  EXPECT_THROW(tensor_put_ints(f, "c", {int64_t(1) << 31}, {1}, Dtype::I32), Error);
}

TEST_F(Safetensors, WriteReplacesAtomically) {
  const std::string p = temp_path("replace.safetensors");
  TensorFile f;
  tensor_put(f, "x", std::vector<float>{1, 2}, {2});
  safetensors_write(p, f);
  tensor_put(f, "x", std::vector<float>{3, 4, 5}, {3});
  safetensors_write(p, f);
  EXPECT_EQ(tensor_get(safetensors_read(p), "x", p, {3}), (std::vector<float>{3, 4, 5}));
  EXPECT_FALSE(fs::exists(p + ".tmp"));
  // A link planted at the temporary's name is replaced, never written through.
  const std::string victim = temp_path("victim.txt");
  std::ofstream(victim) << "keep";
  fs::create_symlink(victim, p + ".tmp");
  safetensors_write(p, f);
  std::ifstream v(victim);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(v), {}), "keep");
  EXPECT_THROW(safetensors_write(temp_path("no_such_dir/x.safetensors"), f), Error);
}

TEST_F(Safetensors, CorruptFilesAreErrors) {
  auto has = [](const std::string& msg, const std::string& part) {
    return msg.find(part) != std::string::npos;
  };
  const std::string ok_header = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";

  std::string m = read_error(temp_path("missing.safetensors"));
  EXPECT_TRUE(has(m, "missing.safetensors") && has(m, "cannot open")) << m;

  m = corrupt_error("short.safetensors", "abc");
  EXPECT_TRUE(has(m, "short.safetensors") && has(m, "too short")) << m;

  std::string big = raw_file(ok_header, 8);
  uint64_t huge = 1ull << 40;
  std::memcpy(big.data(), &huge, 8);
  m = corrupt_error("biglen.safetensors", big);
  EXPECT_TRUE(has(m, "biglen.safetensors") && has(m, "larger than the file")) << m;

  m = corrupt_error("json.safetensors", raw_file(R"({"a":{"dtype":"F32",)", 8));
  EXPECT_TRUE(has(m, "json.safetensors") && has(m, "not valid JSON")) << m;

  m = corrupt_error("dtype.safetensors", raw_file(R"({"a":{"dtype":"Q7","shape":[2],"data_offsets":[0,8]}})", 8));
  EXPECT_TRUE(has(m, "dtype.safetensors") && has(m, "unknown dtype") && has(m, "Q7")) << m;

  m = corrupt_error("range.safetensors", raw_file(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})", 8));
  EXPECT_TRUE(has(m, "range.safetensors") && has(m, "'a' ends at data byte 16")) << m;

  m = corrupt_error("overlap.safetensors",
                    raw_file(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                             R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8));
  EXPECT_TRUE(has(m, "overlap.safetensors") && has(m, "overlap")) << m;

  // 2^62 x 4 bytes wraps around 2^64 to 0: the size check must not be fooled.
  m = corrupt_error("wrap.safetensors",
                    raw_file(R"({"a":{"dtype":"F32","shape":[4611686018427387904],"data_offsets":[0,0]}})", 0));
  EXPECT_TRUE(has(m, "wrap.safetensors") && has(m, "larger than the file's data")) << m;

  for (const char* p : {"/dev/zero", "/tmp"}) {
    m = read_error(p);
    EXPECT_TRUE(has(m, p) && (has(m, "not a regular file") || has(m, "is a folder"))) << m;
  }

  m = corrupt_error("size.safetensors", raw_file(R"({"a":{"dtype":"F16","shape":[3],"data_offsets":[0,8]}})", 8));
  EXPECT_TRUE(has(m, "size.safetensors") && has(m, "needs 6 bytes")) << m;

  m = corrupt_error("negoff.safetensors", raw_file(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", 8));
  EXPECT_TRUE(has(m, "invalid data_offsets")) << m;

  m = corrupt_error("shape.safetensors", raw_file(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", 8));
  EXPECT_TRUE(has(m, "invalid shape")) << m;

  m = corrupt_error("meta.safetensors", raw_file(R"({"__metadata__":{"k":3}})", 0));
  EXPECT_TRUE(has(m, "metadata 'k' is not a string")) << m;

  m = corrupt_error("extra.safetensors", raw_file(ok_header, 12));
  EXPECT_TRUE(has(m, "4 bytes after the last tensor")) << m;

  // A real file cut short anywhere in its data.
  TensorFile f;
  tensor_put(f, "w", std::vector<float>(100, 0.5f), {10, 10}, Dtype::F16);
  tensor_put(f, "v", std::vector<float>(10, 0.5f), {10});
  const std::string p = temp_path("whole.safetensors");
  safetensors_write(p, f);
  const std::string whole = file_bytes(p);
  for (size_t cut : {size_t(1), size_t(39), whole.size() - 10}) {
    m = corrupt_error("cut.safetensors", whole.substr(0, whole.size() - cut));
    EXPECT_TRUE(has(m, "cut.safetensors")) << m;
  }
  m = corrupt_error("cut.safetensors", whole.substr(0, whole.size() - 1));
  EXPECT_TRUE(has(m, "truncated")) << m;
}
