// Model and checkpoint files in the safetensors layout
// (https://github.com/huggingface/safetensors), so Python tools can open them:
// 8-byte little-endian header length N, N bytes of JSON header
//   {"__metadata__": {"key": "string", ...},
//    "name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...}
// padded with spaces so the data starts 8-byte aligned, then the tensors'
// little-endian bytes packed contiguously (offsets relative to the data start).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace seqgen {

enum class Dtype { F32, F16, BF16, F64, I32, I64, U8 };

const char* dtype_name(Dtype d);  // as in the header: "F32", "BF16", ...
size_t dtype_size(Dtype d);       // bytes per element
bool dtype_is_float(Dtype d);

// Float tensors are held as float whatever their storage (F64 is narrowed on
// read); integer tensors as int64. `store` is the dtype in the file, chosen per
// tensor: weights may be F16 while optimiser state stays F32.
struct Tensor {
  std::vector<int64_t> shape;  // [] is a scalar
  Dtype store = Dtype::F32;
  std::vector<float> data;    // float dtypes
  std::vector<int64_t> ints;  // integer dtypes
};

struct TensorFile {
  std::map<std::string, std::string> metadata;
  std::map<std::string, Tensor> tensors;
};

// `store` must be F32, F16 or BF16; the values must fill `shape`.
void tensor_put(TensorFile& f, const std::string& name, std::vector<float> data, std::vector<int64_t> shape,
                Dtype store = Dtype::F32);
void tensor_put(TensorFile& f, const std::string& name, const float* data, std::vector<int64_t> shape,
                Dtype store = Dtype::F32);
// `store` must be I32, I64 or U8, and every value must fit it (u64 words such
// as RNG state go in I64 bit for bit).
void tensor_put_ints(TensorFile& f, const std::string& name, std::vector<int64_t> data, std::vector<int64_t> shape,
                     Dtype store = Dtype::I64);
bool tensor_has(const TensorFile& f, const std::string& name);
// Error naming `path`, the tensor and both shapes when it is missing, of the
// other kind (float/integer) or its shape differs from `shape` (empty = any).
const std::vector<float>& tensor_get(const TensorFile& f, const std::string& name, const std::string& path,
                                     const std::vector<int64_t>& shape = {});
const std::vector<int64_t>& tensor_get_ints(const TensorFile& f, const std::string& name, const std::string& path,
                                            const std::vector<int64_t>& shape = {});

// Atomic: written to path + ".tmp" (a stale one from a killed write is
// replaced; never followed through a link), flushed to disk, then renamed over `path`.
void safetensors_write(const std::string& path, const TensorFile& f);
// Error naming `path` for a missing, short, truncated or malformed file.
// The file is read whole, up to kModelFileMax (core/file_io.hpp).
TensorFile safetensors_read(const std::string& path);
// The same checks on bytes in memory; `path` names them in errors.
TensorFile safetensors_parse(std::string_view bytes, const std::string& path);

}  // namespace seqgen
