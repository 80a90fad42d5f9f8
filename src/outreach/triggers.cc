#include "outreach/triggers.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "accounts/audit.h"
#include "core/crypto.h"
#include "core/enum_names.h"
#include "core/phone.h"
#include "core/time.h"
#include "delivery/channels.h"

namespace nazar::outreach {
namespace {

constexpr size_t kTokenBytes = 16;  // 128 bits: the invitation's link is its only secret
constexpr int kMaxPerInteraction = 100;  // an interaction's invitations read (one per rule)
constexpr size_t kInvitationsPerTransaction = 500;  // EvaluateMany: one fsync for so many
constexpr int64_t kMsPerHour = 3600'000;
constexpr int64_t kMsPerDay = 24 * kMsPerHour;
constexpr size_t kMaxConditions = 20;
constexpr size_t kMaxSubjectChars = 200;
constexpr size_t kMaxBodyChars = 5000;
constexpr std::array<std::string_view, 4> kMessagePlaceholders{"link", "name", "touchpoint",
                                                               "agent"};

constexpr EnumNames<CompareOp, 6> kOps{{{CompareOp::kLt, "lt"},
                                                                      {CompareOp::kLte, "lte"},
                                                                      {CompareOp::kGt, "gt"},
                                                                      {CompareOp::kGte, "gte"},
                                                                      {CompareOp::kEq, "eq"},
                                                                      {CompareOp::kNeq, "neq"}}};

std::optional<CompareOp> ParseOp(std::string_view text) { return ParseName(kOps, text); }

bool IsFactName(std::string_view s) {
  if (s.empty() || s.size() > 40 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Error Bad(std::string field, std::string message) {
  return Error::InvalidArgument(std::move(message), std::move(field));
}

Result<std::vector<FactCondition>> ParseConditions(std::string_view text) {
  std::vector<FactCondition> out;
  if (text.empty()) return out;
  Json list = Json::parse(text, nullptr, false);
  if (!list.is_array() || list.size() > kMaxConditions)
    return Fail(
        Bad("conditions", fmt::format("conditions must be a list of at most {}", kMaxConditions)));
  for (size_t i = 0; i < list.size(); ++i) {
    std::string at = fmt::format("conditions[{}]", i);
    if (!list[i].is_object()) return Fail(Bad(at, "a condition is {\"fact\", \"op\", \"value\"}"));
    JsonObjectReader r(list[i], at);
    FactCondition c;
    c.fact = r.String("fact", {.min_chars = 1, .max_chars = 40});
    if (r.ok() && !IsFactName(c.fact))
      r.Reject("fact", "a fact's name starts with a-z and holds only a-z, 0-9 and _");
    std::string op = r.String("op", {.min_chars = 1, .max_chars = 4});
    if (auto parsed = ParseOp(op))
      c.op = *parsed;
    else if (r.ok())
      r.Reject("op", "op must be lt, lte, gt, gte, eq or neq");
    const Json* value = r.OptionalValue("value");
    if (!value || !value->is_number() || !std::isfinite(value->get<double>()))
      r.Reject("value", "value must be a number");
    else
      c.value = value->get<double>();
    if (auto done = r.Finish(); !done) return Fail(done.error());
    out.push_back(std::move(c));
  }
  return out;
}

Result<void> CheckMessageText(std::string_view text, const std::string& field, size_t max_chars) {
  if (Utf8Length(text) > max_chars)
    return Fail(Bad(field, fmt::format("at most {} characters", max_chars)));
  for (const std::string& name : delivery::PlaceholdersIn(text)) {
    if (std::find(kMessagePlaceholders.begin(), kMessagePlaceholders.end(), name) ==
        kMessagePlaceholders.end())
      return Fail(Bad(field, fmt::format("unknown placeholder {{{{{}}}}}; use {{{{link}}}}, "
                                         "{{{{name}}}}, {{{{touchpoint}}}} or {{{{agent}}}}",
                                         name)));
  }
  return {};
}

Result<std::map<std::string, MessageTemplate, std::less<>>> ParseTemplates(
    std::string_view text, DeliveryChannel delivery) {
  std::map<std::string, MessageTemplate, std::less<>> out;
  if (text.empty()) return out;
  Json all = Json::parse(text, nullptr, false);
  if (!all.is_object())
    return Fail(Bad("templates", "templates must be an object of language to {subject, body}"));
  for (const auto& [lang, value] : all.items()) {
    std::string at = "templates." + lang;
    if (lang != "fa" && lang != "en") return Fail(Bad(at, "templates are in fa or en"));
    if (!value.is_object()) return Fail(Bad(at, "a template is {\"subject\", \"body\"}"));
    JsonObjectReader r(value, at);
    MessageTemplate m;
    m.subject = r.OptionalString("subject", {.max_chars = kMaxSubjectChars}).value_or("");
    m.body = r.String("body", {.min_chars = 1, .max_chars = kMaxBodyChars, .trim = false});
    if (auto done = r.Finish(); !done) return Fail(done.error());
    if (auto ok = CheckMessageText(m.subject, at + ".subject", kMaxSubjectChars); !ok)
      return Fail(ok.error());
    if (auto ok = CheckMessageText(m.body, at + ".body", kMaxBodyChars); !ok)
      return Fail(ok.error());
    bool needs_link = delivery == DeliveryChannel::kEmail || delivery == DeliveryChannel::kSms;
    if (needs_link && m.body.find("{{link}}") == std::string::npos)
      return Fail(Bad(at + ".body", "the message needs {{link}}: where the survey is"));
    out.emplace(lang, std::move(m));
  }
  return out;
}

// A fact's value from the interaction's facts object, if it is a number.
std::optional<double> FactValue(const Json& facts, const std::string& name) {
  auto it = facts.find(name);
  if (it == facts.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

bool Holds(const FactCondition& c, double v) {
  switch (c.op) {
    case CompareOp::kLt:
      return v < c.value;
    case CompareOp::kLte:
      return v <= c.value;
    case CompareOp::kGt:
      return v > c.value;
    case CompareOp::kGte:
      return v >= c.value;
    case CompareOp::kEq:
      return v == c.value;
    case CompareOp::kNeq:
      return v != c.value;
  }
  return false;
}

uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

int LocalHour(int64_t ms, const TimeZoneDays& zone, int32_t* day) {
  *day = zone.LocalDay(ms);
  return static_cast<int>((ms - zone.StartOfDayMs(*day)) / kMsPerHour);
}

}  // namespace

// --- rules -----------------------------------------------------------------------------------

Result<ParsedRule> ParseRule(const TriggerRule& t) {
  size_t name_chars = Utf8Length(t.name);
  if (name_chars < 1 || name_chars > 200)
    return Fail(Bad("name", "name must be 1 to 200 characters"));
  if (t.survey_id <= 0) return Fail(Bad("survey_id", "survey_id must be a survey id"));
  if (t.touchpoint.empty() || t.touchpoint.size() > 64)
    return Fail(Bad("touchpoint", "touchpoint must be a touchpoint key"));
  if (t.channel.size() > 32) return Fail(Bad("channel", "channel must be at most 32 characters"));
  if (t.delay_s < 0 || t.delay_s > kMaxRuleDelayS)
    return Fail(Bad("delay_s", fmt::format("delay_s must be 0 to {} (30 days)", kMaxRuleDelayS)));
  if (!std::isfinite(t.sampling) || t.sampling < 0 || t.sampling > 1)
    return Fail(Bad("sampling", "sampling must be a share from 0 to 1"));
  if (t.frequency_cap_days < 0 || t.frequency_cap_days > kMaxRuleCapDays)
    return Fail(
        Bad("frequency_cap_days", fmt::format("frequency_cap_days must be 0 to {}", kMaxRuleCapDays)));
  if (t.quiet_start_hour.has_value() != t.quiet_end_hour.has_value())
    return Fail(Bad("quiet_hours", "quiet_hours needs both start and end"));
  if (t.quiet_start_hour) {
    for (auto [hour, field] : {std::pair{*t.quiet_start_hour, "quiet_hours.start"},
                               std::pair{*t.quiet_end_hour, "quiet_hours.end"}})
      if (hour < 0 || hour > 23) return Fail(Bad(field, "an hour is 0 to 23"));
    if (*t.quiet_start_hour == *t.quiet_end_hour)
      return Fail(Bad("quiet_hours.end", "quiet hours end at another hour than they start"));
  }
  if (t.reminder_after_hours < 0 || t.reminder_after_hours > kMaxRuleReminderHours)
    return Fail(Bad("reminder_after_hours",
                    fmt::format("reminder_after_hours must be 0 to {}", kMaxRuleReminderHours)));
  if (t.reminder_after_hours > 0 && t.delivery == DeliveryChannel::kIvr)
    return Fail(Bad("reminder_after_hours", "an IVR invitation has no reminder"));
  auto conditions = ParseConditions(t.conditions);
  if (!conditions) return Fail(conditions.error());
  auto templates = ParseTemplates(t.templates, t.delivery);
  if (!templates) return Fail(templates.error());
  return ParsedRule{t, std::move(*conditions), std::move(*templates)};
}

bool Matches(const ParsedRule& p, const Interaction& i, const Json& facts) {
  if (p.rule.touchpoint != i.touchpoint) return false;
  if (!p.rule.channel.empty() && p.rule.channel != i.channel) return false;
  for (const FactCondition& c : p.conditions) {
    auto v = FactValue(facts, c.fact);
    if (!v || !Holds(c, *v)) return false;
  }
  return true;
}

double SampleValue(int64_t interaction_id, int64_t rule_id) {
  uint64_t h = SplitMix64(SplitMix64(static_cast<uint64_t>(interaction_id)) ^
                          static_cast<uint64_t>(rule_id));
  return static_cast<double>(h >> 11) * 0x1.0p-53;  // the top 53 bits: uniform in [0, 1)
}

int64_t OutsideQuietHours(int64_t due_ms, const TimeZoneDays& zone, int start, int end) {
  int32_t day = 0;
  int hour = LocalHour(due_ms, zone, &day);
  bool quiet = start < end ? (hour >= start && hour < end) : (hour >= start || hour < end);
  if (!quiet) return due_ms;
  // The end of the window: today when it has not passed (or the window started
  // yesterday evening), else tomorrow.
  int32_t end_day = start < end || hour < end ? day : day + 1;
  return zone.LocalTimeMs(end_day, end * kMsPerHour);
}

std::string AddressHash(std::string_view address) {
  while (!address.empty() && address.front() == ' ') address.remove_prefix(1);
  while (!address.empty() && address.back() == ' ') address.remove_suffix(1);
  std::string lower(address);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return Sha256Hex(lower);
}

std::string AddressFor(DeliveryChannel channel, const Contact& contact) {
  switch (channel) {
    case DeliveryChannel::kEmail:
      return contact.email;
    case DeliveryChannel::kSms:
      return contact.phone;
    case DeliveryChannel::kWebhook:
    case DeliveryChannel::kIvr:
      return "";
  }
  return "";
}

// --- the service -----------------------------------------------------------------------------

Triggers::Triggers(Store& store, const Clock& clock, TriggerOptions options)
    : store_(store), clock_(clock), options_(options) {}

Result<TriggerRule> Triggers::Checked(const OrgAccess& access, TriggerRule rule) {
  rule.org_id = access.org;
  auto parsed = ParseRule(rule);
  if (!parsed) return Fail(parsed.error());
  if (auto sv = store_.surveys().GetSurvey(access.org, rule.survey_id); !sv) {
    if (sv.error().code != ErrorCode::kNotFound) return Fail(sv.error());
    return Fail(Bad("survey_id", "no survey of this organisation has this id"));
  }
  auto touchpoints = store_.journeys().ListTouchpoints(access.org);
  if (!touchpoints) return Fail(touchpoints.error());
  if (std::none_of(touchpoints->begin(), touchpoints->end(),
                   [&](const Touchpoint& t) { return t.key == rule.touchpoint; }))
    return Fail(Bad("touchpoint",
                    "no touchpoint has this key: create it first (POST /api/v1/orgs/{org}/touchpoints "
                    "with the key and a name), or import the calls, whose queues become touchpoints"));
  return rule;
}

Result<TriggerRule> Triggers::CreateRuleFromJson(const Actor& actor, const OrgAccess& access,
                                                 const Json& body) {
  if (!body.is_object())
    return Fail(Error::InvalidArgument("the body must be a JSON object", "body"));
  Json with_defaults = body;
  if (const auto key = body.find("touchpoint"); key != body.end() && key->is_string()) {
    TRY_ASSIGN(const auto touchpoints, store_.journeys().ListTouchpoints(access.org));
    auto tp = std::find_if(touchpoints.begin(), touchpoints.end(),
                           [&](const Touchpoint& t) { return t.key == key->get<std::string>(); });
    if (tp != touchpoints.end() && tp->channel == "phone")
      for (const auto& [name, value] : CallRuleDefaults().items())
        if (!body.contains(name)) with_defaults[name] = value;
  }
  JsonObjectReader r(with_defaults);
  TriggerRule rule = ReadTriggerRule(r);
  TRY(r.Finish());
  return CreateRule(actor, access, std::move(rule));
}

Result<TriggerRule> Triggers::CreateRule(const Actor& actor, const OrgAccess& access,
                                         TriggerRule rule) {
  return Save(actor, access, std::move(rule), /*create=*/true);
}

Result<TriggerRule> Triggers::UpdateRule(const Actor& actor, const OrgAccess& access,
                                         TriggerRule rule) {
  return Save(actor, access, std::move(rule), /*create=*/false);
}

Result<TriggerRule> Triggers::Save(const Actor& actor, const OrgAccess& access, TriggerRule rule,
                                   bool create) {
  auto checked = Checked(access, std::move(rule));
  if (!checked) return Fail(checked.error());
  int64_t now = clock_.NowMs();
  if (create) checked->created_ms = now;
  checked->updated_ms = now;
  TriggerRule out;
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    auto made = create ? tx.outreach().CreateTriggerRule(*checked)
                       : tx.outreach().UpdateTriggerRule(access.org, *checked);
    if (!made) return Fail(made.error());
    out = *made;
    return WriteAudit(tx.audit(), actor, access.org,
                      create ? "trigger_rule.create" : "trigger_rule.update",
                      fmt::format("trigger_rule:{}", out.id), ToJson(out), clock_.NowMs());
  });
  if (!done) return Fail(done.error());
  Forget(access.org);
  return out;
}

Result<TriggerRule> Triggers::PatchRule(const Actor& actor, const OrgAccess& access,
                                        int64_t rule_id, const Json& patch) {
  if (!patch.is_object())
    return Fail(Error::InvalidArgument("the body must be a JSON object", "body"));
  TRY_ASSIGN(const TriggerRule stored, store_.outreach().GetTriggerRule(access.org, rule_id));
  Json merged = ToJson(stored);
  for (const auto& [name, value] : patch.items()) merged[name] = value;
  JsonObjectReader r(merged);
  TriggerRule rule = ReadTriggerRule(r);
  TRY(r.Finish());
  rule.id = rule_id;
  return UpdateRule(actor, access, std::move(rule));
}

Result<void> Triggers::DeleteRule(const Actor& actor, const OrgAccess& access, int64_t rule_id) {
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    auto rule = tx.outreach().GetTriggerRule(access.org, rule_id);
    if (!rule) return Fail(rule.error());
    if (auto gone = tx.outreach().DeleteTriggerRule(access.org, rule_id); !gone) return gone;
    return WriteAudit(tx.audit(), actor, access.org, "trigger_rule.delete",
                      fmt::format("trigger_rule:{}", rule->id), ToJson(*rule), clock_.NowMs());
  });
  if (!done) return Fail(done.error());
  Forget(access.org);
  return {};
}

void Triggers::Forget(OrgId org) {
  std::lock_guard lock(mu_);
  cache_.erase(org.value);
}

Result<std::shared_ptr<const Triggers::OrgRules>> Triggers::RulesOf(OrgId org) {
  const int64_t now = clock_.NowMs();
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(org.value);
    if (it != cache_.end() && now >= it->second->loaded_ms &&
        now - it->second->loaded_ms < options_.cache_ms)
      return it->second;
  }
  auto rules = store_.outreach().ListTriggerRules(org);
  if (!rules) return Fail(rules.error());
  auto loaded = std::make_shared<OrgRules>();
  loaded->loaded_ms = now;
  for (const TriggerRule& t : *rules) {
    if (!t.enabled) continue;
    auto parsed = ParseRule(t);
    if (!parsed) {  // written by an older version or by hand: skip it, loudly
      spdlog::warn("trigger rule {} of organisation {} is not usable: {}", t.id, org.value,
                   parsed.error().ToString());
      continue;
    }
    loaded->rules.push_back(std::move(*parsed));
  }
  if (!loaded->rules.empty()) {
    auto o = store_.accounts().GetOrganisation(org);
    if (!o) return Fail(o.error());
    auto zone = TimeZoneDays::ForZone(o->time_zone);
    if (!zone) return Fail(zone.error());
    loaded->zone = std::make_shared<const TimeZoneDays>(std::move(*zone));
  }
  std::lock_guard lock(mu_);
  cache_[org.value] = loaded;
  return std::shared_ptr<const OrgRules>(loaded);
}

Result<OutreachStore::InsertedInvitation> Triggers::Invite(Store& tx, const Candidate& c,
                                                           int64_t now) {
  const TriggerRule& rule = c.rule->rule;
  const Interaction& i = *c.interaction;
  // At most one survey per interaction: once a rule's invitation for it was not suppressed,
  // later rules in the chain (and this one, evaluated again) make nothing.
  TRY_ASSIGN(const auto asked, tx.outreach().ListInvitations(
                                   i.org_id, {.interaction_id = i.id, .limit = kMaxPerInteraction}));
  for (const Invitation& earlier : asked.items)
    if (earlier.status != InvitationStatus::kSuppressed || earlier.rule_id == rule.id ||
        earlier.last_error == kSupersededReason)
      return OutreachStore::InsertedInvitation{earlier, /*inserted=*/false};
  if (rule.latest_call_only) TRY(SupersedeEarlierCalls(tx, rule, i, now));
  auto contact = tx.journeys().GetContact(i.org_id, i.contact_id);
  if (!contact) return Fail(contact.error());
  Invitation inv{.org_id = i.org_id,
                 .rule_id = rule.id,
                 .survey_id = rule.survey_id,
                 .contact_id = i.contact_id,
                 .interaction_id = i.id,
                 .channel = rule.delivery,
                 .address = AddressFor(rule.delivery, *contact),
                 .token = RandomToken(kTokenBytes),
                 .touchpoint = i.touchpoint,
                 .agent = i.agent,
                 .interaction_channel = i.channel,
                 .created_ms = now,
                 .due_ms = c.due_ms};
  auto suppress = [&](std::string reason) {
    inv.status = InvitationStatus::kSuppressed;
    inv.last_error = std::move(reason);
  };
  if (rule.frequency_cap_days > 0) {
    auto last = tx.outreach().LastInvitationMs(i.org_id, i.contact_id);
    if (!last) return Fail(last.error());
    if (*last && **last > now - rule.frequency_cap_days * kMsPerDay)
      suppress(fmt::format("frequency cap: invited {} before, at most once in {} days",
                           FormatIsoUtc(**last), rule.frequency_cap_days));
  }
  bool needs_address =
      rule.delivery == DeliveryChannel::kEmail || rule.delivery == DeliveryChannel::kSms;
  if (inv.status == InvitationStatus::kQueued && needs_address) {
    if (inv.address.empty()) {
      suppress(rule.delivery == DeliveryChannel::kEmail ? "the contact has no email address"
                                                        : "the contact has no phone number");
    } else if (rule.delivery == DeliveryChannel::kSms && contact->phone_key.starts_with('+') &&
               !IsMobileNumber(contact->phone_key)) {
      suppress("the contact's phone is not a mobile");
    } else {
      auto failing = tx.outreach().IsAddressSuppressed(i.org_id, AddressHash(inv.address));
      if (!failing) return Fail(failing.error());
      if (*failing) suppress("the address failed permanently before");
    }
  }
  return tx.outreach().InsertInvitation(inv);
}

Result<void> Triggers::SupersedeEarlierCalls(Store& tx, const TriggerRule& rule,
                                             const Interaction& i, int64_t now) {
  TRY_ASSIGN(const auto queued,
             tx.outreach().ListInvitations(i.org_id, {.status = InvitationStatus::kQueued,
                                                      .rule_id = rule.id,
                                                      .contact_id = i.contact_id,
                                                      .limit = kMaxPerInteraction}));
  for (const Invitation& earlier : queued.items) {
    if (earlier.interaction_id == i.id) continue;
    TRY_ASSIGN(const Interaction before, tx.journeys().GetInteraction(i.org_id, earlier.interaction_id));
    if (before.occurred_ms > i.occurred_ms) continue;  // an older call imported late asks nothing new
    TRY(tx.outreach().SupersedeInvitation(i.org_id, earlier.id, kSupersededReason, now));
  }
  return {};
}

Result<void> Triggers::FindCandidates(const Interaction& i, int64_t now,
                                      std::vector<Candidate>& out) {
  if (i.occurred_ms < now - options_.max_age_ms) return {};
  auto org_rules = RulesOf(i.org_id);
  if (!org_rules) return Fail(org_rules.error());
  if ((*org_rules)->rules.empty()) return {};
  Json facts = Json::parse(i.facts.empty() ? std::string_view("{}") : std::string_view(i.facts),
                           nullptr, false);
  if (!facts.is_object()) facts = Json::object();
  for (const ParsedRule& p : (*org_rules)->rules) {
    const TriggerRule& rule = p.rule;
    if (!Matches(p, i, facts)) continue;
    if (SampleValue(i.id, rule.id) >= rule.sampling) continue;
    int64_t due = std::max(i.occurred_ms + rule.delay_s * 1000, now);
    if (rule.quiet_start_hour)
      due =
          OutsideQuietHours(due, *(*org_rules)->zone, *rule.quiet_start_hour, *rule.quiet_end_hour);
    out.push_back({*org_rules, &p, &i, due});
  }
  return {};
}

void Triggers::Queued(const OutreachStore::InsertedInvitation& made) {
  if (made.inserted && made.invitation.status == InvitationStatus::kQueued && on_queued_)
    on_queued_(made.invitation.due_ms);
}

Result<std::vector<OutreachStore::InsertedInvitation>> Triggers::Evaluate(const Interaction& i) {
  int64_t now = clock_.NowMs();
  std::vector<Candidate> candidates;
  if (auto found = FindCandidates(i, now, candidates); !found) return Fail(found.error());
  std::vector<OutreachStore::InsertedInvitation> out;
  for (const Candidate& c : candidates) {
    auto made = InviteAlone(c, now);
    if (!made) return Fail(made.error());
    Queued(*made);
    out.push_back(std::move(*made));
  }
  return out;
}

Result<OutreachStore::InsertedInvitation> Triggers::InviteAlone(const Candidate& c, int64_t now) {
  OutreachStore::InsertedInvitation made;
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    auto written = Invite(tx, c, now);
    if (!written) return Fail(written.error());
    made = std::move(*written);
    return {};
  });
  if (!done) return Fail(done.error());
  return made;
}

Result<int64_t> Triggers::EvaluateMany(std::span<const Interaction> interactions) {
  int64_t now = clock_.NowMs();
  std::vector<Candidate> candidates;
  for (const Interaction& i : interactions)
    if (auto found = FindCandidates(i, now, candidates); !found) return Fail(found.error());
  int64_t made = 0;
  for (size_t from = 0; from < candidates.size(); from += kInvitationsPerTransaction) {
    std::span<const Candidate> chunk(
        candidates.data() + from, std::min(kInvitationsPerTransaction, candidates.size() - from));
    std::vector<OutreachStore::InsertedInvitation> written;
    auto done = store_.Transact([&](Store& tx) -> Result<void> {
      written.clear();
      for (const Candidate& c : chunk) {
        auto w = Invite(tx, c, now);
        if (!w) return Fail(w.error());
        written.push_back(std::move(*w));
      }
      return {};
    });
    if (!done) {
      if (done.error().code == ErrorCode::kUnavailable) return Fail(done.error());
      // One bad candidate (its contact erased meanwhile) must not cost the others.
      written.clear();
      for (const Candidate& c : chunk) {
        auto alone = InviteAlone(c, now);
        if (!alone) {
          spdlog::warn("trigger rule {} for interaction {}: {}", c.rule->rule.id, c.interaction->id,
                       alone.error().ToString());
          continue;
        }
        written.push_back(std::move(*alone));
      }
    }
    for (const auto& w : written) {
      Queued(w);
      made += w.inserted ? 1 : 0;
    }
  }
  return made;
}

void Triggers::OnInteraction(const Interaction& interaction) {
  auto done = Evaluate(interaction);
  if (!done)
    spdlog::warn("trigger rules for interaction {} of organisation {} failed: {}", interaction.id,
                 interaction.org_id.value, done.error().ToString());
}

Result<int64_t> Triggers::CatchUp(int64_t since_ms) {
  auto orgs = store_.responses().ListOrganisationIds();
  if (!orgs) return Fail(orgs.error());
  int64_t made = 0;
  for (OrgId org : *orgs) {
    auto rules = RulesOf(org);
    if (!rules) return Fail(rules.error());
    if ((*rules)->rules.empty()) continue;
    InteractionQuery q{.from_ms = since_ms, .limit = 1000};
    for (;;) {
      auto page = store_.journeys().ListInteractions(org, q);
      if (!page) return Fail(page.error());
      auto invited = EvaluateMany(page->items);
      if (!invited) return Fail(invited.error());
      made += *invited;
      if (!page->next_after) break;
      q.after = page->next_after;
    }
  }
  return made;
}

}  // namespace nazar::outreach
