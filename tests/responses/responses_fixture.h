// One organisation (its owner o@example.com), its surveys and its response ingestion on one
// store backend, at a fixed time: what the responses suites share.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "responses/ingest.h"
#include "survey/survey_service.h"
#include "comments/text_models.h"
#include "support/test_store.h"

namespace nazar::responses {

class CollectFixture : public ::testing::TestWithParam<StoreBackend> {
 protected:
  // REQUIRES: called once, from SetUp.
  void SetUpOrganisation(const std::string& time_zone = "UTC") {
    t_ = testing::MakeTestStore(GetParam());
    ASSERT_NE(t_.store, nullptr);
    accounts_ = std::make_unique<Accounts>(*t_.store, clock_);
    auto u = accounts_->CreateUser({.email = "o@example.com", .name = "O", .password = "owner-password"});
    ASSERT_TRUE(u.has_value()) << u.error().ToString();
    auto org = accounts_->CreateOrganisationFor(u->id, {.name = "Org", .time_zone = time_zone});
    ASSERT_TRUE(org.has_value()) << org.error().ToString();
    org_ = org->id;
    principal_.user = *u;
    access_ = OrgAccess{org_, Role::kOwner};
    surveys_ = std::make_unique<survey::SurveyService>(*t_.store, clock_);
    ingest_ = std::make_unique<ResponseIngest>(*t_.store, *surveys_, clock_);
    text_models_ = std::move(comments::TextModels::Create(t_.store->text()).value());
  }

  Actor actor() { return Actor{principal_, "127.0.0.1"}; }

  Survey PublishedSurvey(const Json& definition) {
    auto s = surveys_->Create(actor(), access_, "S", definition);
    EXPECT_TRUE(s.has_value()) << s.error().ToString();
    auto p = surveys_->Publish(actor(), access_, s->id);
    EXPECT_TRUE(p.has_value()) << p.error().ToString();
    return *p;
  }

  Submission Sub(int64_t survey_id, std::string key, Json answers, bool complete = true) {
    return Submission{.org = org_, .survey_id = survey_id, .response_key = std::move(key),
                      .complete = complete, .answers = std::move(answers)};
  }

  ManualClockForTest clock_{1'790'000'000'000};  // 2026-09-21T14:13:20Z
  testing::TestStore t_;
  std::unique_ptr<Accounts> accounts_;
  OrgId org_;
  Principal principal_;
  OrgAccess access_;
  std::unique_ptr<survey::SurveyService> surveys_;
  std::unique_ptr<ResponseIngest> ingest_;  // without text analysis
  std::unique_ptr<comments::TextModels> text_models_;
};

}  // namespace nazar::responses
