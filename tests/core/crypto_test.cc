#include "core/crypto.h"

#include <gtest/gtest.h>

#include <set>

namespace nazar {
namespace {

TEST(CryptoTest, Sha256MatchesKnownVectors) {
  // FIPS 180-2 test vectors.
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CryptoTest, Base64UrlRoundTripsEveryLength) {
  std::string data;
  for (int n = 0; n < 40; ++n) {
    std::string decoded;
    std::string enc = Base64UrlEncode(data);
    EXPECT_EQ(enc.find_first_of("+/="), std::string::npos);
    ASSERT_TRUE(Base64UrlDecode(enc, decoded));
    EXPECT_EQ(decoded, data);
    data.push_back(static_cast<char>(n * 37 + 200));
  }
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
  std::string out;
  EXPECT_FALSE(Base64UrlDecode("a", out));
  EXPECT_FALSE(Base64UrlDecode("ab+c", out));
}

TEST(CryptoTest, Base64MatchesTheRfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (auto [in, out] : vectors) EXPECT_EQ(Base64Encode(in), out) << in;
  EXPECT_EQ(Base64Encode("\xff\xfe"), "//4=");  // the standard alphabet, not base64url's
}

TEST(CryptoTest, RandomTokensAre128BitAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string t = RandomToken(16);
    EXPECT_EQ(t.size(), 22u);  // 16 bytes -> 22 base64url characters
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(CryptoTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

}  // namespace
TEST(CryptoTest, SealedSecretsOpenOnlyWithTheirKeyAndUnaltered) {
  const std::string key = RandomBytes(kSecretKeyBytes), other = RandomBytes(kSecretKeyBytes);
  const std::string secret = "smtp پسورد 🔑";
  const std::string sealed = SealSecret(key, secret);
  EXPECT_TRUE(IsSealed(sealed));
  EXPECT_EQ(sealed.find("smtp"), std::string::npos) << "the secret is not readable at rest";
  EXPECT_NE(SealSecret(key, secret), sealed) << "a fresh nonce each time";
  std::string opened;
  ASSERT_TRUE(OpenSecret(key, sealed, opened));
  EXPECT_EQ(opened, secret);
  EXPECT_FALSE(OpenSecret(other, sealed, opened)) << "another key";
  std::string altered = sealed;
  altered[altered.size() - 5] = altered[altered.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(OpenSecret(key, altered, opened)) << "GCM's tag catches a change";
  EXPECT_FALSE(OpenSecret(key, "plain text", opened));
  EXPECT_FALSE(OpenSecret(key, std::string(kSealedPrefix) + "AAAA", opened)) << "too short";
  ASSERT_TRUE(OpenSecret(key, SealSecret(key, ""), opened));
  EXPECT_EQ(opened, "");
}

}  // namespace nazar
