// Reads an IAM-OnDB line file:
//   <WhiteboardCaptureSession><WhiteboardDescription>
//     <SensorLocation corner="top_left"/> <DiagonallyOppositeCoords .../> ...
//   </WhiteboardDescription>
//   <StrokeSet><Stroke ...><Point x="726" y="1148" time="14920920.04"/>...
// Orientation: the tracker sits in the board's top left corner and reports x
// growing to the right and y growing downwards (Diagonally- and
// HorizontallyOppositeCoords have the larger x, Diagonally- and
// VerticallyOpposite the larger y). That is already the image convention the
// project uses, so coordinates are taken as they are; drawn that way every
// line reads upright and left to right. All 12,195 files of the distributed
// database say corner="top_left"; any other corner would need a different
// mapping that no file shows, so such a file is refused rather than guessed.
#include "data/iam_xml.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <charconv>
#include <cmath>
#include <limits>
#include <cstring>

namespace seqgen {

// A finite number within a float's range ("nan", "inf" and 1e300 are not).
static bool attr_number(const pugi::xml_node& n, const char* name, double& v) {
  const char* s = n.attribute(name).value();
  const char* e = s + std::strlen(s);
  auto r = std::from_chars(s, e, v);
  return *s && r.ec == std::errc() && r.ptr == e && std::abs(v) <= std::numeric_limits<float>::max();
}

bool iam_xml_read(std::string_view bytes, std::vector<RawStroke>& out, std::string& why) {
  out.clear();
  pugi::xml_document doc;
  pugi::xml_parse_result pr = doc.load_buffer(bytes.data(), bytes.size());
  if (!pr) {
    why = fmt::format("malformed XML at byte {}: {}", pr.offset, pr.description());
    return false;
  }
  pugi::xml_node root = doc.child("WhiteboardCaptureSession");
  if (!root) {
    why = "no WhiteboardCaptureSession element";
    return false;
  }
  pugi::xml_node sensor = root.child("WhiteboardDescription").child("SensorLocation");
  if (!sensor) {
    why = "no WhiteboardDescription/SensorLocation: the board's orientation is unknown";
    return false;
  }
  std::string corner = sensor.attribute("corner").value();
  if (corner != "top_left") {
    why = fmt::format("SensorLocation corner '{}' is not supported (the database's files all have top_left)", corner);
    return false;
  }
  pugi::xml_node set = root.child("StrokeSet");
  if (!set) {
    why = "no StrokeSet element";
    return false;
  }
  int k = 0;
  size_t points = 0;
  for (pugi::xml_node s = set.child("Stroke"); s; s = s.next_sibling("Stroke"), ++k) {
    RawStroke st;
    int j = 0;
    for (pugi::xml_node p = s.child("Point"); p; p = p.next_sibling("Point"), ++j) {
      if (++points > kIamLineMaxPoints) {
        why = fmt::format("more than {} points", kIamLineMaxPoints);
        return false;
      }
      double x, y, t;
      if (!attr_number(p, "x", x) || !attr_number(p, "y", y) || !attr_number(p, "time", t)) {
        why = fmt::format("stroke {} point {}: x, y or time missing or not a finite number", k + 1, j + 1);
        return false;
      }
      st.push_back({float(x), float(y), t});
    }
    if (!st.empty()) out.push_back(std::move(st));
  }
  return true;
}

}  // namespace seqgen
