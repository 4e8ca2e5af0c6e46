// Ink colours given by the user: CSS-style hex or a few common names.
#include <cctype>
#include <cstring>

#include "core/error.hpp"
#include "render/color.hpp"

namespace seqgen {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = char(std::tolower((unsigned char)c));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

struct NamedColor {
  const char* name;
  int rgb;
};
constexpr NamedColor kNamed[] = {
    {"black", 0x000000}, {"blue", 0x0000ff},  {"darkblue", 0x00008b}, {"navy", 0x000080},
    {"red", 0xff0000},   {"green", 0x008000}, {"gray", 0x808080},     {"grey", 0x808080},
    {"white", 0xffffff},
};

Rgb from_int(int v) { return {((v >> 16) & 255) / 255.0, ((v >> 8) & 255) / 255.0, (v & 255) / 255.0}; }

}  // namespace

Rgb color_parse(const std::string& s) {
  if (!s.empty() && s[0] == '#' && (s.size() == 4 || s.size() == 7)) {
    int v = 0;
    bool ok = true;
    for (size_t i = 1; i < s.size(); ++i) {
      int d = hex_digit(s[i]);
      ok = ok && d >= 0;
      v = v * (s.size() == 4 ? 256 : 16) + (s.size() == 4 ? d * 17 : d);  // #abc = #aabbcc
    }
    if (ok) return from_int(v);
  }
  std::string lower;
  for (char c : s) lower += char(std::tolower((unsigned char)c));
  for (const auto& n : kNamed)
    if (lower == n.name) return from_int(n.rgb);
  fail("unknown colour '{}' (use #rgb, #rrggbb, black, blue, darkblue, navy, red, green, gray or white)", s);
}

}  // namespace seqgen
