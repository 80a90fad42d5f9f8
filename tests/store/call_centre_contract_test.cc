// The call-centre area (numbering default, agents' names) and contacts found by phone key.
#include <gtest/gtest.h>

#include "store/store.h"
#include "store_contract.h"
#include "support/test_store.h"

namespace nazar::store_contract {
namespace {

NAZAR_STORE_CONTRACT(CallCentreContract);

TEST_P(CallCentreContract, ContactsAreFoundByPhoneKeyWithinTheirOrganisation) {
  User u = NewUserOk("p@example.com");
  Organisation o = NewOrgOk("Org", u.id);
  Organisation other = NewOrgOk("Other", u.id);
  auto put = [&](OrgId org, const char* ext, const char* phone, const char* key) {
    auto c = s_->journeys().UpsertContact({.org_id = org,
                                           .external_id = ext,
                                           .phone = phone,
                                           .phone_key = key,
                                           .created_ms = kT0,
                                           .updated_ms = kT0});
    EXPECT_TRUE(c.has_value()) << c.error().ToString();
    return *c;
  };
  Contact a = put(o.id, "crm-1", "09121110001", "+989121110001");
  Contact b = put(o.id, "crm-2", "+989121110001", "+989121110001");
  put(o.id, "crm-3", "02188881234", "+982188881234");
  put(other.id, "crm-1", "09121110001", "+989121110001");
  auto found = s_->journeys().FindContactsByPhoneKey(o.id, "+989121110001");
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].id, a.id);  // oldest first
  EXPECT_EQ((*found)[1].id, b.id);
  EXPECT_EQ((*found)[0].phone_key, "+989121110001");
  EXPECT_TRUE(s_->journeys().FindContactsByPhoneKey(o.id, "")->empty());
  EXPECT_TRUE(s_->journeys().FindContactsByPhoneKey(o.id, "+989120000000")->empty());

  ASSERT_TRUE(s_->journeys().SetPhoneKeys(o.id, {{a.id, "09121110001"}}).has_value());
  EXPECT_EQ(s_->journeys().FindContactsByPhoneKey(o.id, "+989121110001")->size(), 1u);
  EXPECT_EQ(s_->journeys().GetContact(o.id, a.id)->phone_key, "09121110001");
  // Another organisation's contact is never re-keyed by this one's ids.
  ASSERT_TRUE(s_->journeys().SetPhoneKeys(other.id, {{b.id, "x"}}).has_value());
  EXPECT_EQ(s_->journeys().GetContact(o.id, b.id)->phone_key, "+989121110001");
}

TEST_P(CallCentreContract, SettingsAndAgentsBelongToTheirOrganisation) {
  User u = NewUserOk("q@example.com");
  Organisation o = NewOrgOk("Org", u.id);
  Organisation other = NewOrgOk("Other", u.id);
  auto& cc = s_->call_centre();
  EXPECT_FALSE(cc.GetSettings(o.id)->has_value());
  ASSERT_TRUE(
      cc.PutSettings({.org_id = o.id, .default_country = "IR", .updated_ms = kT0}).has_value());
  ASSERT_TRUE(
      cc.PutSettings({.org_id = o.id, .default_country = "GB", .updated_ms = kT0 + 1}).has_value());
  auto s = cc.GetSettings(o.id);
  ASSERT_TRUE(s.has_value() && s->has_value());
  EXPECT_EQ((*s)->default_country, "GB");
  EXPECT_EQ((*s)->updated_ms, kT0 + 1);
  EXPECT_FALSE(cc.GetSettings(other.id)->has_value());
  EXPECT_EQ(cc.PutSettings({.org_id = OrgId{999999}, .default_country = "IR"}).error().code,
            ErrorCode::kNotFound);

  auto sara = cc.PutAgent({.org_id = o.id,
                           .member = "SIP/8007",
                           .agent_id = "agent-07",
                           .name = R"({"fa":"سارا","en":"Sara"})",
                           .updated_ms = kT0});
  ASSERT_TRUE(sara.has_value()) << sara.error().ToString();
  ASSERT_TRUE(
      cc.PutAgent({.org_id = o.id, .member = "SIP/8001", .agent_id = "agent-01", .updated_ms = kT0})
          .has_value());
  auto renamed = cc.PutAgent({.org_id = o.id,
                              .member = "SIP/8007",
                              .agent_id = "agent-07",
                              .name = R"({"fa":"سارا احمدی"})",
                              .updated_ms = kT0 + 2});
  ASSERT_TRUE(renamed.has_value());
  EXPECT_EQ(renamed->name, R"({"fa":"سارا احمدی"})");
  auto listed = cc.ListAgents(o.id);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].member, "SIP/8001");
  EXPECT_EQ((*listed)[0].name, "{}");
  EXPECT_EQ((*listed)[1].updated_ms, kT0 + 2);
  EXPECT_TRUE(cc.ListAgents(other.id)->empty());
  EXPECT_EQ(cc.DeleteAgent(other.id, "SIP/8007").error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(cc.DeleteAgent(o.id, "SIP/8007").has_value());
  EXPECT_EQ(cc.ListAgents(o.id)->size(), 1u);
}

}  // namespace
}  // namespace nazar::store_contract
