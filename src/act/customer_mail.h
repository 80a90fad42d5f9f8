// What the act handlers that write to a case's customer (follow-ups, "did we resolve it?")
// or to a member (notifications, digests) share: their retry policy, and the organisation's SMTP settings or the attempt to answer
// when the e-mail cannot leave now.
#pragma once

#include <cstdint>
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

// Mail to a member (notifications, digests): their address and the organisation's SMTP
// settings, or the attempt to answer: skipped for one who is no longer a member or when no
// SMTP server is set (members' mail is not worth holding), a retry when the store fails.
struct MemberMail {
  User person;
  ChannelSettings settings;
};
std::expected<MemberMail, delivery::Attempt> MemberMailTo(Store& store, OrgId org, UserId user);

// Sends `text` (and `html` when set) to the member.
delivery::Attempt SendToMember(const MemberMail& to, std::string subject, std::string text, std::string html,
                               std::string message_id, int64_t now_ms);

}  // namespace nazar::act
