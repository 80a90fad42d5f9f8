// Findings of the attack review, each reproduced against a real server on both stores:
// deeply nested JSON, duplicate keys, a database outage on the public endpoints, links
// built from the Host header, and /metrics behind its token.
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "api/api_fixture.h"
#include "support/postgres_server.h"

namespace nazar {
namespace {

using nlohmann::json;
using testing::HttpClient;
using testing::HttpResult;

class HardeningApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    alice = SignedIn("alice@a.example", "alice-password");
    auto created = alice->Post(OrgPath(org_a_.id, "/surveys"),
                               {{"name", "S"}, {"template", "post_support"}, {"languages", {"fa", "en"}}});
    ASSERT_EQ(created.status, 201) << created.body;
    survey = created.json()["id"];
    ASSERT_EQ(alice->Post(SurveyPath("/publish"), json::object()).status, 200);
    auto detail = alice->Get(SurveyPath(""));
    ASSERT_EQ(detail.status, 200) << detail.body;
    token = detail.json()["links"][0]["token"];
  }

  std::string SurveyPath(const std::string& rest) {
    return OrgPath(org_a_.id, "/surveys/" + std::to_string(survey) + rest);
  }

  std::unique_ptr<HttpClient> alice;
  int64_t survey = 0;
  std::string token;
};

// 10^6 nested '[' once overflowed the stack in a recursive copy and took the process down.
// Every JSON route refuses them while parsing, naming `body`, and the server keeps serving.
TEST_P(HardeningApi, DeeplyNestedJsonIsRefusedOnEveryRoute) {
  // The production body limit (1 MiB) would answer 413 first; the test wants the parser.
  http::Server roomy({.port = 0, .threads = 2, .max_body_bytes = 4 * 1024 * 1024},
                     [this](http::Request& r, http::Responder respond) { api_->Handle(r, std::move(respond)); });
  auto port = roomy.Start();
  ASSERT_TRUE(port.has_value());
  const std::string base = "http://127.0.0.1:" + std::to_string(*port);
  HttpClient owner(base);
  owner.cookie = alice->cookie;
  owner.csrf = alice->csrf;
  HttpClient stranger(base);

  std::string deep = R"({"response_id":"x","answers":)" + std::string(1'000'000, '[');
  int refused = 0;
  for (const http::Route& route : api_->router().routes()) {
    if (route.method == "GET" || route.method == "DELETE") continue;
    if (route.body_type != "application/json") continue;
    if (route.pattern == "/api/v1/session" && route.method == "DELETE") continue;
    std::string path = route.pattern;
    for (auto [name, value] : {std::pair<std::string, std::string>{"org", std::to_string(org_a_.id.value)},
                               {"survey", std::to_string(survey)},
                               {"token", token},
                               {"user", std::to_string(alice_.id.value)}}) {
      path = std::regex_replace(path, std::regex("\\{" + name + "\\}"), value);
    }
    path = std::regex_replace(path, std::regex("\\{[a-z_]+\\}"), "1");
    HttpClient& client = route.access == http::Access::kPublic ? stranger : owner;
    HttpResult r = client.Send(route.method, path, deep);
    ASSERT_TRUE(r.error.empty()) << route.method << " " << path << ": " << r.error;
    EXPECT_LT(r.status, 500) << route.method << " " << path << " -> " << r.body;
    if (r.status == 400 && r.json()["error"]["field"] == "body") ++refused;
    ASSERT_EQ(stranger.Get("/healthz").status, 200) << "after " << route.method << " " << path;
  }
  // All but the few that read no body (publish, close, train) or stop before it (an
  // unknown contact or invitation).
  EXPECT_GE(refused, 27);
  // The three the attacker used, by name.
  for (const std::string& path : {"/api/v1/links/" + token + "/responses", SurveyPath("/responses"),
                                  OrgPath(org_a_.id, "/surveys")}) {
    HttpClient& client = path.starts_with("/api/v1/links") ? stranger : owner;
    HttpResult r = client.Send("POST", path, deep);
    EXPECT_EQ(r.status, 400) << path;
    EXPECT_EQ(r.json()["error"]["field"], "body") << path;
    EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("deeper than 64"), std::string::npos);
  }
  roomy.Stop();
}

TEST_P(HardeningApi, DuplicateKeysAreBadInput) {
  auto dup = alice->Send("POST", "/api/v1/orgs", R"({"name":"x","name":"y"})");
  EXPECT_EQ(dup.status, 400);
  EXPECT_EQ(dup.json()["error"]["field"], "name");
  HttpClient respondent(base_);
  auto answers = respondent.Send("POST", "/api/v1/links/" + token + "/responses",
                                 R"({"response_id":"d1","answers":{"csat":5,"csat":1}})");
  EXPECT_EQ(answers.status, 400);
  EXPECT_EQ(answers.json()["error"]["field"], "answers.csat");
  EXPECT_EQ(t_.store->responses().ListResponses(org_a_.id, {})->items.size(), 0u);
}

// Links, embeds and QR codes point at the server's own address, whatever Host the client
// sends; before, a QR code for http://evil.example/s/<token> was cached for a day.
TEST_P(HardeningApi, LinksNeverComeFromTheHostHeader) {
  auto made = alice->Send("POST", SurveyPath("/links"), json{{"name", "kiosk"}}.dump(),
                          {"Host: evil.example"});
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_TRUE(made.json()["url"].get<std::string>().starts_with(base_ + "/s/")) << made.body;
  EXPECT_EQ(made.body.find("evil.example"), std::string::npos);
  auto listed = alice->Send("GET", SurveyPath(""), "", {"Host: evil.example"});
  EXPECT_EQ(listed.body.find("evil.example"), std::string::npos);
  HttpClient bot(base_);
  auto qr = bot.Send("GET", "/s/" + token + "/qr.svg", "", {"Host: evil.example"});
  ASSERT_EQ(qr.status, 200);
  // The QR code's text is not readable from the SVG; the same code for the real address is.
  auto plain = bot.Get("/s/" + token + "/qr.svg");
  EXPECT_EQ(qr.body, plain.body);
}

// With a token, /metrics answers only to it; /readyz never names the database.
TEST_P(HardeningApi, MetricsNeedTheirTokenWhenOneIsSet) {
  http::ApiOptions options{.access_log = false, .metrics_token = "prom-secret-1"};
  http::Api guarded(http::ApiDeps{.store = *t_.store, .accounts = *accounts_, .clock = clock_,
                                  .options = options});
  http::Request bare{.method = "GET", .target = "/metrics"};
  bare.ParseTarget();
  http::Response refused = guarded.HandleNow(bare);
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.body.find("nazar_"), std::string::npos);
  http::Request wrong = bare;
  wrong.headers = {{"authorization", "Bearer prom-secret-2"}};
  EXPECT_EQ(guarded.HandleNow(wrong).status, 401);
  http::Request right = bare;
  right.headers = {{"authorization", "Bearer prom-secret-1"}};
  http::Response ok = guarded.HandleNow(right);
  EXPECT_EQ(ok.status, 200);
  EXPECT_NE(ok.body.find("nazar_http_requests_total"), std::string::npos);
  // Without a token (the fixture's server) it stays open, as documented.
  EXPECT_EQ(HttpClient(base_).Get("/metrics").status, 200);
}

// The database goes away mid-run: the public endpoints say "try again" (503, Retry-After),
// never "no such link", and name no host or port; when it is back, the same request works.
TEST_P(HardeningApi, APublicLinkDuringADatabaseOutageIsUnavailableNotGone) {
  if (GetParam() != StoreBackend::kPostgres) GTEST_SKIP() << "stops the PostgreSQL server";
  testing::PostgresServer* pg = testing::SharedPostgres();
  ASSERT_NE(pg, nullptr);
  const std::string port = std::to_string(pg->port());
  HttpClient browser(base_);
  ASSERT_EQ(browser.Get("/s/" + token).status, 200);  // the link and the survey are cached

  pg->StopForTest();
  // A form sent at once: the answers are kept in the page to send again.
  browser.content_type = "application/x-www-form-urlencoded";
  auto form = browser.Send("POST", "/s/" + token,
                           "response_id=f1&language=en&a.csat=5&a.ces=6&a.resolved=yes&a.comment=kept+for+later");
  EXPECT_EQ(form.status, 503) << form.body;
  EXPECT_EQ(form.header("retry-after"), "5");
  if (form.body.find("<form") != std::string::npos) {
    EXPECT_NE(form.body.find("kept for later"), std::string::npos) << "the answers stay in the form";
  }
  clock_.Advance(2000);  // past the link cache (1 s by the services' clock)

  HttpClient script(base_);
  auto submit = script.Post("/api/v1/links/" + token + "/responses",
                            {{"response_id", "outage-1"}, {"complete", true},
                             {"answers", {{"csat", 5}, {"ces", 6}, {"resolved", "yes"}}}});
  EXPECT_EQ(submit.status, 503) << submit.body;
  EXPECT_EQ(submit.header("retry-after"), "5");
  EXPECT_EQ(submit.json()["error"]["code"], "unavailable");
  auto page = HttpClient(base_).Send("GET", "/s/" + token, "", {"Accept-Language: fa"});
  EXPECT_EQ(page.status, 503);
  EXPECT_EQ(page.header("retry-after"), "5");
  EXPECT_NE(page.body.find("لطفاً چند لحظه دیگر دوباره تلاش کنید"), std::string::npos) << page.body;
  auto ready = HttpClient(base_).Get("/readyz");
  EXPECT_EQ(ready.status, 503);
  for (const HttpResult* r : {&submit, &page, &ready, &form}) {
    EXPECT_EQ(r->body.find(":" + port), std::string::npos) << r->body;
    EXPECT_EQ(r->body.find("port " + port), std::string::npos) << r->body;
  }

  ASSERT_TRUE(pg->StartAgainForTest().has_value());
  HttpResult again;
  for (int i = 0; i < 50; ++i) {  // the pool replaces its broken connections
    again = script.Post("/api/v1/links/" + token + "/responses",
                        {{"response_id", "outage-1"}, {"complete", true},
                         {"answers", {{"csat", 5}, {"ces", 6}, {"resolved", "yes"}}}});
    if (again.status != 503) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(HttpClient(base_).Get("/s/" + token).status, 200);
  EXPECT_EQ(t_.store->responses().ListResponses(org_a_.id, {})->items.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, HardeningApi, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar
