#include "core/phone.h"

#include <gtest/gtest.h>

#include <string>

namespace nazar {
namespace {

struct Case {
  const char* written;
  const char* country;
  const char* e164;  // nullptr: cannot be placed
};

// The forms one Iranian mobile and one Tehran landline take in CRMs, gateways and
// Asterisk's caller id, and numbers that cannot be placed.
constexpr Case kCases[] = {
    {"09121110001", "IR", "+989121110001"},
    {"9121110001", "IR", "+989121110001"},
    {"+989121110001", "IR", "+989121110001"},
    {"00989121110001", "IR", "+989121110001"},
    {"989121110001", "IR", "+989121110001"},
    {"+98 (0) 912 111 0001", "IR", "+989121110001"},
    {"+98-912-111-0001", "", "+989121110001"},
    {"0912 111 0001", "IR", "+989121110001"},
    {"0912-111-0001", "ir", "+989121110001"},
    {"۰۹۱۲۱۱۱۰۰۰۱", "IR", "+989121110001"},                   // Persian digits
    {"٠٩١٢١١١٠٠٠١", "IR", "+989121110001"},                   // Arabic-Indic digits
    {"\u200e+98 912 111 0001\u200f", "IR", "+989121110001"},  // direction marks from a copy
    {"۰۹۱۲\u00a0۱۱۱\u00a0۰۰۰۱", "IR", "+989121110001"},       // no-break spaces
    {"021 8888 1234", "IR", "+982188881234"},                 // Tehran landline
    {"(021) 8888-1234", "IR", "+982188881234"},
    {"2188881234", "IR", "+982188881234"},
    {"+982188881234", "IR", "+982188881234"},
    {"88881234", "IR", nullptr},      // a landline without its area code
    {"09121110001", "", nullptr},     // national, and no default country
    {"0912111000", "IR", nullptr},    // a digit short
    {"091211100012", "IR", nullptr},  // a digit long
    {"0912abc0001", "IR", nullptr},
    {"+98+9121110001", "IR", nullptr},
    {"+1234567890123456", "IR", nullptr},  // over 15 digits
    {"", "IR", nullptr},
    {"(415) 555-0123", "US", "+14155550123"},
    {"1 415 555 0123", "US", "+14155550123"},
    {"+44 (0)20 7946 0018", "", "+442079460018"},
    {"020 7946 0018", "GB", "+442079460018"},
    {"030 1234567", "DE", "+49301234567"},
    {"09121110001", "XX", nullptr},  // a country Nazar has no plan for
};

TEST(PhoneTest, EveryFormOfANumberHasOneE164) {
  for (const Case& c : kCases) {
    auto got = ToE164(c.written, c.country);
    if (c.e164) {
      ASSERT_TRUE(got.has_value()) << c.written << " in " << c.country;
      EXPECT_EQ(*got, c.e164) << c.written << " in " << c.country;
    } else {
      EXPECT_FALSE(got.has_value()) << c.written << " gave " << got.value_or("");
    }
  }
}

TEST(PhoneTest, KeysFallBackToTheDigitsWhenANumberCannotBePlaced) {
  EXPECT_EQ(PhoneKey("0912 111 0001", "IR"), "+989121110001");
  EXPECT_EQ(PhoneKey("8888-1234", "IR"), "88881234");
  EXPECT_EQ(PhoneKey("۸۸۸۸ ۱۲۳۴", "IR"), "88881234");
  EXPECT_EQ(PhoneKey("09121110001", ""), "09121110001");
  EXPECT_EQ(PhoneKey("", "IR"), "");
}

TEST(PhoneTest, MobilesAreKnownWhereThePlanSaysSo) {
  EXPECT_TRUE(IsMobileNumber("+989121110001"));
  EXPECT_TRUE(IsMobileNumber("+989351110001"));
  EXPECT_FALSE(IsMobileNumber("+982188881234"));
  EXPECT_TRUE(IsMobileNumber("+447911123456"));
  EXPECT_FALSE(IsMobileNumber("+442079460018"));
  EXPECT_TRUE(IsMobileNumber("+14155550123"));  // NANP: not told apart, may take an SMS
}

TEST(PhoneTest, CountryPlansAreFoundByTheirCode) {
  ASSERT_TRUE(CountryPlanOf("ir").has_value());
  EXPECT_EQ(CountryPlanOf("IR")->calling_code, "98");
  EXPECT_FALSE(CountryPlanOf("IRN").has_value());
  EXPECT_FALSE(CountryPlanOf("").has_value());
}

}  // namespace
}  // namespace nazar
