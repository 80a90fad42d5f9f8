// The transports messages leave through: email over SMTP and HTTP gateways (SMS
// providers, webhooks), both over libcurl, and message templates with {{placeholders}}.
// They only send: what to send, when, how often, and what an outcome means for the domain
// belong to the outbox's handlers (delivery/dispatcher.h; invitations:
// outreach/invitation_messages.h).
//
// Email: smtp:// (plain, or upgraded with STARTTLS, required when asked) or smtps://
// (TLS from the first byte); AUTH when a user is set. The message is RFC 5322 with a UTF-8
// text body in base64 and RFC 2047 encoded words for non-ASCII headers (Persian subjects
// and sender names arrive intact). Its Message-ID is the caller's (an invitation's is
// derived from its token), so a message sent twice (a dispatcher that died after sending,
// before settling) carries the same id both times and mail clients show it once.
//
// Gateways: a request template (method, URL, headers, body, success status codes). Values
// are URL-encoded in the URL, JSON-escaped in a body whose Content-Type is JSON,
// form-encoded in a form body, and stripped of line breaks in headers. A template that
// sends the token (e.g. a header "Idempotency-Key: {{token}}") lets a gateway drop the
// duplicate of an at-least-once send.
//
// Outcomes: kSent; kRetry for what may pass later (connection failures, timeouts, SMTP 4xx,
// HTTP 408/429/5xx, a rejected login or sender: fix the settings and it goes through);
// kPermanent for an address the server refuses for good (SMTP 5xx to RCPT or to the message,
// HTTP 4xx), with `address_rejected` set.
//
// Thread-safety: all functions may be called from any thread (libcurl's global init is
// done once, thread-safely).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "accounts/accounts.h"
#include "core/error.h"
#include "core/json.h"
#include "store/store.h"

namespace nazar::delivery {

enum class SendOutcome { kSent, kRetry, kPermanent };

struct SendResult {
  SendOutcome outcome = SendOutcome::kSent;
  std::string detail;             // the server's answer or the transport error
  bool address_rejected = false;  // kPermanent because of the recipient's address
};

// --- templates ---------------------------------------------------------------------------

// Placeholder name -> value, e.g. {"link", "https://cx.example/i/…"}.
using Placeholders = std::vector<std::pair<std::string, std::string>>;

enum class Escape { kNone, kUrl, kJson, kForm, kHeader };

// `text` with every {{name}} of `values` replaced by its value escaped by `escape`;
// unknown placeholders are left as they are.
std::string FillTemplate(std::string_view text, const Placeholders& values,
                         Escape escape = Escape::kNone);

// The {{names}} a text uses, in order of first use.
std::vector<std::string> PlaceholdersIn(std::string_view text);

// --- email -------------------------------------------------------------------------------

struct EmailMessage {
  std::string from_address;
  std::string from_name;  // may be Persian
  std::string to;
  std::string subject;     // UTF-8
  std::string body;        // UTF-8 plain text, "\n" line ends
  // When set, an HTML part beside the plain text (multipart/alternative, the text first):
  // a whole HTML document, UTF-8.
  std::string html;
  std::string message_id;  // without angle brackets: "<token>.send@<domain>"
  int64_t date_ms = 0;
  // When set, List-Unsubscribe: <url> and List-Unsubscribe-Post: List-Unsubscribe=One-Click
  // (RFC 8058): a POST to the URL unsubscribes at once, as large mail providers require.
  std::string unsubscribe_url;
};

// "=?UTF-8?B?...?=" encoded words (each at most 75 characters, folded) for text that is not
// printable ASCII; printable ASCII as it is.
std::string EncodeHeaderText(std::string_view utf8);

// The whole message, CRLF line ends, ready for SMTP DATA.
std::string ComposeEmail(const EmailMessage& message);

struct SmtpOptions {
  int connect_timeout_ms = 10'000;
  int timeout_ms = 60'000;
};

// Sends one message through the organisation's SMTP server (settings.smtp_*; the envelope
// sender is settings.from_address).
SendResult SendEmail(const ChannelSettings& settings, const EmailMessage& message,
                     const SmtpOptions& options = {});

// --- HTTP gateways -------------------------------------------------------------------------

// A gateway's header. A secret one (an API key, a password; every Authorization and
// Proxy-Authorization) is treated like the SMTP password: sealed at rest by the store,
// never shown by the API (only its name), redacted in the audit log.
struct GatewayHeader {
  std::string name;
  std::string value;
  bool secret = false;

  bool operator==(const GatewayHeader&) const = default;
};

struct GatewayTemplate {
  std::string method = "POST";
  std::string url;  // http:// or https://, placeholders allowed
  std::vector<GatewayHeader> headers;
  std::string body;
  std::vector<int> success_codes{200, 201, 202, 204};
};

// True for headers that always carry credentials (Authorization, Proxy-Authorization).
bool AlwaysSecretHeader(std::string_view name);

// Reads and checks a template from the API (errors name `field` + ".url" and so on); the
// placeholders a template may use are {{phone}}, {{email}}, {{message}}, {{token}},
// {{link}}, {{contact}} (the external id), {{touchpoint}} and {{agent}}.
//   "headers": {name: value}             plain headers (an Authorization becomes secret)
//   "secret_headers": {name: value|null} a secret set, replaced or (null) removed; a secret
//                                        of `current` that is not named stays as it is.
Result<GatewayTemplate> ParseGatewayTemplate(const Json& json, const std::string& field,
                                             const GatewayTemplate* current = nullptr);
// The API's view: plain headers with their values, secret ones by name only
// ("secret_headers": ["Authorization"]).
Json ToJson(const GatewayTemplate& gateway);
// The stored text (ChannelSettings::sms_gateway): secret values under "secret_headers",
// which the store seals; ReadStoredGateway reads it back (an empty text is nullopt).
std::string ToStoredText(const GatewayTemplate& gateway);
Result<std::optional<GatewayTemplate>> ReadStoredGateway(std::string_view text);

struct GatewayRequest {
  std::string method;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

GatewayRequest RenderGatewayRequest(const GatewayTemplate& gateway, const Placeholders& values);

struct HttpOptions {
  int connect_timeout_ms = 10'000;
  int timeout_ms = 30'000;
};

SendResult SendGatewayRequest(const GatewayRequest& request, const std::vector<int>& success_codes,
                              const HttpOptions& options = {});

// --- the organisation's settings ------------------------------------------------------------

// The API's view of the settings: {"smtp": {host, port, tls, user, password_set, from_address,
// from_name} | null, "sms_gateway": {...} | null, "webhook_gateway": {...} | null,
// "updated_at"}. No secret leaves: `password_set` says whether an SMTP password is stored,
// a gateway's `secret_headers` name its secret headers without their values. The audit
// log records this view.
Json ToJson(const ChannelSettings& settings);

// `current` changed by an API body of the same shape: a part left out stays, null clears
// it; smtp.password left out keeps the stored one, and so do a gateway's secret headers. Errors name the field ("smtp.port",
// "sms_gateway.url").
Result<ChannelSettings> ApplyChannelSettings(const Json& body, ChannelSettings current);

// Writes the settings and an audit entry (ToJson: no password) in one transaction.
Result<ChannelSettings> SaveChannelSettings(Store& store, const Actor& actor,
                                            const OrgAccess& access, ChannelSettings settings,
                                            int64_t now_ms);

// PUT of the settings: the stored ones changed by `body` (ApplyChannelSettings), saved and
// audited (SaveChannelSettings). Returns them as stored.
Result<ChannelSettings> UpdateChannelSettings(Store& store, const Actor& actor,
                                              const OrgAccess& access, const Json& body,
                                              int64_t now_ms);

}  // namespace nazar::delivery
