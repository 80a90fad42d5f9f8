// Triggered feedback over the API: trigger rules, the organisation's channel settings (the
// SMTP password is write-only), invitations, response rates, and the JSON way to answer an
// invitation by its token (the page's partial saves; an IVR's digits). The invitation's page
// itself (/i/{token}) is with the other respondent pages (respondent_routes.cc).
#include <fmt/format.h>

#include "core/contact_info.h"
#include "core/crypto.h"
#include "core/phone.h"
#include "core/time.h"
#include "delivery/channels.h"
#include "delivery/test_message.h"
#include "http/json/common_json.h"
#include "http/json/surveys_json.h"
#include "http/json_route.h"
#include "journey/call_centre.h"
#include "outreach/invitations.h"
#include "outreach/triggers.h"
#include "responses/ingest.h"

namespace nazar::http {
namespace {

using nazar::Json;

constexpr int kDefaultRateDays = 30;

Json RateJson(const outreach::ResponseRateRow& row) {
  const InvitationCounts& c = row.counts;
  return {{"invited", c.invited},
          {"sent", c.sent},
          {"opened", c.opened},
          {"started", c.started},
          {"completed", c.completed},
          {"failed", c.failed},
          {"suppressed", c.suppressed},
          {"response_rate", NumberOrNull(row.rate.share)},
          {"ci_low", NumberOrNull(row.rate.ci_low)},
          {"ci_high", NumberOrNull(row.rate.ci_high)},
          {"enough", row.rate.enough}};
}

Json RuleJson(const TriggerRule& rule) { return outreach::ToJson(rule); }
Json InvitationJson(const Invitation& invitation) { return outreach::ToJson(invitation); }
Json ChannelSettingsJson(const ChannelSettings& settings) { return delivery::ToJson(settings); }

// An invitation with its send and its reminder: `status` as before the outbox carried every
// topic (a dead send shows as failed), `state` as the outbox has it.
Json InvitationWithMessagesJson(const outreach::InvitationWithMessages& found) {
  Json j = InvitationJson(found.invitation);
  j["deliveries"] = ArrayJson(found.messages, [](const OutboxMessage& m) -> Json {
    std::string_view status = m.state == OutboxState::kSent      ? "done"
                              : m.state == OutboxState::kPending ? "pending"
                                                                 : "failed";
    return {{"id", m.id},
            {"kind", m.topic == kInvitationSendTopic ? "send" : "reminder"},
            {"status", status},
            {"state", ToString(m.state)},
            {"attempts", m.attempts},
            {"due_at", FormatIsoUtc(m.due_ms)},
            {"last_error", m.last_error},
            {"done_at", OptionalTimeJson(m.done_ms)}};
  });
  return j;
}

// Response rates over local days, grouped as `by` names.
struct RatesAnswer {
  std::string by;  // as the query said it
  outreach::RateGrouping grouping = outreach::RateGrouping::kSurvey;
  outreach::ResponseRates rates;
};

Json RatesJson(const RatesAnswer& answer) {
  Json items = ArrayJson(answer.rates.rows, [&](const outreach::ResponseRateRow& row) {
    Json j = RateJson(row);
    switch (answer.grouping) {
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
    return j;
  });
  return {{"by", answer.by}, {"items", items}, {"total", RateJson(answer.rates.total)}};
}

// ?by= and the organisation's local days ?from= and ?to= (default: the last kDefaultRateDays).
Result<RatesAnswer> ResponseRates(RequestContext& ctx, Store& store,
                                  outreach::Invitations& invitations, const Clock& clock) {
  TRY_ASSIGN(const Organisation org, store.accounts().GetOrganisation(ctx.org().org));
  TRY_ASSIGN(const TimeZoneDays zone, TimeZoneDays::ForZone(org.time_zone));
  RatesAnswer answer{.by = ctx.request.Query("by").value_or("survey")};
  auto by = outreach::ParseRateGrouping(answer.by);
  if (!by) return Fail(Error::InvalidArgument("by must be survey, rule or channel", "by"));
  answer.grouping = *by;
  int32_t to_day = zone.LocalDay(clock.NowMs());
  int32_t from_day = to_day - (kDefaultRateDays - 1);
  for (auto [name, day] : {std::pair<const char*, int32_t*>{"from", &from_day}, {"to", &to_day}}) {
    if (auto text = ctx.request.Query(name)) {
      TRY_ASSIGN(*day, ParseCalendarDay(*text, org.calendar, name));
    }
  }
  if (from_day > to_day) return Fail(Error::InvalidArgument("from must not be after to", "from"));
  TRY_ASSIGN(answer.rates, invitations.Rates(ctx.org().org, zone.StartOfDayMs(from_day),
                                             zone.StartOfDayMs(to_day + 1), *by));
  return answer;
}

// The JSON way to answer an invitation: what the body may say (the invitation decides the
// rest).
struct InvitationAnswers {
  bool complete = false;
  std::optional<std::string> language;
  std::optional<Json> answers;
  std::optional<survey::InputMode> input;
};

InvitationAnswers ReadInvitationAnswers(JsonObjectReader& r) {
  InvitationAnswers in;
  (void)r.OptionalString("response_id", {.max_chars = 128});  // the token decides
  in.complete = r.OptionalBool("complete").value_or(false);
  in.language = r.OptionalString("language", {.max_chars = 8});
  if (const Json* answers = r.OptionalValue("answers")) in.answers = *answers;
  if (auto input = r.OptionalString("input", {.max_chars = 16})) {
    if (*input == "dtmf")
      in.input = survey::InputMode::kDtmf;
    else if (*input != "direct")
      r.Reject("input", "input must be \"direct\" or \"dtmf\"");
  }
  (void)r.OptionalValue("hidden");  // the invitation's own values are kept
  (void)r.OptionalString("website", {.max_chars = 500, .trim = false});
  (void)r.OptionalString("browser_token", {.max_chars = 64});
  return in;
}

constexpr size_t kTestTokenBytes = 12;

struct InboundSms {
  std::string from;  // normalised (NormalisePhone)
  std::string text;
};

InboundSms ReadInboundSms(JsonObjectReader& r) {
  InboundSms in;
  std::string from = r.String("from", {.min_chars = 1, .max_chars = 40});
  in.text = r.String("text", {.max_chars = 1000});
  if (!r.ok()) return in;
  if (auto phone = NormalisePhone(from, "from")) {
    in.from = *phone;
  } else {
    r.Reject("from", phone.error().message);
  }
  return in;
}

// {"channel": "email" | "sms", "to": address, "language": "fa" | "en"}.
delivery::TestMessage ReadTestMessage(JsonObjectReader& r) {
  delivery::TestMessage m;
  std::string channel = r.String("channel", {.min_chars = 1, .max_chars = 16});
  if (channel == "email") {
    m.channel = DeliveryChannel::kEmail;
  } else if (channel == "sms") {
    m.channel = DeliveryChannel::kSms;
  } else if (r.ok()) {
    r.Reject("channel", "channel must be email or sms");
  }
  m.to = r.String("to", {.min_chars = 1, .max_chars = 254});
  if (r.ok() && m.channel == DeliveryChannel::kEmail && !NormaliseEmail(m.to, "to"))
    r.Reject("to", "to is not a valid e-mail address");
  if (r.ok() && m.channel == DeliveryChannel::kSms && !NormalisePhone(m.to, "to"))
    r.Reject("to", "to must be a phone number: 6 to 15 digits, optionally after a '+'");
  m.language = r.OptionalString("language", {.max_chars = 2}).value_or("fa");
  if (m.language != "fa" && m.language != "en") r.Reject("language", "language must be fa or en");
  return m;
}

}  // namespace

void AddInvitationRoutes(Router& router, ApiDeps& deps) {
  outreach::Triggers& triggers = *deps.triggers;
  outreach::Invitations& invitations = *deps.invitations;
  responses::ResponseIngest& ingest = *deps.ingest;
  Store& store = deps.store;
  const Clock& clock = deps.clock;

  // --- trigger rules ---
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/orgs/{org}/trigger-rules",
       .access = Access::kAny,
       .permission = Permission::kReadResults,
       .handler = JsonRoute(
           200, [&store](RequestContext& ctx) { return store.outreach().ListTriggerRules(ctx.org().org); },
           [](const std::vector<TriggerRule>& rules) { return ItemsJson(rules, RuleJson); })});
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/trigger-rules",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .handler = JsonRoute(
                  201,
                  [&triggers](RequestContext& ctx) -> Result<TriggerRule> {
                    TRY_ASSIGN(const Json body, JsonBody(ctx.request));
                    return triggers.CreateRuleFromJson(ctx.actor(), ctx.org(), body);
                  },
                  RuleJson)});
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/trigger-rules/{rule}",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = JsonRoute(
                  200, PathId{"rule"},
                  [&store](RequestContext& ctx, int64_t id) {
                    return store.outreach().GetTriggerRule(ctx.org().org, id);
                  },
                  RuleJson)});
  // Replaces the rule; the body is read before the id.
  router.Add({.method = "PUT",
              .pattern = "/api/v1/orgs/{org}/trigger-rules/{rule}",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .handler = JsonRoute(
                  200, outreach::ReadTriggerRule,
                  [&triggers](RequestContext& ctx, TriggerRule rule) -> Result<TriggerRule> {
                    TRY_ASSIGN(rule.id, ctx.IdParam("rule"));
                    return triggers.UpdateRule(ctx.actor(), ctx.org(), std::move(rule));
                  },
                  RuleJson)});
  // Changes only the fields the body names.
  router.Add({.method = "PATCH",
              .pattern = "/api/v1/orgs/{org}/trigger-rules/{rule}",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .handler = JsonRoute(
                  200,
                  [&triggers](RequestContext& ctx) -> Result<TriggerRule> {
                    TRY_ASSIGN(const Json patch, JsonBody(ctx.request));
                    TRY_ASSIGN(const int64_t id, ctx.IdParam("rule"));
                    return triggers.PatchRule(ctx.actor(), ctx.org(), id, patch);
                  },
                  RuleJson)});
  router.Add({.method = "DELETE",
              .pattern = "/api/v1/orgs/{org}/trigger-rules/{rule}",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .handler = JsonRoute(
                  200, PathId{"rule"},
                  [&triggers](RequestContext& ctx, int64_t id) {
                    return triggers.DeleteRule(ctx.actor(), ctx.org(), id);
                  },
                  DeletedJson)});

  // --- channel settings ---
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/orgs/{org}/channel-settings",
       .access = Access::kAny,
       .permission = Permission::kManageChannels,
       .handler = JsonRoute(
           200, [&store](RequestContext& ctx) { return store.delivery().GetChannelSettings(ctx.org().org); },
           ChannelSettingsJson)});
  // The body has the settings' own shape (delivery::ApplyChannelSettings reads it).
  router.Add({.method = "PUT",
              .pattern = "/api/v1/orgs/{org}/channel-settings",
              .access = Access::kAny,
              .permission = Permission::kManageChannels,
              .handler = JsonRoute(
                  200,
                  [&store, &clock](RequestContext& ctx) -> Result<ChannelSettings> {
                    TRY_ASSIGN(const Json body, JsonBody(ctx.request));
                    return delivery::UpdateChannelSettings(store, ctx.actor(), ctx.org(), body,
                                                           clock.NowMs());
                  },
                  ChannelSettingsJson)});

  // One message now through the e-mail or SMS settings to the address given (nothing is
  // stored or retried): 200 with what the server or gateway answered, sent or not.
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/channel-settings/test",
              .access = Access::kAny,
              .permission = Permission::kManageChannels,
              .handler = JsonRoute(
                  200, ReadTestMessage,
                  [&store, &clock](RequestContext& ctx,
                                   delivery::TestMessage m) -> Result<delivery::SendResult> {
                    TRY_ASSIGN(const ChannelSettings settings,
                               store.delivery().GetChannelSettings(ctx.org().org));
                    m.now_ms = clock.NowMs();
                    m.token = RandomToken(kTestTokenBytes);
                    return delivery::SendTestMessage(settings, m);
                  },
                  [](const delivery::SendResult& r) -> Json {
                    return {{"sent", r.outcome == delivery::SendOutcome::kSent},
                            {"outcome", r.outcome == delivery::SendOutcome::kSent    ? "sent"
                                        : r.outcome == delivery::SendOutcome::kRetry ? "transient"
                                                                                     : "permanent"},
                            {"detail", r.detail}};
                  })});

  // The SMS gateway's inbound webhook: an opt-out keyword suppresses the sender's number.
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/sms/inbound",
              .access = Access::kAny,
              .permission = Permission::kSubmitData,
              .handler = JsonRoute(
                  200, ReadInboundSms,
                  [&store, &invitations](RequestContext& ctx, const InboundSms& in) -> Result<bool> {
                    TRY_ASSIGN(const std::string country,
                               journey::DefaultCountryOf(store, ctx.org().org));
                    return invitations.ReceiveSms(ctx.org().org, in.from,
                                                  PhoneKey(in.from, country), in.text);
                  },
                  [](bool opted_out) -> Json { return {{"opted_out", opted_out}}; })});

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
                      TRY_ASSIGN(*target, IntParam(ctx.request, name, 1, INT64_MAX,
                                                   "a positive integer id"));
                    }
                    return store.outreach().ListInvitations(ctx.org().org, q);
                  },
                  InvitationJson)});
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/invitations/{invitation}",
              .access = Access::kAny,
              .permission = Permission::kReadContacts,
              .handler = JsonRoute(
                  200, PathId{"invitation"},
                  [&invitations, &store](RequestContext& ctx, int64_t id) {
                    return invitations.WithMessages(store.delivery(), ctx.org().org, id);
                  },
                  InvitationWithMessagesJson)});

  // Response rates over the organisation's local days from..to (default: the last 30).
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/response-rates",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = JsonRoute(
                  200,
                  [&store, &invitations, &clock](RequestContext& ctx) {
                    return ResponseRates(ctx, store, invitations, clock);
                  },
                  RatesJson)});

  // Answers to an invitation by its token (the token is the credential): the page's partial
  // saves, or an IVR's digits ({"input": "dtmf", "complete": true, "answers": {...}}).
  router.Add({.method = "POST",
              .pattern = "/api/v1/invitations/{token}/responses",
              .access = Access::kPublic,
              .async_handler = [&invitations, &ingest](RequestContext& ctx, auto done) {
                auto opened = invitations.Open(ctx.match.params.find("token")->second, false);
                if (!opened) return done(Fail(opened.error()));
                auto in = ReadBody(ctx.request, ReadInvitationAnswers);
                if (!in) return done(Fail(in.error()));
                responses::Submission s = outreach::Invitations::SubmissionFor(opened->invitation);
                s.complete = in->complete;
                s.language = in->language;
                if (!s.language && !opened->language.empty()) s.language = opened->language;
                if (in->answers) s.answers = std::move(*in->answers);
                if (in->input) s.input = *in->input;
                s.meta["user_agent"] = ClientMeta(ctx.request)["user_agent"];
                ingest.SubmitAsync(std::move(s), [done](Result<responses::SubmitOutcome> outcome) {
                  done(PublicResult(outcome));
                });
              }});
}

}  // namespace nazar::http
