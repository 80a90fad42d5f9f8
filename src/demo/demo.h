// The demo organisation: a year in the life of an online shop with delivery and a support
// centre, so every screen of Nazar has something real-looking to show, and the benchmarks
// have data of any size.
//
// GenerateDemo() makes (or reuses) the admin account and the organisation, creates four
// surveys from the built-in templates and publishes them (with web, email, SMS and QR
// links), then writes complete responses spread over the period:
//   - five touchpoints (website, app, delivery, phone_support, email_support), six channels
//     (web, app, sms, email, ivr, qr), 30 support agents, thousands of returning contacts;
//   - NPS around +20..+35, delivery weaker and the app stronger, some agents clearly better
//     or worse than the rest, a dip at peak load before and during Nowruz and in the Yalda
//     sale (late Azar, mid-December), weekday and hour-of-day patterns, a slow improvement
//     over the year, about 70% Persian and 30% English;
//   - comments in Persian and English that fit the score, composed from phrases, each
//     analysed as ingestion would (sentiment, emotions, topics in the response's meta "text";
//     comments/enrichment.h) when DemoOptions::text is set.
// Answers are valid for their survey version by construction (display logic, skip rules,
// required questions), and complete.
//
// Contract:
// - Deterministic: the same options (seed included) and the same `clock.NowMs()` give the
//   same surveys and responses (ids included, in an empty database). Link tokens are the
//   exception: they are secrets and stay random.
// - Responses are written straight to the store (InsertResponse), `batch_size` per
//   transaction; each batch is durable before the next starts. On error, the batches
//   already written stay.
// - Re-running reuses the admin user and the organisation (found by name among the admin's
//   organisations) but refuses (FailedPrecondition, field "organisation") when that
//   organisation already has surveys: a demo is generated once, into an empty organisation.
//
// Thread-safety: GenerateDemo may use a helper thread to compose the next batch while one is
// written; `progress` is called on the calling thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "survey/survey_service.h"
#include "core/clock.h"
#include "core/error.h"
#include "demo/act.h"
#include "demo/journeys.h"
#include "demo/outcomes.h"
#include "store/store.h"
#include "comments/text_models.h"

namespace nazar::demo {

struct DemoOptions {
  // Seeds every random choice; the same seed gives the same data.
  uint64_t seed = 2026;
  // Complete responses to write over the period; 0 .. kMaxResponses.
  int64_t responses = 20'000;
  // Length of the period in local calendar days, ending with the day of the clock's now
  // (responses on that day stop at now); 1 .. kMaxDays.
  int days = 365;
  // Customers the responses come from (contact ids C-0000001 ...); the most loyal tenth
  // answer far more often than the rest. 0 = responses / 4, at least 1,000 (or `responses`
  // when fewer).
  int64_t contacts = 0;
  // Responses per store transaction; 1 .. 100,000.
  int batch_size = 5'000;

  // The organisation, found by name among the admin's organisations or created.
  std::string organisation_name = "Nazar Demo";
  std::string time_zone = "Asia/Tehran";  // IANA name: local days, hours and seasons
  Calendar calendar = Calendar::kJalali;
  Digits digits = Digits::kPersian;
  std::string language = "fa";  // organisation language; also names surveys and links

  // The admin account (owner of the organisation), reused when the email exists; its
  // password is then left as it is.
  std::string admin_email = "admin@example.com";
  std::string admin_name = "Demo Admin";
  std::string admin_password = "nazar-demo";

  // Analyses every comment as ingestion does; shared, not owned. nullptr: comments are left
  // unanalysed (`nazar text enrich` analyses them later).
  const comments::TextPipeline* text = nullptr;
};

inline constexpr int64_t kMaxResponses = 100'000'000;
inline constexpr int kMaxDays = 3'660;

struct DemoSurvey {
  Survey survey;
  std::string template_id;  // "relationship_nps", "post_support", ...
  std::vector<std::string> languages;
  std::vector<SurveyLink> links;
  int64_t responses = 0;
};

struct DemoAgent {
  std::string id;  // the `agent` hidden field: "agent-07"
  std::string name_en;
  std::string name_fa;
};

struct DemoTouchpoint {
  std::string id;  // the `touchpoint` hidden field: "phone_support"
  std::string name_en;
  std::string name_fa;
};

struct DemoSummary {
  Organisation organisation;
  User admin;
  bool admin_reused = false;
  bool organisation_reused = false;
  std::vector<DemoSurvey> surveys;
  int64_t responses = 0;
  std::map<std::string, int64_t> responses_by_language;  // "fa", "en"
  int64_t comments = 0;                                  // responses with at least one text answer
  int64_t contacts = 0;
  std::vector<DemoAgent> agents;
  std::vector<DemoTouchpoint> touchpoints;
  std::vector<std::string> channels;
  int64_t period_start_ms = 0;  // UTC, local midnight of the first day
  int64_t period_end_ms = 0;    // UTC, the clock's now
  JourneyCounts journeys;       // contacts with journeys and their interactions
  ActCounts act;                // members, alert rules, cases
  int64_t program_plans = 0;    // action plans of the program (demo/program.h)
  int64_t program_kpis = 0;     // its KPI targets
  int64_t digests = 0;          // members with a digest
  OutcomeCounts outcomes;       // transactions, costs and the first refit (demo/outcomes.h)
};

// Called after each batch is written (and once with done = 0 before the first).
using ProgressFn = std::function<void(int64_t done, int64_t total)>;

// InvalidArgument naming the option ("responses", "days", "batch_size", "contacts",
// "time_zone", "language") for options out of range; store and account errors as they come.
Result<DemoSummary> GenerateDemo(Store& store, Accounts& accounts, survey::SurveyService& surveys,
                                 const Clock& clock, const DemoOptions& options,
                                 const ProgressFn& progress = {});

}  // namespace nazar::demo
