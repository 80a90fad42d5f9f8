#include "http/message.h"

#include <gtest/gtest.h>

#include "http/metrics.h"

namespace nazar::http {
namespace {

TEST(MessageTest, ParsesTargetQueryAndCookies) {
  Request r;
  r.target = "/a/b?x=1&name=%D8%B3%D8%A7%D8%B1%D8%A7&empty=&plus=a+b";
  r.ParseTarget();
  EXPECT_EQ(r.path, "/a/b");
  EXPECT_EQ(r.Query("x"), "1");
  EXPECT_EQ(r.Query("name"), "سارا");
  EXPECT_EQ(r.Query("empty"), "");
  EXPECT_EQ(r.Query("plus"), "a b");
  EXPECT_EQ(r.Query("missing"), std::nullopt);
  r.headers = {{"cookie", "theme=dark; nazar_session=abc123;other=1"}};
  EXPECT_EQ(r.Cookie("nazar_session"), "abc123");
  EXPECT_EQ(r.Cookie("other"), "1");
  EXPECT_EQ(r.Cookie("nazar"), std::nullopt);
}

TEST(MessageTest, ErrorsUseTheOneShape) {
  struct Case {
    Error e;
    int status;
  };
  for (const Case& c : {Case{Error::InvalidArgument("bad", "email"), 400},
                        Case{Error::Unauthenticated("who"), 401},
                        Case{Error::PermissionDenied("no"), 403},
                        Case{Error::NotFound("gone"), 404},
                        Case{Error::AlreadyExists("dup"), 409},
                        Case{Error::FailedPrecondition("state"), 409},
                        Case{Error::TooLarge("big"), 413},
                        Case{Error::ResourceExhausted("slow down"), 429}}) {
    Response r = Response::FromError(c.e);
    EXPECT_EQ(r.status, c.status);
    auto j = nazar::Json::parse(r.body);
    EXPECT_EQ(j["error"]["code"], CodeName(c.e.code));
    EXPECT_EQ(j["error"]["message"], c.e.message);
    if (c.e.field.empty()) {
      EXPECT_TRUE(j["error"]["field"].is_null());
    } else {
      EXPECT_EQ(j["error"]["field"], c.e.field);
    }
  }
  // Internal details never reach the client.
  Response internal = Response::FromError(Error::Internal("sqlite: disk I/O at /var/x"));
  EXPECT_EQ(internal.status, 500);
  EXPECT_EQ(nazar::Json::parse(internal.body)["error"]["message"], "internal error");
  // An outage names the database's host and port: that stays in the log. The client is
  // told to come back, and when.
  Response down = Response::FromError(
      Error::Unavailable("cannot connect to PostgreSQL: connection to server at \"10.0.0.5\", port 5432 failed"));
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(down.Header("Retry-After"), "5");
  EXPECT_EQ(down.body.find("10.0.0.5"), std::string::npos) << down.body;
  EXPECT_EQ(down.body.find("5432"), std::string::npos) << down.body;
  EXPECT_EQ(nazar::Json::parse(down.body)["error"]["code"], "unavailable");
}

TEST(MetricsTest, RendersPrometheusCountersAndHistograms) {
  RequestMetrics m({{"GET", "/healthz"}, {"POST", "/api/v1/session"}});
  m.Record(0, 200, 0.0004);
  m.Record(0, 200, 0.003);
  m.Record(1, 401, 0.2);
  m.Record(99, 404, 0.001);  // unknown index -> unmatched
  StoreStats store;
  store.errors = 3;
  std::string text = m.Render(&store, nullptr);
  EXPECT_NE(text.find("nazar_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("route=\"/api/v1/session\",status=\"401\"} 1"), std::string::npos);
  EXPECT_NE(text.find("route=\"unmatched\",status=\"404\"} 1"), std::string::npos);
  // Cumulative buckets: 0.0004 <= 0.0005; 0.003 <= 0.005.
  EXPECT_NE(text.find("route=\"/healthz\",le=\"0.0005\"} 1"), std::string::npos);
  EXPECT_NE(text.find("route=\"/healthz\",le=\"0.005\"} 2"), std::string::npos);
  EXPECT_NE(text.find("route=\"/healthz\",le=\"+Inf\"} 2"), std::string::npos);
  EXPECT_NE(text.find("nazar_http_request_duration_seconds_count{method=\"GET\",route=\"/healthz\"} 2"),
            std::string::npos);
  EXPECT_NE(text.find("nazar_store_errors_total 3"), std::string::npos);
}

}  // namespace
}  // namespace nazar::http
