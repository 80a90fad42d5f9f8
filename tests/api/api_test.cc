// The API through a real server on loopback, on SQLite and on a real PostgreSQL server.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "api/api_fixture.h"

namespace nazar {
namespace {

TEST_P(ApiTest, HealthReadinessAndMetrics) {
  HttpClient c(base_);
  auto h = c.Get("/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.json()["status"], "ok");
  EXPECT_FALSE(h.header("x-request-id").empty());
  auto ready = c.Get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_GE(ready.json()["schema_version"].get<int>(), 1);
  c.Get("/healthz");
  c.Get("/nowhere");
  auto m = c.Get("/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_TRUE(m.header("content-type").starts_with("text/plain"));
  EXPECT_NE(m.body.find("nazar_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2"),
            std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("route=\"unmatched\",status=\"404\"} 1"), std::string::npos);
  EXPECT_NE(m.body.find("nazar_store_calls_total"), std::string::npos);
  EXPECT_NE(m.body.find("nazar_http_connections_active 1"), std::string::npos);
}

TEST_P(ApiTest, SignInSessionCsrfAndSignOut) {
  HttpClient c(base_);
  auto wrong = c.Login("alice@a.example", "not-her-password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.json()["error"]["code"], "unauthenticated");

  auto ok = c.Login("ALICE@a.example", "alice-password");
  ASSERT_EQ(ok.status, 200) << ok.body;
  std::string cookie = ok.header("set-cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  EXPECT_EQ(ok.json()["user"]["email"], "alice@a.example");
  EXPECT_FALSE(ok.json()["user"].contains("password_hash"));
  ASSERT_EQ(ok.json()["organisations"].size(), 1u);
  EXPECT_EQ(ok.json()["organisations"][0]["role"], "owner");

  auto session = c.Get("/api/v1/session");
  EXPECT_EQ(session.status, 200);
  EXPECT_EQ(session.json()["csrf_token"], c.csrf);

  // A state-changing request with the cookie but without the CSRF token is refused.
  std::string csrf = c.csrf;
  c.csrf.clear();
  auto no_csrf = c.Patch(OrgPath(org_a_.id), {{"name", "Hijacked"}});
  EXPECT_EQ(no_csrf.status, 403);
  c.csrf = "wrong-token";
  EXPECT_EQ(c.Patch(OrgPath(org_a_.id), {{"name", "Hijacked"}}).status, 403);
  c.csrf = csrf;
  // A cross-site Origin is refused even with the token.
  auto cross = c.Send("PATCH", OrgPath(org_a_.id), json{{"name", "Hijacked"}}.dump(),
                      {"Origin: https://evil.example"});
  EXPECT_EQ(cross.status, 403);
  EXPECT_EQ(t_.store->accounts().GetOrganisation(org_a_.id)->name, "A Shop");
  auto renamed = c.Patch(OrgPath(org_a_.id), {{"name", "A Store"}});
  EXPECT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json()["name"], "A Store");

  auto out = c.Delete("/api/v1/session");
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(c.Get("/api/v1/session").status, 401);
}

// Wrong guesses slow down the guesser's address for that account (1 s after five, doubling),
// not the account: the real user, from elsewhere, signs in at once.
TEST_P(ApiTest, RepeatedFailedSignInsSlowTheGuesserNotTheUser) {
  HttpClient c(base_);
  auto sign_in = [&](const std::string& ip, const std::string& password) {
    return c.Send("POST", "/api/v1/session",
                  json{{"email", "alice@a.example"}, {"password", password}}.dump(),
                  {"X-Forwarded-For: " + ip});
  };
  for (int i = 0; i < 5; ++i) EXPECT_EQ(sign_in("203.0.113.7", "guess-" + std::to_string(i)).status, 401);
  auto held = sign_in("203.0.113.7", "alice-password");
  EXPECT_EQ(held.status, 429);
  EXPECT_EQ(held.json()["error"]["code"], "resource_exhausted");
  EXPECT_EQ(held.header("retry-after"), "1");
  EXPECT_EQ(sign_in("198.51.100.2", "alice-password").status, 200);
  // Another account is not affected, even from the guesser's address.
  EXPECT_EQ(c.Send("POST", "/api/v1/session",
                   json{{"email", "bob@b.example"}, {"password", "bob-password"}}.dump(),
                   {"X-Forwarded-For: 203.0.113.7"}).status,
            200);
}

// Behind a trusted proxy, throttling follows the real client (X-Forwarded-For), so one
// abusive client does not lock everyone out.
TEST_P(ApiTest, ThrottlingFollowsTheClientBehindATrustedProxy) {
  HttpClient c(base_);
  for (int i = 0; i < 50; ++i) {
    auto r = c.Send("POST", "/api/v1/session",
                    json{{"email", "nobody" + std::to_string(i) + "@x.example"},
                         {"password", "wrong-password"}}.dump(),
                    {"X-Forwarded-For: 203.0.113.7"});
    ASSERT_EQ(r.status, 401) << i;
  }
  auto login = json{{"email", "alice@a.example"}, {"password", "alice-password"}}.dump();
  EXPECT_EQ(c.Send("POST", "/api/v1/session", login, {"X-Forwarded-For: 203.0.113.7"}).status, 429);
  EXPECT_EQ(c.Send("POST", "/api/v1/session", login, {"X-Forwarded-For: 198.51.100.2"}).status, 200);
  // A spoofed hop before the proxy's own entry does not help the abuser.
  EXPECT_EQ(c.Send("POST", "/api/v1/session", login,
                   {"X-Forwarded-For: 198.51.100.99, 203.0.113.7"}).status,
            429);
}

struct BadRequest {
  std::string method;
  std::string path;  // "{A}" is replaced by organisation A's path
  std::string body;
  std::string content_type;
  int status;
  std::string field;  // expected error.field ("" for null)
};

TEST_P(ApiTest, BadInputGetsAClearErrorAndChangesNothing) {
  auto c = SignedIn("alice@a.example", "alice-password");
  auto members_before = t_.store->accounts().ListMembers(org_a_.id, {})->items.size();
  auto audit_before = t_.store->audit().ListAudit(org_a_.id, {})->items.size();
  const std::vector<BadRequest> cases = {
      {"PATCH", "{A}", "{", "application/json", 400, "body"},
      {"PATCH", "{A}", "[1,2]", "application/json", 400, "body"},
      {"PATCH", "{A}", R"({"name":42})", "application/json", 400, "name"},
      {"PATCH", "{A}", R"({"name":""})", "application/json", 400, "name"},
      {"PATCH", "{A}", R"({"nmae":"typo"})", "application/json", 400, "nmae"},
      {"PATCH", "{A}", R"({"time_zone":"Mars/Base"})", "application/json", 400, "time_zone"},
      {"PATCH", "{A}", R"({"calendar":"lunar"})", "application/json", 400, "calendar"},
      {"PATCH", "{A}", R"({"digits":"roman"})", "application/json", 400, "digits"},
      {"PATCH", "{A}", R"({"language":"de"})", "application/json", 400, "language"},
      {"PATCH", "{A}", R"({"name":"x"})", "text/plain", 415, "content-type"},
      {"PATCH", "{A}", "{\"name\":\"" + std::string(70000, 'x') + "\"}", "application/json", 413, "body"},
      {"POST", "{A}/members", R"({"email":"not-an-email","role":"viewer","name":"X","password":"long-password"})", "application/json", 400, "email"},
      {"POST", "{A}/members", R"({"email":"c@c.example","role":"superuser"})", "application/json", 400, "role"},
      {"POST", "{A}/members", R"({"email":"c@c.example","role":"viewer","password":"long-password"})", "application/json", 400, "name"},
      {"POST", "{A}/members", R"({"email":"bob@b.example","role":"viewer","password":"short"})", "application/json", 400, "password"},
      {"DELETE", "{A}/member-invitations/abc", "", "", 400, "invitation"},
      {"DELETE", "{A}/member-invitations/99999", "", "", 404, ""},
      {"POST", "/api/v1/session/invitations/abc/accept", "{}", "application/json", 400, "invitation"},
      {"POST", "/api/v1/session/invitations/99999/decline", "{}", "application/json", 404, ""},
      {"POST", "{A}/members", R"({"email":"c@c.example","role":"viewer","name":"C","password":"short"})", "application/json", 400, "password"},
      {"POST", "{A}/members", R"({"role":"viewer"})", "application/json", 400, "email"},
      {"PATCH", "{A}/members/abc", R"({"role":"viewer"})", "application/json", 400, "user"},
      {"PATCH", "{A}/members/99999", R"({"role":"viewer"})", "application/json", 404, ""},
      {"POST", "{A}/api-keys", R"({"name":"k"})", "application/json", 400, "role"},
      {"POST", "{A}/api-keys", R"({"name":"","role":"viewer"})", "application/json", 400, "name"},
      {"GET", "{A}/members?limit=0", "", "", 400, "limit"},
      {"GET", "{A}/members?limit=abc", "", "", 400, "limit"},
      {"GET", "{A}/audit?cursor=%%%", "", "", 400, "cursor"},
      {"GET", "/api/v1/orgs/abc", "", "", 400, "org"},
      {"GET", "/api/v1/orgs/-1", "", "", 400, "org"},
      {"PUT", "{A}", "{}", "application/json", 405, "method"},
      {"POST", "/api/v1/session", R"({"email":"alice@a.example"})", "application/json", 400, "password"},
      {"POST", "/api/v1/session/password", R"({"current_password":"alice-password","new_password":"short"})", "application/json", 400, "new_password"},
  };
  for (const BadRequest& bad : cases) {
    std::string path = std::regex_replace(bad.path, std::regex("\\{A\\}"), OrgPath(org_a_.id));
    c->content_type = bad.content_type;
    HttpResult r = c->Send(bad.method, path, bad.body);
    SCOPED_TRACE(bad.method + " " + path + " " + bad.body.substr(0, 80));
    EXPECT_EQ(r.status, bad.status) << r.body;
    json err = r.json();
    ASSERT_TRUE(err.contains("error")) << r.body;
    EXPECT_TRUE(err["error"].contains("code"));
    EXPECT_TRUE(err["error"]["message"].is_string());
    if (bad.field.empty()) {
      EXPECT_TRUE(err["error"]["field"].is_null()) << r.body;
    } else {
      EXPECT_EQ(err["error"]["field"], bad.field) << r.body;
    }
    if (bad.status == 413) c = SignedIn("alice@a.example", "alice-password");  // closed
  }
  // Bad credentials.
  HttpClient anon(base_);
  anon.cookie = "nazar_session=forged";
  EXPECT_EQ(anon.Get(OrgPath(org_a_.id)).status, 401);
  anon.cookie.clear();
  anon.bearer = "nzk_notarealkey.secret";
  EXPECT_EQ(anon.Get(OrgPath(org_a_.id)).status, 401);
  anon.bearer.clear();
  EXPECT_EQ(anon.Send("GET", OrgPath(org_a_.id), "", {"Authorization: Basic YTpi"}).status, 401);
  EXPECT_EQ(anon.Get(OrgPath(org_a_.id)).status, 401);

  // The server still serves and nothing stored changed.
  c->content_type = "application/json";
  EXPECT_EQ(c->Get("/healthz").status, 200);
  auto org = t_.store->accounts().GetOrganisation(org_a_.id);
  EXPECT_EQ(org->name, "A Shop");
  EXPECT_EQ(org->time_zone, "UTC");
  EXPECT_EQ(t_.store->accounts().ListMembers(org_a_.id, {})->items.size(), members_before);
  EXPECT_EQ(t_.store->audit().ListAudit(org_a_.id, {})->items.size(), audit_before);
  EXPECT_EQ(t_.store->accounts().FindUserByEmail("c@c.example").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(t_.store->accounts().ListMemberInvitations(org_a_.id, {})->items.empty());
  EXPECT_EQ(c->Login("alice@a.example", "alice-password").status, 200);  // password unchanged
}

TEST_P(ApiTest, OrganisationsMembersAndRoles) {
  auto alice = SignedIn("alice@a.example", "alice-password");
  auto created = alice->Post("/api/v1/orgs", {{"name", "فروشگاه نظر"}, {"time_zone", "Asia/Tehran"},
                                              {"calendar", "jalali"}, {"digits", "persian"},
                                              {"language", "fa"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["name"], "فروشگاه نظر");
  EXPECT_EQ(created.json()["calendar"], "jalali");
  EXPECT_EQ(created.json()["role"], "owner");
  EXPECT_EQ(alice->Get("/api/v1/orgs").json()["items"].size(), 2u);

  // An analyst with a new account: invited with a password, they sign in and accept.
  auto nima = InviteAndAccept(*alice, org_a_.id, "Nima@a.example", "nima-password", "analyst",
                              /*new_account=*/true);
  json nima_org = nima->Get(OrgPath(org_a_.id)).json();
  EXPECT_EQ(nima_org["role"], "analyst");
  int64_t nima_id = nima->Get("/api/v1/session").json()["user"]["id"];
  auto dup = alice->Post(OrgPath(org_a_.id, "/members"), {{"email", "nima@a.example"}, {"role", "viewer"}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.json()["error"]["field"], "email");
  // Bob already has an account: he is invited without a password and joins by accepting.
  InviteAndAccept(*alice, org_a_.id, "bob@b.example", "bob-password", "viewer");

  EXPECT_EQ(nima->Get(OrgPath(org_a_.id, "/members")).status, 200);
  EXPECT_EQ(nima->Patch(OrgPath(org_a_.id), {{"name", "mine"}}).status, 403);
  EXPECT_EQ(nima->Post(OrgPath(org_a_.id, "/members"), {{"email", "x@x.example"}, {"role", "viewer"}}).status, 403);
  EXPECT_EQ(nima->Get(OrgPath(org_a_.id, "/member-invitations")).status, 403);
  EXPECT_EQ(nima->Get(OrgPath(org_a_.id, "/audit")).status, 403);
  EXPECT_EQ(nima->Get(OrgPath(org_a_.id, "/api-keys")).status, 403);

  // The last owner can neither step down nor leave.
  auto demote = alice->Patch(OrgPath(org_a_.id, "/members/" + std::to_string(alice_.id.value)), {{"role", "admin"}});
  EXPECT_EQ(demote.status, 409);
  EXPECT_EQ(demote.json()["error"]["field"], "role");
  EXPECT_EQ(alice->Delete(OrgPath(org_a_.id, "/members/" + std::to_string(alice_.id.value))).status, 409);
  EXPECT_EQ(alice->Delete(OrgPath(org_a_.id, "/membership")).status, 409);

  auto promote = alice->Patch(OrgPath(org_a_.id, "/members/" + std::to_string(nima_id)), {{"role", "admin"}});
  EXPECT_EQ(promote.status, 200);
  EXPECT_EQ(promote.json()["role"], "admin");

  // Paging through members one at a time.
  std::set<int64_t> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto page = alice->Get(OrgPath(org_a_.id, "/members?limit=1") + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200);
    json body = page.json();
    for (auto& m : body["items"]) seen.insert(m["user_id"].get<int64_t>());
    cursor = body["next_cursor"].is_null() ? "" : body["next_cursor"].get<std::string>();
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(seen.size(), 3u);
  EXPECT_EQ(pages, 3);

  EXPECT_EQ(alice->Delete(OrgPath(org_a_.id, "/members/" + std::to_string(nima_id))).status, 204);
  EXPECT_EQ(nima->Get(OrgPath(org_a_.id)).status, 404);

  // Every administrative action is in the audit log, newest first.
  auto audit = alice->Get(OrgPath(org_a_.id, "/audit"));
  ASSERT_EQ(audit.status, 200);
  std::vector<std::string> actions;
  json entries = audit.json();
  for (auto& e : entries["items"]) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"member.remove", "member.role", "member.accept",
                                               "member.invite", "member.accept", "member.invite"}));
  EXPECT_EQ(audit.json()["items"][0]["actor_user_id"], alice_.id.value);
  EXPECT_EQ(audit.json()["items"][0]["ip"], "127.0.0.1");
}

TEST_P(ApiTest, ApiKeysAreShownOnceScopedAndRevocable) {
  auto alice = SignedIn("alice@a.example", "alice-password");
  auto created = alice->Post(OrgPath(org_a_.id, "/api-keys"), {{"name", "Call centre"}, {"role", "agent"}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string token = created.json()["token"];
  int64_t key_id = created.json()["id"];
  EXPECT_TRUE(token.starts_with("nzk_"));
  auto listed = alice->Get(OrgPath(org_a_.id, "/api-keys"));
  ASSERT_EQ(listed.json()["items"].size(), 1u);
  EXPECT_FALSE(listed.json()["items"][0].contains("token"));
  EXPECT_EQ(listed.body.find(token.substr(17)), std::string::npos);  // the secret is never listed

  HttpClient integration(base_);
  integration.bearer = token;
  auto org = integration.Get(OrgPath(org_a_.id));
  EXPECT_EQ(org.status, 200);
  EXPECT_EQ(org.json()["role"], "agent");
  auto orgs = integration.Get("/api/v1/orgs");
  ASSERT_EQ(orgs.json()["items"].size(), 1u);
  EXPECT_EQ(orgs.json()["items"][0]["id"], org_a_.id.value);
  EXPECT_EQ(integration.Get(OrgPath(org_b_.id)).status, 404);
  EXPECT_EQ(integration.Get(OrgPath(org_a_.id, "/members")).status, 200);
  EXPECT_EQ(integration.Patch(OrgPath(org_a_.id), {{"name", "x"}}).status, 403);
  // Session-only endpoints refuse API keys; no CSRF token is needed with a key.
  EXPECT_EQ(integration.Get("/api/v1/session").status, 403);
  EXPECT_EQ(integration.Post("/api/v1/orgs", {{"name", "x"}}).status, 403);

  auto revoked = alice->Delete(OrgPath(org_a_.id, "/api-keys/" + std::to_string(key_id)));
  EXPECT_EQ(revoked.status, 200);
  EXPECT_FALSE(revoked.json()["revoked_at"].is_null());
  auto after = integration.Get(OrgPath(org_a_.id));
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.json()["error"]["message"], "API key revoked");
}

// Every route that names an organisation, driven by members and keys of another
// organisation: 404 every time, never the data, and nothing changes.
TEST_P(ApiTest, NoRouteCrossesOrganisations) {
  auto alice = SignedIn("alice@a.example", "alice-password");
  auto key_a = alice->Post(OrgPath(org_a_.id, "/api-keys"), {{"name", "A key"}, {"role", "viewer"}});
  ASSERT_EQ(key_a.status, 201);
  int64_t key_a_id = key_a.json()["id"];

  auto created = alice->Post(OrgPath(org_a_.id, "/surveys"),
                             {{"name", "A survey"}, {"template", "post_support"}, {"languages", {"en"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t survey_a = created.json()["id"];
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey_a) + "/publish"), json::object()).status, 200);
  auto answered = alice->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey_a) + "/responses"),
                              {{"response_id", "walk-1"}, {"answers", {{"csat", 5}, {"ces", 7}, {"resolved", "yes"}}}});
  ASSERT_EQ(answered.status, 201) << answered.body;
  int64_t response_a = answered.json()["id"];
  auto contact = alice->Post(OrgPath(org_a_.id, "/contacts"), {{"external_id", "a-1"}, {"email", "c@a.example"}});
  ASSERT_EQ(contact.status, 200) << contact.body;
  int64_t contact_a = contact.json()["id"];
  // A real object of every other id kind: a trigger rule, the invitation it makes after an
  // interaction, a persona.
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/touchpoints"), {{"key", "call"}}).status, 200);
  auto rule = alice->Post(OrgPath(org_a_.id, "/trigger-rules"),
                          {{"name", "after calls"}, {"survey_id", survey_a}, {"touchpoint", "call"},
                           {"delivery", "email"}});
  ASSERT_EQ(rule.status, 201) << rule.body;
  int64_t rule_a = rule.json()["id"];
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/interactions"),
                        {{"contact", "a-1"}, {"touchpoint", "call"}}).status, 201);
  auto invitations = alice->Get(OrgPath(org_a_.id, "/invitations"));
  ASSERT_EQ(invitations.json()["items"].size(), 1u) << invitations.body;
  int64_t invitation_a = invitations.json()["items"][0]["id"];
  auto persona = alice->Post(OrgPath(org_a_.id, "/personas"),
                             {{"name", "Callers"}, {"rule", {{"all", json::array()}}}});
  ASSERT_EQ(persona.status, 201) << persona.body;
  int64_t persona_a = persona.json()["id"];
  auto invited = alice->Post(OrgPath(org_a_.id, "/members"), {{"email", "carol@a.example"}, {"role", "viewer"}});
  ASSERT_EQ(invited.status, 202) << invited.body;
  int64_t member_invitation_a = invited.json()["id"];
  // Act: an alert rule, the case it opens on a detractor, a root cause.
  auto alert_rule = alice->Post(OrgPath(org_a_.id, "/alert-rules"),
                                {{"name", "unhappy"}, {"conditions", {{{"field", "answer.csat"}, {"op", "<="}, {"value", 2}}}}});
  ASSERT_EQ(alert_rule.status, 201) << alert_rule.body;
  int64_t alert_rule_a = alert_rule.json()["id"];
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/surveys/" + std::to_string(survey_a) + "/responses"),
                        {{"response_id", "walk-2"}, {"answers", {{"csat", 1}, {"ces", 2}, {"resolved", "no"}}}}).status, 201);
  auto opened = alice->Get(OrgPath(org_a_.id, "/cases"));
  ASSERT_EQ(opened.json()["items"].size(), 1u) << opened.body;
  int64_t case_a = opened.json()["items"][0]["id"];
  auto cause = alice->Post(OrgPath(org_a_.id, "/root-causes"), {{"key", "slow"}, {"name", {{"en", "Slow"}}}});
  ASSERT_EQ(cause.status, 201) << cause.body;
  int64_t cause_a = cause.json()["id"];
  // A dead outgoing message of A's, which B must not list nor replay.
  ASSERT_TRUE(t_.store->delivery()
                  .EnqueueOutbox({.org_id = org_a_.id,
                                  .topic = "webhook.deliver",
                                  .key = "a-1",
                                  .payload = "{}",
                                  .due_ms = 0})
                  .value_or(false));
  auto claimed = t_.store->delivery().ClaimOutbox({"webhook.deliver"}, 0, 1000, 1, "walk");
  ASSERT_TRUE(claimed.has_value() && claimed->size() == 1u);
  int64_t message_a = (*claimed)[0].id;
  ASSERT_TRUE(t_.store->delivery()
                  .SettleOutbox(org_a_.id, message_a, "walk", {.state = OutboxState::kDead})
                  .has_value());

  // A webhook endpoint of A's, which B must neither see, change, replay nor test.
  auto hook = alice->Post(OrgPath(org_a_.id, "/webhooks"),
                          {{"url", "http://127.0.0.1:9/hook"}, {"events", {"case.opened"}}});
  ASSERT_EQ(hook.status, 201) << hook.body;
  int64_t webhook_a = hook.json()["id"];
  // A's agent mapping and default country, which B must neither see nor change.
  ASSERT_EQ(alice->Put(OrgPath(org_a_.id, "/call-centre/agents/SIP%2F8007"), {{"agent_id", "a-7"}}).status, 200);
  ASSERT_EQ(alice->Put(OrgPath(org_a_.id, "/call-centre/settings"), {{"default_country", "IR"}}).status, 200);

  // The outer loop: an action plan with a task, a KPI target of the program.
  auto plan = alice->Post(OrgPath(org_a_.id, "/action-plans"),
                          {{"title", "Faster answers"}, {"tasks", {"Hire"}},
                           {"metric", {{"survey_id", survey_a}, {"metric", "csat"}}}});
  ASSERT_EQ(plan.status, 201) << plan.body;
  int64_t plan_a = plan.json()["id"];
  int64_t task_a = plan.json()["tasks"][0]["id"];
  auto kpi = alice->Post(OrgPath(org_a_.id, "/program/kpis"),
                         {{"survey_id", survey_a}, {"metric", "csat"}, {"target", 85}});
  ASSERT_EQ(kpi.status, 201) << kpi.body;
  int64_t kpi_a = kpi.json()["id"];
  // Outcomes: an acquisition cost (its id also stands for the cost-to-serve routes' {cost}).
  auto cost = alice->Post(OrgPath(org_a_.id, "/outcomes/acquisition-costs"),
                          {{"channel", "instagram"}, {"month", "2026-03"}, {"amount", 5000000}});
  ASSERT_EQ(cost.status, 200) << cost.body;
  int64_t cost_a = cost.json()["id"];

  auto bob = SignedIn("bob@b.example", "bob-password");
  auto key_b = bob->Post(OrgPath(org_b_.id, "/api-keys"), {{"name", "B key"}, {"role", "owner"}});
  ASSERT_EQ(key_b.status, 201);
  HttpClient bob_key(base_);
  bob_key.bearer = key_b.json()["token"];

  int checked = 0;
  for (const http::Route& route : api_->router().routes()) {
    if (route.pattern.find("{org}") == std::string::npos) continue;
    std::string path = route.pattern;
    path = std::regex_replace(path, std::regex("\\{org\\}"), std::to_string(org_a_.id.value));
    path = std::regex_replace(path, std::regex("\\{user\\}"), std::to_string(alice_.id.value));
    path = std::regex_replace(path, std::regex("\\{key\\}"), std::to_string(key_a_id));
    path = std::regex_replace(path, std::regex("\\{survey\\}"), std::to_string(survey_a));
    path = std::regex_replace(path, std::regex("\\{version\\}"), "1");
    path = std::regex_replace(path, std::regex("\\{response\\}"), std::to_string(response_a));
    path = std::regex_replace(path, std::regex("\\{contact\\}"), std::to_string(contact_a));
    path = std::regex_replace(path, std::regex("\\{rule\\}"), std::to_string(rule_a));
    path = std::regex_replace(path, std::regex("\\{invitation\\}"),
                              std::to_string(route.pattern.find("member-invitations") != std::string::npos
                                                 ? member_invitation_a
                                                 : invitation_a));
    path = std::regex_replace(path, std::regex("\\{persona\\}"), std::to_string(persona_a));
    path = std::regex_replace(path, std::regex("\\{message\\}"), std::to_string(message_a));
    path = std::regex_replace(path, std::regex("\\{alert_rule\\}"), std::to_string(alert_rule_a));
    path = std::regex_replace(path, std::regex("\\{case\\}"), std::to_string(case_a));
    path = std::regex_replace(path, std::regex("\\{cause\\}"), std::to_string(cause_a));
    path = std::regex_replace(path, std::regex("\\{webhook\\}"), std::to_string(webhook_a));
    path = std::regex_replace(path, std::regex("\\{member\\}"), "SIP%2F8007");
    path = std::regex_replace(path, std::regex("\\{plan\\}"), std::to_string(plan_a));
    path = std::regex_replace(path, std::regex("\\{task\\}"), std::to_string(task_a));
    path = std::regex_replace(path, std::regex("\\{kpi\\}"), std::to_string(kpi_a));
    path = std::regex_replace(path, std::regex("\\{cost\\}"), std::to_string(cost_a));
    // A new id kind must bring a real object of its own here.
    ASSERT_EQ(path.find('{'), std::string::npos) << "no object for " << route.pattern;
    std::string body = route.method == "GET" || route.method == "DELETE"
                           ? ""
                           : R"({"name":"pwned","role":"owner","email":"bob@b.example","response_id":"x","answers":{}})";
    for (HttpClient* client : {bob.get(), &bob_key}) {
      HttpResult r = client->Send(route.method, path, body);
      EXPECT_EQ(r.status, 404) << route.method << " " << path << " -> " << r.body;
      EXPECT_EQ(r.body.find("A Shop"), std::string::npos);
      EXPECT_EQ(r.body.find("alice@a.example"), std::string::npos);
      ++checked;
    }
  }
  EXPECT_GE(checked, 2 * 10);
  // Organisation A is as it was.
  EXPECT_EQ(t_.store->accounts().GetOrganisation(org_a_.id)->name, "A Shop");
  auto members = t_.store->accounts().ListMembers(org_a_.id, {});
  ASSERT_EQ(members->items.size(), 1u);
  EXPECT_EQ(members->items[0].role, Role::kOwner);
  EXPECT_FALSE(t_.store->access().ListApiKeys(org_a_.id, {})->items[0].revoked_ms.has_value());
  auto survey = t_.store->surveys().GetSurvey(org_a_.id, survey_a);
  EXPECT_EQ(survey->name, "A survey");
  EXPECT_EQ(survey->status, SurveyStatus::kPublished);
  EXPECT_EQ(t_.store->responses().ListResponses(org_a_.id, {})->items.size(), 2u);
  EXPECT_EQ(t_.store->surveys().ListLinks(org_a_.id, survey_a)->size(), 1u);
  EXPECT_EQ(t_.store->act().GetAlertRule(org_a_.id, alert_rule_a)->name, "unhappy");
  auto case_after = t_.store->act().GetCase(org_a_.id, case_a);
  EXPECT_EQ(case_after->status, "new");
  EXPECT_EQ(case_after->version, 1);
  EXPECT_EQ(t_.store->act().ListCaseEvents(org_a_.id, case_a)->size(), 1u) << "no note was added";
  EXPECT_TRUE(t_.store->act().GetRootCause(org_a_.id, cause_a)->active);
  EXPECT_EQ(t_.store->journeys().GetContact(org_a_.id, contact_a)->email, "c@a.example");
  EXPECT_EQ(t_.store->journeys().ListTouchpoints(org_a_.id)->size(), 1u);
  ASSERT_EQ(t_.store->outcomes().ListAcquisitionCosts(org_a_.id)->size(), 1u);
  EXPECT_EQ(t_.store->outcomes().ListAcquisitionCosts(org_a_.id)->front().amount, 5'000'000);
  EXPECT_EQ(*t_.store->outcomes().CountTransactions(org_a_.id), 0);
  EXPECT_EQ(t_.store->outreach().GetTriggerRule(org_a_.id, rule_a)->name, "after calls");
  EXPECT_EQ(t_.store->outreach().GetInvitation(org_a_.id, invitation_a)->status,
            InvitationStatus::kQueued);
  EXPECT_EQ(t_.store->personas().GetPersona(org_a_.id, persona_a)->name, "Callers");
  auto pending = t_.store->accounts().ListMemberInvitations(org_a_.id, {});
  ASSERT_EQ(pending->items.size(), 1u);
  EXPECT_EQ(pending->items[0].email, "carol@a.example");
  EXPECT_EQ(t_.store->delivery().GetOutboxMessage(org_a_.id, message_a)->state, OutboxState::kDead);
  auto webhook = t_.store->webhooks().GetEndpoint(org_a_.id, webhook_a);
  ASSERT_TRUE(webhook.has_value());
  EXPECT_EQ(webhook->url, "http://127.0.0.1:9/hook");
  EXPECT_EQ(webhook->state, WebhookState::kEnabled);
  EXPECT_EQ((*t_.store->call_centre().ListAgents(org_a_.id))[0].agent_id, "a-7");
  EXPECT_EQ((*t_.store->call_centre().GetSettings(org_a_.id))->default_country, "IR");
  EXPECT_EQ(t_.store->delivery().ListOutbox(org_a_.id, {.topic = "webhook.deliver"})->items.size(), 1u)
      << "no test event was queued";
  auto plan_after = t_.store->program().GetPlan(org_a_.id, plan_a);
  EXPECT_EQ(plan_after->title, "Faster answers");
  EXPECT_EQ(plan_after->version, 1);
  EXPECT_FALSE(t_.store->program().GetTask(org_a_.id, plan_a, task_a)->done);
  EXPECT_EQ(t_.store->program().GetKpi(org_a_.id, kpi_a)->target, 85);
  EXPECT_EQ(t_.store->program().GetProgram(org_a_.id)->vision, "");
}

// The session lists what the caller may do in each organisation, so clients show only that.
TEST_P(ApiTest, TheSessionListsThePermissionsHeldInEachOrganisation) {
  auto alice = SignedIn("alice@a.example", "alice-password");
  json session = alice->Get("/api/v1/session").json();
  ASSERT_EQ(session["organisations"].size(), 1u);
  json owner = session["organisations"][0]["permissions"];
  EXPECT_EQ(owner.size(), kAllPermissions.size());
  auto bob = InviteAndAccept(*alice, org_a_.id, "bob@b.example", "bob-password", "viewer");
  json orgs = bob->Get("/api/v1/orgs").json();
  for (const json& o : orgs["items"]) {
    if (o["id"] == org_a_.id.value) {
      EXPECT_EQ(o["permissions"], json({"read_organisation", "read_results"}));
    }
  }
  auto key = alice->Post(OrgPath(org_a_.id, "/api-keys"), {{"name", "k"}, {"role", "analyst"}});
  HttpClient api(base_);
  api.bearer = key.json()["token"];
  json listed = api.Get("/api/v1/orgs").json();
  ASSERT_EQ(listed["items"].size(), 1u);
  json analyst = listed["items"][0]["permissions"];
  EXPECT_TRUE(std::ranges::find(analyst, json("manage_text")) != analyst.end());
  EXPECT_TRUE(std::ranges::find(analyst, json("manage_channels")) == analyst.end());
}

// Viewers see aggregated results only. Individual responses (answers, comments, hidden
// fields, contact ids), comment search and what a contact answered need read_responses
// (owners, admins, analysts); agents see contacts but not what they answered.
TEST_P(ApiTest, ResponseLevelDataNeedsReadResponses) {
  auto alice = SignedIn("alice@a.example", "alice-password");
  auto created = alice->Post(OrgPath(org_a_.id, "/surveys"),
                             {{"name", "S"}, {"template", "post_support"}, {"languages", {"en"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string survey = OrgPath(org_a_.id, "/surveys/" + std::to_string(created.json()["id"].get<int64_t>()));
  ASSERT_EQ(alice->Post(survey + "/publish", json::object()).status, 200);
  ASSERT_EQ(alice->Post(OrgPath(org_a_.id, "/contacts"), {{"external_id", "c-1"}}).status, 200);
  auto answered = alice->Post(survey + "/responses",
                              {{"response_id", "r-1"},
                               {"answers", {{"csat", 2}, {"ces", 3}, {"resolved", "no"}}},
                               {"hidden", {{"contact", "c-1"}, {"order", "secret-order-77"}}}});
  ASSERT_EQ(answered.status, 201) << answered.body;
  const std::string response = OrgPath(org_a_.id, "/responses/" + std::to_string(answered.json()["id"].get<int64_t>()));
  const int64_t contact = answered.json()["contact_id"];
  const std::string timeline = OrgPath(org_a_.id, "/contacts/" + std::to_string(contact));

  auto viewer = MemberWithRole(org_a_.id, "viewer@a.example", Role::kViewer);
  auto agent = MemberWithRole(org_a_.id, "agent@a.example", Role::kAgent);
  auto analyst = MemberWithRole(org_a_.id, "analyst@a.example", Role::kAnalyst);
  auto key = alice->Post(OrgPath(org_a_.id, "/api-keys"), {{"name", "k"}, {"role", "viewer"}});
  HttpClient viewer_key(base_);
  viewer_key.bearer = key.json()["token"];
  for (HttpClient* client : {viewer.get(), agent.get(), &viewer_key}) {
    for (const std::string& path : {survey + "/responses", survey + "/responses?q=order", response}) {
      HttpResult r = client->Get(path);
      EXPECT_EQ(r.status, 403) << path << " " << r.body;
      EXPECT_EQ(r.body.find("secret-order-77"), std::string::npos) << path;
    }
    EXPECT_EQ(client->Get(OrgPath(org_a_.id, "/metrics")).status, 200);  // aggregates stay
    EXPECT_EQ(client->Get(survey).status, 200);
  }
  EXPECT_EQ(viewer->Get(timeline).status, 403);
  auto agents_view = agent->Get(timeline);
  ASSERT_EQ(agents_view.status, 200) << agents_view.body;
  EXPECT_EQ(agents_view.json()["contact"]["external_id"], "c-1");
  EXPECT_FALSE(agents_view.json().contains("responses"));
  EXPECT_EQ(agents_view.body.find("secret-order-77"), std::string::npos);

  EXPECT_EQ(analyst->Get(survey + "/responses?q=order").status, 200);
  for (const std::string& path : {survey + "/responses", response, timeline}) {
    HttpResult r = analyst->Get(path);
    EXPECT_EQ(r.status, 200) << path << " " << r.body;
    EXPECT_NE(r.body.find("secret-order-77"), std::string::npos) << path;
  }
  auto session = viewer->Get("/api/v1/session").json();
  EXPECT_EQ(session["organisations"][0]["permissions"], json({"read_organisation", "read_results"}));
  auto analysts = analyst->Get("/api/v1/session").json()["organisations"][0]["permissions"];
  EXPECT_TRUE(std::ranges::find(analysts, json("read_responses")) != analysts.end());
}

// gzip when the client accepts it, HEAD on every GET route, validators on cacheable reads.
TEST_P(ApiTest, CompressesAnswersHeadAndValidates) {
  HttpClient c(base_);
  const HttpResult plain = c.Get("/api/v1/openapi.json");
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.header("content-encoding"), "");
  EXPECT_EQ(plain.header("vary"), "Accept-Encoding");
  const std::string etag = plain.header("etag");
  EXPECT_TRUE(etag.starts_with("W/\"")) << etag;
  const HttpResult gz = c.Send("GET", "/api/v1/openapi.json", "", {"Accept-Encoding: gzip, br"});
  EXPECT_EQ(gz.header("content-encoding"), "gzip");
  ASSERT_GE(gz.body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(gz.body[0]), 0x1f);  // gzip's magic number
  EXPECT_LT(gz.body.size() * 4, plain.body.size()) << gz.body.size() << " of " << plain.body.size();
  EXPECT_EQ(gz.header("etag"), etag);  // one validator for both encodings
  const HttpResult again = c.Send("GET", "/api/v1/openapi.json", "", {"If-None-Match: " + etag});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  const HttpResult doc_head = c.Send("HEAD", "/api/v1/openapi.json");
  EXPECT_EQ(doc_head.status, 200);
  EXPECT_EQ(doc_head.body, "");
  EXPECT_EQ(doc_head.header("content-length"), std::to_string(plain.body.size()));
  // The connection still serves the next request after HEAD.
  EXPECT_EQ(c.Get("/healthz").status, 200);
  // A private read: compressed when large enough, never a validator, HEAD too.
  auto alice = SignedIn("alice@a.example", "alice-password");
  const std::string orgs = OrgPath(org_a_.id);
  const HttpResult read = alice->Send("GET", orgs + "/metrics?metric=nps", "", {"Accept-Encoding: gzip"});
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(read.header("etag"), "");
  EXPECT_EQ(read.header("cache-control"), "no-store");
  const HttpResult head = alice->Send("HEAD", orgs + "/metrics?metric=nps");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("content-length"), std::to_string(alice->Get(orgs + "/metrics?metric=nps").body.size()));
  // A method the path does not have names HEAD among those it does.
  const HttpResult put = c.Send("PUT", "/api/v1/openapi.json", "{}");
  EXPECT_EQ(put.status, 405);
  EXPECT_EQ(put.header("allow"), "GET, HEAD");
}

// The OpenAPI document and the router list the same operations.
TEST_P(ApiTest, OpenApiDocumentMatchesTheRouter) {
  HttpClient c(base_);
  auto doc = c.Get("/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  json spec = doc.json();
  ASSERT_TRUE(spec.is_object()) << "openapi.json is not valid JSON";
  EXPECT_EQ(spec["openapi"].get<std::string>().substr(0, 3), "3.1");
  std::set<std::string> routed, documented;
  for (const http::Route& r : api_->router().routes()) {
    std::string m = r.method;
    std::transform(m.begin(), m.end(), m.begin(), ::tolower);
    routed.insert(m + " " + r.pattern);
  }
  std::set<std::string> operation_ids;
  for (auto& [path, item] : spec["paths"].items()) {
    for (auto& [method, op] : item.items()) {
      if (method == "parameters") continue;
      documented.insert(method + " " + path);
      EXPECT_TRUE(op.contains("summary")) << method << " " << path;
      EXPECT_TRUE(op.contains("responses")) << method << " " << path;
      EXPECT_TRUE(operation_ids.insert(op.value("operationId", "")).second)
          << "duplicate operationId at " << method << " " << path;
    }
  }
  for (const auto& r : routed) EXPECT_TRUE(documented.contains(r)) << "undocumented route: " << r;
  // Each route's permission, and the roles holding it, as documented.
  for (const http::Route& r : api_->router().routes()) {
    if (!r.permission) continue;
    std::string m = r.method;
    std::transform(m.begin(), m.end(), m.begin(), ::tolower);
    const std::string pattern(r.pattern);
    if (!spec["paths"].contains(pattern) || !spec["paths"][pattern].contains(m)) continue;  // above
    const json op = spec["paths"][pattern][m];
    ASSERT_TRUE(op.contains("x-permission")) << m << " " << r.pattern << " documents no permission";
    EXPECT_EQ(op["x-permission"]["permission"], std::string(ToString(*r.permission)))
        << m << " " << r.pattern;
    std::vector<std::string> roles;
    for (Role role : {Role::kOwner, Role::kAdmin, Role::kAnalyst, Role::kAgent, Role::kViewer})
      if (RoleAllows(role, *r.permission)) roles.emplace_back(ToString(role));
    EXPECT_EQ(op["x-permission"]["roles"], json(roles)) << m << " " << r.pattern;
  }
  for (const auto& d : documented) EXPECT_TRUE(routed.contains(d)) << "documented but not routed: " << d;
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiTest, ::testing::ValuesIn(testing::kAllBackends),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace nazar
