#include "outreach/invitations.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "core/enum_names.h"
#include "core/jalali.h"
#include "core/time.h"
#include "core/try.h"
#include "outreach/triggers.h"
#include "webhooks/publish.h"

namespace nazar::outreach {
namespace {

Json OptTime(const std::optional<int64_t>& ms) {
  return ms ? Json(FormatIsoUtc(*ms)) : Json(nullptr);
}

void Add(InvitationCounts& into, const InvitationCounts& c) {
  into.invited += c.invited;
  into.sent += c.sent;
  into.opened += c.opened;
  into.started += c.started;
  into.completed += c.completed;
  into.failed += c.failed;
  into.suppressed += c.suppressed;
}

}  // namespace

constexpr EnumNames<RateGrouping, 3> kRateGroupings{
    {{RateGrouping::kSurvey, "survey"}, {RateGrouping::kRule, "rule"}, {RateGrouping::kChannel, "channel"}}};

std::optional<RateGrouping> ParseRateGrouping(std::string_view text) {
  return ParseName(kRateGroupings, text);
}

std::string Invitations::ResponseKey(std::string_view token) { return fmt::format("i:{}", token); }

Result<Invitation> Invitations::Unsubscribe(std::string_view token) {
  TRY_ASSIGN(Invitation inv, outreach_.FindInvitationByToken(token));
  if (!inv.address.empty())
    TRY(outreach_.SuppressAddress(inv.org_id, AddressHash(inv.address),
                                  "unsubscribed (List-Unsubscribe)", clock_.NowMs()));
  return inv;
}

bool IsOptOutKeyword(std::string_view text) {
  std::string folded;
  for (char c : ToAsciiDigits(text)) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '.' || c == '!') continue;
    folded.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  for (auto [from, to] : {std::pair<std::string_view, std::string_view>{"\u200c", ""},
                          {"\u064a", "\u06cc"},    // Arabic yeh -> Persian yeh
                          {"\u0643", "\u06a9"}}) {  // Arabic kaf -> Persian keheh
    for (size_t at = folded.find(from); at != std::string::npos; at = folded.find(from, at))
      folded.replace(at, from.size(), to);
  }
  for (std::string_view keyword : {"لغو", "لغو11", "11", "stop", "unsubscribe"})
    if (folded == keyword) return true;
  return false;
}

Result<bool> Invitations::ReceiveSms(OrgId org, std::string_view from, std::string_view phone_key,
                                     std::string_view text) {
  if (!IsOptOutKeyword(text)) return false;
  const int64_t now = clock_.NowMs();
  constexpr std::string_view kReason = "opted out by SMS";
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY(tx.outreach().SuppressAddress(org, AddressHash(from), kReason, now));
    TRY_ASSIGN(const auto holders, tx.journeys().FindContactsByPhoneKey(org, phone_key));
    for (const Contact& c : holders)
      TRY(tx.outreach().SuppressAddress(org, AddressHash(c.phone), kReason, now));
    return {};
  }));
  return true;
}

Result<OpenedInvitation> Invitations::Open(std::string_view token, bool mark_opened) {
  auto inv = outreach_.FindInvitationByToken(token);
  if (!inv) return Fail(inv.error());
  if (inv->status == InvitationStatus::kSuppressed)
    return Fail(Error::NotFound("invitation not found"));
  auto live = surveys_.Live(inv->org_id, inv->survey_id);
  if (!live) return Fail(live.error());
  OpenedInvitation out{.invitation = *inv, .live = std::move(*live)};
  if (auto contact = journeys_.GetContact(inv->org_id, inv->contact_id); contact) {
    const auto& langs = out.live.definition->languages;
    if (std::find(langs.begin(), langs.end(), contact->language) != langs.end())
      out.language = contact->language;
  }
  bool reached = inv->status == InvitationStatus::kOpened ||
                 inv->status == InvitationStatus::kStarted ||
                 inv->status == InvitationStatus::kCompleted;
  if (mark_opened && !reached) {  // a page shown again writes nothing
    const int64_t now = clock_.NowMs();
    TRY(store_.Transact([&](Store& tx) -> Result<void> {
      TRY_ASSIGN(out.invitation, tx.outreach().AdvanceInvitation(inv->org_id, inv->id,
                                                                 InvitationStatus::kOpened, now));
      if (out.invitation.opened_ms != now) return {};  // moved by another request meanwhile
      return webhooks::PublishInvitationUpdated(tx, out.invitation, now);
    }));
  }
  return out;
}

responses::Submission Invitations::SubmissionFor(const Invitation& inv) {
  responses::Submission s{.org = inv.org_id,
               .survey_id = inv.survey_id,
               .response_key = ResponseKey(inv.token),
               .channel = inv.interaction_channel.empty() ? std::string(ToString(inv.channel))
                                                          : inv.interaction_channel,
               .touchpoint = inv.touchpoint,
               .agent = inv.agent,
               .strict_hidden = false,
               .contact_id = inv.contact_id,
               .interaction_id = inv.interaction_id,
               .invitation_id = inv.id};
  // Surveys that declare these hidden fields get them filled as well.
  s.hidden["touchpoint"] = inv.touchpoint;
  s.hidden["agent"] = inv.agent;
  s.meta = {{"invitation", inv.id}, {"delivery", ToString(inv.channel)}};
  return s;
}

Result<InvitationWithMessages> Invitations::WithMessages(DeliveryStore& delivery, OrgId org,
                                                         int64_t invitation_id) {
  TRY_ASSIGN(Invitation invitation, outreach_.GetInvitation(org, invitation_id));
  InvitationWithMessages out{.invitation = std::move(invitation)};
  for (std::string_view topic : {kInvitationSendTopic, kInvitationRemindTopic}) {
    TRY_ASSIGN(
        Page<OutboxMessage> found,
        delivery.ListOutbox(
            org, {.topic = std::string(topic), .key = std::to_string(invitation_id), .limit = 1}));
    for (OutboxMessage& m : found.items) out.messages.push_back(std::move(m));
  }
  return out;
}

Result<ResponseRates> Invitations::Rates(OrgId org, int64_t from_ms, int64_t to_ms, RateGrouping by,
                                         const metrics::ScoreOptions& options) {
  auto counts = outreach_.CountInvitations(org, from_ms, to_ms);
  if (!counts) return Fail(counts.error());
  std::map<std::pair<int64_t, int>, InvitationCounts> groups;
  ResponseRates out;
  for (const InvitationCounts& c : *counts) {
    InvitationCounts key;
    switch (by) {
      case RateGrouping::kSurvey:
        key.survey_id = c.survey_id;
        break;
      case RateGrouping::kRule:
        key.rule_id = c.rule_id;
        break;
      case RateGrouping::kChannel:
        key.channel = c.channel;
        break;
    }
    auto [it, fresh] =
        groups.try_emplace({key.survey_id + key.rule_id, static_cast<int>(key.channel)}, key);
    Add(it->second, c);
    Add(out.total.counts, c);
  }
  auto rate = [&](const InvitationCounts& c) -> Result<metrics::ProportionEstimate> {
    return metrics::ResponseRate(c.completed, c.sent, options);
  };
  for (auto& [_, c] : groups) {
    auto r = rate(c);
    if (!r) return Fail(r.error());
    out.rows.push_back({c, *r});
  }
  auto total = rate(out.total.counts);
  if (!total) return Fail(total.error());
  out.total.rate = *total;
  return out;
}

Json ToJson(const Invitation& i) {
  return {{"id", i.id},
          {"rule_id", i.rule_id},
          {"survey_id", i.survey_id},
          {"contact_id", i.contact_id},
          {"interaction_id", i.interaction_id},
          {"channel", ToString(i.channel)},
          {"address", i.address},
          {"token", i.token},
          {"status", ToString(i.status)},
          {"touchpoint", i.touchpoint},
          {"agent", i.agent},
          {"interaction_channel", i.interaction_channel},
          {"attempts", i.attempts},
          {"last_error", i.last_error},
          {"created_at", FormatIsoUtc(i.created_ms)},
          {"due_at", FormatIsoUtc(i.due_ms)},
          {"next_attempt_at", OptTime(i.next_attempt_ms)},
          {"sent_at", OptTime(i.sent_ms)},
          {"opened_at", OptTime(i.opened_ms)},
          {"started_at", OptTime(i.started_ms)},
          {"completed_at", OptTime(i.completed_ms)},
          {"failed_at", OptTime(i.failed_ms)},
          {"reminder_sent_at", OptTime(i.reminder_sent_ms)},
          {"response_id", i.response_id ? Json(*i.response_id) : Json(nullptr)}};
}

}  // namespace nazar::outreach
