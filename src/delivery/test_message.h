// "Send a test message": one message through an organisation's e-mail or SMS settings to an
// address the operator gives, now, bypassing the outbox (nothing is stored or retried), so
// the operator sees at once whether the server, the login and the gateway template work.
//
// Thread-safety: a pure function of its arguments plus the network.
#pragma once

#include <cstdint>
#include <string>

#include "delivery/channels.h"
#include "store/records.h"

namespace nazar::delivery {

struct TestMessage {
  DeliveryChannel channel = DeliveryChannel::kEmail;  // email or sms
  std::string to;                                     // an e-mail address or a phone number
  std::string language = "fa";
  int64_t now_ms = 0;
  std::string token;  // a fresh random id: the Message-ID's and the gateway's {{token}}
};

// The channel's answer (SendResult: sent, retry or permanent, with the server's words).
// InvalidArgument naming "channel" for a channel other than email or sms.
Result<SendResult> SendTestMessage(const ChannelSettings& settings, const TestMessage& message,
                                   const SmtpOptions& smtp = {}, const HttpOptions& http = {});

}  // namespace nazar::delivery
