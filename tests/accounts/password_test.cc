#include "accounts/password.h"

#include <gtest/gtest.h>

namespace nazar {
namespace {

TEST(PasswordTest, HashesWithArgon2idAtOwaspParameters) {
  auto h = HashPassword("correct horse battery staple");
  ASSERT_TRUE(h.has_value());
  EXPECT_TRUE(h->starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << *h;
  EXPECT_TRUE(VerifyPassword(*h, "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(*h, "correct horse battery stapl"));
  // A fresh salt each time.
  EXPECT_NE(*HashPassword("correct horse battery staple"), *h);
}

TEST(PasswordTest, PersianPasswordsWork) {
  auto h = HashPassword("رمز عبور من");
  ASSERT_TRUE(h.has_value());
  EXPECT_TRUE(VerifyPassword(*h, "رمز عبور من"));
  EXPECT_FALSE(VerifyPassword(*h, "رمز عبور تو"));
}

TEST(PasswordTest, MalformedHashNeverVerifies) {
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("$argon2id$v=19$garbage", "x"));
  EXPECT_FALSE(VerifyPassword("plain-text-password", "plain-text-password"));
}

TEST(PasswordTest, PolicyNamesThePasswordField) {
  auto short_pw = CheckPasswordPolicy("1234567");
  ASSERT_FALSE(short_pw.has_value());
  EXPECT_EQ(short_pw.error().field, "password");
  EXPECT_TRUE(CheckPasswordPolicy("12345678").has_value());
  EXPECT_TRUE(CheckPasswordPolicy("رمزعبورم").has_value());  // 8 letters, 16 bytes
  EXPECT_FALSE(CheckPasswordPolicy(std::string(257, 'a')).has_value());
}

}  // namespace
}  // namespace nazar
