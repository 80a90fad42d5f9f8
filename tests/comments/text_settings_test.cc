// What an organisation changes about how its comments are read (comments/text_settings.h):
// the taxonomy saved and reset with its audit entry, analysts' labels on comments, their
// summary, and training refused or audited; on both stores.
#include "comments/text_settings.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>

#include "comments/enrichment.h"
#include "responses/ingest.h"
#include "support/test_org.h"
#include "support/test_store.h"
#include "survey/survey_service.h"

namespace nazar::comments {
namespace {

constexpr int64_t kNow = 1'790'000'000'000;

class TextSettingsTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    t_ = testing::MakeTestStore(GetParam());
    ASSERT_NE(t_.store, nullptr);
    store_ = t_.store.get();
    accounts_ = std::make_unique<Accounts>(*store_, clock_);
    owner_ = testing::MakeTestOrg(*accounts_);
    org_ = owner_.org;
    surveys_ = std::make_unique<survey::SurveyService>(*store_, clock_);
    ingest_ = std::make_unique<responses::ResponseIngest>(*store_, *surveys_, clock_);
    models_ = std::move(TextModels::Create(store_->text()).value());
    auto s = surveys_->Create(owner_.actor(), owner_.access, "S", Json::parse(R"({
      "title": {"en": "After delivery"}, "languages": ["en"],
      "questions": [{"id": "csat", "type": "csat", "text": {"en": "Satisfied?"}},
                    {"id": "why", "type": "text", "text": {"en": "Why?"}}]})"));
    ASSERT_TRUE(s.has_value()) << s.error().ToString();
    survey_ = surveys_->Publish(owner_.actor(), owner_.access, s->id)->id;
  }

  int64_t Respond(const std::string& key, Json answers) {
    auto r = ingest_->Submit({.org = org_,
                              .survey_id = survey_,
                              .response_key = key,
                              .complete = true,
                              .answers = std::move(answers)});
    EXPECT_TRUE(r.has_value()) << r.error().ToString();
    return r->response.id;
  }

  // The audit entries of text settings (the survey's own are there too).
  std::vector<std::string> AuditActions() {
    std::vector<std::string> actions;
    auto page = store_->audit().ListAudit(org_, {.limit = 200});
    EXPECT_TRUE(page.has_value());
    for (const AuditEntry& e : page->items)
      if (e.action.starts_with("text.")) actions.push_back(e.action);
    return actions;
  }

  ManualClockForTest clock_{kNow};
  testing::TestStore t_;
  Store* store_ = nullptr;
  std::unique_ptr<Accounts> accounts_;
  testing::TestOrg owner_;
  OrgId org_;
  std::unique_ptr<survey::SurveyService> surveys_;
  std::unique_ptr<responses::ResponseIngest> ingest_;
  std::unique_ptr<TextModels> models_;
  int64_t survey_ = 0;
};

TEST_P(TextSettingsTest, ATaxonomyIsSavedAuditedAndInUseAtOnce) {
  auto taxonomy = ParseTaxonomy(Json::parse(R"({"topics": [
      {"id": "courier", "name_fa": "پیک", "name_en": "Courier", "keywords": ["courier", "driver"]}]})"));
  ASSERT_TRUE(taxonomy.has_value()) << taxonomy.error().ToString();
  auto saved = SaveTaxonomy(*store_, *models_, owner_.actor(), org_, *taxonomy, kNow);
  ASSERT_TRUE(saved.has_value()) << saved.error().ToString();
  ASSERT_EQ((*saved)->analyzer.taxonomy().topics.size(), 1u);
  EXPECT_EQ((*saved)->analyzer.taxonomy().topics[0].id, "courier");
  // The pipeline in use is the saved one, and what is stored says so.
  EXPECT_EQ(models_->For(org_)->analyzer.taxonomy().topics[0].id, "courier");
  auto settings = store_->text().GetTextSettings(org_);
  ASSERT_TRUE(settings.has_value());
  EXPECT_EQ(settings->taxonomy, TaxonomyJson(*taxonomy).dump());
  EXPECT_EQ(AuditActions(), (std::vector<std::string>{"text.taxonomy.update"}));

  // Reset: the built-in taxonomy again, audited as such.
  auto reset = SaveTaxonomy(*store_, *models_, owner_.actor(), org_, std::nullopt, kNow + 1);
  ASSERT_TRUE(reset.has_value()) << reset.error().ToString();
  EXPECT_GT((*reset)->analyzer.taxonomy().topics.size(), 1u);
  EXPECT_TRUE(store_->text().GetTextSettings(org_)->taxonomy.empty());
  auto actions = AuditActions();
  ASSERT_EQ(actions.size(), 2u);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "text.taxonomy.reset"), 1);
}

TEST_P(TextSettingsTest, LabelsGoOnCommentsOnly) {
  const int64_t late = Respond("r1", {{"csat", 2}, {"why", "The courier was late"}});
  const int64_t quiet = Respond("r2", {{"csat", 5}});
  const std::optional<UserId> by = owner_.principal.user->id;

  auto none =
      LabelComment(*store_, org_, quiet, "why", {.replace = true, .labels = {"late"}}, by, kNow);
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(none.error().field, "question");

  auto set = LabelComment(*store_, org_, late, "why",
                          {.replace = true, .labels = {"late_delivery", "courier"}}, by, kNow);
  ASSERT_TRUE(set.has_value()) << set.error().ToString();
  EXPECT_EQ(*set, (std::vector<std::string>{"courier", "late_delivery"}));
  auto changed = LabelComment(*store_, org_, late, "why",
                              {.add = {"refund"}, .remove = {"courier"}}, by, kNow);
  ASSERT_TRUE(changed.has_value()) << changed.error().ToString();
  EXPECT_EQ(*changed, (std::vector<std::string>{"late_delivery", "refund"}));

  auto labels = LabelsOfResponses(*store_, org_, {late, quiet});
  ASSERT_TRUE(labels.has_value()) << labels.error().ToString();
  ASSERT_EQ(labels->size(), 1u);  // the one without labels is absent
  EXPECT_EQ(labels->at(late).at("why"), (std::vector<std::string>{"late_delivery", "refund"}));
  auto nothing = LabelsOfResponses(*store_, org_, {});
  ASSERT_TRUE(nothing.has_value());
  EXPECT_TRUE(nothing->empty());

  auto summary = SummariseLabels(*store_, org_);
  ASSERT_TRUE(summary.has_value()) << summary.error().ToString();
  EXPECT_EQ(summary->tagged_comments, 1u);
  EXPECT_EQ(summary->comments_per_label,
            (std::map<std::string, int64_t>{{"late_delivery", 1}, {"refund", 1}}));
  EXPECT_FALSE(summary->trained_ms.has_value());
}

TEST_P(TextSettingsTest, TrainingThatFailsStoresAndAuditsNothing) {
  const int64_t id = Respond("r1", {{"csat", 2}, {"why", "The courier was late"}});
  ASSERT_TRUE(LabelComment(*store_, org_, id, "why", {.replace = true, .labels = {"late"}},
                           owner_.principal.user->id, kNow)
                  .has_value());
  // One tagged comment and one label: nothing to learn from.
  auto trained = TrainClassifier(*store_, *models_, owner_.actor(), org_, kNow);
  ASSERT_FALSE(trained.has_value());
  EXPECT_EQ(trained.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(store_->text().GetTextSettings(org_)->classifier.empty());
  EXPECT_TRUE(AuditActions().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, TextSettingsTest, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar::comments
