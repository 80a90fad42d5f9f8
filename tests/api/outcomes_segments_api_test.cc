// Value tied to experience beyond NPS group and persona, through the API on both stores:
// revenue, CLV, churn and cost to serve by a touchpoint's score band, by comment sentiment and
// by case outcome, each segment recomputed here from the scores the API lists, the
// transactions, interactions and cases this test wrote and the sentiment labels stored with
// the responses; a segment below the minimum n says so instead of numbers.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "api/api_fixture.h"
#include "core/time.h"

namespace nazar {
namespace {

constexpr int64_t kDayMs = 86'400'000;

class SegmentsApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    clock_.Set(*ParseTimestamp("2026-07-01T08:00:00Z"));
    alice = SignedIn("alice@a.example", "alice-password");
  }
  std::string Path(const std::string& rest) { return OrgPath(org_a_.id, "/outcomes" + rest); }
  std::unique_ptr<HttpClient> alice;
};

struct Expected {
  int64_t customers = 0;
  double revenue = 0, clv = 0, churn = 0, serve = 0;
};

TEST_P(SegmentsApi, ValueBySegmentMatchesAComputationFromWhatWasWritten) {
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/touchpoints"), {{"key", "call"}}).status, 200);
  ASSERT_EQ(alice->Post(Path("/serve-costs"), {{"touchpoint", "call"}, {"amount", 40'000}}).status, 200);
  auto created = alice->Post(OrgPath(org_a_.id, "/surveys"),
                             {{"name", "After the call"}, {"template", "relationship_nps"}, {"languages", {"en"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string survey = "/surveys/" + std::to_string(created.json()["id"].get<int64_t>());
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, survey + "/publish"), json::object()).status, 200);

  const char* kComments[] = {"Terrible, slow and rude. I am very angry.", "It was a call.",
                             "Wonderful, friendly and helpful staff. Great!"};
  std::mt19937_64 rng(22);
  const int64_t start = *ParseTimestamp("2025-07-01T00:00:00Z");
  const int64_t end = *ParseTimestamp("2026-07-01T00:00:00Z");  // the calibration end's next day
  std::map<int64_t, double> revenue, serve;
  std::map<int64_t, int> rating;
  std::map<int64_t, std::string> case_of;
  json batch = {{"transactions", json::array()}};
  for (int i = 0; i < 96; ++i) {
    const std::string id = "s" + std::to_string(i);
    auto c = t_.store->journeys().UpsertContact({.org_id = org_a_.id, .external_id = id,
                                                 .created_ms = clock_.NowMs(), .updated_ms = clock_.NowMs()});
    ASSERT_TRUE(c.has_value());
    const int64_t contact = c->id;
    // As BG/NBD and Gamma-Gamma say customers buy: each their own rate, chance of leaving and
    // typical basket.
    const double lambda = std::gamma_distribution<double>(1.5, 0.3 / 1.5)(rng);
    std::exponential_distribution<double> gap(lambda / 7.0);
    std::bernoulli_distribution leaves(1 - std::pow(std::uniform_real_distribution<double>(0, 1)(rng), 1.0 / 6));
    std::gamma_distribution<double> spend(6, 300'000.0 * std::gamma_distribution<double>(4, 0.25)(rng) / 6);
    double day = std::uniform_real_distribution<double>(0, 200)(rng);
    for (int k = 0; day < 365 && k < 40; ++k) {
      const int64_t amount = std::llround(spend(rng)) + 1;
      batch["transactions"].push_back({{"contact_id", contact}, {"amount", amount},
                                       {"occurred_at", FormatIsoUtc(start + static_cast<int64_t>(day) * kDayMs)}});
      revenue[contact] += static_cast<double>(amount);
      if (leaves(rng)) break;
      day += gap(rng);
    }
    // Calls: i % 4 of them in the year, one before it (not counted).
    for (int k = 0; k <= i % 4; ++k) {
      const int64_t at = k == 0 ? start - 10 * kDayMs : start + (30 * k + i) * kDayMs;
      ASSERT_TRUE(t_.store->journeys().InsertInteraction({.org_id = org_a_.id, .contact_id = contact, .touchpoint = "call",
                                                          .occurred_ms = at, .channel = "phone",
                                                          .reference = id + "-" + std::to_string(k), .facts = "{}"}).has_value());
      if (k > 0) serve[contact] += 40'000;
    }
    // An answer after a call (the earlier one replaced by the later), with a comment.
    rating[contact] = i % 11;
    for (int nth : {0, 1}) {
      auto r = alice->Post(OrgPath(org_a_.id, survey + "/responses"),
                           {{"response_id", id + "-" + std::to_string(nth)},
                            {"answers", {{"nps", nth ? i % 11 : 10 - i % 11}, {"reason", kComments[(i + nth) % 3]}}},
                            {"hidden", {{"contact", id}, {"touchpoint", nth ? "call" : "web"}}}});
      ASSERT_EQ(r.status, 201) << r.body;
      clock_.Advance(1000);
    }
    // Cases: resolved, open, or none; the latest case decides.
    if (i % 3 != 2) {
      Case opened{.org_id = org_a_.id, .title = "Call back", .status = "new", .contact_id = contact,
                  .created_ms = clock_.NowMs(), .updated_ms = clock_.NowMs()};
      if (i % 3 == 0) {
        opened.status = "resolved";
        opened.resolved_ms = clock_.NowMs();
      }
      ASSERT_TRUE(t_.store->act().CreateCase(opened).has_value());
      case_of[contact] = i % 3 == 0 ? "resolved" : "unresolved";
    } else {
      case_of[contact] = "none";
    }
  }
  ASSERT_EQ(alice->Post(Path("/transactions"), batch).status, 201);
  auto fit = alice->Post(Path("/refit"), {{"calibration_end", "2026-06-30"}, {"horizon_weeks", 52}});
  ASSERT_EQ(fit.status, 201) << fit.body;

  // The latest sentiment label stored with each contact's responses.
  std::map<int64_t, std::pair<int64_t, std::string>> sentiment;
  auto page = t_.store->responses().ListResponses(org_a_.id, {.limit = 1000});
  ASSERT_TRUE(page.has_value());
  for (const Response& r : page->items) {
    const json meta = json::parse(r.meta, nullptr, false);
    if (!r.contact_id || !meta.is_object() || !meta.contains("text") || !meta["text"].contains("reason")) continue;
    std::string label = meta["text"]["reason"].value("label", "");
    if (label == "mixed") label = "neutral";
    const int64_t at = r.completed_ms.value_or(r.created_ms);
    if (!sentiment.contains(*r.contact_id) || at >= sentiment[*r.contact_id].first) sentiment[*r.contact_id] = {at, label};
  }

  // Each segment recomputed from the scores listed.
  auto expect = [&](auto segment_of) {
    std::map<std::string, Expected> out;
    std::string cursor;
    for (;;) {
      auto listed = alice->Get(Path("/scores?limit=100" + (cursor.empty() ? "" : "&cursor=" + cursor))).json();
      for (const json& s : listed["items"]) {
        const int64_t contact = s["contact_id"];
        Expected& e = out[segment_of(contact)];
        ++e.customers;
        e.revenue += revenue[contact];
        e.clv += s["clv"].get<double>();
        e.churn += 1 - s["p_alive"].get<double>();
        e.serve += serve[contact];
      }
      if (listed["next_cursor"].is_null()) break;
      cursor = listed["next_cursor"];
    }
    return out;
  };
  auto check = [&](const std::string& query, const std::map<std::string, Expected>& want, size_t segments) {
    auto r = alice->Get(Path("/value/segments?" + query));
    ASSERT_EQ(r.status, 200) << r.body;
    const json body = r.json();
    EXPECT_EQ(body["min_n"], 30);
    ASSERT_EQ(body["segments"].size(), segments) << body.dump();
    for (const json& g : body["segments"]) {
      const std::string key = g["segment"];
      const Expected e = want.contains(key) ? want.at(key) : Expected{};
      SCOPED_TRACE(query + " " + key);
      EXPECT_EQ(g["customers"], e.customers);
      EXPECT_NEAR(g["revenue"].get<double>(), e.revenue, 1e-6);
      if (e.customers < 30) {
        EXPECT_EQ(g["status"], "not_enough_customers");
        EXPECT_FALSE(g.contains("mean_clv"));
        continue;
      }
      const double n = static_cast<double>(e.customers);
      EXPECT_NEAR(g["mean_clv"].get<double>(), e.clv / n, 1e-6 * e.clv / n);
      EXPECT_NEAR(g["churn"].get<double>(), e.churn / n, 1e-9);
      EXPECT_NEAR(g["cost_to_serve"].get<double>(), e.serve / n, 1e-6);
      EXPECT_LE(g["cost_to_serve_interval"][0].get<double>(), e.serve / n);
      EXPECT_GE(g["cost_to_serve_interval"][1].get<double>(), e.serve / n);
      EXPECT_LT(g["clv_interval"][0].get<double>(), g["clv_interval"][1].get<double>());
    }
  };
  check("by=touchpoint_score&touchpoint=call",
        expect([&](int64_t c) { return rating[c] >= 9 ? "9-10" : rating[c] >= 7 ? "7-8" : "0-6"; }), 3);
  check("by=sentiment", expect([&](int64_t c) { return sentiment.contains(c) ? sentiment[c].second : "unassigned"; }), 3);
  check("by=case_outcome", expect([&](int64_t c) { return case_of[c]; }), 3);

  EXPECT_EQ(alice->Get(Path("/value/segments?by=touchpoint_score")).json()["error"]["field"], "touchpoint");
  EXPECT_EQ(alice->Get(Path("/value/segments?by=touchpoint_score&touchpoint=teleport")).json()["error"]["field"], "touchpoint");
  EXPECT_EQ(alice->Get(Path("/value/segments?by=weather")).json()["error"]["field"], "by");
  EXPECT_EQ(MemberWithRole(org_a_.id, "vic@a.example", Role::kViewer)->Get(Path("/value/segments?by=sentiment")).status, 403);
  EXPECT_EQ(SignedIn("bob@b.example", "bob-password")->Get(Path("/value/segments?by=sentiment")).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, SegmentsApi, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar
