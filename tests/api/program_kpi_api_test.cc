// Business KPIs as CX program targets, through the API on both stores: mean CLV, predicted
// churn, CAC and cost to serve per customer, each read against a computation done here from
// what the outcomes API returns (the scores of two refits, the transactions, costs and
// interactions this test wrote), with the direction (lower is better for churn, CAC and cost),
// the trend against the window before and the status; bad targets name their field; viewers
// cannot set targets and another organisation cannot read them.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <set>

#include "api/api_fixture.h"
#include "core/time.h"

namespace nazar {
namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr double kZ95 = 1.959963984540054;

class ProgramKpiApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    clock_.Set(*ParseTimestamp("2026-06-30T12:00:00Z"));
    alice = SignedIn("alice@a.example", "alice-password");
  }

  std::string Path(const std::string& rest) { return OrgPath(org_a_.id, "/outcomes" + rest); }

  // Mean and 1.96 standard errors of CLV (in euros) and churn (in percent) over every score.
  struct Reading {
    int64_t n = 0;
    double clv = 0, clv_margin = 0, churn = 0, churn_margin = 0;
  };
  Reading FromScores() {
    std::vector<double> clv, churn;
    std::string cursor;
    for (;;) {
      auto page = alice->Get(Path("/scores?limit=100" + (cursor.empty() ? "" : "&cursor=" + cursor)));
      EXPECT_EQ(page.status, 200) << page.body;
      const json listed = page.json();
      for (const json& s : listed["items"]) {
        clv.push_back(s["clv"].get<double>() / 100);  // cents to euros
        churn.push_back(100 * (1 - s["p_alive"].get<double>()));
      }
      if (listed["next_cursor"].is_null()) break;
      cursor = listed["next_cursor"];
    }
    auto mean_margin = [](const std::vector<double>& v) {
      double m = 0, ss = 0;
      for (double x : v) m += x;
      m /= static_cast<double>(v.size());
      for (double x : v) ss += (x - m) * (x - m);
      return std::pair{m, kZ95 * std::sqrt(ss / static_cast<double>(v.size() - 1)) / std::sqrt(static_cast<double>(v.size()))};
    };
    Reading r{.n = static_cast<int64_t>(clv.size())};
    std::tie(r.clv, r.clv_margin) = mean_margin(clv);
    std::tie(r.churn, r.churn_margin) = mean_margin(churn);
    return r;
  }

  std::unique_ptr<HttpClient> alice;
};

TEST_P(ProgramKpiApi, BusinessKpisAreReadFromTheOutcomes) {
  ASSERT_EQ(alice->Put(Path("/settings"), {{"currency", "EUR"}, {"minor_digits", 2}}).status, 200);
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/touchpoints"), {{"key", "call"}}).status, 200);
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/touchpoints"), {{"key", "delivery"}}).status, 200);

  // A year of purchases from 2025-07-01 by 200 customers, arriving through the year.
  std::mt19937_64 rng(16);
  const int64_t start = *ParseTimestamp("2025-07-01T00:00:00Z");
  const int64_t today = *ParseTimestamp("2026-06-30T00:00:00Z");
  std::map<int64_t, int64_t> first;  // contact -> first purchase (ms)
  std::vector<std::pair<int64_t, int64_t>> bought;  // (contact, at)
  json batch = {{"transactions", json::array()}};
  for (int i = 0; i < 200; ++i) {
    auto c = t_.store->journeys().UpsertContact({.org_id = org_a_.id, .external_id = "c" + std::to_string(i),
                                                 .created_ms = clock_.NowMs(), .updated_ms = clock_.NowMs()});
    ASSERT_TRUE(c.has_value());
    // As BG/NBD and Gamma-Gamma say customers buy: each their own rate, chance of leaving and
    // typical basket.
    const double lambda = std::gamma_distribution<double>(1.5, 0.3 / 1.5)(rng);
    std::exponential_distribution<double> gap(lambda / 7.0);
    std::bernoulli_distribution leaves(1 - std::pow(std::uniform_real_distribution<double>(0, 1)(rng), 1.0 / 6));
    std::gamma_distribution<double> spend(6, 4000.0 * std::gamma_distribution<double>(4, 0.25)(rng) / 6);
    double day = std::uniform_real_distribution<double>(0, 330)(rng);
    for (int k = 0; day < 364 && k < 40; ++k) {
      const int64_t at = start + static_cast<int64_t>(day) * kDayMs;
      batch["transactions"].push_back({{"contact_id", c->id}, {"amount", std::llround(spend(rng)) + 1},
                                       {"occurred_at", FormatIsoUtc(at)}});
      if (!first.contains(c->id)) first[c->id] = at;
      bought.emplace_back(c->id, at);
      if (leaves(rng)) break;
      day += gap(rng);
    }
    if (batch["transactions"].size() >= 500 || i == 199) {
      ASSERT_EQ(alice->Post(Path("/transactions"), batch).status, 201);
      batch["transactions"] = json::array();
    }
  }

  // Acquisition spend by month (cents), and what calls and deliveries cost to serve.
  std::map<std::string, int64_t> spend = {{"2026-01", 90'000}, {"2026-02", 80'000}, {"2026-03", 120'000},
                                          {"2026-04", 150'000}, {"2026-05", 110'000}, {"2026-06", 70'000}};
  for (const auto& [month, amount] : spend)
    ASSERT_EQ(alice->Post(Path("/acquisition-costs"), {{"channel", "instagram"}, {"month", month}, {"amount", amount}}).status, 200);
  ASSERT_EQ(alice->Post(Path("/serve-costs"), {{"touchpoint", "call"}, {"amount", 350}}).status, 200);
  ASSERT_EQ(alice->Post(Path("/serve-costs"), {{"touchpoint", "delivery"}, {"amount", 900}}).status, 200);
  int64_t served_now = 0, served_before = 0;
  const int64_t window_from = today - 89 * kDayMs, previous_from = today - 179 * kDayMs;
  for (int k = 0; k < 150; ++k) {
    const auto& [contact, at] = bought[static_cast<size_t>(k * 7) % bought.size()];
    const bool call = k % 3 != 0;
    Interaction i{.org_id = org_a_.id, .contact_id = contact, .touchpoint = call ? "call" : "delivery",
                  .occurred_ms = at + kDayMs / 2, .channel = "phone", .reference = "i" + std::to_string(k), .facts = "{}"};
    ASSERT_TRUE(t_.store->journeys().InsertInteraction(i).has_value());
    const int64_t cost = call ? 350 : 900;
    if (i.occurred_ms >= window_from && i.occurred_ms < today + kDayMs) served_now += cost;
    else if (i.occurred_ms >= previous_from && i.occurred_ms < window_from) served_before += cost;
  }

  // Two refits: to the end of March (the window before's), then to today.
  auto early = alice->Post(Path("/refit"), {{"calibration_end", "2026-03-31"}, {"horizon_weeks", 52}});
  ASSERT_EQ(early.status, 201) << early.body;
  const Reading before = FromScores();
  auto late = alice->Post(Path("/refit"), {{"calibration_end", "2026-06-30"}, {"horizon_weeks", 52}});
  ASSERT_EQ(late.status, 201) << late.body;
  const Reading now = FromScores();
  ASSERT_GE(before.n, 30);

  // The independent CAC and cost to serve: in the window of 90 days to 2026-06-30 end April,
  // May and June; in the one before (2026-01-02 .. 2026-04-01) January, February and March.
  auto cac = [&](std::set<std::string> months) {
    int64_t paid = 0, won = 0;
    for (const std::string& m : months) paid += spend[m];
    for (const auto& [contact, at] : first)
      if (months.contains(FormatIsoUtc(at).substr(0, 7))) ++won;
    return static_cast<double>(paid) / static_cast<double>(won) / 100;
  };
  auto buyers = [&](int64_t from, int64_t to) {
    std::set<int64_t> who;
    for (const auto& [contact, at] : bought)
      if (at >= from && at < to) who.insert(contact);
    return static_cast<double>(who.size());
  };
  const double cac_now = cac({"2026-04", "2026-05", "2026-06"}), cac_before = cac({"2026-01", "2026-02", "2026-03"});
  const double serve_now = static_cast<double>(served_now) / buyers(window_from, today + kDayMs) / 100;
  const double serve_before = static_cast<double>(served_before) / buyers(previous_from, window_from) / 100;

  // Targets: CLV above what it is (off track or at risk), churn, CAC and cost just above theirs.
  const std::string kpis = OrgPath(org_a_.id, "/program/kpis");
  auto made = alice->Post(kpis, {{"metric", "clv"}, {"target", std::ceil(now.clv * 2)}, {"window_days", 90}});
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json()["unit"], "money");
  EXPECT_EQ(made.json()["direction"], "higher_is_better");
  EXPECT_EQ(made.json()["kind"], "business");
  EXPECT_EQ(made.json()["survey_id"], 0);
  for (auto [metric, target] : {std::pair{"churn", now.churn + 1}, {"cac", cac_now + 1}, {"cost_to_serve", serve_now + 1}})
    ASSERT_EQ(alice->Post(kpis, {{"metric", metric}, {"target", target}, {"window_days", 90}}).status, 201);

  auto card = alice->Get(OrgPath(org_a_.id, "/program/scorecard"));
  ASSERT_EQ(card.status, 200) << card.body;
  std::map<std::string, json> line;
  const json items = card.json()["items"];
  for (const json& l : items) line[l["metric"]] = l;
  ASSERT_EQ(line.size(), 4u);

  const json& clv = line["clv"];
  EXPECT_NEAR(clv["actual"]["value"].get<double>(), now.clv, 1e-6 * now.clv);
  EXPECT_NEAR(clv["actual"]["margin"].get<double>(), now.clv_margin, 1e-6 * now.clv);
  EXPECT_EQ(clv["actual"]["n"], now.n);
  EXPECT_EQ(clv["actual"]["currency"], "EUR");
  EXPECT_NEAR(clv["previous"]["value"].get<double>(), before.clv, 1e-6 * before.clv);
  EXPECT_NEAR(clv["trend"]["difference"].get<double>(), now.clv - before.clv, 1e-6 * now.clv);
  EXPECT_EQ(clv["trend"]["direction"], now.clv > before.clv ? "up" : "down");
  // Twice the actual is far beyond its margin: at risk only when rising.
  EXPECT_EQ(clv["status"], now.clv > before.clv ? "at_risk" : "off_track");

  const json& churn = line["churn"];
  EXPECT_EQ(churn["unit"], "percent");
  EXPECT_EQ(churn["direction"], "lower_is_better");
  EXPECT_NEAR(churn["actual"]["value"].get<double>(), now.churn, 1e-6);
  EXPECT_NEAR(churn["actual"]["margin"].get<double>(), now.churn_margin, 1e-6);
  EXPECT_NEAR(churn["previous"]["value"].get<double>(), before.churn, 1e-6);
  EXPECT_EQ(churn["status"], "on_track");  // below a target one point above it

  const json& acq = line["cac"];
  EXPECT_NEAR(acq["actual"]["value"].get<double>(), cac_now, 1e-9 * cac_now);
  EXPECT_EQ(acq["actual"]["margin"], 0.0);
  EXPECT_EQ(acq["actual"]["basis"], "2026-04..2026-06");
  EXPECT_NEAR(acq["previous"]["value"].get<double>(), cac_before, 1e-9 * cac_before);
  EXPECT_EQ(acq["status"], "on_track");

  const json& serve = line["cost_to_serve"];
  EXPECT_NEAR(serve["actual"]["value"].get<double>(), serve_now, 1e-9 * serve_now);
  EXPECT_NEAR(serve["previous"]["value"].get<double>(), serve_before, 1e-9 * serve_before);
  EXPECT_EQ(serve["trend"]["direction"], serve_now > serve_before ? "up" : serve_now < serve_before ? "down" : "flat");
  EXPECT_EQ(serve["trend"]["verdict"], "not_tested");

  // A CAC target a third of the actual is clearly missed: at risk only when falling.
  const int64_t id = line["cac"]["id"];
  auto moved = alice->Put(kpis + "/" + std::to_string(id), {{"target", cac_now / 3}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  const json after = alice->Get(OrgPath(org_a_.id, "/program/scorecard")).json()["items"];
  for (const json& l : after)
    if (l["id"] == id) EXPECT_EQ(l["status"], cac_now < cac_before ? "at_risk" : "off_track");
}

TEST_P(ProgramKpiApi, BadTargetsNameTheirFieldAndOthersAreRefused) {
  const std::string kpis = OrgPath(org_a_.id, "/program/kpis");
  auto field = [&](const json& body) { return alice->Post(kpis, body).json()["error"]["field"]; };
  EXPECT_EQ(field({{"metric", "clv"}, {"target", -5}}), "target");
  EXPECT_EQ(field({{"metric", "churn"}, {"target", 120}}), "target");
  EXPECT_EQ(field({{"metric", "cac"}, {"target", "cheap"}}), "target");
  EXPECT_EQ(field({{"metric", "cost_to_serve"}, {"target", 5}, {"touchpoint", "call"}}), "touchpoint");
  EXPECT_EQ(field({{"metric", "profit"}, {"target", 5}}), "metric");
  EXPECT_EQ(field({{"survey_id", 1}, {"metric", "nps"}, {"target", 5000}}), "target");

  // Before any fit or cost, a target is kept and its reading says why there is no value.
  auto made = alice->Post(kpis, {{"metric", "clv"}, {"target", 250000}});
  ASSERT_EQ(made.status, 201) << made.body;
  const json line = alice->Get(OrgPath(org_a_.id, "/program/scorecard")).json()["items"][0];
  EXPECT_EQ(line["status"], "not_enough_data");
  EXPECT_TRUE(line["actual"]["value"].is_null());
  EXPECT_NE(line["actual"]["message"].get<std::string>().find("refit"), std::string::npos);
  EXPECT_EQ(line["actual"]["currency"], "IRR");

  auto viewer = MemberWithRole(org_a_.id, "vic@a.example", Role::kViewer);
  EXPECT_EQ(viewer->Post(kpis, {{"metric", "cac"}, {"target", 5}}).status, 403);
  auto bob = SignedIn("bob@b.example", "bob-password");
  EXPECT_EQ(bob->Get(OrgPath(org_a_.id, "/program/scorecard")).status, 404);
  EXPECT_EQ(bob->Delete(kpis + "/" + std::to_string(made.json()["id"].get<int64_t>())).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, ProgramKpiApi, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar
