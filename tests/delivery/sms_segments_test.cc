// SMS parts as 3GPP TS 23.038/23.040 count them: 160/153 GSM-7 septets, 70/67 UCS-2 units.
#include "delivery/sms_segments.h"

#include <gtest/gtest.h>

#include <string>

namespace nazar::delivery {
namespace {

std::string Times(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

struct Case {
  std::string text;
  SmsEncoding encoding;
  int64_t units;
  int64_t parts;
};

TEST(SmsSegmentsTest, PartsFollowTheAlphabetAndTheConcatenationHeader) {
  const Case cases[] = {
      {"", SmsEncoding::kGsm7, 0, 0},
      {"Hello", SmsEncoding::kGsm7, 5, 1},
      {Times("a", 160), SmsEncoding::kGsm7, 160, 1},
      {Times("a", 161), SmsEncoding::kGsm7, 161, 2},  // 153 + 8
      {Times("a", 306), SmsEncoding::kGsm7, 306, 2},
      {Times("a", 307), SmsEncoding::kGsm7, 307, 3},
      {Times("€", 80), SmsEncoding::kGsm7, 160, 1},  // the extension table: two septets
      {Times("€", 81), SmsEncoding::kGsm7, 162, 2},
      {"Reply STOP {to} opt-out: £5 @ café", SmsEncoding::kGsm7, 36, 1},
      {Times("س", 70), SmsEncoding::kUcs2, 70, 1},
      {Times("س", 71), SmsEncoding::kUcs2, 71, 2},  // 67 + 4
      {Times("س", 134), SmsEncoding::kUcs2, 134, 2},
      {Times("س", 135), SmsEncoding::kUcs2, 135, 3},
      {"سلام a", SmsEncoding::kUcs2, 6, 1},  // one Persian letter makes it all UCS-2
      {"۱۲۳", SmsEncoding::kUcs2, 3, 1},
      {"ok 😀", SmsEncoding::kUcs2, 5, 1},                   // beyond the BMP: a surrogate pair
      {Times("a", 159) + "ç", SmsEncoding::kUcs2, 160, 3},  // ç is not GSM (Ç is)
  };
  for (const Case& c : cases) {
    SmsSegments s = CountSmsSegments(c.text);
    EXPECT_EQ(s.encoding, c.encoding) << c.text;
    EXPECT_EQ(s.units, c.units) << c.text;
    EXPECT_EQ(s.parts, c.parts) << c.text;
  }
  EXPECT_EQ(CountSmsSegments(Times("a", 200)).per_part, 153);
  EXPECT_EQ(CountSmsSegments("سلام").per_part, 70);
  EXPECT_EQ(ToString(SmsEncoding::kUcs2), "ucs2");
}

}  // namespace
}  // namespace nazar::delivery
