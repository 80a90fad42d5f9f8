#include "http/router.h"

#include <gtest/gtest.h>

namespace nazar::http {
namespace {

Handler Noop() {
  return [](RequestContext&) -> Result<Response> { return Response::Json(200, {}); };
}

TEST(RouterTest, MatchesPatternsAndCapturesParameters) {
  Router r;
  r.Add({.method = "GET", .pattern = "/api/v1/orgs", .handler = Noop()});
  r.Add({.method = "GET", .pattern = "/api/v1/orgs/{org}", .permission = Permission::kReadOrganisation, .handler = Noop()});
  r.Add({.method = "DELETE", .pattern = "/api/v1/orgs/{org}/members/{user}", .permission = Permission::kManageMembers, .handler = Noop()});

  auto m = r.Match("GET", "/api/v1/orgs/42");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/orgs/{org}");
  EXPECT_EQ(m.params.at("org"), "42");

  auto d = r.Match("DELETE", "/api/v1/orgs/7/members/9");
  ASSERT_NE(d.route, nullptr);
  EXPECT_EQ(d.params.at("org"), "7");
  EXPECT_EQ(d.params.at("user"), "9");
  EXPECT_EQ(d.route->index, 2u);

  EXPECT_EQ(r.Match("GET", "/api/v1/orgs/7/extra").route, nullptr);
  EXPECT_EQ(r.Match("GET", "/api/v1").route, nullptr);
  EXPECT_EQ(r.Match("GET", "/api/v1/orgs/").route, nullptr);
}

TEST(RouterTest, ReportsMethodMismatchWithTheAllowedMethods) {
  Router r;
  r.Add({.method = "GET", .pattern = "/x", .handler = Noop()});
  r.Add({.method = "POST", .pattern = "/x", .handler = Noop()});
  auto m = r.Match("PUT", "/x");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.method_mismatch);
  EXPECT_EQ(m.allowed, "GET, HEAD, POST");  // HEAD is answered as GET
  EXPECT_FALSE(r.Match("PUT", "/y").method_mismatch);
}

}  // namespace
}  // namespace nazar::http
