// What the act handlers that write to a case's customer (follow-ups, "did we resolve it?")
// share: their retry policy, and the organisation's SMTP settings or the attempt to answer
// when the e-mail cannot leave now.
#pragma once

#include <expected>
#include <string>

#include "delivery/dispatcher.h"
#include "store/store.h"

namespace nazar::act {

// Customers' e-mails are worth sending late: retried for about a day.
inline constexpr delivery::RetryPolicy kCustomerMailRetry{.max_attempts = 8, .base_ms = 60'000,
                                                          .max_ms = 3 * 3600'000};

// "Try again later", for every act handler (notifications too).
delivery::Attempt RetryLater(std::string why);

// The settings, or a retry when they cannot be read or no SMTP server is set.
std::expected<ChannelSettings, delivery::Attempt> CustomerMailSettings(Store& store, OrgId org);

}  // namespace nazar::act
