// Surveys, collection and live metrics through the real API, on both stores.
#include <gtest/gtest.h>

#include <thread>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>

#include <fmt/format.h>

#include "api/api_fixture.h"
#include "core/jalali.h"

namespace nazar {
namespace {

constexpr int64_t kDayMs = 86'400'000;

// Comments in both languages and what the analyser reads in them (the test counts from the
// analyses the API lists, not from these notes): the topics of a comment, its label.
const std::vector<std::string> kComments = {
    "The delivery was late and the courier was rude",  // delivery, staff attitude; negative
    "قیمت خیلی گران بود",                                  // price; negative
    "Great staff, very friendly",                      // staff attitude; positive
    "بسته دیر رسید و بسته‌بندی خراب بود",                // delivery, quality, packaging; negative
    "The app keeps crashing when I pay",               // app/website, payment; negative
    "کارمندان خیلی مؤدب و خوش برخورد بودند",              // staff attitude; positive
    ""};                                               // no comment

// A post-purchase answer: comment i % kComments, NPS and CSAT spread over their scales.
json PurchaseAnswers(int i) {
  json answers = {{"csat", 1 + i % 5}, {"nps", (i * 7) % 11}, {"delivery", 1 + (i * 3) % 5}};
  const std::string& comment = kComments[i % kComments.size()];
  if (!comment.empty()) answers["comment"] = comment;
  return answers;
}

// What the test expects of a topic, counted from the listed responses.
struct TopicCount {
  int64_t comments = 0;
  std::map<std::string, int64_t> labels;
  std::vector<int> nps;
};

class SurveyApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    alice = SignedIn("alice@a.example", "alice-password");
    auto key = alice->Post(OrgPath(org_a_.id, "/api-keys"), {{"name", "IVR"}, {"role", "agent"}});
    ASSERT_EQ(key.status, 201);
    ivr = std::make_unique<HttpClient>(base_);
    ivr->bearer = key.json()["token"];
  }

  // A published survey from a template; returns {survey id, link token}.
  std::pair<int64_t, std::string> PublishedTemplate(const std::string& id, json languages = {"en"}) {
    auto created = alice->Post(OrgPath(org_a_.id, "/surveys"),
                               {{"name", id}, {"template", id}, {"languages", languages}});
    EXPECT_EQ(created.status, 201) << created.body;
    int64_t survey = created.json()["id"];
    auto published = alice->Post(SurveyPath(survey, "/publish"), json::object());
    EXPECT_EQ(published.status, 200) << published.body;
    return {survey, created.json()["links"][0]["token"]};
  }

  std::string SurveyPath(int64_t survey, const std::string& rest = "") {
    return OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + rest);
  }

  HttpResult Answer(int64_t survey, const std::string& key, json answers, json extra = json::object()) {
    json body = {{"response_id", key}, {"answers", answers}};
    body.update(extra);
    return ivr->Post(SurveyPath(survey, "/responses"), body);
  }

  json Metrics(const std::string& query) {
    auto r = alice->Get(OrgPath(org_a_.id, "/metrics?" + query));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  std::unique_ptr<HttpClient> alice;
  std::unique_ptr<HttpClient> ivr;
};

TEST_P(SurveyApi, CreatePublishAnswerEveryWayAndReadTheMetrics) {
  auto [survey, token] = PublishedTemplate("post_support");
  // The respondent page, server-rendered.
  HttpClient browser(base_);
  auto page = browser.Get("/s/" + token + "?touchpoint=phone&agent=a7");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("How satisfied were you"), std::string::npos);
  EXPECT_NE(page.body.find("name=\"h.touchpoint\""), std::string::npos);
  // Browsers send "Origin: null" with a form posted from a no-referrer page, which the
  // same-origin check refuses (found by the e2e run): the page keeps referrers same-origin,
  // which still keeps the survey's token from leaking to other sites.
  EXPECT_EQ(page.header("referrer-policy"), "same-origin");
  // 1. The plain form (JavaScript off).
  browser.content_type = "application/x-www-form-urlencoded";
  auto form = browser.Send("POST", "/s/" + token,
                           "response_id=form-1&language=en&h.touchpoint=phone&h.agent=a7&"
                           "a.csat=5&a.ces=7&a.resolved=yes&a.comment=Quick+and+kind");
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_NE(form.body.find("Thanks!"), std::string::npos);
  // 2. The page's script / an embed (public JSON).
  HttpClient script(base_);
  // The script saves partial answers after each screen, then completes.
  auto partial = script.Post("/api/v1/links/" + token + "/responses",
                             {{"response_id", "js-1"}, {"answers", {{"csat", 4}}},
                              {"hidden", {{"touchpoint", "phone"}, {"agent", "a9"}}}});
  ASSERT_EQ(partial.status, 201) << partial.body;
  EXPECT_EQ(partial.json()["status"], "partial");
  auto json_submit = script.Post("/api/v1/links/" + token + "/responses",
                                 {{"response_id", "js-1"}, {"complete", true},
                                  {"answers", {{"ces", 5}, {"resolved", "partly"}}},
                                  {"hidden", {{"touchpoint", "phone"}, {"agent", "a9"}}}});
  ASSERT_EQ(json_submit.status, 201) << json_submit.body;
  EXPECT_EQ(json_submit.json()["status"], "complete");
  EXPECT_FALSE(json_submit.json().contains("answers"));  // public callers never get data back
  // 3. An IVR over the API with keypad digits.
  auto dtmf = Answer(survey, "call-1", {{"csat", "2"}, {"ces", "3"}, {"resolved", "3"}},
                     {{"input", "dtmf"}, {"channel", "ivr"}, {"touchpoint", "phone"}, {"agent", "a7"}});
  ASSERT_EQ(dtmf.status, 201) << dtmf.body;
  EXPECT_EQ(dtmf.json()["answers"]["resolved"], "no");

  // The responses are listed with their metadata.
  auto list = alice->Get(SurveyPath(survey, "/responses"));
  ASSERT_EQ(list.status, 200);
  json items = list.json()["items"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["touchpoint"], "phone");
  EXPECT_EQ(items[0]["agent"], "a7");
  EXPECT_EQ(items[0]["channel"], "web");
  EXPECT_EQ(items[0]["answers"]["comment"], "Quick and kind");
  EXPECT_EQ(items[2]["channel"], "ivr");

  // CSAT: ratings 5, 4, 2 -> 2 of 3 satisfied, mean 11/3. Visible at once.
  json csat = Metrics("metric=csat&min_n=1&survey=" + std::to_string(survey));
  EXPECT_EQ(csat["overall"]["n"], 3);
  EXPECT_EQ(csat["overall"]["distribution"], json({0, 1, 0, 1, 1}));
  EXPECT_NEAR(csat["overall"]["score"]["favourable"].get<double>(), 2.0 / 3, 1e-12);
  EXPECT_NEAR(csat["overall"]["score"]["mean"].get<double>(), 11.0 / 3, 1e-12);
  // CES: 7, 5, 3 -> 2 of 3 easy (5-7).
  json ces = Metrics("metric=ces&min_n=1");
  EXPECT_NEAR(ces["overall"]["score"]["favourable"].get<double>(), 2.0 / 3, 1e-12);
  // Breakdown by agent with a filter on the channel.
  json by_agent = Metrics("metric=csat&min_n=1&group_by=agent&channel=web");
  ASSERT_EQ(by_agent["groups"].size(), 2u);
  EXPECT_EQ(by_agent["groups"][0]["key"], "a7");
  EXPECT_EQ(by_agent["groups"][0]["distribution"], json({0, 0, 0, 0, 1}));
  EXPECT_EQ(by_agent["groups"][1]["key"], "a9");
  // Each group against the rest (the other agent here): the difference in the favourable
  // share, and a verdict.
  for (int i : {0, 1}) {
    const json& vr = by_agent["groups"][i]["versus_rest"];
    EXPECT_EQ(vr["rest_n"], by_agent["groups"][1 - i]["n"]);
    EXPECT_NEAR(vr["difference"].get<double>(),
                by_agent["groups"][i]["score"]["favourable"].get<double>() -
                    by_agent["groups"][1 - i]["score"]["favourable"].get<double>(),
                1e-12);
    EXPECT_TRUE(vr["outlier"] == "within_margin" || vr["outlier"] == "not_enough_data") << vr;
  }
  EXPECT_FALSE(csat["overall"].contains("versus_rest"));
  // Breakdown by a single-choice answer.
  json by_resolved = Metrics("metric=csat&min_n=1&group_by=choice:resolved");
  EXPECT_EQ(by_resolved["groups"].size(), 3u);
}

// The worked example of ../shared/data/README.md through the whole stack:
// pP = 1/2, pD = 1/6, n = 300 -> NPS 33.3, SE 4.30, 95% margin 8.4.
TEST_P(SurveyApi, NpsAndItsMarginReproduceThePublishedExample) {
  auto [survey, token] = PublishedTemplate("relationship_nps");
  for (int i = 0; i < 300; ++i) {
    int score = i < 150 ? 9 + i % 2 : i < 250 ? 7 + i % 2 : i % 7;  // 150 P, 100 passive, 50 D
    ASSERT_EQ(Answer(survey, "r" + std::to_string(i), {{"nps", score}}).status, 201);
  }
  json m = Metrics("metric=nps&survey=" + std::to_string(survey));
  json s = m["overall"]["score"];
  EXPECT_EQ(m["overall"]["n"], 300);
  EXPECT_EQ(m["overall"]["status"], "ok");
  EXPECT_NEAR(s["nps"].get<double>(), 100.0 / 3, 1e-9);
  EXPECT_NEAR(s["standard_error"].get<double>(), 4.30, 0.005);
  EXPECT_NEAR(s["margin"].get<double>(), 8.4, 0.05);
  EXPECT_NEAR(s["standard_error"].get<double>(), 100 / std::sqrt(540.0), 1e-9);
  EXPECT_NEAR(s["ci_low"].get<double>(), 100.0 / 3 - s["margin"].get<double>(), 1e-9);
}

TEST_P(SurveyApi, PeriodsAreComparedWithASignificanceVerdict) {
  auto [survey, token] = PublishedTemplate("relationship_nps");
  clock_.Set(SystemClock().NowMs() - 40 * kDayMs);
  // Last month: 40 promoters, 20 passives, 40 detractors -> NPS 0.
  for (int i = 0; i < 100; ++i) {
    int score = i < 40 ? 10 : i < 60 ? 8 : 3;
    ASSERT_EQ(Answer(survey, "old" + std::to_string(i), {{"nps", score}}).status, 201);
  }
  clock_.Set(SystemClock().NowMs());
  // This month: 60 promoters, 20 passives, 20 detractors -> NPS 40.
  for (int i = 0; i < 100; ++i) {
    int score = i < 60 ? 9 : i < 80 ? 7 : 0;
    ASSERT_EQ(Answer(survey, "new" + std::to_string(i), {{"nps", score}}).status, 201);
  }
  auto day = [&](int64_t ms) {
    auto g = GregorianFromEpochDay(ms / kDayMs);
    return fmt::format("{:04}-{:02}-{:02}", g->year, g->month, g->day);
  };
  int64_t now = SystemClock().NowMs();
  json m = Metrics(fmt::format("metric=nps&from={}&to={}&compare_from={}&compare_to={}",
                               day(now - 5 * kDayMs), day(now + kDayMs),
                               day(now - 45 * kDayMs), day(now - 35 * kDayMs)));
  EXPECT_NEAR(m["overall"]["score"]["nps"].get<double>(), 40, 1e-9);
  EXPECT_NEAR(m["comparison"]["baseline"]["score"]["nps"].get<double>(), 0, 1e-9);
  // By hand: Var(now) = (0.6 + 0.2 - 0.16)/100, Var(then) = (0.4 + 0.4 - 0)/100 (points^2 x 1e4).
  double se = 100 * std::sqrt(0.64 / 100 + 0.80 / 100);
  EXPECT_NEAR(m["comparison"]["difference"].get<double>(), 40, 1e-9);
  EXPECT_NEAR(m["comparison"]["standard_error"].get<double>(), se, 1e-9);
  EXPECT_NEAR(m["comparison"]["statistic"].get<double>(), 40 / se, 1e-9);
  EXPECT_EQ(m["comparison"]["verdict"], "significant_increase");
}

TEST_P(SurveyApi, SegmentsAreComparedToo) {
  auto [survey, token] = PublishedTemplate("relationship_nps");
  // Delivery: 30 promoters, 10 passives, 60 detractors (NPS -30); app: 70/20/10 (NPS +60).
  for (int i = 0; i < 100; ++i) {
    int delivery = i < 30 ? 10 : i < 40 ? 7 : 2;
    int app = i < 70 ? 9 : i < 90 ? 8 : 5;
    ASSERT_EQ(Answer(survey, "d" + std::to_string(i), {{"nps", delivery}}, {{"touchpoint", "delivery"}}).status, 201);
    ASSERT_EQ(Answer(survey, "a" + std::to_string(i), {{"nps", app}}, {{"touchpoint", "app"}}).status, 201);
  }
  json m = Metrics("metric=nps&touchpoint=app&compare.touchpoint=delivery");
  EXPECT_NEAR(m["overall"]["score"]["nps"].get<double>(), 60, 1e-9);
  EXPECT_NEAR(m["comparison"]["baseline"]["score"]["nps"].get<double>(), -30, 1e-9);
  double se = 100 * std::sqrt((0.8 - 0.36) / 100 + (0.9 - 0.09) / 100);
  EXPECT_NEAR(m["comparison"]["standard_error"].get<double>(), se, 1e-9);
  EXPECT_EQ(m["comparison"]["verdict"], "significant_increase");
  auto bad = alice->Get(OrgPath(org_a_.id, "/metrics?compare.colour=red"));
  EXPECT_EQ(bad.json()["error"]["field"], "compare.colour");
}

TEST_P(SurveyApi, AChangeIsDecomposedBySegment) {
  auto [survey, token] = PublishedTemplate("relationship_nps");
  // Then: delivery 50 answers at NPS +40 (30/10/10), app 50 at 0 (20/10/20): NPS +20.
  // Now: the same scores, but app has 80 of 100 answers: NPS +8. The move is all mix:
  // centre 14; delivery 0.2 * 26 - 0.5 * 26 = -7.8, app 0.8 * -14 - 0.5 * -14 = -4.2.
  auto answer = [&](const std::string& id, int score, const char* touchpoint) {
    ASSERT_EQ(Answer(survey, id, {{"nps", score}}, {{"touchpoint", touchpoint}}).status, 201);
  };
  auto period = [&](const std::string& tag, int delivery, int app) {
    for (int i = 0; i < delivery; ++i) answer(tag + "d" + std::to_string(i), i * 5 < delivery * 3 ? 10 : i * 5 < delivery * 4 ? 7 : 2, "delivery");
    for (int i = 0; i < app; ++i) answer(tag + "a" + std::to_string(i), i * 5 < app * 2 ? 9 : i * 5 < app * 3 ? 8 : 0, "app");
  };
  clock_.Set(SystemClock().NowMs() - 40 * kDayMs);
  period("old", 50, 50);
  clock_.Set(SystemClock().NowMs());
  period("new", 20, 80);
  auto day = [&](int64_t ms) {
    auto g = GregorianFromEpochDay(ms / kDayMs);
    return fmt::format("{:04}-{:02}-{:02}", g->year, g->month, g->day);
  };
  const int64_t now = SystemClock().NowMs();
  const std::string q = fmt::format("/metrics/change?metric=nps&from={}&to={}&compare.from={}&compare.to={}",
                                    day(now - 5 * kDayMs), day(now + kDayMs), day(now - 45 * kDayMs),
                                    day(now - 35 * kDayMs));
  auto r = alice->Get(OrgPath(org_a_.id, q + "&by=touchpoint,channel"));
  ASSERT_EQ(r.status, 200) << r.body;
  json m = r.json();
  EXPECT_EQ(m["unit"], "points");
  EXPECT_NEAR(m["comparison"]["difference"].get<double>(), -12, 1e-9);
  ASSERT_EQ(m["by"].size(), 2u);
  json tp = m["by"][0];
  EXPECT_EQ(tp["dimension"], "touchpoint");
  EXPECT_NEAR(tp["change"].get<double>(), -12, 1e-9);
  ASSERT_EQ(tp["segments"].size(), 2u);
  EXPECT_EQ(tp["segments"][0]["key"], "delivery");
  EXPECT_NEAR(tp["segments"][0]["contribution"].get<double>(), -7.8, 1e-9);
  EXPECT_NEAR(tp["segments"][0]["within"].get<double>(), 0, 1e-9);
  EXPECT_NEAR(tp["segments"][0]["baseline_score"].get<double>(), 40, 1e-9);
  EXPECT_NEAR(tp["segments"][1]["contribution"].get<double>(), -4.2, 1e-9);
  EXPECT_NEAR(tp["segments"][1]["current_share"].get<double>(), 0.8, 1e-12);
  EXPECT_GT(tp["segments"][0]["margin"].get<double>(), 0);
  // One channel for all: it explains the whole move.
  ASSERT_EQ(m["by"][1]["segments"].size(), 1u);
  EXPECT_NEAR(m["by"][1]["segments"][0]["contribution"].get<double>(), -12, 1e-9);

  auto field = [&](const std::string& path, int status) {
    auto e = alice->Get(OrgPath(org_a_.id, path));
    EXPECT_EQ(e.status, status) << path;
    return e.json()["error"]["field"].get<std::string>();
  };
  EXPECT_EQ(field("/metrics/change?metric=nps", 409), "compare");
  EXPECT_EQ(field(q + "&by=topic", 400), "by");
  EXPECT_EQ(field(q + "&by=colour", 400), "by");
  EXPECT_EQ(field(q + "&group_by=agent", 400), "group_by");
  EXPECT_EQ(field("/metrics/change?metric=distribution&compare.from=2020-01-01&question=nps&survey=" + std::to_string(survey), 400), "metric");
}

// A public caller who guesses an integrator's response id must neither read that response
// nor change it: public submissions have their own key space per link.
TEST_P(SurveyApi, PublicLinksCannotReachOtherResponses) {
  auto [survey, token] = PublishedTemplate("relationship_nps");
  ASSERT_EQ(Answer(survey, "order-1001", {{"nps", 10}, {"reason", "private note"}},
                   {{"hidden", {{"order", "1001"}}}, {"complete", false}}).status, 201);
  HttpClient stranger(base_);
  auto probe = stranger.Post("/api/v1/links/" + token + "/responses",
                             {{"response_id", "order-1001"}, {"complete", true}, {"answers", {{"nps", 0}}}});
  EXPECT_EQ(probe.status, 201);  // a new response of its own, not the integrator's
  EXPECT_EQ(probe.body.find("private note"), std::string::npos);
  EXPECT_EQ(probe.body.find("1001"), std::string::npos);
  auto list = alice->Get(SurveyPath(survey, "/responses"));
  json items = list.json()["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["response_id"], "order-1001");
  EXPECT_EQ(items[0]["status"], "partial");
  EXPECT_EQ(items[0]["answers"]["nps"], 10);
}

TEST_P(SurveyApi, FewResponsesSayNotEnoughInsteadOfANumber) {
  auto [survey, token] = PublishedTemplate("relationship_nps");
  for (int i = 0; i < 12; ++i) ASSERT_EQ(Answer(survey, "f" + std::to_string(i), {{"nps", 10}}).status, 201);
  json m = Metrics("metric=nps");
  EXPECT_EQ(m["overall"]["n"], 12);
  EXPECT_EQ(m["overall"]["status"], "not_enough_responses");
  EXPECT_TRUE(m["overall"]["score"].is_null());
  EXPECT_EQ(m["overall"]["message"], "not enough responses (12 of at least 30)");
  EXPECT_TRUE(m["overall"]["distribution"].is_null());  // a few answers would be readable one by one
}

TEST_P(SurveyApi, JalaliMonthsInTheOrganisationsTimeZone) {
  ASSERT_EQ(alice->Patch(OrgPath(org_a_.id), {{"time_zone", "Asia/Tehran"}, {"calendar", "jalali"}}).status, 200);
  auto [survey, token] = PublishedTemplate("relationship_nps", {"fa"});
  // 2024-03-19 20:00 UTC is 23:30 in Tehran: 29 Esfand 1402. Two hours later it is
  // 1 Farvardin 1403 (Nowruz) in Tehran although still 19 March in UTC.
  clock_.Set(1710878400000);  // 2024-03-19T20:00:00Z
  ASSERT_EQ(Answer(survey, "esfand", {{"nps", 10}}).status, 201);
  clock_.Set(1710885600000);  // 2024-03-19T22:00:00Z
  ASSERT_EQ(Answer(survey, "farvardin", {{"nps", 0}}).status, 201);
  json m = Metrics("metric=nps&min_n=1&trend=month");
  ASSERT_EQ(m["groups"].size(), 2u) << m.dump();
  EXPECT_EQ(m["calendar"], "jalali");
  EXPECT_EQ(m["groups"][0]["bucket"], "1402-12");
  EXPECT_EQ(m["groups"][0]["distribution"][10], 1);
  EXPECT_EQ(m["groups"][1]["bucket"], "1403-01");
  EXPECT_EQ(m["groups"][1]["bucket_start"], "2024-03-20");
  // Dates in filters are in the organisation's calendar too (Persian digits welcome).
  json nowruz = Metrics("metric=nps&min_n=1&from=۱۴۰۳-۰۱-۰۱&to=1403-01-31");
  EXPECT_EQ(nowruz["overall"]["n"], 1);
}

TEST_P(SurveyApi, ResponsesAreFilteredByLocalDaysSegmentsAndCommentText) {
  ASSERT_EQ(alice->Patch(OrgPath(org_a_.id), {{"time_zone", "Asia/Tehran"}, {"calendar", "jalali"}}).status, 200);
  auto [survey, token] = PublishedTemplate("relationship_nps", {"fa", "en"});
  // 29 Esfand 1402 at 23:30 in Tehran, then Nowruz (1 Farvardin 1403) at 01:30.
  clock_.Set(1710878400000);
  ASSERT_EQ(Answer(survey, "esfand", {{"nps", 10}, {"reason", "Fast and <b>polite</b>"}},
                   {{"touchpoint", "call"}}).status, 201);
  clock_.Set(1710885600000);
  ASSERT_EQ(Answer(survey, "nowruz", {{"nps", 2}, {"reason", "خیلی کند بود"}},
                   {{"touchpoint", "shop"}}).status, 201);
  auto keys = [&](const std::string& query) {
    auto r = alice->Get(SurveyPath(survey, "/responses?" + query));
    EXPECT_EQ(r.status, 200) << query << " " << r.body;
    std::string out;
    json body = r.json();  // a named value: the loop must not walk a destroyed temporary
    for (const auto& item : body["items"]) out += item["response_id"].get<std::string>() + " ";
    return out;
  };
  EXPECT_EQ(keys("from=1403-01-01"), "nowruz ");
  EXPECT_EQ(keys("to=۱۴۰۲-۱۲-۲۹"), "esfand ");
  EXPECT_EQ(keys("touchpoint=call"), "esfand ");
  EXPECT_EQ(keys("q=POLITE"), "esfand ");
  EXPECT_EQ(keys("q=%DA%A9%D9%86%D8%AF"), "nowruz ");  // کند
  // Comments only: not the answers' keys, numbers or markup around them.
  EXPECT_EQ(keys("q=nps"), "");
  EXPECT_EQ(keys("q=reason"), "");
  EXPECT_EQ(keys("q=10"), "");
  // Written with an Arabic kaf (ك), as many keyboards do, it still finds the Persian ک.
  EXPECT_EQ(keys("q=%D9%83%D9%86%D8%AF"), "nowruz ");  // كند
  // A response stored before the comment text existed is still found in its answers.
  auto legacy = t_.store->responses().FindResponseByKey(org_a_.id, survey, "esfand");
  ASSERT_TRUE(legacy.has_value());
  legacy->comment_text.reset();
  ASSERT_TRUE(t_.store->responses().UpdateResponse(org_a_.id, *legacy).has_value());
  EXPECT_EQ(keys("q=POLITE"), "esfand ");
  EXPECT_EQ(keys("order=newest"), "nowruz esfand ");
  auto bad = alice->Get(SurveyPath(survey, "/responses?from=2024-13-01"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "from");
  EXPECT_EQ(alice->Get(SurveyPath(survey, "/responses?order=random")).json()["error"]["field"], "order");
  for (const char* name : {"q", "touchpoint", "agent"}) {
    auto r = alice->Get(SurveyPath(survey, std::string("/responses?") + name + "=%FF%FE"));
    EXPECT_EQ(r.status, 400) << name << " " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], name);
  }
}

TEST_P(SurveyApi, ThePreviewIsTheRespondentPageOfTheDraft) {
  auto [survey, token] = PublishedTemplate("relationship_nps", {"fa", "en"});
  auto page = alice->Get(SurveyPath(survey, "/preview?lang=en"));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("action=\"/preview/submitted?lang=en\""), std::string::npos);
  EXPECT_NE(page.header("content-security-policy").find("frame-ancestors 'self'"), std::string::npos);
  // Submitting it stores nothing and says so.
  HttpClient browser(base_);
  browser.content_type = "application/x-www-form-urlencoded";
  auto sent = browser.Send("POST", "/preview/submitted?lang=en", "nps=9");
  EXPECT_EQ(sent.status, 200) << sent.body;
  EXPECT_NE(sent.body.find("not saved"), std::string::npos);
  EXPECT_EQ(alice->Get(SurveyPath(survey, "/responses")).json()["items"].size(), 0u);
}

TEST_P(SurveyApi, EachUserChoosesTheirLanguage) {
  auto changed = alice->Patch("/api/v1/session", {{"locale", "fa"}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json()["user"]["locale"], "fa");
  EXPECT_EQ(alice->Get("/api/v1/session").json()["user"]["locale"], "fa");
  auto bad = alice->Patch("/api/v1/session", {{"locale", "de"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "locale");
  EXPECT_EQ(alice->Get("/api/v1/session").json()["user"]["locale"], "fa");
  EXPECT_EQ(ivr->Patch("/api/v1/session", {{"locale", "en"}}).status, 403);
}

TEST_P(SurveyApi, TheViewAndARebuildFromTheStoreAgree) {
  auto [survey, token] = PublishedTemplate("post_purchase", {"fa", "en"});
  for (int i = 0; i < 60; ++i) {
    json hidden = {{"touchpoint", i % 3 ? "delivery" : "website"}, {"agent", "a" + std::to_string(i % 4)}};
    json answers = {{"csat", 1 + i % 5}, {"nps", i % 11}, {"delivery", 1 + i % 5}};
    if (i % 4 && !kComments[i % kComments.size()].empty()) {
      answers["comment"] = kComments[i % kComments.size()];
    }
    // Some arrive in two parts: the comment with a partial save, the rest later.
    const std::string key = "v" + std::to_string(i);
    if (i % 5 == 0 && answers.contains("comment")) {
      ASSERT_EQ(Answer(survey, key, {{"comment", answers["comment"]}, {"nps", answers["nps"]}},
                       {{"hidden", hidden}, {"complete", false}})
                    .status,
                201);
      answers.erase("comment");
    }
    ASSERT_EQ(Answer(survey, key, answers, {{"hidden", hidden}}).status, 201);
    clock_.Advance(kDayMs / 3);
  }
  // The comments' sentiment and topics come from the analysis stored with each response.
  std::vector<std::string> queries = {"metric=nps", "metric=csat&group_by=touchpoint&min_n=1",
                                      "metric=nps&trend=week&min_n=1&agent=a1,a2",
                                      "metric=mean&question=delivery&survey=" + std::to_string(survey),
                                      "metric=nps&group_by=topic&min_n=1",
                                      "metric=csat&group_by=sentiment&min_n=1&topic=delivery,price",
                                      "metric=nps&trend=week&group_by=topic&min_n=1&sentiment=negative"};
  std::vector<json> live;
  for (const auto& q : queries) live.push_back(Metrics(q));
  EXPECT_GT(live[4]["groups"].size(), 3u);
  auto topics = [&] { return alice->Get(OrgPath(org_a_.id, "/text/topics?min_n=1")).json(); };
  json live_topics = topics();
  EXPECT_GT(live_topics["comments"].get<int64_t>(), 30);
  ASSERT_TRUE(results_->Rebuild(org_a_.id).has_value());
  for (size_t i = 0; i < queries.size(); ++i) EXPECT_EQ(Metrics(queries[i]), live[i]) << queries[i];
  EXPECT_EQ(topics(), live_topics);
}

// An organisation's own topics, and labels its analysts put on comments, which a classifier
// learns and then applies to every new comment.
TEST_P(SurveyApi, AnalystsTagCommentsAndTrainTheClassifier) {
  auto [survey, token] = PublishedTemplate("post_purchase");
  // The taxonomy: built in until the organisation writes its own.
  json builtin = alice->Get(OrgPath(org_a_.id, "/text/taxonomy")).json();
  EXPECT_FALSE(builtin["custom"].get<bool>());
  EXPECT_GT(builtin["topics"].size(), 10u);
  json own = {{"topics", {{{"id", "courier"}, {"name_fa", "پیک"}, {"name_en", "Courier"},
                           {"keywords", {"courier", "پیک"}}}}}};
  auto bad = alice->Put(OrgPath(org_a_.id, "/text/taxonomy"),
                        {{"topics", {{{"id", "Courier!"}, {"keywords", {"courier"}}}}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "topics[0].id");
  auto put = alice->Put(OrgPath(org_a_.id, "/text/taxonomy"), own);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_TRUE(put.json()["custom"].get<bool>());
  ASSERT_EQ(Answer(survey, "c0", {{"csat", 1}, {"nps", 2}, {"delivery", 1},
                                  {"comment", "the courier was rude"}}).status, 201);
  json first = alice->Get(SurveyPath(survey, "/responses")).json()["items"][0];
  EXPECT_EQ(first["text"]["comment"]["topics"], json({"courier"})) << first.dump();

  // Tagging: the response must have the comment; labels are named when wrong.
  const std::vector<std::pair<std::string, std::string>> comments = {
      {"the courier threw the parcel", "rough_handling"},
      {"box crushed by the courier", "rough_handling"},
      {"parcel thrown over the fence", "rough_handling"},
      {"the courier dropped the box", "rough_handling"},
      {"the package arrived crushed", "rough_handling"},
      {"please refund my order", "refund_request"},
      {"I want my money back", "refund_request"},
      {"still waiting for the refund", "refund_request"},
      {"refund me, I sent it back", "refund_request"},
      {"where is my refund", "refund_request"}};
  std::vector<int64_t> ids;
  for (size_t i = 0; i < comments.size(); ++i) {
    auto r = Answer(survey, "t" + std::to_string(i),
                    {{"csat", 2}, {"nps", 3}, {"delivery", 2}, {"comment", comments[i].first}});
    ASSERT_EQ(r.status, 201) << r.body;
    ids.push_back(r.json()["id"]);
  }
  auto tag_path = [&](int64_t id) { return OrgPath(org_a_.id, "/responses/" + std::to_string(id) + "/tags"); };
  auto no_comment = alice->Put(tag_path(ids[0]), {{"question", "nps"}, {"labels", {"x"}}});
  EXPECT_EQ(no_comment.status, 400);
  EXPECT_EQ(no_comment.json()["error"]["field"], "question");
  auto bad_label = alice->Put(tag_path(ids[0]), {{"question", "comment"}, {"labels", {"ok", ""}}});
  EXPECT_EQ(bad_label.status, 400);
  EXPECT_EQ(bad_label.json()["error"]["field"], "labels[1]");
  EXPECT_EQ(ivr->Put(tag_path(ids[0]), {{"question", "comment"}, {"labels", {"x"}}}).status, 403)
      << "an agent's key may not tag";
  auto bob = SignedIn("bob@b.example", "bob-password");
  EXPECT_EQ(bob->Put(tag_path(ids[0]), {{"question", "comment"}, {"labels", {"x"}}}).status, 404);

  // Too few tags to learn from: the training says which field.
  ASSERT_EQ(alice->Put(tag_path(ids[0]), {{"question", "comment"}, {"labels", {"rough_handling"}}}).status, 200);
  auto early = alice->Post(OrgPath(org_a_.id, "/text/classifier"), json::object());
  EXPECT_EQ(early.status, 400);
  EXPECT_EQ(early.json()["error"]["field"], "labels");
  for (size_t i = 0; i < comments.size(); ++i) {
    auto tagged = alice->Put(tag_path(ids[i]), {{"question", "comment"}, {"labels", {comments[i].second}}});
    ASSERT_EQ(tagged.status, 200) << tagged.body;
  }
  // PATCH adds and removes single labels, keeping the others (two analysts at once).
  auto patched = alice->Patch(tag_path(ids[5]), {{"question", "comment"}, {"add", {"urgent"}}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json()["labels"], json({"refund_request", "urgent"}));
  auto other_analyst = alice->Patch(tag_path(ids[5]), {{"question", "comment"}, {"add", {"vip"}}, {"remove", {"urgent"}}});
  EXPECT_EQ(other_analyst.json()["labels"], json({"refund_request", "vip"}));
  ASSERT_EQ(alice->Patch(tag_path(ids[5]), {{"question", "comment"}, {"remove", {"vip"}}}).status, 200);
  EXPECT_EQ(alice->Patch(tag_path(ids[5]), {{"question", "comment"}}).json()["error"]["field"], "add");
  EXPECT_EQ(alice->Patch(tag_path(ids[5]), {{"question", "comment"}, {"add", {""}}}).json()["error"]["field"], "add[0]");
  json detail = alice->Get(OrgPath(org_a_.id, "/responses/" + std::to_string(ids[5]))).json();
  EXPECT_EQ(detail["tags"]["comment"], json({"refund_request"}));
  json listed = alice->Get(SurveyPath(survey, "/responses?limit=200")).json();
  int with_tags = 0;
  for (const json& item : listed["items"]) {
    if (item["id"] == ids[5]) {
      EXPECT_EQ(item["tags"]["comment"], json({"refund_request"}));
    }
    with_tags += !item["tags"].empty();
  }
  EXPECT_EQ(with_tags, 10) << "the listing carries each response's tags";
  json labels = alice->Get(OrgPath(org_a_.id, "/text/labels")).json();
  EXPECT_EQ(labels["tagged_comments"], 10);
  EXPECT_EQ(labels["labels"], json({{{"label", "refund_request"}, {"comments", 5}},
                                    {{"label", "rough_handling"}, {"comments", 5}}}));
  EXPECT_TRUE(labels["classifier"].is_null());

  auto trained = alice->Post(OrgPath(org_a_.id, "/text/classifier"), json::object());
  ASSERT_EQ(trained.status, 200) << trained.body;
  const json trained_json = trained.json();
  const json& e = trained_json["evaluation"];
  EXPECT_EQ(e["examples"], 10);
  EXPECT_EQ(e["test"], 2);
  EXPECT_EQ(e["train"], 8);
  EXPECT_EQ(alice->Get(OrgPath(org_a_.id, "/text/labels")).json()["classifier"]["evaluation"], e);

  // New comments are tagged by the classifier as they arrive.
  ASSERT_EQ(Answer(survey, "after", {{"csat", 1}, {"nps", 1}, {"delivery", 1},
                                     {"comment", "I am still waiting for my refund"}}).status, 201);
  json newest = alice->Get(SurveyPath(survey, "/responses?order=newest")).json()["items"][0];
  const json analysis = newest["text"]["comment"];
  ASSERT_TRUE(analysis.contains("labels")) << analysis.dump();
  EXPECT_GT(analysis["labels"].value("refund_request", 0.0), 0.5) << analysis.dump();

  // Back to the built-in taxonomy.
  auto reset = alice->Delete(OrgPath(org_a_.id, "/text/taxonomy"));
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_FALSE(reset.json()["custom"].get<bool>());
  auto audit = alice->Get(OrgPath(org_a_.id, "/audit")).json();
  std::set<std::string> actions;
  for (const json& a : audit["items"]) actions.insert(a["action"].get<std::string>());
  EXPECT_TRUE(actions.contains("text.taxonomy.update"));
  EXPECT_TRUE(actions.contains("text.classifier.train"));
  EXPECT_TRUE(actions.contains("text.taxonomy.reset"));
}

// After a taxonomy change, the stored comments are re-analysed from the app in the
// background, with progress; the server's watcher then rebuilds the metrics view.
TEST_P(SurveyApi, StoredCommentsAreReanalysedInTheBackground) {
  auto [survey, token] = PublishedTemplate("post_purchase");
  for (int i = 0; i < 30; ++i) {
    ASSERT_EQ(Answer(survey, "r" + std::to_string(i), {{"csat", 2}, {"nps", 3}, {"delivery", 2},
                                                       {"comment", "the courier threw the box"}})
                  .status, 201);
  }
  json idle = alice->Get(OrgPath(org_a_.id, "/text/enrich")).json();
  EXPECT_EQ(idle["state"], "idle");
  json own = {{"topics", {{{"id", "courier"}, {"name_fa", "پیک"}, {"name_en", "Courier"},
                           {"keywords", {"courier"}}}}}};
  ASSERT_EQ(alice->Put(OrgPath(org_a_.id, "/text/taxonomy"), own).status, 200);
  EXPECT_EQ(Metrics("metric=nps&topic=courier&min_n=1")["overall"]["n"], 0) << "not yet re-analysed";
  EXPECT_EQ(ivr->Post(OrgPath(org_a_.id, "/text/enrich"), json::object()).status, 403);
  auto started = alice->Post(OrgPath(org_a_.id, "/text/enrich"), {{"force", true}});
  ASSERT_EQ(started.status, 202) << started.body;
  EXPECT_EQ(started.json()["total"], 30);
  json job;
  for (int i = 0; i < 200; ++i) {
    job = alice->Get(OrgPath(org_a_.id, "/text/enrich")).json();
    if (job["state"] != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(job["state"], "done") << job.dump();
  EXPECT_EQ(job["read"], 30);
  EXPECT_EQ(job["comments"], 30);
  EXPECT_EQ(job["enriched"], 30);
  EXPECT_FALSE(job["finished_at"].is_null());
  // What `nazar serve`'s watcher does every two seconds: the revision moved, so rebuild.
  auto changed = text_->RefreshChanged();
  ASSERT_TRUE(changed.has_value());
  for (OrgId org : *changed) ASSERT_TRUE(results_->Rebuild(org).has_value());
  EXPECT_EQ(Metrics("metric=nps&topic=courier&min_n=1")["overall"]["n"], 30);
  auto bad = alice->Post(OrgPath(org_a_.id, "/text/enrich"), {{"survey", 999999}});
  EXPECT_EQ(bad.json()["error"]["field"], "survey");
}

TEST_P(SurveyApi, RetriesCountOnceAndAnswersAreValidated) {
  auto [survey, token] = PublishedTemplate("post_support");
  json good = {{"csat", 5}, {"ces", 6}, {"resolved", "yes"}};
  auto first = Answer(survey, "same-id", good);
  EXPECT_EQ(first.status, 201);
  auto retry = Answer(survey, "same-id", good);
  EXPECT_EQ(retry.status, 200);
  EXPECT_TRUE(retry.json()["replayed"].get<bool>());
  EXPECT_EQ(retry.json()["id"], first.json()["id"]);

  struct Bad {
    json body;
    int status;
    std::string field;
  };
  std::vector<Bad> cases = {
      {{{"response_id", "b1"}, {"answers", {{"csat", 6}, {"ces", 6}, {"resolved", "yes"}}}}, 400, "answers.csat"},
      {{{"response_id", "b2"}, {"answers", {{"csat", 5}, {"ces", 6}}}}, 400, "answers.resolved"},
      {{{"response_id", "b3"}, {"answers", {{"csat", 5}, {"ces", 6}, {"resolved", "yes"}, {"ghost", 1}}}}, 400, "answers.ghost"},
      {{{"response_id", "b4"}, {"answers", {{"csat", 5}, {"ces", 6}, {"resolved", "yes"}, {"comment", std::string(2001, 'x')}}}}, 400, "answers.comment"},
      {{{"answers", good}}, 400, "response_id"},
      {{{"response_id", "b6"}, {"answers", good}, {"language", "de"}}, 400, "language"},
      {{{"response_id", "b7"}, {"answers", good}, {"input", "morse"}}, 400, "input"},
      {{{"response_id", "b8"}, {"answers", good}, {"colour", "red"}}, 400, "colour"},
  };
  for (const Bad& b : cases) {
    auto r = ivr->Post(SurveyPath(survey, "/responses"), b.body);
    EXPECT_EQ(r.status, b.status) << b.body.dump();
    EXPECT_EQ(r.json()["error"]["field"], b.field) << r.body;
  }
  EXPECT_EQ(ivr->Post(OrgPath(org_a_.id, "/surveys/99999/responses"),
                      {{"response_id", "x"}, {"answers", good}}).status, 404);
  // Closed: refused, naming the survey.
  ASSERT_EQ(alice->Post(SurveyPath(survey, "/close"), json::object()).status, 200);
  auto closed = Answer(survey, "late", good);
  EXPECT_EQ(closed.status, 409);
  EXPECT_EQ(closed.json()["error"]["field"], "survey");
  HttpClient browser(base_);
  EXPECT_EQ(browser.Get("/s/" + token).status, 410);
  // Nothing of the bad submissions was stored.
  EXPECT_EQ(alice->Get(SurveyPath(survey, "/responses")).json()["items"].size(), 1u);
}

TEST_P(SurveyApi, InvalidDefinitionsNameTheirPath) {
  json def = survey::FindTemplate("post_support")->definition;
  def["questions"][1]["type"] = "slider";
  auto r = alice->Post(OrgPath(org_a_.id, "/surveys"), {{"name", "x"}, {"definition", def}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["error"]["field"], "definition.questions[1].type");
  auto none = alice->Post(OrgPath(org_a_.id, "/surveys"), {{"name", "x"}});
  EXPECT_EQ(none.json()["error"]["field"], "definition");
  auto bad_template = alice->Post(OrgPath(org_a_.id, "/surveys"), {{"name", "x"}, {"template", "nope"}});
  EXPECT_EQ(bad_template.json()["error"]["field"], "template");
  EXPECT_TRUE(alice->Get(OrgPath(org_a_.id, "/surveys")).json()["items"].empty());
}

TEST_P(SurveyApi, LinksGuardAgainstAbuse) {
  auto [survey, token] = PublishedTemplate("relationship_nps", {"fa", "en"});
  auto link = alice->Post(SurveyPath(survey, "/links"),
                          {{"name", "Kiosk"}, {"channel", "qr"}, {"one_per_browser", true}, {"rate_limit_per_hour", 3}});
  ASSERT_EQ(link.status, 201) << link.body;
  std::string kiosk = link.json()["token"];
  EXPECT_TRUE(link.json()["url"].get<std::string>().ends_with("/s/" + kiosk));
  EXPECT_NE(link.json()["embed"]["script"].get<std::string>().find(kiosk), std::string::npos);
  EXPECT_NE(link.json()["embed"]["iframe"].get<std::string>().find("<iframe"), std::string::npos);
  // A Persian survey's snippets are right to left, titled with its Persian title, when the link
  // is made and in the survey's detail.
  const json def = alice->Get(SurveyPath(survey)).json()["definition"];
  ASSERT_EQ(def["default_language"], "fa");
  const std::string title = def["title"]["fa"];
  auto made_iframe = link.json()["embed"]["iframe"].get<std::string>();
  EXPECT_NE(made_iframe.find("title=\"" + title + "\" lang=\"fa\" dir=\"rtl\""), std::string::npos) << made_iframe;
  EXPECT_NE(link.json()["embed"]["script"].get<std::string>().find("\"dir\":\"rtl\""), std::string::npos);
  const json listed = alice->Get(SurveyPath(survey)).json()["links"];
  ASSERT_FALSE(listed.empty());
  for (const json& l : listed) {
    if (l["token"] != kiosk) continue;
    EXPECT_EQ(l["embed"]["iframe"], made_iframe) << "the detail lists the same snippet";
  }
  EXPECT_TRUE(link.json()["qr_svg_url"].get<std::string>().ends_with("/s/" + kiosk + "/qr.svg"));
  HttpClient bot(base_);
  // The honeypot: acknowledged, not stored.
  auto trapped = bot.Post("/api/v1/links/" + kiosk + "/responses",
                          {{"response_id", "bot-1"}, {"answers", {{"nps", 10}}}, {"website", "http://spam"}});
  EXPECT_EQ(trapped.status, 201);
  // One response per browser (the survey page's cookie): a second one counts once.
  HttpClient kiosk_browser(base_);
  auto page = kiosk_browser.Get("/s/" + kiosk);
  std::string set = page.header("set-cookie");
  ASSERT_TRUE(set.starts_with("nz_b=")) << set;
  kiosk_browser.cookie = set.substr(0, set.find(';'));
  auto one = kiosk_browser.Post("/api/v1/links/" + kiosk + "/responses",
                                {{"response_id", "k1"}, {"complete", true}, {"answers", {{"nps", 9}}}});
  EXPECT_EQ(one.status, 201);
  auto two = kiosk_browser.Post("/api/v1/links/" + kiosk + "/responses",
                                {{"response_id", "k2"}, {"complete", true}, {"answers", {{"nps", 0}}}});
  EXPECT_EQ(two.status, 200);
  EXPECT_TRUE(two.json()["replayed"].get<bool>());
  // The rate limit (3 an hour from one address) was reached.
  auto limited = bot.Post("/api/v1/links/" + kiosk + "/responses",
                          {{"response_id", "k3"}, {"complete", true}, {"answers", {{"nps", 5}}}});
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(Metrics("metric=nps&min_n=1")["overall"]["n"], 1);
  // The QR code of a link.
  auto qr = bot.Get("/s/" + kiosk + "/qr.svg");
  EXPECT_EQ(qr.status, 200);
  EXPECT_TRUE(qr.body.starts_with("<svg") || qr.body.find("<svg") != std::string::npos);
}

TEST_P(SurveyApi, ExportsStreamInEveryFormat) {
  auto [survey, token] = PublishedTemplate("post_support");
  for (int i = 0; i < 25; ++i) {
    ASSERT_EQ(Answer(survey, "e" + std::to_string(i), {{"csat", 1 + i % 5}, {"ces", 1 + i % 7}, {"resolved", "yes"},
                                                       {"comment", i == 3 ? "=cmd|' /C calc'!A0" : "ok"}}).status, 201);
  }
  auto csv = alice->Get(SurveyPath(survey, "/export?format=csv"));
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("transfer-encoding"), "chunked");
  EXPECT_TRUE(csv.header("content-type").starts_with("text/csv"));
  EXPECT_NE(csv.header("content-disposition").find(".csv"), std::string::npos);
  EXPECT_TRUE(csv.body.starts_with("\xEF\xBB\xBF"));
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 26);  // header + 25 rows
  EXPECT_NE(csv.body.find("'=cmd|"), std::string::npos);
  auto js = alice->Get(SurveyPath(survey, "/export?format=json"));
  ASSERT_EQ(js.status, 200);
  EXPECT_EQ(js.json().size(), 25u);
  auto xlsx = alice->Get(SurveyPath(survey, "/export?format=xlsx"));
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_TRUE(xlsx.body.starts_with("PK"));  // a zip container
  EXPECT_GT(xlsx.body.size(), 2000u);
  EXPECT_EQ(alice->Get(SurveyPath(survey, "/export?format=pdf")).json()["error"]["field"], "format");
  // A viewer may read results but not export them.
  auto bob = InviteAndAccept(*alice, org_a_.id, "bob@b.example", "bob-password", "viewer");
  EXPECT_EQ(bob->Get(SurveyPath(survey, "/export")).status, 403);
}

TEST_P(SurveyApi, PersianRespondentPageIsRightToLeftWithPersianDigits) {
  auto [survey, token] = PublishedTemplate("relationship_nps", {"fa", "en"});
  HttpClient browser(base_);
  auto fa = browser.Get("/s/" + token + "?lang=fa");
  ASSERT_EQ(fa.status, 200);
  EXPECT_NE(fa.body.find("dir=\"rtl\""), std::string::npos);
  EXPECT_NE(fa.body.find("۱۰"), std::string::npos);
  EXPECT_NE(fa.body.find("Vazirmatn"), std::string::npos);
  auto en = browser.Get("/s/" + token + "?lang=en");
  EXPECT_NE(en.body.find("dir=\"ltr\""), std::string::npos);
}

// --- key driver analysis ----------------------------------------------------------------------

// A one-language survey with an NPS outcome, two ratings and a matrix: published.
int64_t PublishedDriverSurvey(HttpClient& client, const std::string& org_path, int matrix_rows) {
  json rows = json::array();
  for (int i = 0; i < matrix_rows; ++i) {
    rows.push_back({{"id", "r" + std::to_string(i)}, {"text", "Row " + std::to_string(i)}});
  }
  json def = {{"title", "Drivers"},
              {"languages", {"en"}},
              {"default_language", "en"},
              {"hidden_fields", {"touchpoint"}},
              {"questions",
               {{{"id", "nps"}, {"type", "nps"}, {"text", "Recommend us?"}},
                {{"id", "speed"}, {"type", "rating"}, {"min", 1}, {"max", 5}, {"text", "Speed"}},
                {{"id", "price"}, {"type", "rating"}, {"min", 1}, {"max", 5}, {"text", "Price"}},
                {{"id", "grid"},
                 {"type", "matrix"},
                 {"min", 1},
                 {"max", 5},
                 {"text", "Rate"},
                 {"rows", rows}}}}};
  auto created = client.Post(org_path + "/surveys", {{"name", "drivers"}, {"definition", def}});
  EXPECT_EQ(created.status, 201) << created.body;
  int64_t survey = created.json()["id"];
  auto published =
      client.Post(org_path + "/surveys/" + std::to_string(survey) + "/publish", json::object());
  EXPECT_EQ(published.status, 200) << published.body;
  return survey;
}

TEST_P(SurveyApi, DriversRankWhatMovesTheOutcome) {
  const int64_t survey = PublishedDriverSurvey(*alice, OrgPath(org_a_.id), 2);
  // The outcome is 2 x speed + 0.5 x price plus noise; grid.r0 and grid.r1 are noise.
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> rating(1, 5);
  std::normal_distribution<double> noise(0.0, 0.7);
  constexpr int kResponses = 80;
  for (int i = 0; i < kResponses; ++i) {
    const int speed = rating(rng), price = rating(rng);
    const int nps = std::clamp(
        static_cast<int>(std::lround(2.0 * speed + 0.5 * price - 3.0 + noise(rng))), 0, 10);
    json answers = {{"nps", nps},
                    {"speed", speed},
                    {"price", price},
                    {"grid", {{"r0", rating(rng)}, {"r1", rating(rng)}}}};
    json hidden = {{"touchpoint", i % 2 ? "web" : "phone"}};
    ASSERT_EQ(Answer(survey, "d" + std::to_string(i), answers, {{"hidden", hidden}}).status, 201);
  }
  const std::string path = SurveyPath(survey, "/drivers");
  auto r = alice->Get(path);
  ASSERT_EQ(r.status, 200) << r.body;
  json a = r.json();
  EXPECT_EQ(a["status"], "ok");
  EXPECT_EQ(a["n"], kResponses);
  EXPECT_EQ(a["missing"], "listwise");
  EXPECT_EQ(a["outcome"]["id"], "nps");  // the default: the first NPS question
  EXPECT_EQ(a["min_n"], 34);
  EXPECT_EQ(a["questions"].size(), 5u);
  ASSERT_EQ(a["drivers"].size(), 4u);  // every other scale question and matrix row
  EXPECT_EQ(a["drivers"][0]["id"], "speed");
  EXPECT_EQ(a["drivers"][0]["label"]["en"], "Speed");
  EXPECT_EQ(a["drivers"][0]["rank"], 1);
  EXPECT_EQ(a["drivers"][1]["id"], "price");
  EXPECT_GT(a["r2"].get<double>(), 0.8);
  double lmg = 0, share = 0;
  for (const json& d : a["drivers"]) {
    lmg += d["lmg"].get<double>();
    share += d["lmg_share"].get<double>();
    EXPECT_LE(d["ci_low"].get<double>(), d["ci_high"].get<double>()) << d.dump();
    EXPECT_GE(d["performance"].get<double>(), 0.0);
    EXPECT_LE(d["performance"].get<double>(), 100.0);
  }
  // The real effects sit inside their intervals (a noise driver's share, near 0, may not:
  // shares of R² cannot go below 0, so its resamples lean above it).
  for (const json& d : {a["drivers"][0], a["drivers"][1]}) {
    EXPECT_LE(d["ci_low"].get<double>(), d["lmg_share"].get<double>()) << d.dump();
    EXPECT_GE(d["ci_high"].get<double>(), d["lmg_share"].get<double>()) << d.dump();
  }
  EXPECT_NEAR(lmg, a["r2"].get<double>(), 1e-9);
  EXPECT_NEAR(share, 1.0, 1e-9);
  // Speed explains most and sits at the median performance of a uniform 1-5 rating: it is
  // what to fix first or to keep, never low priority.
  EXPECT_TRUE(a["drivers"][0]["quadrant"] == "fix_first" || a["drivers"][0]["quadrant"] == "keep");
  EXPECT_EQ(a["bootstrap"]["samples"], 200);
  // The same data give the same intervals.
  EXPECT_EQ(alice->Get(path).json(), a);

  // Chosen drivers and outcome, pairwise, no bootstrap.
  auto chosen =
      alice->Get(path + "?outcome=nps&drivers=price,grid.r1&missing=pairwise&bootstrap=0");
  ASSERT_EQ(chosen.status, 200) << chosen.body;
  ASSERT_EQ(chosen.json()["drivers"].size(), 2u);
  EXPECT_EQ(chosen.json()["drivers"][0]["id"], "price");
  EXPECT_EQ(chosen.json()["missing"], "pairwise");
  EXPECT_TRUE(chosen.json()["drivers"][0]["ci_low"].is_null());
  // Filters as /metrics.
  auto web = alice->Get(path + "?touchpoint=web").json();
  EXPECT_EQ(web["status"], "ok");
  EXPECT_EQ(web["n"], kResponses / 2);
  auto nobody = alice->Get(path + "?touchpoint=kiosk").json();
  EXPECT_EQ(nobody["status"], "not_enough_responses");
  EXPECT_EQ(nobody["n"], 0);
  EXPECT_TRUE(nobody["drivers"].empty());
  EXPECT_TRUE(nobody["r2"].is_null());
  // An API key with the results permission reads it too.
  EXPECT_EQ(ivr->Get(path).status, 200);
}

// Issue 14: an "overall satisfaction" question is not offered as a driver of NPS by default
// (it restates the outcome), nor a rating that moves with the outcome at |r| >= 0.95; both are
// listed as left out with the reason, and either is analysed when named.
TEST_P(SurveyApi, OutcomeLikeQuestionsAreLeftOutOfTheDefaultDriversAndCanBeAddedBack) {
  json def = {{"title", "Drivers"}, {"languages", {"en"}}, {"default_language", "en"},
              {"questions",
               {{{"id", "nps"}, {"type", "nps"}, {"text", "Recommend us?"}},
                {{"id", "csat"}, {"type", "csat"}, {"text", "Overall, how satisfied are you?"}},
                {{"id", "echo"}, {"type", "rating"}, {"min", 0}, {"max", 10}, {"text", "Would you come back?"}},
                {{"id", "speed"}, {"type", "rating"}, {"min", 1}, {"max", 5}, {"text", "Speed"}},
                {{"id", "price"}, {"type", "rating"}, {"min", 1}, {"max", 5}, {"text", "Price"}}}}};
  auto created = alice->Post(OrgPath(org_a_.id, "/surveys"), {{"name", "outcome-like"}, {"definition", def}});
  ASSERT_EQ(created.status, 201) << created.body;
  const int64_t survey = created.json()["id"];
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + "/publish"), json::object()).status, 200);
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> rating(1, 5);
  std::normal_distribution<double> noise(0.0, 1.5);
  std::vector<double> nps_col, echo_col;
  for (int i = 0; i < 80; ++i) {
    const int speed = rating(rng), price = rating(rng);
    const int nps = std::clamp(static_cast<int>(std::lround(2.0 * speed + 0.5 * price - 3.0 + noise(rng))), 0, 10);
    const int echo = std::clamp(nps + (i % 3 == 0 ? 1 : 0), 0, 10);
    nps_col.push_back(nps);
    echo_col.push_back(echo);
    json answers = {{"nps", nps}, {"csat", rating(rng)}, {"echo", echo}, {"speed", speed}, {"price", price}};
    ASSERT_EQ(Answer(survey, "o" + std::to_string(i), answers).status, 201);
  }
  // echo's r with the outcome, computed here.
  double mx = 0, my = 0;
  for (size_t i = 0; i < nps_col.size(); ++i) { mx += nps_col[i]; my += echo_col[i]; }
  mx /= nps_col.size();
  my /= echo_col.size();
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < nps_col.size(); ++i) {
    sxy += (nps_col[i] - mx) * (echo_col[i] - my);
    sxx += (nps_col[i] - mx) * (nps_col[i] - mx);
    syy += (echo_col[i] - my) * (echo_col[i] - my);
  }
  const double echo_r = sxy / std::sqrt(sxx * syy);
  ASSERT_GE(echo_r, 0.95);

  const std::string path = SurveyPath(survey, "/drivers");
  auto r = alice->Get(path + "?bootstrap=0");
  ASSERT_EQ(r.status, 200) << r.body;
  json a = r.json();
  EXPECT_EQ(a["outcome"]["id"], "nps");
  ASSERT_EQ(a["drivers"].size(), 2u) << a.dump();
  EXPECT_EQ(a["drivers"][0]["id"], "speed");
  EXPECT_EQ(a["drivers"][1]["id"], "price");
  ASSERT_EQ(a["excluded"].size(), 2u) << a["excluded"].dump();
  EXPECT_EQ(a["excluded"][0]["id"], "csat");
  EXPECT_EQ(a["excluded"][0]["reason"], "outcome_kind");
  EXPECT_EQ(a["excluded"][0]["label"]["en"], "Overall, how satisfied are you?");
  EXPECT_EQ(a["excluded"][1]["id"], "echo");
  EXPECT_EQ(a["excluded"][1]["reason"], "correlation");
  EXPECT_NEAR(a["excluded"][1]["r"].get<double>(), echo_r, 1e-9);
  double share = 0;
  for (const json& d : a["drivers"]) share += d["lmg_share"].get<double>();
  EXPECT_NEAR(share, 1.0, 1e-9) << "the shares are of the drivers analysed";

  // Named, it is analysed like any other, and nothing is listed as left out.
  auto named = alice->Get(path + "?bootstrap=0&drivers=csat,echo,speed,price");
  ASSERT_EQ(named.status, 200) << named.body;
  EXPECT_EQ(named.json()["drivers"].size(), 4u);
  EXPECT_TRUE(named.json()["excluded"].empty());
  EXPECT_EQ(named.json()["drivers"][0]["id"], "echo") << "restating the outcome, it explains the most";
}

TEST_P(SurveyApi, DriverParametersAreNamedWhenWrong) {
  const int64_t survey = PublishedDriverSurvey(*alice, OrgPath(org_a_.id), 2);
  const std::string path = SurveyPath(survey, "/drivers?");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"outcome=nosuch", "outcome"},
      {"outcome=grid", "outcome"},  // a matrix is read row by row
      {"drivers=speed,nosuch", "drivers"},
      {"drivers=speed,speed", "drivers"},
      {"drivers=nps", "drivers"},  // the outcome itself
      {"drivers=", "drivers"},
      {"missing=both", "missing"},
      {"bootstrap=1", "bootstrap"},
      {"bootstrap=5000", "bootstrap"},
      {"bootstrap=x", "bootstrap"},
      {"from=2024-13-01", "from"},
      {"from=2024-03-02&to=2024-03-01", "from"},
      {"to=2500-01-01", "to"},  // a real day, but outside the view's
  };
  for (const auto& [query, field] : cases) {
    auto r = alice->Get(path + query);
    EXPECT_EQ(r.status, 400) << query << " -> " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], field) << query << " -> " << r.body;
  }
  // More drivers than the exact decomposition affords: named, refused; by default, the first
  // 15 in the survey's order, the others offered among the questions.
  const int64_t wide = PublishedDriverSurvey(*alice, OrgPath(org_a_.id), 14);
  std::string all = "speed,price";
  for (int i = 0; i < 14; ++i) all += ",grid.r" + std::to_string(i);
  auto many = alice->Get(SurveyPath(wide, "/drivers?drivers=" + all));
  EXPECT_EQ(many.status, 400);
  EXPECT_EQ(many.json()["error"]["field"], "drivers");
  EXPECT_NE(many.json()["error"]["message"].get<std::string>().find("at most 15"),
            std::string::npos);
  for (int i = 0; i < 24; ++i) {
    json answers = {{"nps", i % 11}, {"speed", 1 + i % 5}, {"price", 1 + i % 3}};
    for (int r = 0; r < 14; ++r) answers["grid"]["r" + std::to_string(r)] = 1 + (i + r) % 5;
    ASSERT_EQ(Answer(wide, "w" + std::to_string(i), answers).status, 201);
  }
  auto first = alice->Get(SurveyPath(wide, "/drivers")).json();
  EXPECT_EQ(first["status"], "not_enough_responses");  // 24 of 45
  EXPECT_EQ(first["n"], 24);
  EXPECT_EQ(first["min_n"], 45);
  EXPECT_EQ(first["questions"].size(), 17u);
  // A draft has nothing to analyse; another organisation's survey is not there.
  auto draft = alice->Post(OrgPath(org_a_.id, "/surveys"),
                           {{"name", "d"}, {"template", "post_purchase"}, {"languages", {"en"}}});
  auto unpublished = alice->Get(SurveyPath(draft.json()["id"].get<int64_t>(), "/drivers"));
  EXPECT_EQ(unpublished.status, 409);
  EXPECT_EQ(unpublished.json()["error"]["field"], "survey");
  EXPECT_EQ(alice->Get(SurveyPath(99999, "/drivers")).status, 404);
}

TEST_P(SurveyApi, ADriverEveryoneRatesTheSameIsNamed) {
  const int64_t survey = PublishedDriverSurvey(*alice, OrgPath(org_a_.id), 1);
  for (int i = 0; i < 40; ++i) {
    json answers = {
        {"nps", i % 11}, {"speed", 1 + i % 5}, {"price", 3}, {"grid", {{"r0", 1 + i % 3}}}};
    ASSERT_EQ(Answer(survey, "c" + std::to_string(i), answers).status, 201);
  }
  auto r = alice->Get(SurveyPath(survey, "/drivers"));
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "drivers");
  EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("price"), std::string::npos)
      << r.body;
}

TEST_P(SurveyApi, CommentsAreAnalysedOnArrivalAndFilterTheMetrics) {
  auto [survey, token] = PublishedTemplate("post_purchase", {"fa", "en"});
  for (int i = 0; i < 84; ++i) {
    ASSERT_EQ(Answer(survey, "t" + std::to_string(i), PurchaseAnswers(i)).status, 201);
  }
  // An independent count from the responses as the API lists them, with their analyses.
  auto list = alice->Get(SurveyPath(survey, "/responses?limit=200"));
  ASSERT_EQ(list.status, 200);
  std::map<std::string, TopicCount> topics;
  std::map<std::string, std::vector<int>> nps_by_label;
  std::vector<int> mentions_delivery_or_price;
  const json listed = list.json();
  for (const json& r : listed["items"]) {
    const int nps = r["answers"]["nps"];
    if (!r["answers"].contains("comment")) {
      EXPECT_EQ(r["text"], json::object());
      continue;
    }
    const json& analysis = r["text"]["comment"];
    const std::string label = analysis["label"];
    nps_by_label[label].push_back(nps);
    bool delivery_or_price = false;
    for (const std::string topic : analysis["topics"]) {
      TopicCount& t = topics[topic];
      ++t.comments;
      ++t.labels[label];
      t.nps.push_back(nps);
      delivery_or_price |= topic == "delivery" || topic == "price";
    }
    if (delivery_or_price) mentions_delivery_or_price.push_back(nps);
  }
  ASSERT_EQ(nps_by_label["negative"].size(), 48u);  // 4 of the 6 comments, 12 times each
  ASSERT_EQ(nps_by_label["positive"].size(), 24u);
  ASSERT_EQ(topics["staff_attitude"].comments, 36);

  auto nps_of = [](const std::vector<int>& scores) {
    double promoters = 0, detractors = 0;
    for (int s : scores) {
      promoters += s >= 9;
      detractors += s <= 6;
    }
    return 100.0 * (promoters - detractors) / static_cast<double>(scores.size());
  };
  const std::string scope = "&min_n=1&survey=" + std::to_string(survey);
  // Filters: a label, any of several topics.
  json negative = Metrics("metric=nps&sentiment=negative" + scope);
  EXPECT_EQ(negative["overall"]["n"], 48);
  EXPECT_NEAR(negative["overall"]["score"]["nps"].get<double>(), nps_of(nps_by_label["negative"]), 1e-9);
  json either = Metrics("metric=nps&topic=delivery,price" + scope);
  EXPECT_EQ(either["overall"]["n"], static_cast<int64_t>(mentions_delivery_or_price.size()));
  EXPECT_NEAR(either["overall"]["score"]["nps"].get<double>(), nps_of(mentions_delivery_or_price), 1e-9);
  EXPECT_EQ(Metrics("metric=nps&sentiment=" + scope)["overall"]["n"], 12);  // no comment
  // Breakdowns: a response is in the group of each topic it mentions; the overall figure
  // counts it once.
  json by_topic = Metrics("metric=nps&group_by=topic" + scope);
  EXPECT_EQ(by_topic["overall"]["n"], 84);
  std::map<std::string, int64_t> group_n;
  for (const json& g : by_topic["groups"]) group_n[g.value("key", "")] = g["n"];
  EXPECT_EQ(group_n[""], 12);
  for (const auto& [topic, t] : topics) EXPECT_EQ(group_n[topic], t.comments) << topic;
  EXPECT_EQ(group_n.size(), topics.size() + 1);
  json by_label = Metrics("metric=nps&group_by=sentiment&topic=staff_attitude" + scope);
  std::map<std::string, int64_t> label_n;
  for (const json& g : by_label["groups"]) label_n[g.value("key", "")] = g["n"];
  EXPECT_EQ(label_n, (std::map<std::string, int64_t>{
                         {"negative", topics["staff_attitude"].labels["negative"]},
                         {"positive", topics["staff_attitude"].labels["positive"]}}));
  // A comparison between the comments' tones.
  json compared = Metrics("metric=nps&sentiment=positive&compare.sentiment=negative" + scope);
  EXPECT_NEAR(compared["comparison"]["baseline"]["score"]["nps"].get<double>(),
              nps_of(nps_by_label["negative"]), 1e-9);
  // Bad names are refused, naming the parameter.
  auto bad = alice->Get(OrgPath(org_a_.id, "/metrics?group_by=topics"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "group_by");

  // The topics × sentiment × score table agrees with the count.
  auto table = alice->Get(OrgPath(org_a_.id, "/text/topics?min_n=1&survey=" + std::to_string(survey)));
  ASSERT_EQ(table.status, 200) << table.body;
  json t = table.json();
  EXPECT_EQ(t["metric"], "csat");  // the survey's first CX question
  EXPECT_EQ(t["comments"], 72);
  EXPECT_EQ(t["sentiment"]["counts"]["negative"], 48);
  EXPECT_NEAR(t["sentiment"]["shares"]["positive"].get<double>(), 24.0 / 72, 1e-12);
  ASSERT_EQ(t["topics"].size(), topics.size());
  int64_t previous = INT64_MAX;
  for (const json& row : t["topics"]) {
    const std::string id = row["topic"];
    SCOPED_TRACE(id);
    const TopicCount& expected = topics[id];
    EXPECT_EQ(row["comments"], expected.comments);
    EXPECT_LE(row["comments"].get<int64_t>(), previous);  // most mentioned first
    previous = row["comments"];
    for (const std::string label : {"negative", "neutral", "positive", "mixed"}) {
      const int64_t count = expected.labels.contains(label) ? expected.labels.at(label) : 0;
      EXPECT_EQ(row["sentiment"]["counts"][label], count) << label;
      EXPECT_NEAR(row["sentiment"]["shares"][label].get<double>(),
                  static_cast<double>(count) / static_cast<double>(expected.comments), 1e-12);
    }
    EXPECT_EQ(row["score"]["n"], expected.comments);
    EXPECT_EQ(row["score"]["status"], "ok");
    EXPECT_FALSE(row["name"]["fa"].get<std::string>().empty());
  }
  // NPS per topic, with its margin.
  json by_nps = alice->Get(OrgPath(org_a_.id, "/text/topics?metric=nps&min_n=1&survey=" +
                                               std::to_string(survey)))
                    .json();
  for (const json& row : by_nps["topics"]) {
    const std::string id = row["topic"];
    EXPECT_NEAR(row["score"]["score"]["nps"].get<double>(), nps_of(topics[id].nps), 1e-9) << id;
    EXPECT_GT(row["score"]["score"]["margin"].get<double>(), 0) << id;
  }
  EXPECT_EQ(by_nps["suggested"]["from_comments"], 72);
  EXPECT_TRUE(by_nps["suggested"]["topics"].is_array());
  // Filtered like the metrics: only the negative comments' topics remain.
  json negative_table =
      alice->Get(OrgPath(org_a_.id, "/text/topics?sentiment=negative&survey=" + std::to_string(survey)))
          .json();
  EXPECT_EQ(negative_table["comments"], 48);
  for (const json& row : negative_table["topics"]) {
    EXPECT_EQ(row["sentiment"]["counts"]["negative"], row["comments"]);
    EXPECT_EQ(row["score"]["status"], "not_enough_responses");  // below the default 30
  }
  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"metric=mean", "metric"}, {"survey=x", "survey"}, {"min_n=0", "min_n"},
           {"from=2024-13-01", "from"}}) {
    auto refused = alice->Get(OrgPath(org_a_.id, "/text/topics?" + query));
    EXPECT_EQ(refused.status, 400) << query;
    EXPECT_EQ(refused.json()["error"]["field"], field) << query;
  }
}

TEST_P(SurveyApi, AStoredCommentIsFilterableTheMomentItIsAcknowledged) {
  auto [survey, token] = PublishedTemplate("post_purchase");
  const std::string query = "metric=nps&min_n=1&topic=payment&sentiment=negative";
  EXPECT_EQ(Metrics(query)["overall"]["n"], 0);
  std::vector<double> visible_after_ms;
  for (int i = 0; i < 20; ++i) {
    const auto posted = std::chrono::steady_clock::now();
    auto r = Answer(survey, "m" + std::to_string(i),
                    {{"csat", 2}, {"nps", 3}, {"comment", "The app keeps crashing when I pay"}});
    ASSERT_EQ(r.status, 201);
    // The answer already carries the analysis, and the next query counts it.
    EXPECT_EQ(r.json()["text"]["comment"]["topics"], json({"app_website", "payment"}));
    EXPECT_EQ(Metrics(query)["overall"]["n"], i + 1);
    visible_after_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - posted).count());
  }
  std::ranges::sort(visible_after_ms);
  std::printf("[ measured ] a comment is analysed, stored and filterable %.1f ms after its POST "
              "(median of 20; POST + one metrics query)\n",
              visible_after_ms[visible_after_ms.size() / 2]);
}

INSTANTIATE_TEST_SUITE_P(Backends, SurveyApi, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar
