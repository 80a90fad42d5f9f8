// The Beast server alone, with plain handlers: limits, keep-alive, graceful stop.
#include "http/server.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "support/http_client.h"

namespace nazar::http {
namespace {

using namespace std::chrono_literals;
using testing::HttpClient;

class ServerTest : public ::testing::Test {
 protected:
  void Start(std::function<Response(Request&)> handler, ServerOptions options = {}) {
    options.port = 0;
    options.threads = 2;
    server_ = std::make_unique<Server>(options, Immediate(std::move(handler)));
    auto port = server_->Start();
    ASSERT_TRUE(port.has_value()) << port.error().ToString();
    base_ = "http://127.0.0.1:" + std::to_string(*port);
    port_ = *port;
  }

  // A raw TCP connection to the server.
  int Connect() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    return fd;
  }

  // Everything the server sends until it closes; closes `fd`.
  static std::string ReadAll(int fd) {
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, n);
    close(fd);
    return out;
  }

  // Sends raw bytes and returns everything the server answers until it closes.
  std::string Raw(const std::string& bytes) {
    int fd = Connect();
    (void)!write(fd, bytes.data(), bytes.size());
    shutdown(fd, SHUT_WR);
    return ReadAll(fd);
  }

  std::unique_ptr<Server> server_;
  std::string base_;
  uint16_t port_ = 0;
};

Response Echo(Request& r) {
  return Response::Json(200, {{"method", r.method}, {"path", r.path}, {"body", r.body},
                              {"q", r.Query("q").value_or("")}});
}

TEST_F(ServerTest, AnswersAndKeepsConnectionsAlive) {
  Start(Echo);
  HttpClient client(base_);
  for (int i = 0; i < 5; ++i) {
    auto r = client.Send("POST", "/x/y?q=%D9%86%D8%B8%D8%B1", "hello");
    ASSERT_EQ(r.status, 200) << r.error;
    EXPECT_EQ(r.json()["path"], "/x/y");
    EXPECT_EQ(r.json()["q"], "نظر");
    EXPECT_EQ(r.json()["body"], "hello");
  }
  EXPECT_EQ(server_->stats().connections_total.load(), 1u);  // one connection, five requests
}

TEST_F(ServerTest, AnswersHeadWithTheLengthAndNoBodyThenServesTheNextRequest) {
  // What http/encoding.h makes of HEAD: the GET body's length, no body.
  Start([](Request& r) {
    Response res = Response::Text(200, r.method == "HEAD" ? "" : "second", "text/plain");
    if (r.method == "HEAD") res.SetHeader("Content-Length", "5000");
    return res;
  });
  const std::string out = Raw(
      "HEAD /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const size_t first_end = out.find("\r\n\r\n");
  ASSERT_NE(first_end, std::string::npos);
  EXPECT_NE(out.substr(0, first_end).find("Content-Length: 5000"), std::string::npos);
  // The next answer starts right after the first's header: no body was sent for HEAD.
  EXPECT_EQ(out.substr(first_end + 4, 15), "HTTP/1.1 200 OK");
  EXPECT_TRUE(out.ends_with("second"));
}

TEST_F(ServerTest, RefusesOversizedBodiesWith413AndKeepsServing) {
  Start(Echo, {.max_body_bytes = 1000});
  HttpClient client(base_);
  auto big = client.Send("POST", "/x", std::string(5000, 'a'));
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.json()["error"]["field"], "body");
  HttpClient again(base_);
  EXPECT_EQ(again.Send("POST", "/x", std::string(1000, 'a')).status, 200);
}

TEST_F(ServerTest, RefusesOversizedHeadersAndMalformedRequests) {
  Start(Echo, {.max_header_bytes = 1024});
  std::string huge = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'b') + "\r\n\r\n";
  EXPECT_NE(Raw(huge).find("HTTP/1.1 431"), std::string::npos);
  EXPECT_NE(Raw("NOT HTTP AT ALL\r\n\r\n").find("HTTP/1.1 400"), std::string::npos);
  EXPECT_GE(server_->stats().transport_errors.load(), 2u);
  HttpClient client(base_);
  EXPECT_EQ(client.Get("/still-up").status, 200);
}

TEST_F(ServerTest, StopLetsInFlightRequestsFinish) {
  std::atomic<int> started{0};
  Start([&](Request& r) {
    started++;
    std::this_thread::sleep_for(400ms);
    return Echo(r);
  });
  auto in_flight = std::async(std::launch::async, [&] {
    HttpClient client(base_);
    return client.Get("/slow");
  });
  while (started.load() == 0) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(server_->stats().requests_in_flight.load(), 1);
  auto t0 = std::chrono::steady_clock::now();
  server_->Stop();
  auto waited = std::chrono::steady_clock::now() - t0;
  auto r = in_flight.get();
  EXPECT_EQ(r.status, 200) << r.error;  // answered in full, not cut off
  EXPECT_EQ(r.json()["path"], "/slow");
  EXPECT_GE(waited, 300ms);  // Stop waited for it
  // After the stop no new connection is served.
  HttpClient late(base_);
  EXPECT_NE(late.Get("/late").error, "");
}

TEST_F(ServerTest, StopLetsAHalfReceivedRequestFinish) {
  Start(Echo);
  int fd = Connect();
  std::string head = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello";
  ASSERT_EQ(write(fd, head.data(), head.size()), static_cast<ssize_t>(head.size()));
  // Wait (by the server's own account, not by sleeping) until the header is in and the
  // request is in flight, then until the stop has begun, and only then send the rest.
  for (int i = 0; i < 1000 && server_->stats().requests_in_flight.load() == 0; ++i)
    std::this_thread::sleep_for(1ms);
  ASSERT_EQ(server_->stats().requests_in_flight.load(), 1);
  auto stopping = std::async(std::launch::async, [&] { server_->Stop(); });
  for (int i = 0; i < 1000 && !server_->draining(); ++i) std::this_thread::sleep_for(1ms);
  ASSERT_TRUE(server_->draining());
  ASSERT_EQ(write(fd, "world", 5), 5);
  std::string out = ReadAll(fd);
  stopping.get();
  EXPECT_NE(out.find("HTTP/1.1 200"), std::string::npos) << out;
  EXPECT_NE(out.find("helloworld"), std::string::npos);
}

TEST_F(ServerTest, StopClosesIdleKeepAliveConnectionsPromptly) {
  Start(Echo, {.idle_timeout = std::chrono::milliseconds(60'000)});
  HttpClient client(base_);
  ASSERT_EQ(client.Get("/a").status, 200);  // connection now idle, kept alive
  auto t0 = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
  EXPECT_EQ(server_->stats().connections_active.load(), 0);
}

TEST_F(ServerTest, ReportsABusyPort) {
  Start(Echo);
  Server second({.port = port_}, Immediate(Echo));
  auto r = second.Start();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace nazar::http
