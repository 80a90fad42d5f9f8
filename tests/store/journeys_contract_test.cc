// The journeys area: contacts, interactions and the erasure of a contact.
#include <gtest/gtest.h>

#include "store/store.h"
#include "store_contract.h"
#include "support/test_store.h"

namespace nazar::store_contract {
namespace {

NAZAR_STORE_CONTRACT(JourneysContract);

TEST_P(JourneysContract, ContactsAreUpsertedByExternalIdAndScoped) {
  User u = NewUserOk("c@example.com");
  Organisation o = NewOrgOk("Org", u.id);
  Organisation other = NewOrgOk("Other", u.id);
  auto a = s_->journeys().PutContactAttribute({.org_id = o.id,
                                               .name = "tier",
                                               .type = AttributeType::kChoice,
                                               .choices = {"gold", "silver"},
                                               .created_ms = kT0});
  ASSERT_TRUE(a.has_value());
  auto attrs = s_->journeys().ListContactAttributes(o.id);
  ASSERT_EQ(attrs->size(), 1u);
  EXPECT_EQ((*attrs)[0].choices, (std::vector<std::string>{"gold", "silver"}));
  EXPECT_TRUE(s_->journeys().ListContactAttributes(other.id)->empty());

  auto first = s_->journeys().UpsertContact({.org_id = o.id,
                                             .external_id = "crm-1",
                                             .email = "a@x.ir",
                                             .language = "fa",
                                             .attributes = R"({"tier":"gold"})",
                                             .created_ms = kT0,
                                             .updated_ms = kT0});
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  auto again = s_->journeys().UpsertContact({.org_id = o.id,
                                             .external_id = "crm-1",
                                             .email = "new@x.ir",
                                             .phone = "+989121234567",
                                             .language = "fa",
                                             .attributes = R"({"tier":"silver"})",
                                             .created_ms = kT0 + 5,
                                             .updated_ms = kT0 + 5});
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(again->email, "new@x.ir");
  EXPECT_EQ(again->created_ms, kT0);
  EXPECT_EQ(again->updated_ms, kT0 + 5);
  auto same_key_elsewhere = s_->journeys().UpsertContact(
      {.org_id = other.id, .external_id = "crm-1", .created_ms = kT0, .updated_ms = kT0});
  ASSERT_TRUE(same_key_elsewhere.has_value());
  EXPECT_NE(same_key_elsewhere->id, first->id);
  EXPECT_EQ(s_->journeys().GetContact(other.id, first->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s_->journeys().FindContactByExternalId(o.id, "crm-1")->phone, "+989121234567");
  ASSERT_TRUE(s_->journeys()
                  .UpsertContact({.org_id = o.id,
                                  .external_id = "crm-2",
                                  .email = "b@y.com",
                                  .created_ms = kT0,
                                  .updated_ms = kT0})
                  .has_value());
  EXPECT_EQ(*s_->journeys().CountContacts(o.id), 2);
  EXPECT_EQ(s_->journeys().ListContacts(o.id, {.text = "Y.COM"})->items.size(), 1u);
  EXPECT_EQ(s_->journeys().ListContacts(o.id, {.text = "0912"})->items.size(), 0u);
  EXPECT_EQ(s_->journeys().ListContacts(o.id, {.text = "912123"})->items.size(), 1u);
  auto page = s_->journeys().ListContacts(o.id, {.limit = 1});
  ASSERT_TRUE(page->next_after.has_value());
  EXPECT_EQ(s_->journeys().ListContacts(o.id, {.after = page->next_after})->items.size(), 1u);
}

TEST_P(JourneysContract, InteractionsAreIdempotentByReferenceAndErasureAnonymises) {
  User u = NewUserOk("i@example.com");
  Organisation o = NewOrgOk("Org", u.id);
  Organisation other = NewOrgOk("Other", u.id);
  ASSERT_TRUE(
      s_->journeys()
          .PutJourneyStage({.org_id = o.id, .key = "buy", .name = R"({"en":"Buy"})", .position = 2})
          .has_value());
  ASSERT_TRUE(s_->journeys()
                  .PutJourneyStage({.org_id = o.id, .key = "discover", .name = "{}", .position = 1})
                  .has_value());
  auto stages = s_->journeys().ListJourneyStages(o.id);
  ASSERT_EQ(stages->size(), 2u);
  EXPECT_EQ((*stages)[0].key, "discover");
  auto tp = s_->journeys().PutTouchpoint({.org_id = o.id,
                                          .key = "call",
                                          .name = "{}",
                                          .channel = "phone",
                                          .stage_key = "buy",
                                          .owner = "support",
                                          .created_ms = kT0});
  ASSERT_TRUE(tp.has_value());
  auto tp2 = s_->journeys().PutTouchpoint({.org_id = o.id,
                                           .key = "call",
                                           .name = R"({"en":"Call"})",
                                           .channel = "phone",
                                           .created_ms = kT0});
  EXPECT_EQ(tp2->id, tp->id);
  EXPECT_EQ(tp2->name, R"({"en":"Call"})");
  EXPECT_TRUE(s_->journeys().ListTouchpoints(other.id)->empty());

  auto ct = s_->journeys().UpsertContact(
      {.org_id = o.id, .external_id = "c1", .created_ms = kT0, .updated_ms = kT0});
  ASSERT_TRUE(ct.has_value());
  Interaction call{.org_id = o.id,
                   .contact_id = ct->id,
                   .touchpoint = "call",
                   .occurred_ms = kT0,
                   .channel = "phone",
                   .agent = "sara",
                   .reference = "call-7",
                   .facts = R"({"wait_s":42})",
                   .created_ms = kT0};
  auto in = s_->journeys().InsertInteraction(call);
  ASSERT_TRUE(in.has_value()) << in.error().ToString();
  EXPECT_TRUE(in->inserted);
  Interaction retry = call;
  retry.facts = R"({"wait_s":1})";
  auto dup = s_->journeys().InsertInteraction(retry);
  ASSERT_TRUE(dup.has_value());
  EXPECT_FALSE(dup->inserted);
  EXPECT_EQ(dup->interaction.id, in->interaction.id);
  EXPECT_EQ(dup->interaction.facts, R"({"wait_s":42})");
  Interaction unreferenced = call;
  unreferenced.reference.clear();
  EXPECT_TRUE(s_->journeys().InsertInteraction(unreferenced)->inserted);
  EXPECT_TRUE(s_->journeys().InsertInteraction(unreferenced)->inserted);  // no reference: all kept
  Interaction stranger = call;
  stranger.org_id = other.id;
  EXPECT_EQ(s_->journeys().InsertInteraction(stranger).error().code,
            ErrorCode::kNotFound);  // contact of o
  EXPECT_EQ(s_->journeys().ListInteractions(o.id, {.contact_id = ct->id})->items.size(), 3u);
  EXPECT_EQ(s_->journeys().ListInteractions(o.id, {.from_ms = kT0 + 1})->items.size(), 0u);
  EXPECT_EQ(s_->journeys().GetInteraction(other.id, in->interaction.id).error().code,
            ErrorCode::kNotFound);

  auto sv = s_->surveys().CreateSurvey({.org_id = o.id, .name = "S", .draft = "{}"});
  ASSERT_TRUE(sv.has_value());
  Response r{.org_id = o.id,
             .survey_id = sv->id,
             .version = 1,
             .response_key = "inv-token",
             .status = ResponseStatus::kComplete,
             .language = "fa",
             .channel = "sms",
             .touchpoint = "call",
             .agent = "sara",
             .hidden = R"({"order":"42"})",
             .answers = R"({"nps":3,"why":"slow","grid":{"a":2}})",
             .contact_id = ct->id,
             .interaction_id = in->interaction.id,
             .meta = R"({"ua":"x"})",
             .created_ms = kT0,
             .updated_ms = kT0};
  ASSERT_TRUE(s_->responses().InsertResponse(r).has_value());
  EXPECT_EQ(s_->responses().ListResponses(o.id, {.contact_id = ct->id})->items.size(), 1u);
  EXPECT_EQ(s_->responses().ListResponses(o.id, {.about_an_interaction = true})->items.size(), 1u);
  EXPECT_EQ(s_->journeys().EraseContact(other.id, ct->id, {}).error().code, ErrorCode::kNotFound);
  auto response_id = s_->responses().ListResponses(o.id, {.contact_id = ct->id})->items[0].id;
  // The caller says what each response keeps (here: the scale and matrix answers).
  auto erased =
      s_->journeys().EraseContact(o.id, ct->id, {{response_id, R"({"grid":{"a":2},"nps":3})"}});
  ASSERT_TRUE(erased.has_value()) << erased.error().ToString();
  EXPECT_EQ(*erased, std::vector<int64_t>{response_id});
  EXPECT_EQ(s_->journeys().GetContact(o.id, ct->id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(s_->journeys().ListInteractions(o.id, {})->items.empty());
  auto kept = s_->responses().ListResponses(o.id, {.survey_id = sv->id});
  ASSERT_EQ(kept->items.size(), 1u);
  const Response& k = kept->items[0];
  EXPECT_EQ(k.answers, R"({"grid":{"a":2},"nps":3})");
  EXPECT_EQ(k.hidden, "{}");
  EXPECT_EQ(k.meta, "{}");
  EXPECT_EQ(k.agent, "");
  EXPECT_FALSE(k.contact_id.has_value());
  EXPECT_TRUE(s_->responses().ListResponses(o.id, {.about_an_interaction = true})->items.empty());
  EXPECT_EQ(k.touchpoint, "call");
  EXPECT_NE(k.response_key, "inv-token");
}

// --- triggered feedback -----------------------------------------------------------------

}  // namespace
}  // namespace nazar::store_contract
