#include "http/router.h"

#include <cassert>

namespace nazar::http {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string, std::less<>>& params) {
  auto ps = Segments(pattern);
  auto xs = Segments(path);
  if (ps.size() != xs.size()) return false;
  if (!path.empty() && path.back() == '/' && path.size() > 1) return false;
  for (size_t i = 0; i < ps.size(); ++i) {
    if (ps[i].size() > 2 && ps[i].front() == '{' && ps[i].back() == '}') {
      params.emplace(std::string(ps[i].substr(1, ps[i].size() - 2)), PercentDecode(xs[i]));
    } else if (ps[i] != xs[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::Add(Route route) {
  assert(route.pattern.find("{org}") == std::string::npos || route.permission.has_value());
  route.index = routes_.size();
  routes_.push_back(std::move(route));
}

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch m;
  for (const Route& r : routes_) {
    std::map<std::string, std::string, std::less<>> params;
    if (!MatchPattern(r.pattern, path, params)) continue;
    if (r.method == method) {
      m.route = &r;
      m.params = std::move(params);
      m.method_mismatch = false;
      return m;
    }
    m.method_mismatch = true;
    if (!m.allowed.empty()) m.allowed += ", ";
    m.allowed += r.method;
    if (r.method == "GET") m.allowed += ", HEAD";  // answered as GET without the body
  }
  return m;
}

}  // namespace nazar::http
