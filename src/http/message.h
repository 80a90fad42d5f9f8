// Nazar's own request and response types. Handlers are pure functions from Request to
// Response, testable without sockets; only server.cc knows Boost.Beast.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/json.h"

namespace nazar::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as sent: "/api/v1/orgs?limit=5"
  std::string path;    // without the query: "/api/v1/orgs"
  std::vector<std::pair<std::string, std::string>> query;    // decoded
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string remote_ip;
  std::string local_address;  // where it came in: "127.0.0.1:8080", "[::1]:8080"

  // First value of a header (name in lower case), or empty.
  std::string_view Header(std::string_view lower_name) const;
  std::optional<std::string> Query(std::string_view name) const;
  std::optional<std::string> Cookie(std::string_view name) const;

  // Splits `target` into path and decoded query.
  void ParseTarget();
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type = "application/json";
  // When set, the body is streamed (chunked transfer encoding) instead of `body`: called
  // until it returns nullopt, each call giving the next piece. It runs on an io thread, so
  // each piece should be quick to make (a page of rows, not the whole export).
  std::function<std::optional<std::string>()> stream;

  void SetHeader(std::string name, std::string value);
  std::string_view Header(std::string_view name) const;

  static Response Json(int status, const nazar::Json& body);
  // The one error shape: {"error":{"code","message","field"}}. An internal error or an
  // unavailable store answers a generic message (the detail is for the log); 503 carries
  // Retry-After, so clients keep what they sent and try again.
  static Response FromError(const Error& error);
  static Response Text(int status, std::string body, std::string content_type);
};

// Answers a request; callable once, from any thread.
using Responder = std::function<void(Response)>;

// Seconds a 503 asks the client to wait before sending again.
inline constexpr int kRetryAfterSeconds = 5;
// A 503 of this server: status 503 and Retry-After, so clients keep what they sent and try
// again (the one place that says how long).
void MarkUnavailable(Response& response);

int HttpStatus(ErrorCode code);
std::string PercentDecode(std::string_view in);

}  // namespace nazar::http
