// The delivery area's channel settings and the secrets they seal at rest (the outbox has
// outbox_contract_test.cc).
#include <gtest/gtest.h>

#include "core/crypto.h"
#include "core/json.h"
#include "store/store.h"
#include "store_contract.h"
#include "support/test_store.h"

namespace nazar::store_contract {
namespace {

NAZAR_STORE_CONTRACT(ChannelsContract);

TEST_P(ChannelsContract, ChannelSettingsDefaultThenUpsert) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  auto empty = s_->delivery().GetChannelSettings(w.org.id);
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->smtp_host.empty());
  ChannelSettings x{.org_id = w.org.id,
                    .smtp_host = "smtp.example.ir",
                    .smtp_port = 465,
                    .smtp_tls = SmtpTls::kTls,
                    .smtp_user = "u",
                    .smtp_password = "p",
                    .from_address = "cx@example.ir",
                    .from_name = "باشگاه مشتریان",
                    .sms_gateway = R"({"url":"https://sms.example/send"})",
                    .updated_ms = kT0};
  ASSERT_TRUE(s_->delivery().PutChannelSettings(x).has_value());
  x.smtp_port = 587;
  x.smtp_tls = SmtpTls::kStartTls;
  auto again = s_->delivery().PutChannelSettings(x);
  ASSERT_TRUE(again.has_value());
  auto got = s_->delivery().GetChannelSettings(w.org.id);
  EXPECT_EQ(got->smtp_port, 587);
  EXPECT_EQ(got->smtp_tls, SmtpTls::kStartTls);
  EXPECT_EQ(got->from_name, "باشگاه مشتریان");
  EXPECT_EQ(got->smtp_password, "p");
  EXPECT_TRUE(s_->delivery().GetChannelSettings(w.other.id)->smtp_host.empty());
}

// With a secret key the SMTP password is sealed at rest: a store opened on the same database
// without the key (or with another) reads it as empty; with the key, in clear. One written
// before sealing existed (in clear) still reads.
TEST_P(ChannelsContract, TheSmtpPasswordIsSealedAtRest) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  const std::string key = RandomBytes(kSecretKeyBytes);
  auto keyed = OpenStore(t_.url, {.pool_size = 2, .secret_key = key});
  ASSERT_TRUE(keyed.has_value()) << keyed.error().ToString();
  ChannelSettings x{.org_id = w.org.id,
                    .smtp_host = "smtp.example.ir",
                    .smtp_user = "u",
                    .smtp_password = "hunter2",
                    .updated_ms = kT0};
  auto put = (*keyed)->delivery().PutChannelSettings(x);
  ASSERT_TRUE(put.has_value()) << put.error().ToString();
  EXPECT_EQ(put->smtp_password, "hunter2");
  EXPECT_EQ((*keyed)->delivery().GetChannelSettings(w.org.id)->smtp_password, "hunter2");
  auto unkeyed = s_->delivery().GetChannelSettings(w.org.id);
  EXPECT_TRUE(IsSealed(unkeyed->smtp_password)) << "not readable without the key";
  EXPECT_EQ(unkeyed->smtp_password.find("hunter2"), std::string::npos);
  auto other = OpenStore(t_.url, {.pool_size = 2, .secret_key = RandomBytes(kSecretKeyBytes)});
  auto elsewhere = (*other)->delivery().GetChannelSettings(w.org.id);
  EXPECT_TRUE(IsSealed(elsewhere->smtp_password));
  // A node with another key changes another setting: the password is kept, not wiped.
  elsewhere->sms_gateway = R"({"url":"https://sms.example/send"})";
  ASSERT_TRUE((*other)->delivery().PutChannelSettings(*elsewhere).has_value());
  EXPECT_EQ((*keyed)->delivery().GetChannelSettings(w.org.id)->smtp_password, "hunter2");
  ASSERT_TRUE(s_->delivery().PutChannelSettings(x).has_value());  // written without a key: in clear
  EXPECT_EQ((*keyed)->delivery().GetChannelSettings(w.org.id)->smtp_password, "hunter2");
}

// A gateway's secret headers are sealed at rest like the SMTP password; the rest of the
// template stays readable (and a template without secrets is stored as given).
TEST_P(ChannelsContract, GatewaySecretHeadersAreSealedAtRest) {
  InviteWorld w = MakeInviteWorld(*s_, 0);
  const std::string key = RandomBytes(kSecretKeyBytes);
  auto keyed = OpenStore(t_.url, {.pool_size = 2, .secret_key = key});
  ASSERT_TRUE(keyed.has_value()) << keyed.error().ToString();
  const std::string sms =
      R"({"url":"https://sms.example/send","headers":{"Content-Type":"application/json"},)"
      R"("secret_headers":{"Authorization":"Bearer gw-key-1","X-Api-Key":"k-2"}})";
  ChannelSettings x{.org_id = w.org.id,
                    .sms_gateway = sms,
                    .webhook_gateway = R"({"url":"https://hooks.example/x"})",
                    .updated_ms = kT0};
  auto put = (*keyed)->delivery().PutChannelSettings(x);
  ASSERT_TRUE(put.has_value()) << put.error().ToString();
  EXPECT_EQ(Json::parse(put->sms_gateway), Json::parse(sms));
  EXPECT_EQ(Json::parse((*keyed)->delivery().GetChannelSettings(w.org.id)->sms_gateway),
            Json::parse(sms));
  // Read without the key: the secrets are sealed, the rest is as written.
  Json raw = Json::parse(s_->delivery().GetChannelSettings(w.org.id)->sms_gateway);
  EXPECT_TRUE(IsSealed(raw["secret_headers"]["Authorization"].get<std::string>()));
  EXPECT_TRUE(IsSealed(raw["secret_headers"]["X-Api-Key"].get<std::string>()));
  EXPECT_EQ(raw["headers"]["Content-Type"], "application/json");
  EXPECT_EQ(raw.dump().find("gw-key-1"), std::string::npos);
  EXPECT_EQ(s_->delivery().GetChannelSettings(w.org.id)->webhook_gateway, x.webhook_gateway);
}

}  // namespace
}  // namespace nazar::store_contract
