#include "delivery/test_message.h"

#include <fmt/format.h>

namespace nazar::delivery {
namespace {
SendResult NotSetUp() {
  return {SendOutcome::kRetry, "the sms gateway is not set up (channel settings)", false};
}
}  // namespace

Result<SendResult> SendTestMessage(const ChannelSettings& s, const TestMessage& m,
                                   const SmtpOptions& smtp, const HttpOptions& http) {
  const bool fa = m.language == "fa";
  const std::string text =
      fa ? "پیام آزمایشی Nazar: تنظیمات ارسال کار می‌کند."
         : "Nazar test message: the sending settings work.";
  if (m.channel == DeliveryChannel::kEmail) {
    const std::string& from = s.from_address;
    return SendEmail(
        s,
        {.from_address = from,
         .from_name = s.from_name,
         .to = m.to,
         .subject = fa ? "پیام آزمایشی" : "Test message",
         .body = text,
         .message_id = fmt::format("{}.test@{}", m.token, from.substr(from.find('@') + 1)),
         .date_ms = m.now_ms},
        smtp);
  }
  if (m.channel != DeliveryChannel::kSms)
    return Fail(Error::InvalidArgument("channel must be email or sms", "channel"));
  if (s.sms_gateway.empty()) return NotSetUp();
  auto gateway = ReadStoredGateway(s.sms_gateway);
  if (!gateway) return Fail(gateway.error());
  if (!*gateway) return NotSetUp();
  Placeholders fields{{"phone", m.to},    {"email", ""}, {"message", text},
                      {"token", m.token}, {"link", ""},  {"contact", "test"},
                      {"touchpoint", ""}, {"agent", ""}, {"name", ""}};
  return SendGatewayRequest(RenderGatewayRequest(**gateway, fields), (*gateway)->success_codes,
                            http);
}

}  // namespace nazar::delivery
