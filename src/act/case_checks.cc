#include "act/case_checks.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "act/case_flow.h"
#include "act/cases.h"
#include "act/customer_mail.h"
#include "act/notify.h"
#include "core/crypto.h"
#include "core/try.h"
#include "delivery/channels.h"
#include "webhooks/publish.h"

namespace nazar::act {
namespace {

constexpr size_t kTokenBytes = 24;
constexpr size_t kMaxComment = 2000;

std::pair<std::string, std::string> CheckText(std::string_view language) {
  if (language == "fa")
    return {"آیا مشکل شما حل شد؟ (پروندهٔ {{case}})",
            "سلام،\n\nپروندهٔ {{case}} را بستیم. آیا مشکل شما واقعاً حل شد؟ پاسخ شما با یک کلیک "
            "به دست ما می‌رسد:\n\n{{link}}\n\nبا احترام،\n{{organisation}}"};
  return {"Did we resolve it? (case {{case}})",
          "Hello,\n\nWe have closed case {{case}}. Did we really resolve it for you? One click tells "
          "us:\n\n{{link}}\n\nKind regards,\n{{organisation}}"};
}

}  // namespace

survey::Definition CheckDefinition(std::string_view org_name) {
  survey::Definition d;
  d.title = {{"fa", fmt::format("{} — پیگیری پرونده", org_name)}, {"en", fmt::format("{} — your case", org_name)}};
  d.languages = {"fa", "en"};
  d.default_language = "fa";
  d.thank_you = {{"fa", "سپاس از پاسخ شما. اگر مشکل حل نشده باشد، دوباره پیگیری می‌کنیم."},
                 {"en", "Thank you. If it is not resolved, we are on it again."}};
  survey::Question resolved{.id = "resolved", .type = survey::QuestionType::kSingleChoice, .required = true,
                            .text = {{"fa", "آیا مشکل شما حل شد؟"}, {"en", "Did we resolve your issue?"}}};
  resolved.choices = {{"yes", {{"fa", "بله، حل شد"}, {"en", "Yes, it is resolved"}}},
                      {"no", {{"fa", "نه، هنوز حل نشده"}, {"en", "No, not yet"}}}};
  survey::Question comment{.id = "comment", .type = survey::QuestionType::kText,
                           .text = {{"fa", "چیزی هست که بخواهید بگویید؟"}, {"en", "Anything you would like to add?"}},
                           .max_length = static_cast<int>(kMaxComment)};
  d.questions = {std::move(resolved), std::move(comment)};
  return d;
}

Result<CaseCheck> AskCustomer(Store& tx, const Case& c, std::string language, int64_t now) {
  if (!c.contact_id)
    return Fail(Error::FailedPrecondition("the case has no customer to ask", "ask_customer"));
  TRY_ASSIGN(Contact contact, tx.journeys().GetContact(c.org_id, *c.contact_id));
  if (contact.email.empty())
    return Fail(Error::FailedPrecondition("the customer has no e-mail address to ask", "ask_customer"));
  if (language.empty()) language = contact.language;
  if (language.empty() && c.response_id) {
    if (auto r = tx.responses().GetResponse(c.org_id, *c.response_id)) language = r->language;
  }
  if (language.empty()) {
    TRY_ASSIGN(Organisation org, tx.accounts().GetOrganisation(c.org_id));
    language = org.language;
  }
  if (language != "fa") language = "en";
  const std::string token = RandomToken(kTokenBytes);
  TRY_ASSIGN(CaseCheck check, tx.act().CreateCaseCheck({.org_id = c.org_id, .case_id = c.id,
                                                        .token_hash = Sha256Hex(token), .language = language,
                                                        .sent_to = contact.email, .created_ms = now}));
  TRY(tx.act().AddCaseEvent({.org_id = c.org_id, .case_id = c.id, .at_ms = now, .kind = "check_sent",
                             .detail = Json{{"to", contact.email}, {"language", language}}.dump()}));
  Json payload = {{"case_id", c.id}, {"check_id", check.id}, {"token", token}, {"to", contact.email},
                  {"language", language}};
  TRY(tx.delivery().EnqueueOutbox({.org_id = c.org_id, .topic = std::string(kCheckTopic),
                                   .key = fmt::format("check:{}", check.id), .payload = payload.dump(),
                                   .due_ms = now, .created_ms = now}));
  return check;
}

Result<OpenedCheck> CaseChecks::Open(std::string_view token) {
  TRY_ASSIGN(CaseCheck check, store_.act().FindCaseCheck(Sha256Hex(token)));
  TRY_ASSIGN(Organisation org, store_.accounts().GetOrganisation(check.org_id));
  return OpenedCheck{std::move(check), std::make_shared<const survey::Definition>(CheckDefinition(org.name))};
}

Result<CaseCheck> CaseChecks::Answer(std::string_view token, std::string_view answer, std::string_view comment) {
  if (answer != "yes" && answer != "no")
    return Fail(Error::InvalidArgument("the answer is yes or no", "resolved"));
  if (comment.size() > kMaxComment)
    return Fail(Error::InvalidArgument("the comment is too long", "comment"));
  CaseCheck answered;
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(CaseCheck check, tx.act().FindCaseCheck(Sha256Hex(token)));
    const OrgId org = check.org_id;
    const int64_t now = clock_.NowMs();
    TRY_ASSIGN(bool first, tx.act().AnswerCaseCheck(org, check.id, answer, comment, now));
    if (!first) return Fail(Error::FailedPrecondition("this question was answered already", "resolved"));
    check.answer = std::string(answer);
    check.comment = std::string(comment);
    check.answered_ms = now;
    answered = check;
    TRY_ASSIGN(Case c, tx.act().GetCase(org, check.case_id));
    TRY(tx.act().AddCaseEvent({.org_id = org, .case_id = c.id, .at_ms = now, .kind = "customer_answer",
                               .detail = Json{{"answer", answer}, {"comment", comment}}.dump()}));
    const auto status = ParseCaseStatus(c.status).value_or(CaseStatus::kOpen);
    const bool reopen = answer == "no" && (status == CaseStatus::kResolved || status == CaseStatus::kClosed);
    if (reopen) {
      Case next = c;
      TRY(MoveStatus(next, CaseStatus::kOpen, now));
      next.updated_ms = now;
      TRY_ASSIGN(c, tx.act().UpdateCase(org, next));
      TRY(tx.act().AddCaseEvent({.org_id = org, .case_id = c.id, .at_ms = now, .kind = "status",
                                 .detail = Json{{"from", ToString(status)}, {"to", "open"}, {"by", "customer"}}.dump()}));
      TRY(webhooks::Publish(tx, org, "case.updated", ToJson(c), now));
    }
    if (!c.owner) return {};
    Notice notice{.kind = reopen ? "case.reopened" : "case.answer",
                  .detail = {{"title", c.title}, {"case_id", c.id}, {"answer", answer}},
                  .key = fmt::format("check:{}:answer", check.id)};
    return Notify(tx, org, {*c.owner}, notice, reopen, now);
  }));
  return answered;
}

void CheckHandler::RegisterWith(delivery::Dispatcher& dispatcher) {
  dispatcher.Register(std::string(kCheckTopic), *this, kCustomerMailRetry);
}

delivery::Attempt CheckHandler::Deliver(const OutboxMessage& message) {
  Json p = Json::parse(message.payload, nullptr, false);
  if (!p.is_object() || !p.contains("case_id") || !p.contains("token"))
    return {.send = {delivery::SendOutcome::kPermanent, "the message names no case check"}};
  auto settings = CustomerMailSettings(store_, message.org_id);
  if (!settings) return settings.error();
  auto org = store_.accounts().GetOrganisation(message.org_id);
  if (!org) return RetryLater(org.error().message);
  const int64_t case_id = p["case_id"].get<int64_t>();
  auto [subject, body] = CheckText(p.value("language", "en"));
  const delivery::Placeholders values = {
      {"case", std::to_string(case_id)},
      {"link", fmt::format("{}/case-check/{}", public_url_, p["token"].get<std::string>())},
      {"organisation", org->name}};
  delivery::EmailMessage email{.from_address = settings->from_address,
                               .from_name = settings->from_name,
                               .to = p.value("to", ""),
                               .subject = delivery::FillTemplate(subject, values),
                               .body = delivery::FillTemplate(body, values),
                               .message_id = fmt::format("check-{}@nazar", p.value("check_id", int64_t{0})),
                               .date_ms = clock_.NowMs()};
  delivery::Attempt attempt{.send = delivery::SendEmail(*settings, email)};
  if (attempt.send.outcome != delivery::SendOutcome::kSent)
    spdlog::info("case {}: the resolution check was not sent: {}", case_id, attempt.send.detail);
  const OrgId org_id = message.org_id;
  const std::string detail = attempt.send.detail;
  attempt.record = [org_id, case_id, detail](Store& tx, const delivery::Settled& settled) -> Result<void> {
    if (settled.state == OutboxState::kSent || settled.state == OutboxState::kPending) return {};
    TRY(tx.act().AddCaseEvent({.org_id = org_id, .case_id = case_id, .at_ms = settled.at_ms,
                               .kind = "check_failed", .detail = Json{{"error", detail}}.dump()}));
    return {};
  };
  return attempt;
}

}  // namespace nazar::act
