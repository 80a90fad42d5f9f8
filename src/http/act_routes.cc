// Act: alert rules and the alerts they fired, cases (the inbox, a case, its changes and
// notes), root causes, the organisation's act settings (calendar, SLA targets, assignment),
// and each member's notifications. The use cases live in act/.
#include "act/alerts.h"
#include "act/cases.h"
#include "act/digests.h"
#include "act/follow_up.h"
#include "act/loop_report.h"
#include "act/metric_watch.h"
#include "act/root_causes.h"
#include "act/settings.h"
#include "core/time.h"
#include "http/json/common_json.h"
#include "http/json_route.h"

namespace nazar::http {
namespace {

nazar::Json RuleJson(const AlertRule& rule) { return act::ToJson(rule); }
nazar::Json AlertJson(const Alert& alert) { return act::ToJson(alert); }
nazar::Json MetricAlertJson(const MetricAlert& alert) { return act::ToJson(alert); }
nazar::Json CauseJson(const RootCause& cause) { return act::ToJson(cause); }
nazar::Json CaseRowJson(const act::CaseRow& row) { return act::ToJson(row); }
nazar::Json CaseJson(const Case& c) { return act::ToJson(c); }
nazar::Json DetailJson(const act::CaseDetail& d) { return act::ToJson(d); }
nazar::Json EventJson(const CaseEvent& e) { return act::ToJson(e); }
nazar::Json SettingsJson(const std::shared_ptr<const act::ActSettingsService::Loaded>& s) {
  return act::ToJson(s->config);
}

nazar::Json NotificationJson(const Notification& n) {
  return {{"id", n.id},
          {"kind", n.kind},
          {"detail", nazar::Json::parse(n.detail, nullptr, false)},
          {"created_at", FormatIsoUtc(n.created_ms)},
          {"read_at", n.read_ms ? nazar::Json(FormatIsoUtc(*n.read_ms)) : nazar::Json(nullptr)}};
}

// The whole body, for readers that check a nested document themselves.
nazar::Json ReadWhole(JsonObjectReader& r) {
  nazar::Json body = nazar::Json::object();
  for (const char* field : {"calendar", "sla", "warn_at", "assignment", "escalate_to"})
    if (const nazar::Json* v = r.OptionalValue(field)) body[field] = *v;
  return body;
}

// Notifications and digests are a member's own: an API key has none.
Result<UserId> Member(const RequestContext& ctx) {
  if (auto u = ctx.actor().user_id()) return *u;
  return Fail(Error::FailedPrecondition("notifications and digests belong to signed-in members, not API keys"));
}

Result<act::CaseListQuery> ReadCaseQuery(RequestContext& ctx) {
  act::CaseListQuery q;
  TRY_ASSIGN(q.page, ParsePage(ctx.request));
  if (auto view = ctx.request.Query("view")) q.view = *view;
  if (auto status = ctx.request.Query("status"); status && !status->empty()) {
    for (const std::string& s : SplitComma(*status)) {
      if (!act::ParseCaseStatus(s))
        return Fail(Error::InvalidArgument("status is a list of " + act::CaseStatusNames(), "status"));
      q.statuses.push_back(s);
    }
  }
  return q;
}

// ?from=&to= (the organisation's local days), touchpoint, agent, owner, priority, rule, hours.
Result<act::LoopQuery> ReadLoopQuery(RequestContext& ctx, Store& store) {
  act::LoopQuery q;
  TRY_ASSIGN(LocalDayBounds days, ParseLocalDayBounds(ctx, store));
  q.from_ms = days.from_ms;
  q.to_ms = days.to_ms;
  TRY_ASSIGN(auto touchpoint, QueryText(ctx.request, "touchpoint", 200));
  TRY_ASSIGN(auto agent, QueryText(ctx.request, "agent", 200));
  TRY_ASSIGN(q.priority, QueryText(ctx.request, "priority", 20));
  q.touchpoint = touchpoint.value_or("");
  q.agent = agent.value_or("");
  TRY_ASSIGN(q.owner, IntParam(ctx.request, "owner", 1, INT64_MAX, "a member's id"));
  TRY_ASSIGN(q.rule_id, IntParam(ctx.request, "rule", 1, INT64_MAX, "an alert rule's id"));
  TRY_ASSIGN(auto hours, IntParam(ctx.request, "hours", 1, 24 * 90, "a number of hours from 1 to 2160"));
  q.contact_within_hours = hours.value_or(24);
  return q;
}

}  // namespace

void AddActRoutes(Router& router, ApiDeps& deps) {
  if (!deps.alerts || !deps.cases || !deps.act_settings) return;
  Store& store = deps.store;
  const Clock& clock = deps.clock;
  act::AlertRules& alerts = *deps.alerts;
  act::Cases& cases = *deps.cases;
  act::ActSettingsService& settings = *deps.act_settings;
  const std::string org = "/api/v1/orgs/{org}";

  // --- the loop's measures ---
  if (deps.loop_report) {
    router.Add({.method = "GET", .pattern = org + "/act/loop-metrics", .access = Access::kAny,
                .permission = Permission::kWorkCases,
                .handler = [&store, &report = *deps.loop_report](RequestContext& ctx) -> Result<Response> {
                  TRY_ASSIGN(act::LoopQuery q, ReadLoopQuery(ctx, store));
                  TRY_ASSIGN(nazar::Json body, report.Compute(ctx.actor(), ctx.org(), q));
                  return Response::Json(200, body);
                }});
  }

  // --- alert rules and alerts ---
  router.Add({.method = "GET", .pattern = org + "/alert-rules", .access = Access::kAny,
              .permission = Permission::kReadCases,
              .handler = JsonRoute(
                  200, [&store](RequestContext& ctx) { return store.act().ListAlertRules(ctx.org().org); },
                  [](const std::vector<AlertRule>& list) { return ItemsJson(list, RuleJson); })});
  router.Add({.method = "POST", .pattern = org + "/alert-rules", .access = Access::kAny,
              .permission = Permission::kManageAlerts,
              .handler = JsonRoute(
                  201, act::ReadAlertRuleInput,
                  [&alerts](RequestContext& ctx, const act::AlertRuleInput& in) {
                    return alerts.Create(ctx.actor(), ctx.org(), in);
                  },
                  RuleJson)});
  router.Add({.method = "GET", .pattern = org + "/alert-rules/{alert_rule}", .access = Access::kAny,
              .permission = Permission::kReadCases,
              .handler = JsonRoute(
                  200, PathId{"alert_rule"},
                  [&store](RequestContext& ctx, int64_t id) { return store.act().GetAlertRule(ctx.org().org, id); },
                  RuleJson)});
  router.Add({.method = "PUT", .pattern = org + "/alert-rules/{alert_rule}", .access = Access::kAny,
              .permission = Permission::kManageAlerts,
              .handler = JsonRoute(
                  200, PathId{"alert_rule"}, act::ReadAlertRuleInput,
                  [&alerts](RequestContext& ctx, int64_t id, const act::AlertRuleInput& in) {
                    return alerts.Update(ctx.actor(), ctx.org(), id, in);
                  },
                  RuleJson)});
  router.Add({.method = "DELETE", .pattern = org + "/alert-rules/{alert_rule}", .access = Access::kAny,
              .permission = Permission::kManageAlerts,
              .handler = JsonRoute(
                  200, PathId{"alert_rule"},
                  [&alerts](RequestContext& ctx, int64_t id) { return alerts.Delete(ctx.actor(), ctx.org(), id); },
                  DeletedJson)});
  router.Add({.method = "GET", .pattern = org + "/alerts", .access = Access::kAny,
              .permission = Permission::kReadCases,
              .handler = PagedList(
                  [&store](RequestContext& ctx, const PageRequest& page) -> Result<Page<Alert>> {
                    TRY_ASSIGN(auto rule, IntParam(ctx.request, "rule", 1, INT64_MAX, "an alert rule id"));
                    return store.act().ListAlerts(ctx.org().org, {.rule_id = rule, .after = page.after, .limit = page.limit});
                  },
                  AlertJson)});
  router.Add({.method = "GET", .pattern = org + "/metric-alerts", .access = Access::kAny,
              .permission = Permission::kReadCases,
              .handler = PagedList(
                  [&store](RequestContext& ctx, const PageRequest& page) -> Result<Page<MetricAlert>> {
                    TRY_ASSIGN(auto rule, IntParam(ctx.request, "rule", 1, INT64_MAX, "an alert rule id"));
                    return store.act().ListMetricAlerts(ctx.org().org, {.rule_id = rule, .after = page.after, .limit = page.limit});
                  },
                  MetricAlertJson)});

  // --- cases ---
  router.Add({.method = "GET", .pattern = org + "/cases", .access = Access::kAny,
              .permission = Permission::kWorkCases,
              .handler = [&cases](RequestContext& ctx) -> Result<Response> {
                TRY_ASSIGN(act::CaseListQuery q, ReadCaseQuery(ctx));
                TRY_ASSIGN(Page<act::CaseRow> page, cases.List(ctx.actor(), ctx.org(), q));
                return Response::Json(200, PageJson(page, CaseRowJson));
              }});
  router.Add({.method = "POST", .pattern = org + "/cases", .access = Access::kAny,
              .permission = Permission::kWorkCases,
              .handler = JsonRoute(
                  201, act::ReadNewCase,
                  [&cases](RequestContext& ctx, const act::NewCase& in) {
                    return cases.OpenByHand(ctx.actor(), ctx.org(), in);
                  },
                  CaseJson)});
  router.Add({.method = "GET", .pattern = org + "/cases/{case}", .access = Access::kAny,
              .permission = Permission::kWorkCases,
              .handler = JsonRoute(
                  200, PathId{"case"},
                  [&cases](RequestContext& ctx, int64_t id) { return cases.Detail(ctx.actor(), ctx.org(), id); },
                  DetailJson)});
  router.Add({.method = "PATCH", .pattern = org + "/cases/{case}", .access = Access::kAny,
              .permission = Permission::kWorkCases,
              .handler = JsonRoute(
                  200, PathId{"case"}, act::ReadCaseChange,
                  [&cases](RequestContext& ctx, int64_t id, const act::CaseChange& change) {
                    return cases.Change(ctx.actor(), ctx.org(), id, change);
                  },
                  CaseJson)});
  router.Add({.method = "POST", .pattern = org + "/cases/{case}/notes", .access = Access::kAny,
              .permission = Permission::kWorkCases,
              .handler = JsonRoute(
                  201, PathId{"case"}, act::ReadCaseNote,
                  [&cases](RequestContext& ctx, int64_t id, const act::CaseNote& note) {
                    return cases.AddNote(ctx.actor(), ctx.org(), id, note);
                  },
                  EventJson)});

  router.Add({.method = "POST", .pattern = org + "/cases/{case}/follow-up", .access = Access::kAny,
              .permission = Permission::kWorkCases,
              .handler = JsonRoute(
                  202, PathId{"case"}, act::ReadFollowUpInput,
                  [&store, &clock](RequestContext& ctx, int64_t id, const act::FollowUpInput& in) {
                    return act::SendFollowUp(store, clock, ctx.actor(), ctx.org(), id, in);
                  },
                  EventJson)});

  // --- root causes ---
  router.Add({.method = "GET", .pattern = org + "/root-causes", .access = Access::kAny,
              .permission = Permission::kWorkCases,
              .handler = JsonRoute(
                  200, [&store](RequestContext& ctx) { return store.act().ListRootCauses(ctx.org().org); },
                  [](const std::vector<RootCause>& list) { return ItemsJson(list, CauseJson); })});
  router.Add({.method = "POST", .pattern = org + "/root-causes", .access = Access::kAny,
              .permission = Permission::kManageAlerts,
              .handler = JsonRoute(
                  201, act::ReadRootCauseInput,
                  [&store, &clock](RequestContext& ctx, const act::RootCauseInput& in) {
                    return act::SaveRootCause(store, clock, ctx.actor(), ctx.org(), std::nullopt, in);
                  },
                  CauseJson)});
  router.Add({.method = "PUT", .pattern = org + "/root-causes/{cause}", .access = Access::kAny,
              .permission = Permission::kManageAlerts,
              .handler = JsonRoute(
                  200, PathId{"cause"}, act::ReadRootCauseInput,
                  [&store, &clock](RequestContext& ctx, int64_t id, const act::RootCauseInput& in) {
                    return act::SaveRootCause(store, clock, ctx.actor(), ctx.org(), id, in);
                  },
                  CauseJson)});

  // --- settings ---
  router.Add({.method = "GET", .pattern = org + "/act/settings", .access = Access::kAny,
              .permission = Permission::kWorkCases,
              .handler = JsonRoute(
                  200, [&settings](RequestContext& ctx) { return settings.Get(ctx.org().org); },
                  SettingsJson)});
  router.Add({.method = "PUT", .pattern = org + "/act/settings", .access = Access::kAny,
              .permission = Permission::kManageAlerts,
              .handler = JsonRoute(
                  200, ReadWhole,
                  [&settings](RequestContext& ctx, const nazar::Json& body) {
                    return settings.Put(ctx.actor(), ctx.org(), body);
                  },
                  SettingsJson)});

  // --- notifications (each member's own) ---
  router.Add({.method = "GET", .pattern = org + "/notifications", .access = Access::kAny,
              .permission = Permission::kReadOrganisation,
              .handler = [&store](RequestContext& ctx) -> Result<Response> {
                TRY_ASSIGN(UserId me, Member(ctx));
                TRY_ASSIGN(const PageRequest page, ParsePage(ctx.request));
                const bool unread = ctx.request.Query("unread").value_or("") == "true";
                TRY_ASSIGN(auto list, store.act().ListNotifications(ctx.org().org, me, unread, page));
                TRY_ASSIGN(int64_t count, store.act().CountUnreadNotifications(ctx.org().org, me));
                nazar::Json j = PageJson(list, NotificationJson);
                j["unread"] = count;
                return Response::Json(200, j);
              }});
  router.Add({.method = "POST", .pattern = org + "/notifications/read", .access = Access::kAny,
              .permission = Permission::kReadOrganisation,
              .handler = JsonRoute(
                  200, [](JsonObjectReader& r) { return r.OptionalInt("up_to", {.min = 1}); },
                  [&store, &clock](RequestContext& ctx, const std::optional<int64_t>& up_to) -> Result<int64_t> {
                    TRY_ASSIGN(UserId me, Member(ctx));
                    return store.act().MarkNotificationsRead(ctx.org().org, me, up_to, clock.NowMs());
                  },
                  [](int64_t marked) { return nazar::Json{{"marked", marked}}; })});

  // --- digests (each member's own) ---
  if (!deps.digests) return;
  act::Digests& digests = *deps.digests;
  router.Add({.method = "GET", .pattern = org + "/digest", .access = Access::kAny,
              .permission = Permission::kReadOrganisation,
              .handler = [&digests](RequestContext& ctx) -> Result<Response> {
                TRY_ASSIGN(UserId me, Member(ctx));
                TRY_ASSIGN(act::DigestChoice choice, digests.Get(ctx.org().org, me));
                return Response::Json(200, act::ToJson(choice));
              }});
  router.Add({.method = "PUT", .pattern = org + "/digest", .access = Access::kAny,
              .permission = Permission::kReadOrganisation,
              .handler = JsonRoute(
                  200, act::ReadDigestInput,
                  [&digests](RequestContext& ctx, const act::DigestInput& in) -> Result<act::DigestChoice> {
                    TRY_ASSIGN(UserId me, Member(ctx));
                    return digests.Put(ctx.org().org, me, in);
                  },
                  [](const act::DigestChoice& c) { return act::ToJson(c); })});
  router.Add({.method = "GET", .pattern = org + "/digest/preview", .access = Access::kAny,
              .permission = Permission::kReadOrganisation,
              .handler = [&digests](RequestContext& ctx) -> Result<Response> {
                TRY_ASSIGN(UserId me, Member(ctx));
                TRY_ASSIGN(act::Digest digest, digests.Preview(ctx.org().org, me));
                return Response::Json(200, act::ToJson(digest));
              }});
  router.Add({.method = "POST", .pattern = org + "/digest/send", .access = Access::kAny,
              .permission = Permission::kReadOrganisation,
              .handler = [&digests](RequestContext& ctx) -> Result<Response> {
                TRY_ASSIGN(UserId me, Member(ctx));
                TRY_ASSIGN(bool queued, digests.SendNow(ctx.org().org, me));
                return Response::Json(202, {{"queued", queued}});
              }});
}

}  // namespace nazar::http
