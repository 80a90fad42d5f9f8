#include "core/contact_info.h"

#include <gtest/gtest.h>

namespace nazar {
namespace {

TEST(ContactInfoTest, EmailsAreLowerCasedAndChecked) {
  EXPECT_EQ(*NormaliseEmail("Ali@Example.IR"), "ali@example.ir");
  for (const char* bad : {"", "no-at", "@x.ir", "a@", "a@b@c", "a b@x.ir", "<a@x.ir>", "a@x.ir,b@y"}) {
    auto r = NormaliseEmail(bad, "contacts[3].email");
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().field, "contacts[3].email");
  }
}

TEST(ContactInfoTest, PhonesKeepDigitsAndALeadingPlus) {
  EXPECT_EQ(*NormalisePhone("+98 (912) 123-4567"), "+989121234567");
  EXPECT_EQ(*NormalisePhone("۰۹۱۲۱۲۳۴۵۶۷"), "09121234567");
  EXPECT_EQ(*NormalisePhone("٠٢١.٨٨٨٨٨٨٨٨"), "02188888888");
  for (const char* bad : {"", "12345", "+", "0912-abc-4567", "+98+912", "1234567890123456"}) {
    auto r = NormalisePhone(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().field, "phone");
  }
}

TEST(ContactInfoTest, ClientTextIsValidUtf8WithinItsLimit) {
  EXPECT_EQ(SanitiseUtf8("سلام\x01", 100), "سلام?");
  EXPECT_EQ(SanitiseUtf8("سلام", 5), "سل");  // never cut inside a character
  EXPECT_EQ(SanitiseUtf8("a\xff" "b", 10), "a?b");
}

}  // namespace
}  // namespace nazar
