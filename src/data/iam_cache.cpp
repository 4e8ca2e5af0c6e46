// The IAM-OnDB line cache (see iam_cache.hpp). Layout, native byte order:
//   "SQGIAMC\0"  u32 version  u32 0  u64 payload bytes  u64 checksum
//   payload: str stamp, u32 #skips {str file, str reason}, 4 x i64 counts,
//            u32 #train lines, lines, u32 #valid lines, lines
//   line:    str id, str text, u32 n, f32 x[n], f32 y[n], u8 end bits[(n+7)/8]
//   str:     u32 length, bytes
// Points are stored exactly as loaded (8 bytes each: the filled-in readings
// are fractional, so 16-bit integers would not do). The checksum covers the
// payload, so a damaged or cut-off file is refused instead of read as lines.
#include "data/iam_cache.hpp"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "core/file_io.hpp"

namespace seqgen {

static constexpr char kMagic[8] = {'S', 'Q', 'G', 'I', 'A', 'M', 'C', '\0'};
static constexpr uint32_t kVersion = 1;
static constexpr size_t kHeader = 8 + 4 + 4 + 8 + 8;
// The whole database's cache is about 100 MB; a larger file is not one of ours.
static constexpr uint64_t kCacheMax = uint64_t(1) << 30;

// FNV-1a over 64-bit words: cheap enough for ~60 MB and catches any damage
// short of a deliberate forgery.
static uint64_t checksum(const char* p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = (h ^ w) * 0x100000001b3ull;
  }
  for (; i < n; ++i) h = (h ^ uint8_t(p[i])) * 0x100000001b3ull;
  return h;
}

template <class T>
static void put(std::string& b, T v) {
  b.append(reinterpret_cast<const char*>(&v), sizeof v);
}
static void put_str(std::string& b, const std::string& s) {
  put(b, uint32_t(s.size()));
  b += s;
}

static void put_lines(std::string& b, const std::vector<IamLine>& lines) {
  put(b, uint32_t(lines.size()));
  for (const IamLine& l : lines) {
    put_str(b, l.id);
    put_str(b, l.text);
    const size_t n = l.strokes.size();
    put(b, uint32_t(n));
    for (const PenPoint& p : l.strokes) put(b, p.x);
    for (const PenPoint& p : l.strokes) put(b, p.y);
    std::string bits((n + 7) / 8, '\0');
    for (size_t i = 0; i < n; ++i)
      if (l.strokes[i].end) bits[i / 8] = char(bits[i / 8] | (1 << (i % 8)));
    b += bits;
  }
}

void iam_cache_write(const std::string& path, const std::string& stamp, const IamDataset& d) {
  std::string pay;
  put_str(pay, stamp);
  put(pay, uint32_t(d.report.skipped.size()));
  for (const IamSkip& s : d.report.skipped) {
    put_str(pay, s.file);
    put_str(pay, s.reason);
  }
  const IamReport& r = d.report;
  for (int64_t v : {r.lines_empty, r.points_read, r.points_added, r.strokes_split}) put(pay, v);
  put_lines(pay, d.train);
  put_lines(pay, d.valid);

  std::string head(kMagic, 8);
  put(head, kVersion);
  put(head, uint32_t(0));
  put(head, uint64_t(pay.size()));
  put(head, checksum(pay.data(), pay.size()));

  file_write_atomic(path, head + pay);  // a private temporary, never a name another user could plant
}

namespace {
// Bounds-checked reading of the payload; running off its end means corrupt.
struct Reader {
  const std::string& path;
  const char* p;
  const char* end;
  void need(size_t n) {
    if (size_t(end - p) < n) fail("{}: corrupt cache: a record runs past the end of the data", path);
  }
  template <class T>
  T get() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, p, sizeof v);
    p += sizeof v;
    return v;
  }
  std::string str() {
    uint32_t n = get<uint32_t>();
    need(n);
    std::string s(p, n);
    p += n;
    return s;
  }
  std::vector<IamLine> lines() {
    uint32_t count = get<uint32_t>();
    std::vector<IamLine> out;
    for (uint32_t k = 0; k < count; ++k) {
      IamLine l;
      l.id = str();
      l.text = str();
      uint32_t n = get<uint32_t>();
      need(size_t(n) * 8 + (size_t(n) + 7) / 8);
      l.strokes.resize(n);
      for (uint32_t i = 0; i < n; ++i) std::memcpy(&l.strokes[i].x, p + 4 * size_t(i), 4);
      p += 4 * size_t(n);
      for (uint32_t i = 0; i < n; ++i) std::memcpy(&l.strokes[i].y, p + 4 * size_t(i), 4);
      p += 4 * size_t(n);
      for (uint32_t i = 0; i < n; ++i) l.strokes[i].end = (uint8_t(p[i / 8]) >> (i % 8)) & 1;
      p += (size_t(n) + 7) / 8;
      if (n && !l.strokes.back().end) fail("{}: corrupt cache: line {} does not end a stroke", path, l.id);
      out.push_back(std::move(l));
    }
    return out;
  }
};
}  // namespace

bool iam_cache_read(const std::string& path, const std::string& stamp, IamDataset& d, std::string& why) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    why = "no cache file yet";
    return false;
  }
  const std::string buf = file_read(path, kCacheMax, "IAM-OnDB cache");
  if (buf.size() < kHeader || std::memcmp(buf.data(), kMagic, 8) != 0)
    fail("{}: corrupt cache: not a seqgen IAM-OnDB cache file", path);
  uint32_t version;
  uint64_t size, sum;
  std::memcpy(&version, buf.data() + 8, 4);
  std::memcpy(&size, buf.data() + 16, 8);
  std::memcpy(&sum, buf.data() + 24, 8);
  if (version != kVersion) {
    why = fmt::format("cache format version {}, this program writes {}", version, kVersion);
    return false;
  }
  if (size != buf.size() - kHeader)
    fail("{}: corrupt cache: {} bytes of data, the header says {}", path, buf.size() - kHeader, size);
  if (checksum(buf.data() + kHeader, size) != sum) fail("{}: corrupt cache: checksum mismatch", path);
  Reader r{path, buf.data() + kHeader, buf.data() + buf.size()};
  if (r.str() != stamp) {
    why = "cache made from other data files, form lists or cleaning options";
    return false;
  }
  IamDataset out;
  uint32_t nskip = r.get<uint32_t>();
  for (uint32_t i = 0; i < nskip; ++i) {
    IamSkip s;
    s.file = r.str();
    s.reason = r.str();
    out.report.skipped.push_back(std::move(s));
  }
  IamReport& rep = out.report;
  for (int64_t* v : {&rep.lines_empty, &rep.points_read, &rep.points_added, &rep.strokes_split})
    *v = r.get<int64_t>();
  out.train = r.lines();
  out.valid = r.lines();
  if (r.p != r.end) fail("{}: corrupt cache: {} bytes after the last line", path, r.end - r.p);
  d = std::move(out);
  return true;
}

}  // namespace seqgen
