#include "outreach/outbox.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "outreach/triggers.h"
#include "core/crypto.h"
#include "core/time.h"

namespace nazar::outreach {
namespace {

constexpr int64_t kMsPerHour = 3600'000;
constexpr size_t kLeaseBytes = 12;

delivery::SendResult Retry(std::string why) { return {delivery::SendOutcome::kRetry, std::move(why), false}; }
delivery::SendResult Permanent(std::string why) { return {delivery::SendOutcome::kPermanent, std::move(why), false}; }

bool Reached(InvitationStatus s) {
  return s == InvitationStatus::kOpened || s == InvitationStatus::kStarted ||
         s == InvitationStatus::kCompleted;
}

// The message's language: the contact's, else the organisation's, when the rule has a
// template in it; else the rule's first template; the built-in messages speak fa and en.
std::string MessageLanguage(const ParsedRule& rule, const Contact& contact,
                            const Organisation& org) {
  for (const std::string& lang : {contact.language, org.language})
    if (!lang.empty() && (rule.templates.contains(lang) || rule.templates.empty())) return lang;
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

}  // namespace

OutboxSender::OutboxSender(Store& store, const Clock& clock, OutboxOptions options)
    : store_(store), clock_(clock), options_(std::move(options)) {
  while (!options_.public_url.empty() && options_.public_url.back() == '/')
    options_.public_url.pop_back();
}

OutboxSender::~OutboxSender() { Stop(); }

void OutboxSender::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void OutboxSender::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OutboxSender::Wake(int64_t due_ms) {
  if (due_ms > clock_.NowMs()) return;  // the loop looks again within idle_poll_ms anyway
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

int64_t OutboxSender::RetryDelayMs(int attempts) const {
  int64_t delay = options_.retry_base_ms;
  for (int i = 1; i < attempts && delay < options_.retry_max_ms; ++i) delay *= 2;
  return std::min(delay, options_.retry_max_ms);
}

void OutboxSender::Loop() {
  for (;;) {
    auto claimed = RunOnce();
    int64_t wait_ms = options_.idle_poll_ms;
    if (!claimed) {
      spdlog::warn("outbox: {}", claimed.error().ToString());
    } else if (*claimed >= options_.batch) {
      wait_ms = 0;  // more may be due
    } else if (auto next = store_.NextOutboxDueMs(); next && *next) {
      wait_ms = std::clamp<int64_t>(**next - clock_.NowMs(), 0, options_.idle_poll_ms);
    }
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(wait_ms), [this] { return stopping_ || woken_; });
    if (stopping_) return;
    woken_ = false;
  }
}

Result<std::vector<OutboxEntry>> OutboxSender::Claim() {
  return store_.ClaimOutbox(clock_.NowMs(), options_.lease_ms, options_.batch,
                            RandomToken(kLeaseBytes));
}

Result<int> OutboxSender::RunOnce() {
  auto claimed = Claim();
  if (!claimed) return Fail(claimed.error());
  for (size_t i = 0; i < claimed->size(); ++i) {
    const OutboxEntry& e = (*claimed)[i];
    bool stopping = false;
    {
      std::lock_guard lock(mu_);
      stopping = stopping_;
    }
    if (stopping) {
      // Hand the rest back now rather than when the lease ends.
      for (size_t j = i; j < claimed->size(); ++j) {
        const OutboxEntry& rest = (*claimed)[j];
        (void)store_.SettleOutbox(rest.org_id, rest.id, rest.lease, OutboxStatus::kPending,
                                  clock_.NowMs(), "handed back at shutdown", clock_.NowMs());
      }
      break;
    }
    OutboxDelivery d = Deliver(e);
    if (auto settled = Settle(e, d); !settled)
      spdlog::warn("outbox entry {} (invitation {}): {}", e.id, e.invitation_id,
                   settled.error().ToString());
  }
  return static_cast<int>(claimed->size());
}

OutboxDelivery OutboxSender::Deliver(const OutboxEntry& e) {
  OutboxDelivery d;
  const bool reminder = e.kind == OutboxKind::kReminder;
  auto inv = store_.GetInvitation(e.org_id, e.invitation_id);
  if (!inv) {
    if (inv.error().code != ErrorCode::kNotFound) return {.send = Retry(inv.error().message)};
    return {.send = {delivery::SendOutcome::kSent, "the invitation is gone", false}, .skipped = true};
  }
  d.address = inv->address;
  auto skip = [&](std::string why) {
    d.send = {delivery::SendOutcome::kSent, std::move(why), false};
    d.skipped = true;
    d.reached = Reached(inv->status);
    return d;
  };
  if (inv->status == InvitationStatus::kSuppressed || inv->status == InvitationStatus::kFailed)
    return skip(fmt::format("the invitation is {}", ToString(inv->status)));
  if (reminder && inv->status == InvitationStatus::kCompleted)
    return skip("the invitation was answered");
  if (!reminder && Reached(inv->status))
    return skip(fmt::format("the invitation was {} already", ToString(inv->status)));

  auto rule = store_.GetTriggerRule(e.org_id, inv->rule_id);
  if (!rule) {
    if (rule.error().code != ErrorCode::kNotFound) return {.send = Retry(rule.error().message)};
    return {.send = Permanent("the trigger rule was deleted")};
  }
  auto parsed = ParseRule(*rule);
  if (!parsed)
    return {.send = Permanent("the trigger rule is not usable: " + parsed.error().message)};
  auto survey = store_.GetSurvey(e.org_id, inv->survey_id);
  if (!survey) return {.send = Retry(survey.error().message)};
  if (survey->status != SurveyStatus::kPublished)
    return {.send = Permanent(fmt::format("the survey is {}", ToString(survey->status)))};
  auto contact = store_.GetContact(e.org_id, inv->contact_id);
  if (!contact) return {.send = Retry(contact.error().message)};
  auto org = store_.GetOrganisation(e.org_id);
  if (!org) return {.send = Retry(org.error().message)};
  auto touchpoints = store_.ListTouchpoints(e.org_id);
  if (!touchpoints) return {.send = Retry(touchpoints.error().message)};

  std::string lang = MessageLanguage(*parsed, *contact, *org);
  auto own = parsed->templates.find(lang);
  const MessageTemplate& base = DefaultMessage(lang);
  MessageTemplate m = own != parsed->templates.end() ? own->second : base;
  if (m.subject.empty()) m.subject = base.subject;
  std::string touchpoint = inv->touchpoint;
  for (const Touchpoint& t : *touchpoints)
    if (t.key == inv->touchpoint) touchpoint = Localised(t.name, lang, t.key);
  std::string link = fmt::format("{}/i/{}", options_.public_url, inv->token);
  delivery::Placeholders values{{"link", link},
                      {"name", ContactName(*contact)},
                      {"touchpoint", touchpoint},
                      {"agent", inv->agent}};
  std::string subject = delivery::FillTemplate(m.subject, values);
  std::string body = delivery::FillTemplate(m.body, values);
  if (reminder) subject = (lang == "fa" ? "یادآوری: " : "Reminder: ") + subject;

  int64_t now = clock_.NowMs();
  auto settings = store_.GetChannelSettings(e.org_id);
  if (!settings) return {.send = Retry(settings.error().message)};
  switch (inv->channel) {
    case DeliveryChannel::kIvr:
      d.send = {delivery::SendOutcome::kSent, "IVR: the call centre asks", false};
      break;
    case DeliveryChannel::kEmail:
      d.send = delivery::SendEmail(*settings,
                         {.from_address = settings->from_address,
                          .from_name = settings->from_name,
                          .to = inv->address,
                          .subject = subject,
                          .body = body,
                          .message_id = fmt::format("{}.{}@{}", inv->token, ToString(e.kind),
                                                    MailDomain(settings->from_address)),
                          .date_ms = now},
                         options_.smtp);
      break;
    case DeliveryChannel::kSms:
    case DeliveryChannel::kWebhook: {
      bool sms = inv->channel == DeliveryChannel::kSms;
      const std::string& text = sms ? settings->sms_gateway : settings->webhook_gateway;
      if (text.empty()) {
        d.send = Retry(
            fmt::format("the {} gateway is not set up (channel settings)", ToString(inv->channel)));
        break;
      }
      auto gateway = delivery::ReadStoredGateway(text);
      if (!gateway || !*gateway) {
        d.send = Retry("the gateway settings are not usable: " +
                       (gateway ? std::string("empty") : gateway.error().message));
        break;
      }
      delivery::Placeholders fields = values;
      fields.insert(fields.end(), {{"phone", sms ? inv->address : contact->phone},
                                   {"email", contact->email},
                                   {"message", body},
                                   {"token", inv->token},
                                   {"contact", contact->external_id}});
      d.send = delivery::SendGatewayRequest(delivery::RenderGatewayRequest(**gateway, fields), (*gateway)->success_codes,
                                  options_.http);
      break;
    }
  }
  if (d.send.outcome == delivery::SendOutcome::kSent && !reminder && rule->reminder_after_hours > 0) {
    int64_t due = now + rule->reminder_after_hours * kMsPerHour;
    if (rule->quiet_start_hour) {
      auto zone = TimeZoneDays::ForZone(org->time_zone);
      if (zone) due = OutsideQuietHours(due, *zone, *rule->quiet_start_hour, *rule->quiet_end_hour);
    }
    d.reminder_due_ms = due;
  }
  return d;
}

Result<void> OutboxSender::Settle(const OutboxEntry& e, const OutboxDelivery& d) {
  const int64_t now = clock_.NowMs();
  const bool first_send = e.kind == OutboxKind::kSend;
  const std::string& detail = d.send.detail;
  enum class Next { kDone, kRetry, kFailed } next = Next::kDone;
  if (d.send.outcome == delivery::SendOutcome::kRetry)
    next = e.attempts < options_.max_attempts ? Next::kRetry : Next::kFailed;
  if (d.send.outcome == delivery::SendOutcome::kPermanent) next = Next::kFailed;

  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    auto record = [&](const DeliveryRecord& r) -> Result<void> {
      auto written = tx.RecordDelivery(e.org_id, e.invitation_id, r);
      if (!written) return Fail(written.error());
      return {};
    };
    switch (next) {
      case Next::kDone: {
        if (auto s = tx.SettleOutbox(e.org_id, e.id, e.lease, OutboxStatus::kDone, now,
                                     d.skipped ? detail : "", now);
            !s)
          return s;
        // A skipped first send whose invitation was reached anyway is recorded as sent;
        // other skips record nothing.
        if (d.skipped && !(d.reached && first_send)) return {};
        if (auto r =
                record({.event = first_send ? DeliveryEvent::kSent : DeliveryEvent::kReminderSent,
                        .at_ms = now,
                        .attempts = e.attempts});
            !r)
          return r;
        if (!d.reminder_due_ms) return {};
        return tx.AddOutboxEntry({.org_id = e.org_id,
                                  .invitation_id = e.invitation_id,
                                  .kind = OutboxKind::kReminder,
                                  .due_ms = *d.reminder_due_ms,
                                  .created_ms = now});
      }
      case Next::kRetry: {
        int64_t due = now + RetryDelayMs(e.attempts);
        if (auto s =
                tx.SettleOutbox(e.org_id, e.id, e.lease, OutboxStatus::kPending, due, detail, now);
            !s)
          return s;
        if (!first_send) return {};
        return record({.event = DeliveryEvent::kRetrying,
                       .at_ms = now,
                       .attempts = e.attempts,
                       .error = detail,
                       .next_attempt_ms = due});
      }
      case Next::kFailed: {
        if (auto s =
                tx.SettleOutbox(e.org_id, e.id, e.lease, OutboxStatus::kFailed, now, detail, now);
            !s)
          return s;
        if (d.send.address_rejected && !d.address.empty())
          if (auto s = tx.SuppressAddress(e.org_id, AddressHash(d.address), detail, now); !s)
            return s;
        if (!first_send) return {};
        return record({.event = DeliveryEvent::kFailed,
                       .at_ms = now,
                       .attempts = e.attempts,
                       .error = detail});
      }
    }
    return {};
  });
  if (!done) return done;
  switch (next) {
    case Next::kDone:
      (d.skipped ? stats_.skipped : stats_.sent)++;
      break;
    case Next::kRetry:
      stats_.retried++;
      break;
    case Next::kFailed:
      stats_.failed++;
      break;
  }
  return {};
}

}  // namespace nazar::outreach
