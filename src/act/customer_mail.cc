#include "act/customer_mail.h"

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

}  // namespace nazar::act
