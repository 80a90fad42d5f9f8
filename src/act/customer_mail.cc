#include "act/customer_mail.h"

#include "delivery/channels.h"

namespace nazar::act {

delivery::Attempt RetryLater(std::string why) {
  return delivery::Attempt{.send = {delivery::SendOutcome::kRetry, std::move(why)}};
}

std::expected<ChannelSettings, delivery::Attempt> CustomerMailSettings(Store& store, OrgId org) {
  auto settings = store.delivery().GetChannelSettings(org);
  if (!settings) return std::unexpected(RetryLater(settings.error().message));
  if (settings->smtp_host.empty()) return std::unexpected(RetryLater("no SMTP server is set"));
  return std::move(*settings);
}

std::expected<MemberMail, delivery::Attempt> MemberMailTo(Store& store, OrgId org, UserId user) {
  auto member = store.accounts().GetMember(org, user);
  if (!member) {
    if (member.error().code != ErrorCode::kNotFound) return std::unexpected(RetryLater(member.error().message));
    return std::unexpected(delivery::Attempt{.send = {delivery::SendOutcome::kSent, "no longer a member"}, .skipped = true});
  }
  auto settings = store.delivery().GetChannelSettings(org);
  if (!settings) return std::unexpected(RetryLater(settings.error().message));
  if (settings->smtp_host.empty())
    return std::unexpected(delivery::Attempt{.send = {delivery::SendOutcome::kSent, "no SMTP server is set"}, .skipped = true});
  auto person = store.accounts().GetUser(user);
  if (!person) return std::unexpected(RetryLater(person.error().message));
  return MemberMail{.person = std::move(*person), .settings = std::move(*settings)};
}

delivery::Attempt SendToMember(const MemberMail& to, std::string subject, std::string text, std::string html,
                               std::string message_id, int64_t now_ms) {
  delivery::EmailMessage email{.from_address = to.settings.from_address,
                               .from_name = to.settings.from_name,
                               .to = to.person.email,
                               .subject = std::move(subject),
                               .body = std::move(text),
                               .html = std::move(html),
                               .message_id = std::move(message_id),
                               .date_ms = now_ms};
  return {.send = delivery::SendEmail(to.settings, email)};
}

}  // namespace nazar::act
