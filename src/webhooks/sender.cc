#include "webhooks/sender.h"

#include <fmt/format.h>
#include <netdb.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>

#include "delivery/curl.h"
#include "webhooks/address.h"

namespace nazar::webhooks {
namespace {

using delivery::CurlHandle;
using delivery::CurlList;
using delivery::InitCurlOnce;

constexpr size_t kMaxAnswerBytes = 512;  // kept of a refusal's body, for the delivery log

size_t KeepSome(char* data, size_t size, size_t n, void* out) {
  auto* answer = static_cast<std::string*>(out);
  const size_t bytes = size * n;
  if (answer->size() < kMaxAnswerBytes)
    answer->append(data, std::min(bytes, kMaxAnswerBytes - answer->size()));
  return bytes;
}

// Every address `host` resolves to, as text; an error message when it does not resolve.
struct Resolved {
  std::vector<std::string> addresses;
  std::string error;
};

Resolved Resolve(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  Resolved out;
  if (int rc = getaddrinfo(host.c_str(), nullptr, &hints, &found); rc != 0) {
    out.error = fmt::format("{} does not resolve: {}", host, gai_strerror(rc));
    return out;
  }
  for (addrinfo* a = found; a; a = a->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* raw = a->ai_family == AF_INET
                          ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr)
                          : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr);
    if ((a->ai_family == AF_INET || a->ai_family == AF_INET6) &&
        inet_ntop(a->ai_family, raw, text, sizeof text))
      out.addresses.emplace_back(text);
  }
  freeaddrinfo(found);
  if (out.addresses.empty()) out.error = fmt::format("{} has no IP address", host);
  return out;
}

std::string OneLine(std::string text) {
  for (char& c : text)
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  return text;
}

}  // namespace

HttpAttempt PostSigned(const SignedRequest& request, const SendOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  HttpAttempt out;
  auto finish = [&]() {
    out.latency_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - started)
                         .count();
    return out;
  };
  auto url = ParseWebhookUrl(request.url, options.allow_private);
  if (!url) {
    out.refused = true;
    out.error = url.error().message;
    return finish();
  }
  // The address connected to: the literal one, or the name resolved once and checked.
  std::string address = url->host;
  if (!url->host_is_address) {
    Resolved resolved = Resolve(url->host);
    if (!resolved.error.empty()) {
      out.error = resolved.error;
      return finish();
    }
    for (const std::string& a : resolved.addresses) {
      const AddressKind kind = ClassifyAddress(a).value_or(AddressKind::kReserved);
      if (!options.allow_private && kind != AddressKind::kPublic) {
        out.refused = true;
        out.error = fmt::format("{} resolves to {}, a {} address, which webhooks may not reach",
                                url->host, a, ToString(kind));
        return finish();
      }
    }
    address = resolved.addresses.front();
  }
  InitCurlOnce();
  CurlHandle curl(curl_easy_init());
  if (!curl) {
    out.error = "libcurl could not start";
    return finish();
  }
  curl_slist* list = curl_slist_append(nullptr, "Content-Type: application/json");
  for (const auto& [name, value] : request.headers)
    if (curl_slist* grown = curl_slist_append(list, fmt::format("{}: {}", name, value).c_str()))
      list = grown;
  CurlList headers(list);
  // host:port:address, the address in brackets when IPv6: libcurl connects there and
  // resolves nothing.
  const std::string pin = fmt::format("{}:{}:{}", url->host, url->port,
                                      address.find(':') != std::string::npos ? "[" + address + "]" : address);
  CurlList resolve(curl_slist_append(nullptr, pin.c_str()));
  std::string answer;
  char error[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_PROXY, "");  // never a proxy from the environment
  if (!url->host_is_address) curl_easy_setopt(c, CURLOPT_RESOLVE, resolve.get());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout_ms));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout_ms));
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_USERAGENT, "Nazar-Webhooks/1");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, KeepSome);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
  const CURLcode res = curl_easy_perform(c);
  if (res != CURLE_OK) {
    out.error = error[0] ? error : curl_easy_strerror(res);
    return finish();
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  out.status = static_cast<int>(status);
  if (!out.ok()) out.error = OneLine(fmt::format("HTTP {}: {}", status, answer));
  return finish();
}

}  // namespace nazar::webhooks
