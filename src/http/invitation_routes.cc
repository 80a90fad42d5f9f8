// Triggered feedback over the API: trigger rules, the organisation's channel settings (the
// SMTP password is write-only), invitations, response rates, and the JSON way to answer an
// invitation by its token (the page's partial saves; an IVR's digits). The invitation's page
// itself (/i/{token}) is with the other respondent pages (respondent_routes.cc).
#include <fmt/format.h>


#include "delivery/channels.h"
#include "responses/ingest.h"
#include "outreach/invitations.h"
#include "outreach/triggers.h"
#include "core/time.h"
#include "http/api.h"

namespace nazar::http {
namespace {

using nazar::Json;

constexpr int kDefaultRateDays = 30;

Json Share(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json RateJson(const outreach::ResponseRateRow& row) {
  const InvitationCounts& c = row.counts;
  return {{"invited", c.invited},
          {"sent", c.sent},
          {"opened", c.opened},
          {"started", c.started},
          {"completed", c.completed},
          {"failed", c.failed},
          {"suppressed", c.suppressed},
          {"response_rate", Share(row.rate.share)},
          {"ci_low", Share(row.rate.ci_low)},
          {"ci_high", Share(row.rate.ci_high)},
          {"enough", row.rate.enough}};
}

// Creates a rule from the body (201), or replaces the one named by {rule} (200).
Handler SaveRule(outreach::Triggers& triggers, bool create) {
  return [&triggers, create](RequestContext& ctx) -> Result<Response> {
    auto body = JsonBody(ctx.request);
    if (!body) return Fail(body.error());
    JsonObjectReader r(*body);
    TriggerRule rule = outreach::ReadTriggerRule(r);
    if (auto done = r.Finish(); !done) return Fail(done.error());
    if (!create) {
      auto id = ctx.IdParam("rule");
      if (!id) return Fail(id.error());
      rule.id = *id;
    }
    auto saved = create ? triggers.CreateRule(ctx.actor(), ctx.org(), std::move(rule))
                        : triggers.UpdateRule(ctx.actor(), ctx.org(), std::move(rule));
    if (!saved) return Fail(saved.error());
    return Response::Json(create ? 201 : 200, outreach::ToJson(*saved));
  };
}

}  // namespace

void AddInvitationRoutes(Router& router, ApiDeps& deps) {
  outreach::Triggers& triggers = *deps.triggers;
  outreach::Invitations& invitations = *deps.invitations;
  responses::ResponseIngest& ingest = *deps.ingest;
  Store& store = deps.store;
  const Clock& clock = deps.clock;

  // --- trigger rules ---
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/trigger-rules",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = [&store](RequestContext& ctx) -> Result<Response> {
                auto rules = store.outreach().ListTriggerRules(ctx.org().org);
                if (!rules) return Fail(rules.error());
                Json items = Json::array();
                for (const TriggerRule& r : *rules) items.push_back(outreach::ToJson(r));
                return Response::Json(200, {{"items", items}});
              }});
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/trigger-rules",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .handler = SaveRule(triggers, /*create=*/true)});
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/trigger-rules/{rule}",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = [&store](RequestContext& ctx) -> Result<Response> {
                auto id = ctx.IdParam("rule");
                if (!id) return Fail(id.error());
                auto rule = store.outreach().GetTriggerRule(ctx.org().org, *id);
                if (!rule) return Fail(rule.error());
                return Response::Json(200, outreach::ToJson(*rule));
              }});
  router.Add({.method = "PUT",
              .pattern = "/api/v1/orgs/{org}/trigger-rules/{rule}",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .handler = SaveRule(triggers, /*create=*/false)});
  router.Add({.method = "DELETE",
              .pattern = "/api/v1/orgs/{org}/trigger-rules/{rule}",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .handler = [&triggers](RequestContext& ctx) -> Result<Response> {
                auto id = ctx.IdParam("rule");
                if (!id) return Fail(id.error());
                if (auto gone = triggers.DeleteRule(ctx.actor(), ctx.org(), *id); !gone)
                  return Fail(gone.error());
                return Response::Json(200, {{"deleted", true}});
              }});

  // --- channel settings ---
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/channel-settings",
              .access = Access::kAny,
              .permission = Permission::kManageChannels,
              .handler = [&store](RequestContext& ctx) -> Result<Response> {
                auto settings = store.delivery().GetChannelSettings(ctx.org().org);
                if (!settings) return Fail(settings.error());
                return Response::Json(200, delivery::ToJson(*settings));
              }});
  router.Add({.method = "PUT",
              .pattern = "/api/v1/orgs/{org}/channel-settings",
              .access = Access::kAny,
              .permission = Permission::kManageChannels,
              .handler = [&store, &clock](RequestContext& ctx) -> Result<Response> {
                auto body = JsonBody(ctx.request);
                if (!body) return Fail(body.error());
                auto current = store.delivery().GetChannelSettings(ctx.org().org);
                if (!current) return Fail(current.error());
                auto changed = delivery::ApplyChannelSettings(*body, std::move(*current));
                if (!changed) return Fail(changed.error());
                auto saved = delivery::SaveChannelSettings(store, ctx.actor(), ctx.org(),
                                                          std::move(*changed), clock.NowMs());
                if (!saved) return Fail(saved.error());
                return Response::Json(200, delivery::ToJson(*saved));
              }});

  // --- invitations ---
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/invitations",
              .access = Access::kAny,
              .permission = Permission::kReadContacts,
              .handler = PagedList(
                  [&store](RequestContext& ctx, PageRequest page) -> Result<Page<Invitation>> {
                    InvitationQuery q{.after = page.after, .limit = page.limit};
                    if (auto status = ctx.request.Query("status")) {
                      q.status = ParseInvitationStatus(*status);
                      if (!q.status)
                        return Fail(Error::InvalidArgument(
                            "status must be queued, sent, opened, started, completed, failed or "
                            "suppressed",
                            "status"));
                    }
                    for (auto [name, target] :
                         {std::pair<const char*, std::optional<int64_t>*>{"rule", &q.rule_id},
                          {"survey", &q.survey_id},
                          {"contact", &q.contact_id},
                          {"interaction", &q.interaction_id}}) {
                      auto id = IntParam(ctx.request, name, 1, INT64_MAX, "a positive integer id");
                      if (!id) return Fail(id.error());
                      *target = *id;
                    }
                    return store.outreach().ListInvitations(ctx.org().org, q);
                  },
                  [](const Invitation& i) { return outreach::ToJson(i); })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/invitations/{invitation}",
              .access = Access::kAny,
              .permission = Permission::kReadContacts,
              .handler = [&store](RequestContext& ctx) -> Result<Response> {
                auto id = ctx.IdParam("invitation");
                if (!id) return Fail(id.error());
                auto inv = store.outreach().GetInvitation(ctx.org().org, *id);
                if (!inv) return Fail(inv.error());
                // Its send and its reminder; `status` as before the outbox carried every
                // topic (a dead send shows as failed), `state` as the outbox has it.
                Json deliveries = Json::array();
                for (std::string_view topic : {kInvitationSendTopic, kInvitationRemindTopic}) {
                  auto found = store.delivery().ListOutbox(
                      ctx.org().org,
                      {.topic = std::string(topic), .key = std::to_string(*id), .limit = 1});
                  if (!found) return Fail(found.error());
                  for (const OutboxMessage& m : found->items) {
                    std::string_view status = m.state == OutboxState::kSent      ? "done"
                                              : m.state == OutboxState::kPending ? "pending"
                                                                                  : "failed";
                    deliveries.push_back(
                        {{"id", m.id},
                         {"kind", topic == kInvitationSendTopic ? "send" : "reminder"},
                         {"status", status},
                         {"state", ToString(m.state)},
                         {"attempts", m.attempts},
                         {"due_at", FormatIsoUtc(m.due_ms)},
                         {"last_error", m.last_error},
                         {"done_at", m.done_ms ? Json(FormatIsoUtc(*m.done_ms)) : Json(nullptr)}});
                  }
                }
                Json j = outreach::ToJson(*inv);
                j["deliveries"] = deliveries;
                return Response::Json(200, j);
              }});

  // Response rates over the organisation's local days from..to (default: the last 30).
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/response-rates",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = [&store, &invitations, &clock](RequestContext& ctx) -> Result<Response> {
                auto org = store.accounts().GetOrganisation(ctx.org().org);
                if (!org) return Fail(org.error());
                auto zone = TimeZoneDays::ForZone(org->time_zone);
                if (!zone) return Fail(zone.error());
                auto by = outreach::ParseRateGrouping(ctx.request.Query("by").value_or("survey"));
                if (!by)
                  return Fail(Error::InvalidArgument("by must be survey, rule or channel", "by"));
                int32_t to_day = zone->LocalDay(clock.NowMs());
                int32_t from_day = to_day - (kDefaultRateDays - 1);
                for (auto [name, day] :
                     {std::pair<const char*, int32_t*>{"from", &from_day}, {"to", &to_day}}) {
                  if (auto text = ctx.request.Query(name)) {
                    auto parsed = ParseCalendarDay(*text, org->calendar, name);
                    if (!parsed) return Fail(parsed.error());
                    *day = *parsed;
                  }
                }
                if (from_day > to_day)
                  return Fail(Error::InvalidArgument("from must not be after to", "from"));
                auto rates = invitations.Rates(ctx.org().org, zone->StartOfDayMs(from_day),
                                               zone->StartOfDayMs(to_day + 1), *by);
                if (!rates) return Fail(rates.error());
                Json items = Json::array();
                for (const auto& row : rates->rows) {
                  Json j = RateJson(row);
                  switch (*by) {
                    case outreach::RateGrouping::kSurvey:
                      j["survey_id"] = row.counts.survey_id;
                      break;
                    case outreach::RateGrouping::kRule:
                      j["rule_id"] = row.counts.rule_id;
                      break;
                    case outreach::RateGrouping::kChannel:
                      j["channel"] = ToString(row.counts.channel);
                      break;
                  }
                  items.push_back(std::move(j));
                }
                return Response::Json(200, {{"by", ctx.request.Query("by").value_or("survey")},
                                            {"items", items},
                                            {"total", RateJson(rates->total)}});
              }});

  // Answers to an invitation by its token (the token is the credential): the page's partial
  // saves, or an IVR's digits ({"input": "dtmf", "complete": true, "answers": {...}}).
  router.Add({.method = "POST",
              .pattern = "/api/v1/invitations/{token}/responses",
              .access = Access::kPublic,
              .async_handler = [&invitations, &ingest](RequestContext& ctx, auto done) {
                auto opened = invitations.Open(ctx.match.params.find("token")->second, false);
                if (!opened) return done(Fail(opened.error()));
                auto body = JsonBody(ctx.request);
                if (!body) return done(Fail(body.error()));
                JsonObjectReader r(*body);
                responses::Submission s = outreach::Invitations::SubmissionFor(opened->invitation);
                (void)r.OptionalString("response_id", {.max_chars = 128});  // the token decides
                s.complete = r.OptionalBool("complete").value_or(false);
                s.language = r.OptionalString("language", {.max_chars = 8});
                if (!s.language && !opened->language.empty()) s.language = opened->language;
                if (const Json* answers = r.OptionalValue("answers")) s.answers = *answers;
                if (auto input = r.OptionalString("input", {.max_chars = 16})) {
                  if (*input == "dtmf")
                    s.input = survey::InputMode::kDtmf;
                  else if (*input != "direct")
                    r.Reject("input", "input must be \"direct\" or \"dtmf\"");
                }
                (void)r.OptionalValue("hidden");  // the invitation's own values are kept
                (void)r.OptionalString("website", {.max_chars = 500, .trim = false});
                (void)r.OptionalString("browser_token", {.max_chars = 64});
                if (auto finished = r.Finish(); !finished) return done(Fail(finished.error()));
                s.meta["user_agent"] = ClientMeta(ctx.request)["user_agent"];
                ingest.SubmitAsync(std::move(s), [done](Result<responses::SubmitOutcome> outcome) {
                  done(PublicResult(outcome));
                });
              }});
}

}  // namespace nazar::http
