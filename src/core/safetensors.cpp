// Reading and writing the safetensors layout (see safetensors.hpp). The reader
// checks everything the reference implementation checks (offsets contiguous
// from 0, sizes matching shape x dtype, data exactly filling the file), so a
// damaged file is an Error naming it rather than garbage weights.
#include "core/safetensors.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/half.hpp"
#include "core/huge_pages.hpp"

namespace seqgen {

// Tensor bytes are copied as they are in memory; the format is little-endian.
static_assert(std::endian::native == std::endian::little, "safetensors I/O assumes a little-endian host");

namespace {

constexpr Dtype kDtypes[] = {Dtype::F32, Dtype::F16, Dtype::BF16, Dtype::F64, Dtype::I32, Dtype::I64, Dtype::U8};
constexpr uint64_t kMaxHeader = 100'000'000;  // the reference reader's limit

std::string shape_str(const std::vector<int64_t>& s) { return nlohmann::json(s).dump(); }

// Element count, or -1 for a negative dimension or a count past 2^62.
int64_t shape_count(const std::vector<int64_t>& s) {
  int64_t n = 1;
  for (int64_t d : s) {
    if (d < 0 || (d > 0 && n > (int64_t(1) << 62) / d)) return -1;
    n *= d;
  }
  return n;
}

void shape_check(const std::string& name, const std::vector<int64_t>& shape, size_t values) {
  if (shape_count(shape) != int64_t(values))
    fail("tensor '{}': {} values do not fill shape {}", name, values, shape_str(shape));
}

const Tensor& tensor_find(const TensorFile& f, const std::string& name, const std::string& path, bool want_float,
                          const std::vector<int64_t>& shape) {
  auto it = f.tensors.find(name);
  if (it == f.tensors.end()) fail("{}: tensor '{}' is missing", path, name);
  const Tensor& t = it->second;
  if (dtype_is_float(t.store) != want_float)
    fail("{}: tensor '{}' is {}, expected {} values", path, name, dtype_name(t.store),
         want_float ? "floating-point" : "integer");
  if (!shape.empty() && t.shape != shape)
    fail("{}: tensor '{}' has shape {}, expected {}", path, name, shape_str(t.shape), shape_str(shape));
  return t;
}

// The tensor's bytes as stored in the file.
std::vector<unsigned char> tensor_bytes(const Tensor& t) {
  const size_t n = dtype_is_float(t.store) ? t.data.size() : t.ints.size();
  std::vector<unsigned char> out(n * dtype_size(t.store));
  unsigned char* p = out.data();
  for (size_t i = 0; i < n; ++i) {
    switch (t.store) {
      case Dtype::F32: std::memcpy(p + 4 * i, &t.data[i], 4); break;
      case Dtype::F16: { uint16_t h = f16_from_float(t.data[i]); std::memcpy(p + 2 * i, &h, 2); } break;
      case Dtype::BF16: { uint16_t h = bf16_from_float(t.data[i]); std::memcpy(p + 2 * i, &h, 2); } break;
      case Dtype::F64: { double d = t.data[i]; std::memcpy(p + 8 * i, &d, 8); } break;
      case Dtype::I32: { int32_t v = int32_t(t.ints[i]); std::memcpy(p + 4 * i, &v, 4); } break;
      case Dtype::I64: std::memcpy(p + 8 * i, &t.ints[i], 8); break;
      case Dtype::U8: p[i] = uint8_t(t.ints[i]); break;
    }
  }
  return out;
}

// One loop per type: the F16 one runs over every weight of a model file.
template <class From, class To, class F>
void values_convert(std::vector<To>& out, const unsigned char* p, size_t n, F f) {
  reserve_huge(out, n);
  out.resize(n);
  for (size_t i = 0; i < n; ++i) {
    From v;
    std::memcpy(&v, p + sizeof(From) * i, sizeof(From));
    out[i] = To(f(v));
  }
}

void tensor_from_bytes(Tensor& t, const unsigned char* p, size_t n) {
  auto same = [](auto v) { return v; };
  switch (t.store) {
    case Dtype::F32: values_convert<float>(t.data, p, n, same); break;
    case Dtype::F16: values_convert<uint16_t>(t.data, p, n, f16_to_float); break;
    case Dtype::BF16: values_convert<uint16_t>(t.data, p, n, bf16_to_float); break;
    case Dtype::F64: values_convert<double>(t.data, p, n, same); break;
    case Dtype::I32: values_convert<int32_t>(t.ints, p, n, same); break;
    case Dtype::I64: values_convert<int64_t>(t.ints, p, n, same); break;
    case Dtype::U8: values_convert<uint8_t>(t.ints, p, n, same); break;
  }
}

void fd_write_all(int fd, const void* data, size_t n, const std::string& tmp) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) fail("writing {} failed: {}", tmp, std::strerror(errno));
    p += w, n -= size_t(w);
  }
}

}  // namespace

const char* dtype_name(Dtype d) {
  switch (d) {
    case Dtype::F32: return "F32";
    case Dtype::F16: return "F16";
    case Dtype::BF16: return "BF16";
    case Dtype::F64: return "F64";
    case Dtype::I32: return "I32";
    case Dtype::I64: return "I64";
    case Dtype::U8: return "U8";
  }
  return "?";
}

size_t dtype_size(Dtype d) {
  switch (d) {
    case Dtype::F16: case Dtype::BF16: return 2;
    case Dtype::F32: case Dtype::I32: return 4;
    case Dtype::F64: case Dtype::I64: return 8;
    case Dtype::U8: return 1;
  }
  return 0;
}

bool dtype_is_float(Dtype d) { return d == Dtype::F32 || d == Dtype::F16 || d == Dtype::BF16 || d == Dtype::F64; }

void tensor_put(TensorFile& f, const std::string& name, std::vector<float> data, std::vector<int64_t> shape,
                Dtype store) {
  if (store != Dtype::F32 && store != Dtype::F16 && store != Dtype::BF16)
    fail("tensor '{}': float tensors are stored as F32, F16 or BF16, not {}", name, dtype_name(store));
  if (name.empty() || name == "__metadata__") fail("'{}' cannot name a tensor", name);
  shape_check(name, shape, data.size());
  f.tensors[name] = Tensor{std::move(shape), store, std::move(data), {}};
}

void tensor_put(TensorFile& f, const std::string& name, const float* data, std::vector<int64_t> shape,
                Dtype store) {
  const int64_t n = shape_count(shape);
  if (n < 0) fail("tensor '{}': invalid shape {}", name, shape_str(shape));
  tensor_put(f, name, std::vector<float>(data, data + n), std::move(shape), store);
}

void tensor_put_ints(TensorFile& f, const std::string& name, std::vector<int64_t> data, std::vector<int64_t> shape,
                     Dtype store) {
  if (store != Dtype::I32 && store != Dtype::I64 && store != Dtype::U8)
    fail("tensor '{}': integer tensors are stored as I32, I64 or U8, not {}", name, dtype_name(store));
  if (name.empty() || name == "__metadata__") fail("'{}' cannot name a tensor", name);
  shape_check(name, shape, data.size());
  const int64_t lo = store == Dtype::U8 ? 0 : store == Dtype::I32 ? std::numeric_limits<int32_t>::min()
                                                                    : std::numeric_limits<int64_t>::min();
  const int64_t hi = store == Dtype::U8 ? 255 : store == Dtype::I32 ? std::numeric_limits<int32_t>::max()
                                                                     : std::numeric_limits<int64_t>::max();
  for (int64_t v : data)
    if (v < lo || v > hi) fail("tensor '{}': value {} does not fit {}", name, v, dtype_name(store));
  f.tensors[name] = Tensor{std::move(shape), store, {}, std::move(data)};
}

bool tensor_has(const TensorFile& f, const std::string& name) { return f.tensors.count(name) > 0; }

const std::vector<float>& tensor_get(const TensorFile& f, const std::string& name, const std::string& path,
                                     const std::vector<int64_t>& shape) {
  return tensor_find(f, name, path, true, shape).data;
}

const std::vector<int64_t>& tensor_get_ints(const TensorFile& f, const std::string& name, const std::string& path,
                                            const std::vector<int64_t>& shape) {
  return tensor_find(f, name, path, false, shape).ints;
}

void safetensors_write(const std::string& path, const TensorFile& f) {
  // Wider dtypes first, as the reference writer does, so every tensor starts
  // aligned to its element size.
  std::vector<const std::pair<const std::string, Tensor>*> order;
  for (auto& e : f.tensors) order.push_back(&e);
  std::stable_sort(order.begin(), order.end(),
                   [](auto* a, auto* b) { return dtype_size(a->second.store) > dtype_size(b->second.store); });
  nlohmann::json header = nlohmann::json::object();
  if (!f.metadata.empty()) header["__metadata__"] = f.metadata;
  uint64_t off = 0;
  for (auto* e : order) {
    const Tensor& t = e->second;
    const uint64_t bytes = (dtype_is_float(t.store) ? t.data.size() : t.ints.size()) * dtype_size(t.store);
    header[e->first] = {{"dtype", dtype_name(t.store)}, {"shape", t.shape}, {"data_offsets", {off, off + bytes}}};
    off += bytes;
  }
  std::string hs = header.dump();
  hs.append((8 - hs.size() % 8) % 8, ' ');
  const uint64_t n = hs.size();

  const std::string tmp = path + ".tmp";
  ::unlink(tmp.c_str());  // a stale one from a killed write, or a planted link
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) fail("cannot write {}: {}", tmp, std::strerror(errno));
  try {
    fd_write_all(fd, &n, 8, tmp);
    fd_write_all(fd, hs.data(), hs.size(), tmp);
    for (auto* e : order) {
      std::vector<unsigned char> b = tensor_bytes(e->second);
      fd_write_all(fd, b.data(), b.size(), tmp);
    }
    if (::fsync(fd) != 0) fail("writing {} failed: {}", tmp, std::strerror(errno));
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (::close(fd) != 0) {
    ::unlink(tmp.c_str());
    fail("writing {} failed: {}", tmp, std::strerror(errno));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail("cannot rename {} to {}: {}", tmp, path, std::strerror(err));
  }
  // Make the rename itself durable.
  std::string dir = std::filesystem::path(path).parent_path().string();
  int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

TensorFile safetensors_read(const std::string& path) {
  return safetensors_parse(file_read(path, kModelFileMax, "model file"), path);
}

TensorFile safetensors_parse(std::string_view buf, const std::string& path) {
  const uint64_t size = buf.size();
  if (size < 8) fail("{}: {} bytes, too short for a safetensors file (it starts with an 8-byte header length)", path, size);
  uint64_t n;
  std::memcpy(&n, buf.data(), 8);
  if (n > size - 8) fail("{}: header length {} is larger than the file ({} bytes): truncated or not safetensors", path, n, size);
  if (n > kMaxHeader) fail("{}: header length {} exceeds the {}-byte limit", path, n, kMaxHeader);
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(buf.begin() + 8, buf.begin() + 8 + int64_t(n));
  } catch (const nlohmann::json::exception& e) {
    fail("{}: header is not valid JSON: {}", path, e.what());
  }
  if (!header.is_object()) fail("{}: header is not a JSON object", path);

  struct Entry {
    std::string name;
    uint64_t begin, end;
  };
  std::vector<Entry> entries;
  TensorFile f;
  for (auto& [name, v] : header.items()) {
    if (name == "__metadata__") {
      if (!v.is_object()) fail("{}: __metadata__ is not an object", path);
      for (auto& [k, s] : v.items()) {
        if (!s.is_string()) fail("{}: metadata '{}' is not a string", path, k);
        f.metadata[k] = s.get<std::string>();
      }
      continue;
    }
    if (!v.is_object() || !v.contains("dtype") || !v.contains("shape") || !v.contains("data_offsets"))
      fail("{}: tensor '{}' needs dtype, shape and data_offsets", path, name);
    const nlohmann::json &jd = v["dtype"], &js = v["shape"], &jo = v["data_offsets"];
    Tensor t;
    auto known = std::find_if(std::begin(kDtypes), std::end(kDtypes),
                              [&](Dtype d) { return jd.is_string() && jd.get<std::string>() == dtype_name(d); });
    if (known == std::end(kDtypes)) fail("{}: tensor '{}' has unknown dtype {}", path, name, jd.dump());
    t.store = *known;
    if (!js.is_array()) fail("{}: tensor '{}' has a shape that is not a list", path, name);
    for (auto& d : js) {
      if (!d.is_number_integer()) fail("{}: tensor '{}' has an invalid shape {}", path, name, js.dump());
      t.shape.push_back(d.get<int64_t>());
    }
    const int64_t count = shape_count(t.shape);
    if (count < 0) fail("{}: tensor '{}' has an invalid shape {}", path, name, js.dump());
    if (!jo.is_array() || jo.size() != 2 || !jo[0].is_number_unsigned() || !jo[1].is_number_unsigned() ||
        jo[0].get<uint64_t>() > jo[1].get<uint64_t>())
      fail("{}: tensor '{}' has invalid data_offsets {}", path, name, jo.dump());
    const uint64_t begin = jo[0].get<uint64_t>(), end = jo[1].get<uint64_t>();
    // count <= 2^62: compare without forming count * size, which can wrap.
    if (uint64_t(count) > (size - 8 - n) / dtype_size(t.store))
      fail("{}: tensor '{}' of shape {} and dtype {} is larger than the file's data ({} bytes)", path, name,
           js.dump(), dtype_name(t.store), size - 8 - n);
    const uint64_t need = uint64_t(count) * dtype_size(t.store);
    if (end - begin != need)
      fail("{}: tensor '{}' has data_offsets [{}, {}] ({} bytes) but shape {} of {} needs {} bytes", path, name,
           begin, end, end - begin, shape_str(t.shape), dtype_name(t.store), need);
    entries.push_back({name, begin, end});
    f.tensors[name] = std::move(t);
  }

  // The tensors must tile the data section exactly, from 0 to its end.
  const uint64_t data_size = size - 8 - n;
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.begin != b.begin ? a.begin < b.begin : a.end < b.end; });
  uint64_t pos = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    if (e.end > data_size)
      fail("{}: truncated: tensor '{}' ends at data byte {} but the file holds {} data bytes", path, e.name, e.end,
           data_size);
    if (e.begin < pos) fail("{}: tensors '{}' and '{}' overlap in the data", path, entries[i - 1].name, e.name);
    if (e.begin > pos) fail("{}: {} unused bytes before tensor '{}' in the data", path, e.begin - pos, e.name);
    pos = e.end;
  }
  if (pos != data_size) fail("{}: {} bytes after the last tensor: not a valid safetensors file", path, data_size - pos);

  const auto* data = reinterpret_cast<const unsigned char*>(buf.data()) + 8 + n;
  for (const Entry& e : entries) {
    Tensor& t = f.tensors[e.name];
    tensor_from_bytes(t, data + e.begin, (e.end - e.begin) / dtype_size(t.store));
  }
  return f;
}

}  // namespace seqgen
