// The store's contract suite, one file per area (<area>_contract_test.cc), every case run
// against SQLite and a real PostgreSQL server: the fixture each area's suite derives from,
// and the small worlds several areas build on.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "store/store.h"
#include "support/test_store.h"

namespace nazar::store_contract {

using testing::MakeTestStore;
using testing::TestStore;

inline constexpr int64_t kT0 = 1'790'000'000'000;

class StoreContract : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    t_ = MakeTestStore(GetParam());
    ASSERT_NE(t_.store, nullptr);
    s_ = t_.store.get();
  }

  User NewUserOk(const std::string& email) {
    auto u = s_->accounts().CreateUser(
        {.email = email, .name = "N " + email, .password_hash = "h", .created_ms = kT0});
    EXPECT_TRUE(u.has_value()) << u.error().ToString();
    return *u;
  }

  Organisation NewOrgOk(const std::string& name, UserId owner) {
    auto o = s_->accounts().CreateOrganisation({.name = name, .created_ms = kT0}, owner);
    EXPECT_TRUE(o.has_value()) << o.error().ToString();
    return *o;
  }

  // The messages keyed by an invitation's id, oldest first.
  std::vector<OutboxMessage> MessagesOf(OrgId org, int64_t invitation) {
    auto page = s_->delivery().ListOutbox(org, {.key = std::to_string(invitation)});
    EXPECT_TRUE(page.has_value()) << page.error().ToString();
    if (!page) return {};
    return {page->items.rbegin(), page->items.rend()};
  }

  TestStore t_;
  Store* s_ = nullptr;
};

// An area's suite: a fixture of its own, instantiated on every backend ("Sqlite",
// "Postgres").
#define NAZAR_STORE_CONTRACT(Suite)                                         \
  class Suite : public ::nazar::store_contract::StoreContract {};           \
  INSTANTIATE_TEST_SUITE_P(                                                 \
      Backends, Suite, ::testing::ValuesIn(::nazar::testing::kAllBackends), \
      [](const auto& info) { return ::nazar::testing::BackendName(info.param); })

// An organisation with a survey, a contact and an interaction to invite about.
struct InviteWorld {
  Organisation org;
  Organisation other;
  int64_t survey = 0;
  int64_t contact = 0;
  std::vector<int64_t> interactions;
};

inline InviteWorld MakeInviteWorld(Store& s, int interactions = 3) {
  InviteWorld w;
  auto u = s.accounts().CreateUser({.email = "t@example.com", .name = "T", .password_hash = "h"});
  w.org = *s.accounts().CreateOrganisation({.name = "Org", .created_ms = kT0}, u->id);
  w.other = *s.accounts().CreateOrganisation({.name = "Other", .created_ms = kT0}, u->id);
  w.survey = s.surveys().CreateSurvey({.org_id = w.org.id, .name = "S", .draft = "{}"})->id;
  w.contact = s.journeys()
                  .UpsertContact({.org_id = w.org.id,
                                  .external_id = "c1",
                                  .email = "c1@x.ir",
                                  .created_ms = kT0,
                                  .updated_ms = kT0})
                  ->id;
  for (int i = 0; i < interactions; ++i) {
    auto in = s.journeys().InsertInteraction({.org_id = w.org.id,
                                              .contact_id = w.contact,
                                              .touchpoint = "call",
                                              .occurred_ms = kT0 + i,
                                              .channel = "phone",
                                              .agent = "sara",
                                              .facts = "{}",
                                              .created_ms = kT0});
    w.interactions.push_back(in->interaction.id);
  }
  return w;
}

inline Invitation NewInvitation(const InviteWorld& w, int64_t rule, int64_t interaction,
                                const std::string& token, int64_t at = kT0) {
  return Invitation{.org_id = w.org.id,
                    .rule_id = rule,
                    .survey_id = w.survey,
                    .contact_id = w.contact,
                    .interaction_id = interaction,
                    .channel = DeliveryChannel::kEmail,
                    .address = "c1@x.ir",
                    .token = token,
                    .touchpoint = "call",
                    .agent = "sara",
                    .interaction_channel = "phone",
                    .created_ms = at,
                    .due_ms = at + 60'000};
}

}  // namespace nazar::store_contract
