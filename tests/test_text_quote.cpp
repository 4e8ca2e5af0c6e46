// What messages show of a user's text: quoted, shortened, escaped.
#include <gtest/gtest.h>

#include "core/text_quote.hpp"

namespace seqgen {
namespace {

TEST(TextQuote, QuotesEscapesAndShortens) {
  EXPECT_EQ(text_quoted("abc"), "'abc'");
  EXPECT_EQ(text_quoted("it's a\\b"), "'it\\'s a\\\\b'");
  EXPECT_EQ(text_quoted("a\nb\tc\x1b[31m"), "'a\\nb\\tc\\x1B[31m'");
  EXPECT_EQ(text_quoted("é☃"), "'é☃'");                       // UTF-8 kept
  EXPECT_EQ(text_quoted("a\xff\xc3"), "'a\\xFF\\xC3'");        // bytes that are not UTF-8
  EXPECT_EQ(text_quoted("\xc2\x9b" "1m"), "'\\u009B1m'");    // C1 control (CSI)
  EXPECT_EQ(text_quoted(std::string(10000, 'x'), 5), "'xxxxx'...");
  EXPECT_EQ(text_quoted("ééééé", 3), "'ééé'...");             // cut by characters, not bytes
}

TEST(TextQuote, MessagesKeepNewlinesOnly) {
  EXPECT_EQ(message_printable("line 1\nline 2"), "line 1\nline 2");
  EXPECT_EQ(message_printable("x\x1b]0;title\x07y"), "x\\x1B]0;title\\x07y");
  EXPECT_EQ(message_printable("naïve"), "naïve");
}

}  // namespace
}  // namespace seqgen
