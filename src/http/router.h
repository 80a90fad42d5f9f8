// The route table. Each route declares its method and path pattern ("/api/v1/orgs/{org}"),
// who may call it, and the permission it needs in the organisation named by {org}. The
// same table drives dispatch, the OpenAPI consistency test and the cross-organisation test.
//
// Thread-safety: routes are added before serving; matching is read-only and thread-safe.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/permissions.h"
#include "http/message.h"

namespace nazar::http {

enum class Access {
  kPublic,   // no credentials (health, login, the respondent page)
  kSession,  // a signed-in user (cookie session)
  kAny,      // a signed-in user or an API key
};

struct RequestContext;
using Handler = std::function<Result<Response>(RequestContext&)>;
// Answers later (from any thread) through the callback; the context is valid only during
// the call itself.
using AsyncHandler =
    std::function<void(RequestContext&, std::function<void(Result<Response>)> done)>;

struct Route {
  std::string method;
  std::string pattern;
  Access access = Access::kAny;
  // Checked against {org} before the handler runs; required when the pattern has {org}.
  std::optional<Permission> permission;
  // The media type a request body must have, or several separated by ", " (checked before
  // the handler).
  std::string body_type = "application/json";
  Handler handler;             // either this ...
  AsyncHandler async_handler;  // ... or this
  size_t index = 0;  // position in the table (metrics label)
};

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string, std::less<>> params;
  bool method_mismatch = false;  // the path exists under another method
  std::string allowed;           // "GET, POST" for 405 responses
};

class Router {
 public:
  // REQUIRES: patterns are unique per method; a pattern with {org} has a permission.
  void Add(Route route);
  RouteMatch Match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace nazar::http
