#include "delivery/channels.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <memory>
#include <mutex>

#include "accounts/audit.h"
#include "core/contact_info.h"
#include "core/crypto.h"
#include "core/time.h"
#include "core/try.h"
#include "delivery/curl.h"

namespace nazar::delivery {
namespace {

constexpr size_t kEncodedWordBytes = 45;  // 60 base64 characters: a 72-character word
constexpr size_t kBodyLineChars = 76;     // RFC 2045 base64 lines
constexpr size_t kDetailBytes = 300;      // of a gateway's answer, for last_error
constexpr size_t kMaxHeaders = 30;

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

std::string PercentEncode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (IsUnreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string Escaped(std::string_view value, Escape escape) {
  switch (escape) {
    case Escape::kNone:
      return std::string(value);
    case Escape::kUrl:
    case Escape::kForm:
      return PercentEncode(value);
    case Escape::kJson: {
      std::string quoted = Json(value).dump(-1, ' ', false, Json::error_handler_t::replace);
      return quoted.substr(1, quoted.size() - 2);
    }
    case Escape::kHeader: {
      std::string out(value);
      std::replace_if(
          out.begin(), out.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
      return out;
    }
  }
  return std::string(value);
}

bool IsPrintableAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
}

// Line breaks and other controls in header text become spaces: a header cannot be split.
std::string OneLine(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return out;
}

// "Tue, 01 Jul 2025 10:00:00 +0000"
std::string RfcDate(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{}, {:02d} {} {} {:02d}:{:02d}:{:02d} +0000", kDays[tm.tm_wday], tm.tm_mday,
                     kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

// A display name: an encoded word when it is not ASCII, else a quoted string.
std::string DisplayName(std::string_view name) {
  std::string line = OneLine(name);
  if (!IsPrintableAscii(line)) return EncodeHeaderText(line);
  std::string out = "\"";
  for (char c : line) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

bool SafeAddress(std::string_view a) {
  return !a.empty() && a.size() <= 254 && IsPrintableAscii(a) &&
         a.find_first_of("<>\" ,;") == std::string_view::npos;
}

// What curl's read callback hands out: the composed message, piece by piece.
struct Upload {
  std::string_view rest;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  size_t n = std::min(size * count, up->rest.size());
  std::copy_n(up->rest.data(), n, buffer);
  up->rest.remove_prefix(n);
  return n;
}

size_t KeepAnswer(char* data, size_t size, size_t count, void* user) {
  auto* answer = static_cast<std::string*>(user);
  size_t n = size * count;
  if (answer->size() < kDetailBytes)
    answer->append(data, std::min(n, kDetailBytes - answer->size()));
  return n;
}

SendResult Retry(std::string detail) { return {SendOutcome::kRetry, std::move(detail), false}; }

}  // namespace

// --- templates -----------------------------------------------------------------------------

std::string FillTemplate(std::string_view text, const Placeholders& values, Escape escape) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find("{{", i);
    if (open == std::string_view::npos) break;
    size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    std::string_view name = text.substr(open + 2, close - open - 2);
    auto it = std::find_if(values.begin(), values.end(),
                           [&](const auto& kv) { return kv.first == name; });
    out.append(text.substr(i, open - i));
    if (it == values.end()) {
      out.append(text.substr(open, close + 2 - open));
    } else {
      out += Escaped(it->second, escape);
    }
    i = close + 2;
  }
  out.append(text.substr(std::min(i, text.size())));
  return out;
}

std::vector<std::string> PlaceholdersIn(std::string_view text) {
  std::vector<std::string> names;
  size_t i = 0;
  while ((i = text.find("{{", i)) != std::string_view::npos) {
    size_t close = text.find("}}", i + 2);
    if (close == std::string_view::npos) break;
    std::string name(text.substr(i + 2, close - i - 2));
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    i = close + 2;
  }
  return names;
}

// --- email -----------------------------------------------------------------------------------

std::string EncodeHeaderText(std::string_view utf8) {
  std::string line = OneLine(utf8);
  if (IsPrintableAscii(line)) return line;
  std::string out;
  size_t i = 0;
  while (i < line.size()) {
    size_t end = std::min(i + kEncodedWordBytes, line.size());
    // Never split a character: back up to the start of a UTF-8 sequence.
    while (end < line.size() && end > i + 1 &&
           (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80)
      --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64Encode(std::string_view(line).substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

// A part's headers and its text in base64, CRLF line ends (RFC 2046 4.1.1: text is
// canonically CRLF before it is encoded).
static std::string Base64Part(std::string_view type, std::string_view text) {
  std::string out = fmt::format("Content-Type: {}; charset=UTF-8\r\n", type);
  out += "Content-Transfer-Encoding: base64\r\n\r\n";
  std::string crlf;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) crlf += '\r';
    crlf += text[i];
  }
  std::string encoded = Base64Encode(crlf);
  for (size_t i = 0; i < encoded.size(); i += kBodyLineChars)
    out += encoded.substr(i, kBodyLineChars) + "\r\n";
  return out;
}

std::string ComposeEmail(const EmailMessage& m) {
  std::string from = m.from_name.empty()
                         ? m.from_address
                         : fmt::format("{} <{}>", DisplayName(m.from_name), m.from_address);
  std::string out;
  out += "Date: " + RfcDate(m.date_ms) + "\r\n";
  out += "From: " + from + "\r\n";
  out += "To: <" + m.to + ">\r\n";
  out += "Subject: " + EncodeHeaderText(m.subject) + "\r\n";
  out += "Message-ID: <" + m.message_id + ">\r\n";
  if (!m.unsubscribe_url.empty()) {
    out += "List-Unsubscribe: <" + OneLine(m.unsubscribe_url) + ">\r\n";
    out += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  }
  out += "MIME-Version: 1.0\r\n";
  out += "Auto-Submitted: auto-generated\r\n";
  if (m.html.empty()) {
    out += Base64Part("text/plain", m.body);
    return out;
  }
  // The boundary is made of characters base64 never writes, so no part can contain it.
  const std::string boundary = "=_nazar_" + m.message_id.substr(0, m.message_id.find('@'));
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "--" + boundary + "\r\n" + Base64Part("text/plain", m.body);
  out += "--" + boundary + "\r\n" + Base64Part("text/html", m.html);
  out += "--" + boundary + "--\r\n";
  return out;
}

SendResult SendEmail(const ChannelSettings& s, const EmailMessage& m, const SmtpOptions& options) {
  if (s.smtp_host.empty()) return Retry("email is not set up (channel settings: smtp)");
  if (!SafeAddress(s.from_address)) return Retry("the sender address is not usable");
  if (!SafeAddress(m.to))
    return {SendOutcome::kPermanent, "the recipient address is not usable", true};
  InitCurlOnce();
  CurlHandle curl(curl_easy_init());
  if (!curl) return Retry("libcurl could not start");
  std::string message = ComposeEmail(m);
  Upload upload{message};
  std::string url = fmt::format("{}://{}:{}", s.smtp_tls == SmtpTls::kTls ? "smtps" : "smtp",
                                s.smtp_host, s.smtp_port);
  std::string mail_from = "<" + s.from_address + ">";
  CurlList rcpt(curl_slist_append(nullptr, ("<" + m.to + ">").c_str()));
  char error[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout_ms));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout_ms));
  if (s.smtp_tls == SmtpTls::kStartTls) curl_easy_setopt(c, CURLOPT_USE_SSL, long{CURLUSESSL_ALL});
  if (!s.smtp_user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, s.smtp_user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, s.smtp_password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  CURLcode res = curl_easy_perform(c);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  std::string detail = error[0] ? std::string(error) : std::string(curl_easy_strerror(res));
  if (res == CURLE_OK) return {SendOutcome::kSent, fmt::format("{} accepted", code), false};
  // 5xx to the sender (MAIL FROM) or to the login is the organisation's settings, not
  // the recipient: it may pass once they are fixed.
  bool about_recipient =
      std::string_view(error).find("MAIL") == std::string_view::npos && res != CURLE_LOGIN_DENIED;
  if (code >= 500 && code < 600 && about_recipient)
    return {SendOutcome::kPermanent, fmt::format("SMTP {}: {}", code, detail), true};
  if (code > 0) return Retry(fmt::format("SMTP {}: {}", code, detail));
  return Retry(detail);
}

// --- HTTP gateways -----------------------------------------------------------------------------

namespace {

// Header names compare without regard to case (RFC 9110).
bool SameHeaderName(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

// Removes every header named `name` from `headers`.
void DropHeader(std::vector<GatewayHeader>& headers, std::string_view name) {
  std::erase_if(headers, [&](const GatewayHeader& h) { return SameHeaderName(h.name, name); });
}

}  // namespace

bool AlwaysSecretHeader(std::string_view name) {
  return SameHeaderName(name, "authorization") || SameHeaderName(name, "proxy-authorization");
}

namespace {

bool HeaderName(std::string_view name) {
  return !name.empty() && name.size() <= 100 &&
         std::all_of(name.begin(), name.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

// Sets `name` in `headers` (replacing one of the same name, case-insensitively).
void PutHeader(std::vector<GatewayHeader>& headers, GatewayHeader h) {
  DropHeader(headers, h.name);
  headers.push_back(std::move(h));
}

// Reads {name: text} into `out`; a value of null removes a secret (when `nullable`).
void ReadHeaderObject(JsonObjectReader& r, const char* key, bool secret, bool nullable,
                      std::vector<GatewayHeader>& out) {
  const Json* headers = r.OptionalValue(key);
  if (!headers) return;
  if (!headers->is_object() || headers->size() > kMaxHeaders) {
    r.Reject(key, fmt::format("{} must be an object of at most {} texts", key, kMaxHeaders));
    return;
  }
  for (const auto& [name, value] : headers->items()) {
    if (nullable && value.is_null()) {
      DropHeader(out, name);
      continue;
    }
    if (!HeaderName(name) || !value.is_string() || value.get_ref<const std::string&>().size() > 2000) {
      r.Reject(std::string(key) + "." + name,
               "a header has a name of letters, digits and - and a text value");
      return;
    }
    PutHeader(out, {name, value.get<std::string>(), secret || AlwaysSecretHeader(name)});
  }
}

}  // namespace

Result<GatewayTemplate> ParseGatewayTemplate(const Json& json, const std::string& field,
                                             const GatewayTemplate* current) {
  if (!json.is_object()) return Fail(Error::InvalidArgument(field + " must be an object", field));
  JsonObjectReader r(json, field);
  GatewayTemplate g;
  g.method = r.OptionalString("method", {.min_chars = 3, .max_chars = 6}).value_or("POST");
  if (g.method != "GET" && g.method != "POST" && g.method != "PUT" && g.method != "PATCH")
    r.Reject("method", "method must be GET, POST, PUT or PATCH");
  g.url = r.String("url", {.min_chars = 8, .max_chars = 2000});
  if (r.ok() && !g.url.starts_with("http://") && !g.url.starts_with("https://"))
    r.Reject("url", "url must start with http:// or https://");
  // The stored secrets stay unless this body names them.
  if (current) {
    for (const GatewayHeader& h : current->headers)
      if (h.secret) g.headers.push_back(h);
  }
  std::vector<GatewayHeader> plain;
  ReadHeaderObject(r, "headers", /*secret=*/false, /*nullable=*/false, plain);
  for (GatewayHeader& h : plain) PutHeader(g.headers, std::move(h));
  ReadHeaderObject(r, "secret_headers", /*secret=*/true, /*nullable=*/true, g.headers);
  if (g.headers.size() > kMaxHeaders)
    r.Reject("headers", fmt::format("a gateway has at most {} headers", kMaxHeaders));
  g.body = r.OptionalString("body", {.max_chars = 10'000, .trim = false}).value_or("");
  if (const Json* codes = r.OptionalValue("success_codes")) {
    g.success_codes.clear();
    if (!codes->is_array() || codes->empty() || codes->size() > 20) {
      r.Reject("success_codes", "success_codes must be a list of 1 to 20 HTTP status codes");
    } else {
      for (const Json& code : *codes) {
        if (!code.is_number_integer() || code.get<int>() < 100 || code.get<int>() > 599) {
          r.Reject("success_codes", "success_codes must be HTTP status codes (100-599)");
          break;
        }
        g.success_codes.push_back(code.get<int>());
      }
    }
  }
  if (auto done = r.Finish(); !done) return Fail(done.error());
  return g;
}

Json ToJson(const GatewayTemplate& g) {
  Json headers = Json::object();
  Json secret = Json::array();
  for (const GatewayHeader& h : g.headers) {
    if (h.secret)
      secret.push_back(h.name);
    else
      headers[h.name] = h.value;
  }
  return {{"method", g.method},
          {"url", g.url},
          {"headers", headers},
          {"secret_headers", secret},
          {"body", g.body},
          {"success_codes", g.success_codes}};
}

std::string ToStoredText(const GatewayTemplate& g) {
  Json stored = ToJson(g);
  Json secret = Json::object();
  for (const GatewayHeader& h : g.headers)
    if (h.secret) secret[h.name] = h.value;
  stored["secret_headers"] = secret;
  return stored.dump();
}

Result<std::optional<GatewayTemplate>> ReadStoredGateway(std::string_view text) {
  if (text.empty()) return std::optional<GatewayTemplate>();
  Json stored = Json::parse(text, nullptr, false);
  // Written before secrets were kept apart: an Authorization among the plain headers is
  // secret all the same (and sealed at the next write).
  auto g = ParseGatewayTemplate(stored, "gateway");
  if (!g) return Fail(g.error());
  return std::optional<GatewayTemplate>(std::move(*g));
}

GatewayRequest RenderGatewayRequest(const GatewayTemplate& g, const Placeholders& values) {
  GatewayRequest out{.method = g.method, .url = FillTemplate(g.url, values, Escape::kUrl)};
  Escape body_escape = Escape::kNone;
  for (const GatewayHeader& h : g.headers) {
    std::string v = FillTemplate(h.value, values, Escape::kHeader);
    if (SameHeaderName(h.name, "content-type")) {
      if (v.find("json") != std::string::npos) body_escape = Escape::kJson;
      if (v.find("x-www-form-urlencoded") != std::string::npos) body_escape = Escape::kForm;
    }
    out.headers.emplace_back(h.name, std::move(v));
  }
  out.body = FillTemplate(g.body, values, body_escape);
  return out;
}

SendResult SendGatewayRequest(const GatewayRequest& req, const std::vector<int>& success_codes,
                              const HttpOptions& options) {
  InitCurlOnce();
  CurlHandle curl(curl_easy_init());
  if (!curl) return Retry("libcurl could not start");
  curl_slist* list = nullptr;
  for (const auto& [name, value] : req.headers)
    if (curl_slist* grown = curl_slist_append(list, fmt::format("{}: {}", name, value).c_str()))
      list = grown;
  CurlList headers(list);
  std::string answer;
  char error[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout_ms));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout_ms));
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  if (req.method != "GET") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(req.body.size()));
  }
  if (headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, KeepAnswer);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
  CURLcode res = curl_easy_perform(c);
  if (res != CURLE_OK) return Retry(error[0] ? error : curl_easy_strerror(res));
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  std::string detail = fmt::format("HTTP {}: {}", status, OneLine(answer));
  if (std::find(success_codes.begin(), success_codes.end(), status) != success_codes.end())
    return {SendOutcome::kSent, std::move(detail), false};
  if (status == 408 || status == 429 || status >= 500) return Retry(std::move(detail));
  // The gateway refused this request for good (which may be the template's fault as much
  // as the number's, so the number is not marked).
  return {SendOutcome::kPermanent, std::move(detail), false};
}

// --- the organisation's settings ---------------------------------------------------------------

Json ToJson(const ChannelSettings& s) {
  auto gateway = [](const std::string& text) {
    auto g = ReadStoredGateway(text);
    return g && *g ? ToJson(**g) : Json(nullptr);
  };
  Json smtp = s.smtp_host.empty() ? Json(nullptr)
                                  : Json{{"host", s.smtp_host},
                                         {"port", s.smtp_port},
                                         {"tls", ToString(s.smtp_tls)},
                                         {"user", s.smtp_user},
                                         {"password_set", !s.smtp_password.empty()},
                                         {"from_address", s.from_address},
                                         {"from_name", s.from_name}};
  return {{"smtp", smtp},
          {"sms_gateway", gateway(s.sms_gateway)},
          {"webhook_gateway", gateway(s.webhook_gateway)},
          {"updated_at", s.updated_ms ? Json(FormatIsoUtc(s.updated_ms)) : Json(nullptr)}};
}

Result<ChannelSettings> ApplyChannelSettings(const Json& body, ChannelSettings s) {
  JsonObjectReader r(body);
  if (const Json* smtp = r.OptionalValue("smtp")) {
    if (smtp->is_null()) {
      s.smtp_host.clear();
      s.smtp_user.clear();
      s.smtp_password.clear();
    } else if (!smtp->is_object()) {
      r.Reject("smtp", "smtp must be an object or null");
    } else {
      JsonObjectReader m(*smtp, "smtp");
      s.smtp_host = m.String("host", {.min_chars = 1, .max_chars = 253});
      s.smtp_port = static_cast<int>(m.OptionalInt("port", {.min = 1, .max = 65535}).value_or(587));
      std::string tls = m.OptionalString("tls", {.max_chars = 10}).value_or("starttls");
      if (auto t = ParseSmtpTls(tls))
        s.smtp_tls = *t;
      else
        m.Reject("tls", "tls must be none, starttls or tls");
      s.smtp_user = m.OptionalString("user", {.max_chars = 200}).value_or("");
      if (auto pw = m.OptionalString("password", {.max_chars = 500, .trim = false}))
        s.smtp_password = *pw;
      if (s.smtp_user.empty()) s.smtp_password.clear();
      std::string from = m.String("from_address", {.min_chars = 3, .max_chars = 254});
      if (m.ok()) {
        auto normal = NormaliseEmail(from, "smtp.from_address");
        if (!normal || !SafeAddress(*normal))
          m.Reject("from_address", "from_address must be an email address");
        else
          s.from_address = *normal;
      }
      s.from_name = m.OptionalString("from_name", {.max_chars = 200}).value_or("");
      if (auto done = m.Finish(); !done) return Fail(done.error());
    }
  }
  for (auto [name, target] : {std::pair<const char*, std::string*>{"sms_gateway", &s.sms_gateway},
                              {"webhook_gateway", &s.webhook_gateway}}) {
    const Json* g = r.OptionalValue(name);
    if (!g) continue;
    if (g->is_null()) {
      target->clear();
      continue;
    }
    auto stored = ReadStoredGateway(*target);
    const GatewayTemplate* current = stored && *stored ? &**stored : nullptr;
    auto parsed = ParseGatewayTemplate(*g, name, current);
    if (!parsed) return Fail(parsed.error());
    *target = ToStoredText(*parsed);
  }
  if (auto done = r.Finish(); !done) return Fail(done.error());
  return s;
}

Result<ChannelSettings> SaveChannelSettings(Store& store, const Actor& actor,
                                            const OrgAccess& access, ChannelSettings settings,
                                            int64_t now_ms) {
  settings.org_id = access.org;
  settings.updated_ms = now_ms;
  ChannelSettings out;
  auto done = store.Transact([&](Store& tx) -> Result<void> {
    auto saved = tx.delivery().PutChannelSettings(settings);
    if (!saved) return Fail(saved.error());
    out = *saved;
    return WriteAudit(tx.audit(), actor, access.org, "channels.put", "channels", ToJson(out),
                      now_ms);
  });
  if (!done) return Fail(done.error());
  return out;
}

Result<ChannelSettings> UpdateChannelSettings(Store& store, const Actor& actor,
                                              const OrgAccess& access, const Json& body,
                                              int64_t now_ms) {
  TRY_ASSIGN(ChannelSettings current, store.delivery().GetChannelSettings(access.org));
  TRY_ASSIGN(ChannelSettings changed, ApplyChannelSettings(body, std::move(current)));
  return SaveChannelSettings(store, actor, access, std::move(changed), now_ms);
}

}  // namespace nazar::delivery
