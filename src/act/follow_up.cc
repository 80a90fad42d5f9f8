#include "act/follow_up.h"

#include <fmt/format.h>

#include "act/cases.h"
#include "act/customer_mail.h"
#include "core/try.h"
#include "delivery/channels.h"

namespace nazar::act {
namespace {

constexpr size_t kMaxSubject = 200;
constexpr size_t kMaxBody = 5000;

}  // namespace

FollowUpInput ReadFollowUpInput(JsonObjectReader& r) {
  FollowUpInput in;
  in.subject = r.OptionalString("subject", {.min_chars = 1, .max_chars = kMaxSubject});
  in.body = r.OptionalString("body", {.min_chars = 1, .max_chars = kMaxBody});
  in.language = r.OptionalString("language", {.max_chars = 2});
  if (in.language && *in.language != "fa" && *in.language != "en") r.Reject("language", "language is fa or en");
  return in;
}

std::pair<std::string, std::string> DefaultFollowUp(std::string_view language) {
  if (language == "fa")
    return {"پیگیری نظر شما (پروندهٔ {{case}})",
            "سلام،\n\nاز اینکه تجربهٔ خوبی با ما نداشتید متأسفیم. نظرتان را خواندیم و پروندهٔ "
            "{{case}} را برای پیگیری آن باز کرده‌ایم؛ به‌زودی با شما تماس می‌گیریم.\n\nبا احترام،\n"
            "{{organisation}}"};
  return {"Following up on your feedback (case {{case}})",
          "Hello,\n\nWe're sorry your experience with us fell short. We have read your feedback and "
          "opened case {{case}} to put it right; we will be in touch shortly.\n\nKind regards,\n"
          "{{organisation}}"};
}

Result<CaseEvent> SendFollowUp(Store& store, const Clock& clock, const Actor& actor,
                               const OrgAccess& access, int64_t case_id, const FollowUpInput& in) {
  const std::optional<UserId> me = actor.user_id();
  CaseEvent written;
  TRY(store.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(Case c, WorkableCase(tx, actor, access, case_id, "write to the customer"));
    if (!c.contact_id)
      return Fail(Error::FailedPrecondition("the case has no customer to write to", "contact"));
    TRY_ASSIGN(Contact contact, tx.journeys().GetContact(access.org, *c.contact_id));
    if (contact.email.empty())
      return Fail(Error::FailedPrecondition("the customer has no e-mail address", "contact"));
    TRY_ASSIGN(Organisation org, tx.accounts().GetOrganisation(access.org));
    std::string language = in.language.value_or(contact.language);
    if (language.empty() && c.response_id) {
      if (auto r = tx.responses().GetResponse(access.org, *c.response_id)) language = r->language;
    }
    if (language.empty()) language = org.language;
    auto [subject, body] = DefaultFollowUp(language);
    if (in.subject) subject = *in.subject;
    if (in.body) body = *in.body;
    const delivery::Placeholders values = {{"case", std::to_string(c.id)}, {"title", c.title},
                                           {"agent", c.agent}, {"touchpoint", c.touchpoint},
                                           {"organisation", org.name}};
    subject = delivery::FillTemplate(subject, values);
    body = delivery::FillTemplate(body, values);
    const int64_t now = clock.NowMs();
    TRY_ASSIGN(written, tx.act().AddCaseEvent({.org_id = access.org, .case_id = c.id, .at_ms = now, .actor = me,
                                               .kind = "follow_up",
                                               .detail = Json{{"to", contact.email}, {"subject", subject},
                                                              {"body", body}, {"language", language}}.dump()}));
    Json payload = {{"case_id", c.id}, {"event_id", written.id}, {"to", contact.email},
                    {"subject", subject}, {"body", body}};
    TRY(tx.delivery().EnqueueOutbox({.org_id = access.org, .topic = std::string(kFollowUpTopic),
                                     .key = fmt::format("case:{}:{}", c.id, written.id),
                                     .payload = payload.dump(), .due_ms = now, .created_ms = now}));
    c.updated_ms = now;
    if (!c.first_response_ms && me) c.first_response_ms = now;
    if (!c.first_contact_ms) c.first_contact_ms = now;  // the customer is reached
    TRY(tx.act().UpdateCase(access.org, c));
    return {};
  }));
  return written;
}

void FollowUpHandler::RegisterWith(delivery::Dispatcher& dispatcher) {
  dispatcher.Register(std::string(kFollowUpTopic), *this, kCustomerMailRetry);
}

delivery::Attempt FollowUpHandler::Deliver(const OutboxMessage& message) {
  Json p = Json::parse(message.payload, nullptr, false);
  if (!p.is_object() || !p.contains("case_id"))
    return {.send = {delivery::SendOutcome::kPermanent, "the message names no case"}};
  auto settings = CustomerMailSettings(store_, message.org_id);
  if (!settings) return settings.error();
  delivery::EmailMessage email{.from_address = settings->from_address,
                               .from_name = settings->from_name,
                               .to = p.value("to", ""),
                               .subject = p.value("subject", ""),
                               .body = p.value("body", ""),
                               .message_id = fmt::format("case-{}-{}@nazar", p["case_id"].get<int64_t>(),
                                                         p.value("event_id", int64_t{0})),
                               .date_ms = clock_.NowMs()};
  delivery::Attempt attempt{.send = delivery::SendEmail(*settings, email)};
  const OrgId org = message.org_id;
  const int64_t case_id = p["case_id"].get<int64_t>();
  const std::string detail = attempt.send.detail;
  attempt.record = [org, case_id, detail](Store& tx, const delivery::Settled& settled) -> Result<void> {
    if (settled.state == OutboxState::kPending) return {};  // a retry: nothing to say yet
    const bool sent = settled.state == OutboxState::kSent;
    TRY(tx.act().AddCaseEvent({.org_id = org, .case_id = case_id, .at_ms = settled.at_ms,
                               .kind = sent ? "follow_up_sent" : "follow_up_failed",
                               .detail = sent ? "{}" : Json{{"error", detail}}.dump()}));
    return {};
  };
  return attempt;
}

}  // namespace nazar::act
