// The surveys area: surveys, their versions and links.
#include <gtest/gtest.h>

#include "store/store.h"
#include "store_contract.h"
#include "support/test_store.h"

namespace nazar::store_contract {
namespace {

NAZAR_STORE_CONTRACT(SurveysContract);

TEST_P(SurveysContract, SurveysVersionsAndLinks) {
  User u = NewUserOk("s@example.com");
  Organisation o = NewOrgOk("Org", u.id);
  Organisation other = NewOrgOk("Other", u.id);
  auto sv = s_->surveys().CreateSurvey({.org_id = o.id,
                                        .name = "پس از تماس",
                                        .draft = R"({"v":1})",
                                        .created_ms = kT0,
                                        .updated_ms = kT0});
  ASSERT_TRUE(sv.has_value()) << sv.error().ToString();
  EXPECT_GT(sv->id, 0);
  EXPECT_EQ(s_->surveys().GetSurvey(o.id, sv->id)->name, "پس از تماس");
  EXPECT_EQ(s_->surveys().GetSurvey(other.id, sv->id).error().code, ErrorCode::kNotFound);

  Survey changed = *sv;
  changed.status = SurveyStatus::kPublished;
  changed.published_version = 1;
  changed.draft = R"({"v":2})";
  changed.updated_ms = kT0 + 1;
  ASSERT_TRUE(
      s_->surveys()
          .AddSurveyVersion(
              o.id,
              {.survey_id = sv->id, .version = 1, .definition = R"({"v":1})", .published_ms = kT0})
          .has_value());
  auto updated = s_->surveys().UpdateSurvey(o.id, changed);
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ(updated->status, SurveyStatus::kPublished);
  EXPECT_EQ(updated->published_version, 1);
  EXPECT_EQ(s_->surveys().UpdateSurvey(other.id, changed).error().code, ErrorCode::kNotFound);
  // Versions are written once.
  EXPECT_EQ(s_->surveys()
                .AddSurveyVersion(o.id, {.survey_id = sv->id, .version = 1, .definition = "{}"})
                .error()
                .code,
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(s_->surveys()
                .AddSurveyVersion(other.id, {.survey_id = sv->id, .version = 2, .definition = "{}"})
                .error()
                .code,
            ErrorCode::kNotFound);
  EXPECT_EQ(s_->surveys().GetSurveyVersion(o.id, sv->id, 1)->definition, R"({"v":1})");
  EXPECT_EQ(s_->surveys().GetSurveyVersion(other.id, sv->id, 1).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s_->surveys().ListSurveyVersions(o.id, sv->id)->size(), 1u);

  auto link = s_->surveys().CreateLink({.org_id = o.id,
                                        .survey_id = sv->id,
                                        .token = "tok123",
                                        .name = "Web",
                                        .channel = "web",
                                        .rate_limit_per_hour = 20,
                                        .created_ms = kT0});
  ASSERT_TRUE(link.has_value()) << link.error().ToString();
  auto found = s_->surveys().FindLinkByToken("tok123");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->survey_id, sv->id);
  EXPECT_EQ(found->org_id, o.id);
  EXPECT_EQ(found->rate_limit_per_hour, 20);
  EXPECT_TRUE(found->honeypot);
  EXPECT_EQ(s_->surveys()
                .CreateLink({.org_id = other.id, .survey_id = sv->id, .token = "x"})
                .error()
                .code,
            ErrorCode::kNotFound);
  EXPECT_EQ(s_->surveys().ListLinks(o.id, sv->id)->size(), 1u);
  EXPECT_TRUE(s_->surveys().ListLinks(other.id, sv->id)->empty());
  EXPECT_EQ(s_->surveys().ListSurveys(o.id, {})->items.size(), 1u);
  EXPECT_TRUE(s_->surveys().ListSurveys(other.id, {})->items.empty());
}

}  // namespace
}  // namespace nazar::store_contract
