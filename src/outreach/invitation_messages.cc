#include "outreach/invitation_messages.h"

#include <fmt/format.h>

#include <vector>

#include "core/crypto.h"
#include "core/html.h"
#include "core/time.h"
#include "outreach/triggers.h"
#include "webhooks/publish.h"

namespace nazar::outreach {
namespace {

using delivery::SendOutcome;
using delivery::SendResult;

constexpr int64_t kMsPerHour = 3600'000;

SendResult Retry(std::string why) { return {SendOutcome::kRetry, std::move(why), false}; }
SendResult Permanent(std::string why) { return {SendOutcome::kPermanent, std::move(why), false}; }

bool Reached(InvitationStatus s) {
  return s == InvitationStatus::kOpened || s == InvitationStatus::kStarted ||
         s == InvitationStatus::kCompleted;
}

// {"invitation_id": N} -> N; nullopt for anything else.
std::optional<int64_t> InvitationIdOf(const OutboxMessage& m) {
  Json j = Json::parse(m.payload, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  auto it = j.find("invitation_id");
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

// The message's language: the contact's, else the organisation's, when the rule has a
// template in it; else the rule's first template; the built-in messages speak fa and en.
// The message's language: the contact's (the rule's template in it, else the built-in
// message in it), so the message and the survey page they open agree; for a contact without
// one, the organisation's when the rule has it, else the rule's first.
std::string MessageLanguage(const ParsedRule& rule, const Contact& contact,
                            const Organisation& org) {
  if (contact.language == "fa" || contact.language == "en") return contact.language;
  if (!org.language.empty() && (rule.templates.contains(org.language) || rule.templates.empty()))
    return org.language;
  if (!rule.templates.empty()) return rule.templates.begin()->first;
  return "en";
}

// {"fa": …, "en": …} -> the text in `lang`, else the other, else `fallback`.
std::string Localised(const std::string& names, const std::string& lang,
                      const std::string& fallback) {
  Json j = Json::parse(names, nullptr, false);
  if (!j.is_object()) return fallback;
  for (const std::string& l : {lang, std::string("en"), std::string("fa")}) {
    auto it = j.find(l);
    if (it != j.end() && it->is_string() && !it->get<std::string>().empty())
      return it->get<std::string>();
  }
  return fallback;
}

// What {{agent}} says: the agent's name in `lang` from the organisation's agent mapping
// (found by agent id or member channel); an unmapped agent id as it is, but never a machine
// channel such as "SIP/8007" (empty instead).
std::string AgentDisplayName(const std::vector<AgentName>& agents, const std::string& agent,
                             const std::string& lang) {
  for (const AgentName& a : agents)
    if (a.agent_id == agent || a.member == agent) return Localised(a.name, lang, a.agent_id);
  return agent.find('/') == std::string::npos ? agent : std::string();
}

// The HTML part of an invitation e-mail: the plain text escaped, its link a link, right to
// left for Persian, and an unsubscribe link below.
std::string HtmlOf(const std::string& text, const std::string& link, const std::string& lang,
                   const std::string& unsubscribe) {
  const auto escape = [](std::string_view in) { return EscapeHtml(in); };
  const bool rtl = lang == "fa";
  const std::string anchor = fmt::format("<a href=\"{0}\" dir=\"ltr\">{0}</a>", escape(link));
  std::string body;
  size_t from = 0;
  for (size_t at = text.find(link); !link.empty() && at != std::string::npos;
       from = at + link.size(), at = text.find(link, from))
    body += escape(text.substr(from, at - from)) + anchor;
  body += escape(text.substr(from));
  std::string html;
  for (char c : body) html += c == '\n' ? std::string("<br>\n") : std::string(1, c);
  return fmt::format(
      "<!doctype html>\n<html lang=\"{0}\" dir=\"{1}\"><head><meta charset=\"utf-8\"></head>\n"
      "<body dir=\"{1}\" style=\"direction:{1};text-align:{2};font-family:Tahoma,Vazirmatn,sans-serif\">\n"
      "<p>{3}</p>\n<p style=\"font-size:small;color:#666\"><a href=\"{4}\">{5}</a></p>\n</body></html>\n",
      rtl ? "fa" : "en", rtl ? "rtl" : "ltr", rtl ? "right" : "left", html, escape(unsubscribe),
      rtl ? "دیگر نظرسنجی نفرستید" : "Stop these feedback requests");
}

std::string ContactName(const Contact& c) {
  Json attributes = Json::parse(c.attributes, nullptr, false);
  if (!attributes.is_object()) return "";
  auto it = attributes.find("name");
  return it != attributes.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string MailDomain(const std::string& address) {
  auto at = address.rfind('@');
  return at == std::string::npos ? "nazar.invalid" : address.substr(at + 1);
}

// A delivery record that moves the invitation's status (sent, failed, queued again) is told
// to integrators (invitation.updated) in the same transaction; a retry's record is not.
Result<void> PublishStatusChange(Store& tx, const DeliveryRecord& r, const Invitation& written) {
  if (r.event != DeliveryEvent::kSent && r.event != DeliveryEvent::kFailed &&
      r.event != DeliveryEvent::kRequeued)
    return {};
  return webhooks::PublishInvitationUpdated(tx, written, r.at_ms);
}

}  // namespace

OutboxMessage InvitationMessage(std::string_view topic, OrgId org, int64_t invitation_id,
                                int64_t due_ms, int64_t now_ms) {
  return {.org_id = org,
          .topic = std::string(topic),
          .key = std::to_string(invitation_id),
          .payload = Json{{"invitation_id", invitation_id}}.dump(),
          .due_ms = due_ms,
          .created_ms = now_ms};
}

InvitationMessages::InvitationMessages(Store& store, const Clock& clock,
                                       InvitationMessageOptions options)
    : store_(store), clock_(clock), options_(std::move(options)) {
  while (!options_.public_url.empty() && options_.public_url.back() == '/')
    options_.public_url.pop_back();
}

void InvitationMessages::RegisterWith(delivery::Dispatcher& dispatcher,
                                      delivery::RetryPolicy policy) {
  dispatcher.Register(std::string(kInvitationSendTopic), *this, policy);
  dispatcher.Register(std::string(kInvitationRemindTopic), *this, policy);
}

delivery::Attempt InvitationMessages::Deliver(const OutboxMessage& m) {
  Outcome out{.org = m.org_id, .reminder = m.topic == kInvitationRemindTopic};
  delivery::Attempt a;
  // Every return below records through this outcome, whatever it came to.
  auto finish = [&]() -> delivery::Attempt {
    a.record = [out, send = a.send, skipped = a.skipped, attempts = m.attempts](
                   Store& tx, const delivery::Settled& settled) {
      return Record(tx, out, send, skipped, attempts, settled);
    };
    return a;
  };
  auto fail = [&](SendResult send) {
    a.send = std::move(send);
    return finish();
  };
  auto id = InvitationIdOf(m);
  if (!id) return fail(Permanent("the message's payload names no invitation"));
  out.invitation_id = *id;
  const bool reminder = out.reminder;
  auto inv = store_.outreach().GetInvitation(m.org_id, *id);
  if (!inv) {
    if (inv.error().code != ErrorCode::kNotFound) return fail(Retry(inv.error().message));
    a.skipped = true;
    return fail({SendOutcome::kSent, "the invitation is gone", false});
  }
  out.address = inv->address;
  auto skip = [&](std::string why) {
    a.send = {SendOutcome::kSent, std::move(why), false};
    a.skipped = true;
    out.reached = Reached(inv->status);
    return finish();
  };
  if (inv->status == InvitationStatus::kSuppressed || inv->status == InvitationStatus::kFailed)
    return skip(fmt::format("the invitation is {}", ToString(inv->status)));
  if (reminder && inv->status == InvitationStatus::kCompleted)
    return skip("the invitation was answered");
  if (!reminder && Reached(inv->status))
    return skip(fmt::format("the invitation was {} already", ToString(inv->status)));

  auto rule = store_.outreach().GetTriggerRule(m.org_id, inv->rule_id);
  if (!rule) {
    if (rule.error().code != ErrorCode::kNotFound) return fail(Retry(rule.error().message));
    return fail(Permanent("the trigger rule was deleted"));
  }
  auto parsed = ParseRule(*rule);
  if (!parsed) return fail(Permanent("the trigger rule is not usable: " + parsed.error().message));
  auto survey = store_.surveys().GetSurvey(m.org_id, inv->survey_id);
  if (!survey) return fail(Retry(survey.error().message));
  if (survey->status != SurveyStatus::kPublished)
    return fail(Permanent(fmt::format("the survey is {}", ToString(survey->status))));
  auto contact = store_.journeys().GetContact(m.org_id, inv->contact_id);
  if (!contact) return fail(Retry(contact.error().message));
  auto org = store_.accounts().GetOrganisation(m.org_id);
  if (!org) return fail(Retry(org.error().message));
  auto touchpoints = store_.journeys().ListTouchpoints(m.org_id);
  if (!touchpoints) return fail(Retry(touchpoints.error().message));
  auto agents = store_.call_centre().ListAgents(m.org_id);
  if (!agents) return fail(Retry(agents.error().message));

  std::string lang = MessageLanguage(*parsed, *contact, *org);
  auto own = parsed->templates.find(lang);
  const MessageTemplate& base =
      inv->channel == DeliveryChannel::kSms ? DefaultSmsMessage(lang) : DefaultMessage(lang);
  MessageTemplate text = own != parsed->templates.end() ? own->second : base;
  if (text.subject.empty()) text.subject = base.subject;
  std::string touchpoint = inv->touchpoint;
  for (const Touchpoint& t : *touchpoints)
    if (t.key == inv->touchpoint) touchpoint = Localised(t.name, lang, t.key);
  std::string link = fmt::format("{}/i/{}", options_.public_url, inv->token);
  delivery::Placeholders values{{"link", link},
                                {"name", ContactName(*contact)},
                                {"touchpoint", touchpoint},
                                {"agent", AgentDisplayName(*agents, inv->agent, lang)}};
  std::string subject = delivery::FillTemplate(text.subject, values);
  std::string body = delivery::FillTemplate(text.body, values);
  if (reminder) subject = (lang == "fa" ? "یادآوری: " : "Reminder: ") + subject;

  int64_t now = clock_.NowMs();
  auto settings = store_.delivery().GetChannelSettings(m.org_id);
  if (!settings) return fail(Retry(settings.error().message));
  switch (inv->channel) {
    case DeliveryChannel::kIvr:
      a.send = {SendOutcome::kSent, "IVR: the call centre asks", false};
      break;
    case DeliveryChannel::kEmail: {
      const std::string unsubscribe = fmt::format("{}/u/{}", options_.public_url, inv->token);
      a.send = delivery::SendEmail(
          *settings,
          {.from_address = settings->from_address,
           .from_name = settings->from_name,
           .to = inv->address,
           .subject = subject,
           .body = body,
           .html = HtmlOf(body, link, lang, unsubscribe),
           .message_id = fmt::format("{}.{}@{}", inv->token, reminder ? "reminder" : "send",
                                     MailDomain(settings->from_address)),
           .date_ms = now,
           .unsubscribe_url = unsubscribe},
          options_.smtp);
      break;
    }
    case DeliveryChannel::kSms:
    case DeliveryChannel::kWebhook: {
      bool sms = inv->channel == DeliveryChannel::kSms;
      const std::string& stored = sms ? settings->sms_gateway : settings->webhook_gateway;
      if (stored.empty()) {
        a.send = Retry(fmt::format("the {} gateway is not set up (channel settings)",
                                   ToString(inv->channel)));
        break;
      }
      auto gateway = delivery::ReadStoredGateway(stored);
      if (!gateway || !*gateway) {
        a.send = Retry("the gateway settings are not usable: " +
                       (gateway ? std::string("empty") : gateway.error().message));
        break;
      }
      delivery::Placeholders fields = values;
      fields.insert(fields.end(), {{"phone", sms ? inv->address : contact->phone},
                                   {"email", contact->email},
                                   {"message", body},
                                   {"token", inv->token},
                                   {"contact", contact->external_id}});
      a.send = delivery::SendGatewayRequest(delivery::RenderGatewayRequest(**gateway, fields),
                                            (*gateway)->success_codes, options_.http);
      break;
    }
  }
  if (a.send.outcome == SendOutcome::kSent && !reminder && rule->reminder_after_hours > 0) {
    int64_t due = now + rule->reminder_after_hours * kMsPerHour;
    if (rule->quiet_start_hour) {
      auto zone = TimeZoneDays::ForZone(org->time_zone);
      if (zone) due = OutsideQuietHours(due, *zone, *rule->quiet_start_hour, *rule->quiet_end_hour);
    }
    out.reminder_due_ms = due;
  }
  return finish();
}

Result<void> InvitationMessages::Record(Store& tx, const Outcome& out, const SendResult& send,
                                        bool skipped, int attempts,
                                        const delivery::Settled& settled) {
  const bool first_send = !out.reminder;
  auto record = [&](const DeliveryRecord& r) -> Result<void> {
    TRY_ASSIGN(const Invitation written, tx.outreach().RecordDelivery(out.org, out.invitation_id, r));
    return PublishStatusChange(tx, r, written);
  };
  switch (settled.state) {
    case OutboxState::kSent: {
      // A skipped first send whose invitation was reached anyway is recorded as sent;
      // other skips record nothing.
      if (skipped && !(out.reached && first_send)) return {};
      if (auto r = record({.event = first_send ? DeliveryEvent::kSent : DeliveryEvent::kReminderSent,
                           .at_ms = settled.at_ms,
                           .attempts = attempts});
          !r)
        return r;
      if (!out.reminder_due_ms) return {};
      auto queued = tx.delivery().EnqueueOutbox(InvitationMessage(
          kInvitationRemindTopic, out.org, out.invitation_id, *out.reminder_due_ms, settled.at_ms));
      if (!queued) return Fail(queued.error());
      return {};
    }
    case OutboxState::kPending:
      if (!first_send) return {};
      return record({.event = DeliveryEvent::kRetrying,
                     .at_ms = settled.at_ms,
                     .attempts = attempts,
                     .error = send.detail,
                     .next_attempt_ms = settled.retry_at_ms});
    case OutboxState::kFailed:
    case OutboxState::kDead:
      if (send.address_rejected && !out.address.empty())
        if (auto s = tx.outreach().SuppressAddress(out.org, AddressHash(out.address), send.detail,
                                                   settled.at_ms);
            !s)
          return s;
      if (!first_send) return {};
      return record({.event = DeliveryEvent::kFailed,
                     .at_ms = settled.at_ms,
                     .attempts = attempts,
                     .error = send.detail});
  }
  return {};
}

Result<void> InvitationMessages::Replayed(Store& tx, const OutboxMessage& m, int64_t now_ms) {
  if (m.topic != kInvitationSendTopic) return {};  // a reminder's failures failed nothing
  auto id = InvitationIdOf(m);
  if (!id) return {};
  const DeliveryRecord requeue{
      .event = DeliveryEvent::kRequeued, .at_ms = now_ms, .next_attempt_ms = now_ms};
  auto requeued = tx.outreach().RecordDelivery(m.org_id, *id, requeue);
  if (!requeued) {
    if (requeued.error().code != ErrorCode::kNotFound) return Fail(requeued.error());
    return {};
  }
  return PublishStatusChange(tx, requeue, *requeued);
}

}  // namespace nazar::outreach
