// The server's request parsing (src/serve/write_request.cpp) on hostile
// bodies: each is a 400 naming the field, never a crash.
#include <gtest/gtest.h>

#include <string>

#include "serve/write_request.hpp"

namespace seqgen {
namespace {

RequestError refusal(const std::string& body) {
  try {
    write_request_parse(body, ServeLimits{}, 4);
  } catch (const RequestError& e) {
    return e;
  }
  return {0, "accepted"};
}

TEST(WriteRequest, HostileStylesAreRefusedNamingTheField) {
  // 100,000 nested arrays as the strokes: copying them once overflowed the stack.
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  RequestError e = refusal(R"({"lines": ["x"], "style": {"text": "a", "strokes": )" + deep + "}}");
  EXPECT_EQ(e.status, 400);
  EXPECT_NE(e.message.find("style: stroke 1 point 1 is not [x, y]"), std::string::npos) << e.message;
  // An SVG upload with a number after Z (once an endless loop).
  e = refusal(R"({"lines": ["x"], "style": {"text": "a", "svg": "<svg><path d='M0 0 L9 9 Z 5'/></svg>"}})");
  EXPECT_EQ(e.status, 400);
  EXPECT_NE(e.message.find("Z takes no numbers"), std::string::npos) << e.message;
  e = refusal(R"({"lines": ["x"], "style": {"text": "a", "strokes": [[[1e300, 0], [1, 1]]]}})");
  EXPECT_NE(e.message.find("style: stroke 1 point 1 is not finite or is too large"), std::string::npos) << e.message;
}

}  // namespace
}  // namespace seqgen
