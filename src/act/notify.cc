#include "act/notify.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "act/customer_mail.h"
#include "core/try.h"

namespace nazar::act {
namespace {

std::string TitleIn(const Json& detail, std::string_view locale) {
  if (!detail.contains("title")) return "";
  const Json& t = detail["title"];
  if (t.is_string()) return t.get<std::string>();
  std::string want(locale);
  if (t.contains(want) && t[want].is_string()) return t[want].get<std::string>();
  if (t.contains("en") && t["en"].is_string()) return t["en"].get<std::string>();
  return "";
}

std::string KindIn(std::string_view kind, bool fa) {
  struct Name {
    std::string_view kind, fa, en;
  };
  static constexpr Name kNames[] = {
      {"alert", "هشدار", "Alert"},
      {"case.assigned", "پرونده‌ای به شما سپرده شد", "A case was assigned to you"},
      {"case.mention", "در یک پرونده از شما نام برده شد", "You were mentioned on a case"},
      {"case.reopened", "مشتری می‌گوید مشکلش حل نشده؛ پرونده دوباره باز شد", "A customer says it is not resolved: the case is open again"},
      {"case.answer", "مشتری به «مشکل حل شد؟» پاسخ داد", "A customer answered \"did we resolve it?\""},
      {"sla.warning", "مهلت پرونده رو به پایان است", "A case is close to its deadline"},
      {"sla.breach", "مهلت پرونده گذشت", "A case missed its deadline"},
  };
  for (const Name& n : kNames)
    if (n.kind == kind) return std::string(fa ? n.fa : n.en);
  return std::string(kind);
}

}  // namespace

Result<void> Notify(Store& tx, OrgId org, const std::vector<UserId>& users, const Notice& notice,
                    bool email, int64_t now_ms) {
  std::set<int64_t> done;
  const std::string detail = notice.detail.dump();
  for (UserId user : users) {
    if (!done.insert(user.value).second) continue;
    TRY(tx.act().AddNotification({.org_id = org, .user_id = user, .kind = notice.kind,
                                  .detail = detail, .created_ms = now_ms}));
    if (!email) continue;
    Json payload = {{"user_id", user.value}, {"kind", notice.kind}, {"detail", notice.detail}};
    TRY(tx.delivery().EnqueueOutbox({.org_id = org,
                                     .topic = std::string(kNotifyTopic),
                                     .key = fmt::format("{}:{}", notice.key, user.value),
                                     .payload = payload.dump(),
                                     .due_ms = now_ms,
                                     .created_ms = now_ms}));
  }
  return {};
}

NoticeText RenderNotice(const Notice& notice, std::string_view locale, const Organisation& org,
                        std::string_view app_url) {
  const std::string_view org_name = org.name;
  const bool fa = locale == "fa";
  std::string kind = KindIn(notice.kind, fa);
  std::string title = TitleIn(notice.detail, locale);
  NoticeText out;
  out.subject = title.empty() ? fmt::format("{} · {}", kind, org_name)
                              : fmt::format("{}: {} · {}", kind, title, org_name);
  std::string link;
  if (!app_url.empty() && notice.detail.contains("case_id"))
    link = fmt::format("{}/o/{}/cases/{}", app_url, org.id.value, notice.detail["case_id"].dump());
  if (fa) {
    out.body = fmt::format("{}\n\n{}\n", kind, title);
    if (!link.empty()) out.body += fmt::format("\nبرای دیدن پرونده: {}\n", link);
    out.body += fmt::format("\n— نظر، برای {}\n", org_name);
  } else {
    out.body = fmt::format("{}\n\n{}\n", kind, title);
    if (!link.empty()) out.body += fmt::format("\nOpen the case: {}\n", link);
    out.body += fmt::format("\n— Nazar, for {}\n", org_name);
  }
  return out;
}

void NotifyHandler::RegisterWith(delivery::Dispatcher& dispatcher) {
  // Notifications are worth little late: a few quick retries, then dead (and listed).
  dispatcher.Register(std::string(kNotifyTopic), *this,
                      delivery::RetryPolicy{.max_attempts = 6, .base_ms = 30'000, .max_ms = 30 * 60'000});
}

delivery::Attempt NotifyHandler::Deliver(const OutboxMessage& message) {
  Json payload = Json::parse(message.payload, nullptr, false);
  if (!payload.is_object() || !payload.contains("user_id"))
    return {.send = {delivery::SendOutcome::kPermanent, "the message has no recipient"}};
  UserId user{payload["user_id"].get<int64_t>()};
  auto to = MemberMailTo(store_, message.org_id, user);
  if (!to) return to.error();
  auto org = store_.accounts().GetOrganisation(message.org_id);
  if (!org) return RetryLater(org.error().message);
  Notice notice{.kind = payload.value("kind", ""), .detail = payload.value("detail", Json::object())};
  NoticeText text = RenderNotice(notice, to->person.locale, *org, options_.app_url);
  return SendToMember(*to, text.subject, text.body, "",
                      fmt::format("notify-{}-{}@nazar", message.org_id.value, message.id), clock_.NowMs());
}

}  // namespace nazar::act
