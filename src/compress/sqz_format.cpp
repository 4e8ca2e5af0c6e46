#include "compress/sqz_format.hpp"

#include <array>
#include <cstring>

#include "core/error.hpp"

namespace seqgen {
namespace {

constexpr char kMagic[4] = {'S', 'Q', 'Z', 0x1a};

template <class U>
void put(std::string& s, U v) {
  for (size_t i = 0; i < sizeof(U); ++i) s.push_back(char(uint8_t(uint64_t(v) >> (8 * i))));
}

// Reads little-endian fields; running off the end is an error naming the file.
struct Reader {
  std::string_view s;
  const std::string& where;
  size_t pos = 0;
  template <class U>
  U get() {
    if (s.size() - pos < sizeof(U)) fail("{}: truncated (the header ends after {} bytes)", where, s.size());
    uint64_t v = 0;
    for (size_t i = 0; i < sizeof(U); ++i) v |= uint64_t(uint8_t(s[pos + i])) << (8 * i);
    pos += sizeof(U);
    return U(v);
  }
};

}  // namespace

uint32_t crc32_of(std::string_view bytes) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

uint64_t fnv1a64(const void* data, size_t n, uint64_t h) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

std::string sqz_params_problem(const SqzParams& p) {
  if (p.hidden.empty() || p.hidden.size() > 16) return "1 to 16 layers";
  double cells = 0;
  for (int c : p.hidden) {
    if (c < 1 || c > 4096) return fmt::format("layer size {} is outside 1..4096", c);
    cells += c;
  }
  if (p.seg < 1 || p.seg > 65535 || p.lanes < 1 || p.lanes > 65535) return "lanes and segment length must be 1..65535";
  if (!(p.lr > 0 && p.lr < 1) || !(p.context_lr >= 0 && p.context_lr < 10)) return "learning rates out of range";
  if (double(p.seg + 1) * p.lanes * cells * 8 > 2147483648.0)
    return fmt::format("{} lanes x {} steps of {} cells need too much memory", p.lanes, p.seg, cells);
  return "";
}

std::string sqz_header_write(const SqzHeader& h) {
  const SqzParams& p = h.params;
  std::string s(kMagic, 4);
  put<uint16_t>(s, kSqzVersion);
  put<uint8_t>(s, p.pretrained ? 1 : 0);
  put<uint8_t>(s, uint8_t(p.hidden.size()));
  for (int c : p.hidden) put<uint16_t>(s, uint16_t(c));
  put<uint16_t>(s, uint16_t(p.seg));
  put<uint16_t>(s, uint16_t(p.lanes));
  uint32_t lr;
  std::memcpy(&lr, &p.lr, 4);
  put<uint32_t>(s, lr);
  std::memcpy(&lr, &p.context_lr, 4);
  put<uint32_t>(s, lr);
  put<uint64_t>(s, p.seed);
  put<uint64_t>(s, h.model_id);
  put<uint64_t>(s, h.length);
  put<uint32_t>(s, h.crc);
  put<uint64_t>(s, h.payload_size);
  put<uint32_t>(s, crc32_of(s));
  return s;
}

SqzHeader sqz_header_read(std::string_view file, const std::string& where, size_t& header_size) {
  if (file.size() < 4 || std::memcmp(file.data(), kMagic, 4) != 0)
    fail("{}: not a seqgen compressed file (it does not start with the .sqz magic bytes)", where);
  Reader r{file, where, 4};
  SqzHeader h;
  SqzParams& p = h.params;
  const uint16_t version = r.get<uint16_t>();
  if (version != kSqzVersion)
    fail("{}: format version {} (this seqgen reads version {}; made by another version of seqgen?)", where, version,
         kSqzVersion);
  const uint8_t flags = r.get<uint8_t>();
  p.pretrained = flags & 1;
  const int L = r.get<uint8_t>();
  p.hidden.assign(L, 0);
  for (int& c : p.hidden) c = r.get<uint16_t>();
  p.seg = r.get<uint16_t>();
  p.lanes = r.get<uint16_t>();
  const uint32_t lr = r.get<uint32_t>();
  std::memcpy(&p.lr, &lr, 4);
  const uint32_t clr = r.get<uint32_t>();
  std::memcpy(&p.context_lr, &clr, 4);
  p.seed = r.get<uint64_t>();
  h.model_id = r.get<uint64_t>();
  h.length = r.get<uint64_t>();
  h.crc = r.get<uint32_t>();
  h.payload_size = r.get<uint64_t>();
  const size_t body = r.pos;
  const uint32_t hcrc = r.get<uint32_t>();
  if (hcrc != crc32_of(file.substr(0, body))) fail("{}: corrupt (the header's checksum does not match)", where);
  header_size = r.pos;
  const uint64_t have = file.size() - header_size;
  if (have < h.payload_size)
    fail("{}: truncated ({} of {} bytes of coded data)", where, have, h.payload_size);
  if (have > h.payload_size)
    fail("{}: {} unexpected bytes after the coded data (corrupt, or two files joined)", where, have - h.payload_size);
  if (const std::string e = sqz_params_problem(p); flags > 1 || !e.empty())
    fail("{}: corrupt (impossible settings in the header: {})", where, flags > 1 ? "flags" : e);
  // A byte costs at least -log2(65281/65536) > 1/180 bit, so the coded data
  // bounds the length: a forged header cannot ask for more output than that.
  if (h.length > (h.payload_size + 16) * 8 * 180)
    fail("{}: corrupt (claims {} bytes from {} coded bytes)", where, h.length, h.payload_size);
  return h;
}

}  // namespace seqgen
