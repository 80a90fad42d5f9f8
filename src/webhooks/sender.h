// One webhook attempt over HTTP (libcurl): a POST of the signed body to the endpoint, with
// the server-side request forgery guard of webhooks/address.h applied where it cannot be
// fooled, at send time:
//   1. the URL is checked again (it may predate a change of the rules);
//   2. the host is resolved once (getaddrinfo); when any address it resolves to is not
//      public the attempt is refused (unless private addresses are allowed);
//   3. the connection is pinned to the first address checked (CURLOPT_RESOLVE), so libcurl
//      never looks the name up again (no DNS rebinding between check and connect);
//   4. redirects are not followed (a 3xx is a failure), no proxy from the environment is
//      used, only http and https, short timeouts.
// TLS still verifies the certificate against the host name.
//
// Thread-safety: any thread (libcurl's global init is done once, thread-safely).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace nazar::webhooks {

struct SendOptions {
  // Loopback, private, link-local and metadata addresses allowed (`nazar serve
  // --webhook-allow-private`): for tests and for receivers inside the operator's network.
  bool allow_private = false;
  int connect_timeout_ms = 5'000;
  int timeout_ms = 15'000;  // the whole attempt, the receiver's answer included
};

struct SignedRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // webhook-id, … (no Content-Type)
  std::string body;                                          // JSON
};

struct HttpAttempt {
  int status = 0;          // the HTTP status; 0 when none came back
  int64_t latency_ms = 0;  // from the start of the attempt to the answer or the failure
  std::string error;       // empty for a 2xx; the refusal, transport error or status line
  bool refused = false;    // not sent: the address is not one webhooks may reach

  bool ok() const { return status >= 200 && status < 300; }
};

HttpAttempt PostSigned(const SignedRequest& request, const SendOptions& options);

}  // namespace nazar::webhooks
