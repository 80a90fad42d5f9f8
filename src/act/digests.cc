#include "act/digests.h"

#include <fmt/format.h>

#include "act/business_hours.h"
#include "act/customer_mail.h"
#include "act/every_org.h"
#include "core/time.h"
#include "core/try.h"

namespace nazar::act {
namespace {

constexpr int64_t kDayMs = 86'400'000;

int64_t DefaultWeekday(const Organisation& org) {
  return org.calendar == Calendar::kJalali ? kSaturday : kMonday;
}

int64_t PeriodMs(const std::optional<DigestPref>& pref) {
  return pref && pref->frequency == "daily" ? kDayMs : 7 * kDayMs;
}

}  // namespace

DigestInput ReadDigestInput(JsonObjectReader& r) {
  DigestInput in;
  in.frequency = r.String("frequency", {.min_chars = 1, .max_chars = 10});
  if (r.ok() && in.frequency != "off" && in.frequency != "daily" && in.frequency != "weekly")
    r.Reject("frequency", "frequency is off, daily or weekly");
  in.hour = r.OptionalInt("hour", {.min = 0, .max = 23});
  if (auto day = r.OptionalString("weekday", {.max_chars = 3})) {
    if (auto parsed = ParseWeekdayKey(*day)) in.weekday = *parsed;
    else r.Reject("weekday", "weekday is one of sat, sun, mon, tue, wed, thu, fri");
  }
  return in;
}

Json ToJson(const DigestChoice& c) {
  if (!c.pref) return {{"frequency", "off"}, {"hour", nullptr}, {"weekday", nullptr}, {"next_at", nullptr}};
  return {{"frequency", c.pref->frequency},
          {"hour", c.pref->hour},
          {"weekday", c.pref->frequency == "weekly" ? Json(WeekdayKey(static_cast<Weekday>(c.pref->weekday))) : Json(nullptr)},
          {"next_at", c.next_ms ? Json(FormatIsoUtc(*c.next_ms)) : Json(nullptr)}};
}

Result<DigestChoice> Digests::Get(OrgId org, UserId me) {
  TRY_ASSIGN(std::optional<DigestPref> pref, store_.program().GetDigestPref(org, me));
  DigestChoice c{.pref = pref};
  if (pref) {
    TRY_ASSIGN(const Organisation o, store_.accounts().GetOrganisation(org));
    TRY_ASSIGN(const TimeZoneDays zone, TimeZoneDays::ForZone(o.time_zone));
    c.next_ms = NextSlot(*pref, zone, clock_.NowMs()).due_ms;
  }
  return c;
}

Result<DigestChoice> Digests::Put(OrgId org, UserId me, const DigestInput& in) {
  if (in.frequency == "off") {
    TRY(store_.program().DeleteDigestPref(org, me));
    return DigestChoice{};
  }
  TRY_ASSIGN(const Organisation o, store_.accounts().GetOrganisation(org));
  TRY_ASSIGN(std::optional<DigestPref> old, store_.program().GetDigestPref(org, me));
  DigestPref pref{.org_id = org, .user_id = me, .frequency = in.frequency,
                  .hour = in.hour.value_or(old ? old->hour : 8),
                  .weekday = in.weekday.value_or(old ? old->weekday : DefaultWeekday(o)),
                  .updated_ms = clock_.NowMs()};
  TRY(store_.program().PutDigestPref(pref));
  return Get(org, me);
}

Result<DigestRequest> Digests::LastPeriod(OrgId org, UserId me) {
  TRY_ASSIGN(std::optional<DigestPref> pref, store_.program().GetDigestPref(org, me));
  const int64_t now = clock_.NowMs();
  return DigestRequest{.org = org, .user = me, .frequency = "now", .since_ms = now - PeriodMs(pref), .until_ms = now};
}

Result<Digest> Digests::Preview(OrgId org, UserId me) {
  TRY_ASSIGN(const DigestRequest req, LastPeriod(org, me));
  return ComposeDigest(store_, program_, settings_, req);
}

Result<bool> Digests::SendNow(OrgId org, UserId me) {
  TRY_ASSIGN(const DigestRequest req, LastPeriod(org, me));
  return Enqueue(req, fmt::format("digest:{}:now:{}", me.value, req.until_ms / 60'000));
}

Result<bool> Digests::Enqueue(const DigestRequest& req, std::string key) {
  const int64_t now = clock_.NowMs();
  const Json payload = {{"user_id", req.user.value}, {"frequency", req.frequency},
                        {"since_ms", req.since_ms},  {"until_ms", req.until_ms}};
  return store_.delivery().EnqueueOutbox({.org_id = req.org,
                                          .topic = std::string(kDigestTopic),
                                          .key = std::move(key),
                                          .payload = payload.dump(),
                                          .due_ms = now,
                                          .created_ms = now});
}

Result<int64_t> Digests::RunDue(OrgId org) {
  TRY_ASSIGN(const std::vector<DigestPref> prefs, store_.program().ListDigestPrefs(org));
  if (prefs.empty()) return 0;
  TRY_ASSIGN(const Organisation o, store_.accounts().GetOrganisation(org));
  TRY_ASSIGN(const TimeZoneDays zone, TimeZoneDays::ForZone(o.time_zone));
  const int64_t now = clock_.NowMs();
  int64_t queued = 0;
  for (const DigestPref& pref : prefs) {
    const std::optional<DigestSlot> slot = DueSlot(pref, zone, now);
    if (!slot) continue;
    const DigestRequest req{.org = org, .user = pref.user_id, .frequency = pref.frequency,
                            .since_ms = slot->since_ms, .until_ms = slot->due_ms};
    TRY_ASSIGN(bool added, Enqueue(req, fmt::format("digest:{}:{}", pref.user_id.value, slot->period)));
    if (added) ++queued;
  }
  return queued;
}

Result<int64_t> Digests::RunDueEverywhere() {
  return SumOverOrganisations(store_, "digests", [this](OrgId org) { return RunDue(org); });
}

void DigestHandler::RegisterWith(delivery::Dispatcher& dispatcher) {
  dispatcher.Register(std::string(kDigestTopic), *this, kCustomerMailRetry);
}

delivery::Attempt DigestHandler::Deliver(const OutboxMessage& message) {
  const Json payload = Json::parse(message.payload, nullptr, false);
  if (!payload.is_object() || !payload.contains("user_id") || !payload["user_id"].is_number_integer())
    return {.send = {delivery::SendOutcome::kPermanent, "the message has no recipient"}};
  const DigestRequest req{.org = message.org_id,
                          .user = UserId{payload["user_id"].get<int64_t>()},
                          .frequency = payload.value("frequency", "now"),
                          .since_ms = payload.value("since_ms", int64_t{0}),
                          .until_ms = payload.value("until_ms", message.created_ms)};
  auto to = MemberMailTo(store_, req.org, req.user);
  if (!to) return to.error();
  auto digest = ComposeDigest(store_, program_, settings_, req);
  if (!digest) return RetryLater(digest.error().message);
  if (digest->empty()) return {.send = {delivery::SendOutcome::kSent, "nothing to report"}, .skipped = true};
  DigestText text = RenderDigest(*digest, app_url_);
  return SendToMember(*to, std::move(text.subject), std::move(text.text), std::move(text.html),
                      fmt::format("digest-{}-{}@nazar", message.org_id.value, message.id), clock_.NowMs());
}

}  // namespace nazar::act
