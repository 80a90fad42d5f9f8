// The pure parts of webhooks: Standard Webhooks signatures (against the specification's
// published vector and an HMAC computed by the openssl command), and the URL and address
// rules against server-side request forgery.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "core/crypto.h"
#include "webhooks/address.h"
#include "webhooks/events.h"
#include "webhooks/signature.h"

namespace nazar::webhooks {
namespace {

// The specification's libraries' test vector (standard-webhooks, libraries/go/webhook_test.go).
constexpr std::string_view kSpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr std::string_view kSpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr int64_t kSpecTimestamp = 1614265330;
constexpr std::string_view kSpecBody = R"({"test": 2432232314})";
constexpr std::string_view kSpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

// base64 of HMAC-SHA256(key, content) as the openssl command computes it.
std::string OpensslSignature(std::string_view key, const std::string& content) {
  const std::string path = ::testing::TempDir() + "/signed_content";
  FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(content.data(), 1, content.size(), f);
  std::fclose(f);
  const std::string command = "openssl dgst -sha256 -mac HMAC -macopt hexkey:" + Hex(key) +
                              " -binary " + path + " | openssl base64 -A";
  FILE* p = popen(command.c_str(), "r");
  std::string out;
  char buffer[256];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, p)) out.append(buffer, n);
  pclose(p);
  return out;
}

TEST(Signature, MatchesTheSpecificationsVector) {
  auto key = SecretKey(kSpecSecret);
  ASSERT_TRUE(key.has_value()) << key.error().ToString();
  EXPECT_EQ(Sign(*key, kSpecId, kSpecTimestamp, kSpecBody), kSpecSignature);
  EXPECT_EQ(SignedContent(kSpecId, kSpecTimestamp, kSpecBody),
            R"(msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314})");
  // The prefix may be left out, as the specification's libraries accept.
  EXPECT_EQ(*SecretKey(kSpecSecret.substr(6)), *key);
}

TEST(Signature, MatchesOpensslOnANewSecretAndAPersianBody) {
  const std::string secret = NewSecret();
  ASSERT_TRUE(secret.starts_with("whsec_"));
  auto key = SecretKey(secret);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->size(), 32u);
  const std::string body =
      Envelope("response.completed", 1'790'000'000'000, {{"comment", "خیلی خوب بود"}});
  const std::string expected =
      OpensslSignature(*key, SignedContent("msg_abc", 1'790'000'000, body));
  ASSERT_FALSE(expected.empty()) << "the openssl command did not run";
  EXPECT_EQ(Sign(*key, "msg_abc", 1'790'000'000, body), "v1," + expected);
}

TEST(Signature, RotationSignsWithBothSecretsAndEitherVerifies) {
  const std::string old_key = *SecretKey(NewSecret());
  const std::string new_key = *SecretKey(NewSecret());
  const std::string header = SignatureHeader({new_key, old_key}, "msg_1", 1000, "{}");
  EXPECT_EQ(header, Sign(new_key, "msg_1", 1000, "{}") + " " + Sign(old_key, "msg_1", 1000, "{}"));
  EXPECT_TRUE(Verify(old_key, header, "msg_1", 1000, "{}", 1000));
  EXPECT_TRUE(Verify(new_key, header, "msg_1", 1000, "{}", 1000));
  const std::string stranger = *SecretKey(NewSecret());
  EXPECT_FALSE(Verify(stranger, header, "msg_1", 1000, "{}", 1000));
  // Altered body, id or timestamp; a timestamp outside the tolerance.
  EXPECT_FALSE(Verify(new_key, header, "msg_1", 1000, "{ }", 1000));
  EXPECT_FALSE(Verify(new_key, header, "msg_2", 1000, "{}", 1000));
  EXPECT_FALSE(Verify(new_key, header, "msg_1", 1001, "{}", 1001));
  EXPECT_FALSE(Verify(new_key, header, "msg_1", 1000, "{}", 1000 + kDefaultToleranceSeconds + 1));
  // Other schemes in the header are passed over.
  EXPECT_TRUE(Verify(new_key, "v1a,abc " + header, "msg_1", 1000, "{}", 1000));
}

TEST(Signature, BadSecretsNameTheField) {
  struct Case {
    std::string secret;
    std::string message_part;
  };
  const std::string short_key = "whsec_" + Base64Encode(std::string(16, 'k'));
  const std::string long_key = "whsec_" + Base64Encode(std::string(65, 'k'));
  for (const Case& c : {Case{"whsec_***", "base64"}, Case{"whsec_", "0"},
                        Case{short_key, "holds 16"}, Case{long_key, "holds 65"},
                        Case{"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw-_", "base64"}}) {
    auto key = SecretKey(c.secret, "secret");
    ASSERT_FALSE(key.has_value()) << c.secret;
    EXPECT_EQ(key.error().field, "secret");
    EXPECT_NE(key.error().message.find(c.message_part), std::string::npos) << key.error().message;
  }
}

TEST(Addresses, ClassifiedAsTheTableSays) {
  struct Case {
    std::string_view ip;
    AddressKind kind;
  };
  for (const Case& c : {Case{"8.8.8.8", AddressKind::kPublic},
                        Case{"127.0.0.1", AddressKind::kLoopback},
                        Case{"127.255.0.9", AddressKind::kLoopback},
                        Case{"10.1.2.3", AddressKind::kPrivate},
                        Case{"172.16.0.1", AddressKind::kPrivate},
                        Case{"172.32.0.1", AddressKind::kPublic},
                        Case{"192.168.1.1", AddressKind::kPrivate},
                        Case{"100.64.0.1", AddressKind::kPrivate},
                        Case{"169.254.169.254", AddressKind::kMetadata},
                        Case{"169.254.1.1", AddressKind::kLinkLocal},
                        Case{"0.0.0.0", AddressKind::kUnspecified},
                        Case{"224.0.0.1", AddressKind::kReserved},
                        Case{"255.255.255.255", AddressKind::kReserved},
                        Case{"::1", AddressKind::kLoopback},
                        Case{"::", AddressKind::kUnspecified},
                        Case{"fe80::1", AddressKind::kLinkLocal},
                        Case{"fd12:3456::1", AddressKind::kPrivate},
                        Case{"fd00:ec2::254", AddressKind::kMetadata},
                        Case{"::ffff:127.0.0.1", AddressKind::kLoopback},
                        Case{"::ffff:169.254.169.254", AddressKind::kMetadata},
                        Case{"::ffff:8.8.8.8", AddressKind::kPublic},
                        Case{"64:ff9b::a00:1", AddressKind::kPrivate},
                        Case{"ff02::1", AddressKind::kReserved},
                        Case{"2001:db8::1", AddressKind::kReserved},
                        Case{"2a00:1450:4001:80b::200e", AddressKind::kPublic}}) {
    auto kind = ClassifyAddress(c.ip);
    ASSERT_TRUE(kind.has_value()) << c.ip;
    EXPECT_EQ(*kind, c.kind) << c.ip << " is " << ToString(*kind);
  }
  EXPECT_FALSE(ClassifyAddress("example.com").has_value());
  EXPECT_FALSE(ClassifyAddress("2130706433").has_value());  // not a dotted address
}

TEST(Urls, CheckedAndSplit) {
  auto ok = ParseWebhookUrl("https://Hooks.Example.com/nazar?x=1", false);
  ASSERT_TRUE(ok.has_value()) << ok.error().ToString();
  EXPECT_EQ(ok->host, "hooks.example.com");
  EXPECT_EQ(ok->port, 443);
  EXPECT_FALSE(ok->host_is_address);
  auto v6 = ParseWebhookUrl("http://[::1]:8080/in", true);
  ASSERT_TRUE(v6.has_value()) << v6.error().ToString();
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 8080);
  EXPECT_TRUE(v6->host_is_address);

  struct Bad {
    std::string_view url;
    bool allow_private;
    std::string_view message_part;
  };
  for (const Bad& b : {Bad{"", false, "required"},
                       Bad{"ftp://example.com/", false, "http"},
                       Bad{"example.com/hook", false, "http"},
                       Bad{"https://user:pw@example.com/", false, "user name"},
                       Bad{"https://exa mple.com/", false, "spaces"},
                       Bad{"https:///path", false, "no host"},
                       Bad{"https://example.com:0/", false, "port"},
                       Bad{"https://example.com:99999/", false, "port"},
                       Bad{"https://example.com:/", false, "empty port"},
                       Bad{"http://::1/", true, "brackets"},
                       Bad{"http://127.0.0.1:9000/", false, "loopback"},
                       Bad{"http://10.0.0.5/", false, "private"},
                       Bad{"http://169.254.169.254/latest/meta-data/", false, "metadata"},
                       Bad{"http://[::1]/", false, "loopback"},
                       Bad{"http://[::ffff:10.0.0.1]/", false, "private"},
                       Bad{"http://localhost:8080/", false, "localhost"},
                       Bad{"http://exa$mple.com/", false, "host name"}}) {
    auto r = ParseWebhookUrl(b.url, b.allow_private, "url");
    ASSERT_FALSE(r.has_value()) << b.url;
    EXPECT_EQ(r.error().field, "url");
    EXPECT_NE(r.error().message.find(b.message_part), std::string::npos)
        << b.url << ": " << r.error().message;
  }
  // Allowed when the operator says so.
  EXPECT_TRUE(ParseWebhookUrl("http://127.0.0.1:9000/", true).has_value());
  EXPECT_TRUE(ParseWebhookUrl("http://localhost:9000/", true).has_value());
}

TEST(Events, TheEnvelopeIsTypeTimestampData) {
  EXPECT_TRUE(IsEventType("case.opened"));
  EXPECT_FALSE(IsEventType("case.deleted"));
  const std::string body = Envelope("case.opened", 1'790'000'000'123, {{"case_id", 7}});
  EXPECT_EQ(body, R"({"type":"case.opened","timestamp":"2026-09-21T14:13:20.123Z","data":{"case_id":7}})");
  for (std::string_view e : kEventTypes) EXPECT_EQ(SampleData(e, 0)["test"], true) << e;
}

}  // namespace
}  // namespace nazar::webhooks
