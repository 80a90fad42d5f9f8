// Personas kept current as contacts are written (journey/persona_service.h): one contact at
// once, a bulk write by a full recomputation, every organisation by the periodic refresh;
// a contact's timeline names their personas; the flows between touchpoints read from the
// store. On both stores.
#include "journey/persona_service.h"

#include <gtest/gtest.h>

#include <memory>
#include <sstream>

#include "journey/journeys.h"
#include "support/test_org.h"
#include "support/test_store.h"

namespace nazar::journey {
namespace {

constexpr int64_t kNow = 1'790'000'000'000;

class PersonaServiceTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    t_ = testing::MakeTestStore(GetParam());
    ASSERT_NE(t_.store, nullptr);
    store_ = t_.store.get();
    accounts_ = std::make_unique<Accounts>(*store_, clock_);
    owner_ = testing::MakeTestOrg(*accounts_, {.name = "Shop"});
    org_ = owner_.org;
    journeys_ = std::make_unique<Journeys>(*store_, clock_);
    personas_ = std::make_unique<PersonaService>(*store_, clock_);
    personas_->AddListener(
        [this](OrgId org, std::optional<int64_t> contact, const std::vector<int64_t>& ids) {
          heard_.push_back({org, contact, ids});
        });
    ASSERT_TRUE(journeys_
                    ->DefineAttribute(owner_.actor(), owner_.access,
                                      {.name = "tier", .type = AttributeType::kText})
                    .has_value());
    PersonaInput gold{.name = "Gold",
                      .rule = Json::parse(R"({"attribute": "tier", "op": "eq", "value": "gold"})")};
    auto made = personas_->Create(owner_.actor(), owner_.access, gold);
    ASSERT_TRUE(made.has_value()) << made.error().ToString();
    gold_ = made->id;
    heard_.clear();
  }

  int64_t Upsert(const std::string& external_id, const std::string& tier) {
    auto c = journeys_->UpsertContact(
        org_, {.external_id = external_id, .attributes = {{"tier", Json(tier)}}});
    EXPECT_TRUE(c.has_value()) << c.error().ToString();
    return c->id;
  }

  std::vector<int64_t> PersonasOf(int64_t contact) {
    auto members = store_->personas().ListPersonaMembers(org_, contact);
    EXPECT_TRUE(members.has_value());
    std::vector<int64_t> ids;
    for (const PersonaMember& m : *members) ids.push_back(m.persona_id);
    return ids;
  }

  struct Heard {
    OrgId org;
    std::optional<int64_t> contact;
    std::vector<int64_t> persona_ids;
  };

  ManualClockForTest clock_{kNow};
  testing::TestStore t_;
  Store* store_ = nullptr;
  std::unique_ptr<Accounts> accounts_;
  testing::TestOrg owner_;
  OrgId org_;
  std::unique_ptr<Journeys> journeys_;
  std::unique_ptr<PersonaService> personas_;
  int64_t gold_ = 0;
  std::vector<Heard> heard_;
};

TEST_P(PersonaServiceTest, AContactWrittenJoinsItsPersonasAtOnce) {
  const int64_t ana = Upsert("ana", "gold");
  EXPECT_TRUE(PersonasOf(ana).empty());  // written, not yet evaluated
  personas_->ContactWritten(org_, ana);
  EXPECT_EQ(PersonasOf(ana), (std::vector<int64_t>{gold_}));
  ASSERT_EQ(heard_.size(), 1u);
  EXPECT_EQ(heard_[0].contact, ana);
  EXPECT_EQ(heard_[0].persona_ids, (std::vector<int64_t>{gold_}));

  // Unchanged: nothing to tell.
  personas_->ContactWritten(org_, ana);
  EXPECT_EQ(heard_.size(), 1u);
  // Best effort: a contact that is not there is logged, not thrown or returned.
  personas_->ContactWritten(org_, 999'999);
  EXPECT_EQ(heard_.size(), 1u);

  // The timeline names them.
  auto history = journeys_->History(org_, ana);
  ASSERT_TRUE(history.has_value()) << history.error().ToString();
  ASSERT_EQ(history->personas.size(), 1u);
  EXPECT_EQ(history->personas[0].name, "Gold");
}

TEST_P(PersonaServiceTest, AnImportRecomputesEveryPersona) {
  std::istringstream csv("external_id,tier\nbob,gold\ncyd,silver\n");
  auto report = journeys_->ImportContacts(org_, csv, {});
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  ASSERT_TRUE(report->written);
  personas_->ContactsWritten(org_);
  const int64_t bob = store_->journeys().FindContactByExternalId(org_, "bob")->id;
  const int64_t cyd = store_->journeys().FindContactByExternalId(org_, "cyd")->id;
  EXPECT_EQ(PersonasOf(bob), (std::vector<int64_t>{gold_}));
  EXPECT_TRUE(PersonasOf(cyd).empty());
  ASSERT_EQ(heard_.size(), 1u);
  EXPECT_FALSE(heard_[0].contact.has_value());  // many may have changed
  EXPECT_TRUE(journeys_->History(org_, cyd)->personas.empty());
}

TEST_P(PersonaServiceTest, ThePeriodicRefreshReachesEveryOrganisation) {
  const int64_t ana = Upsert("ana", "gold");
  auto other = accounts_->CreateOrganisationFor(owner_.principal.user->id, {.name = "Other"});
  ASSERT_TRUE(other.has_value()) << other.error().ToString();
  ASSERT_TRUE(personas_->RefreshEveryOrganisation().has_value());
  EXPECT_EQ(PersonasOf(ana), (std::vector<int64_t>{gold_}));
  // Ana leaves the tier: the next refresh takes her out.
  Upsert("ana", "silver");
  ASSERT_TRUE(personas_->RefreshEveryOrganisation().has_value());
  EXPECT_TRUE(PersonasOf(ana).empty());
  EXPECT_EQ(heard_.size(), 2u);
}

TEST_P(PersonaServiceTest, FlowsFollowEachContactsInteractions) {
  std::vector<InteractionFields> batch;
  for (const auto& [contact, touchpoint, at] :
       std::vector<std::tuple<std::string, std::string, int64_t>>{{"ana", "web", kNow - 3000},
                                                                  {"ana", "call", kNow - 2000},
                                                                  {"ana", "store", kNow - 1000},
                                                                  {"bob", "web", kNow - 3000},
                                                                  {"bob", "call", kNow - 1000}}) {
    batch.push_back({.contact = contact, .touchpoint = touchpoint, .occurred_ms = at});
  }
  ASSERT_TRUE(journeys_->RecordInteractions(org_, batch, {.create_touchpoints = true}).has_value());
  auto dfg = journeys_->Flows(org_, std::nullopt, std::nullopt);
  ASSERT_TRUE(dfg.has_value()) << dfg.error().ToString();
  EXPECT_EQ(dfg->cases, 2);
  EXPECT_EQ(dfg->events, 5);
  ASSERT_FALSE(dfg->arcs.empty());
  EXPECT_EQ(dfg->arcs[0].from, "web");  // the most frequent arc: web -> call, twice
  EXPECT_EQ(dfg->arcs[0].to, "call");
  EXPECT_EQ(dfg->arcs[0].count, 2);
  // A window that holds only the last events.
  auto late = journeys_->Flows(org_, kNow - 1500, std::nullopt);
  ASSERT_TRUE(late.has_value());
  EXPECT_EQ(late->events, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, PersonaServiceTest, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar::journey
