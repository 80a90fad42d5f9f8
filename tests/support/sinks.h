// Real network sinks for the channels' tests: an SMTP server and an HTTP server on free
// loopback ports that record what arrives, and can be told to refuse. They speak just
// enough of each protocol for a real client (libcurl) to deliver to them:
//   SMTP: EHLO/HELO (advertising AUTH PLAIN LOGIN), AUTH PLAIN, MAIL FROM, RCPT TO, DATA
//         (dot-unstuffed), RSET, NOOP, QUIT; no STARTTLS.
//   HTTP: one request per connection (Content-Length bodies), answered and closed.
//
// Thread-safety: each connection is served on its own thread; the accessors lock.
#pragma once

#include <signal.h>

#include <chrono>
#include <cstdio>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace nazar::testing {

// A loopback TCP server: accepts on one thread, serves each connection with `serve(fd)` on a
// thread of its own (the fd is closed afterwards). Stop() shuts every connection down and
// waits for them.
class LoopbackServer {
 public:
  explicit LoopbackServer(std::function<void(int fd)> serve, uint16_t port = 0);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;
  uint16_t port() const { return port_; }
  void Stop();

 private:
  std::function<void(int)> serve_;
  int listener_ = -1;
  uint16_t port_ = 0;
  std::mutex mu_;
  bool stopping_ = false;
  std::vector<int> open_;
  int active_ = 0;
  std::condition_variable idle_;
  std::thread acceptor_;
};

// What a sink received, in order; readers may wait for it.
template <typename T>
class Received {
 public:
  void Add(T item) {
    {
      std::lock_guard lock(mu_);
      items_.push_back(std::move(item));
    }
    cv_.notify_all();
  }
  std::vector<T> All() const {
    std::lock_guard lock(mu_);
    return items_;
  }
  size_t Count() const {
    std::lock_guard lock(mu_);
    return items_.size();
  }
  // Waits until at least `n` arrived; false on timeout.
  bool WaitFor(size_t n, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return items_.size() >= n; });
  }

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::vector<T> items_;
};

// What an SMTP client handed over.
struct SmtpMessage {
  std::string mail_from;             // the address inside <>
  std::vector<std::string> rcpt_to;  // likewise
  std::string data;                  // the message, CRLF line ends, dot-unstuffed
  std::string auth;                  // "user:password" from AUTH PLAIN, empty without
  int64_t received_ms = 0;           // wall clock when the final "." arrived

  // A header's value, continuation lines unfolded; empty when absent.
  std::string Header(std::string_view name) const;
  // The Subject with its RFC 2047 encoded words decoded (UTF-8).
  std::string Subject() const;
  // The From display name likewise.
  std::string FromName() const;
  // The body decoded per Content-Transfer-Encoding (base64, quoted-printable or as is),
  // "\n" line ends; of a multipart message, its text/plain part.
  std::string Body() const;
  // The part of a multipart message with this content type ("text/html"), decoded as Body;
  // empty when there is none.
  std::string Part(std::string_view content_type) const;
};

class SmtpSink {
 public:
  explicit SmtpSink(uint16_t port = 0);
  uint16_t port() const { return server_->port(); }

  std::vector<SmtpMessage> Messages() const { return messages_.All(); }
  size_t Count() const { return messages_.Count(); }
  // Waits until at least `n` messages arrived; false on timeout.
  bool WaitFor(size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const {
    return messages_.WaitFor(n, timeout);
  }

  // The next `times` messages are answered with `reply` after DATA ("451 4.3.0 busy").
  void FailNextData(int times, std::string reply);
  // RCPT TO this address is always answered with `reply` ("550 5.1.1 no such user").
  void RejectRecipient(std::string address, std::string reply);
  // Each message also calls this (the bench logs arrival times), on its connection's thread.
  void OnMessage(std::function<void(const SmtpMessage&)> callback);

 private:
  void Serve(int fd);

  Received<SmtpMessage> messages_;
  std::mutex mu_;  // what the next answers are
  int fail_data_ = 0;
  std::string fail_reply_;
  std::map<std::string, std::string> rejected_;
  std::function<void(const SmtpMessage&)> on_message_;
  std::unique_ptr<LoopbackServer> server_;  // last: stops before the state it uses goes
};

struct HttpRequestSeen {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  int64_t received_ms = 0;  // wall clock when the body had arrived
  std::string Header(std::string_view lower_name) const;
};

class HttpSink {
 public:
  HttpSink();
  uint16_t port() const { return server_->port(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }

  std::vector<HttpRequestSeen> Requests() const { return requests_.All(); }
  bool WaitFor(size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const {
    return requests_.WaitFor(n, timeout);
  }
  // The next `times` requests get `status` (then 200 again).
  void RespondNext(int times, int status);
  // Each request also calls this before it is answered (the bench logs arrivals), on its
  // connection's thread.
  void OnRequest(std::function<void(const HttpRequestSeen&)> callback);

 private:
  void Serve(int fd);

  Received<HttpRequestSeen> requests_;
  std::mutex mu_;  // what the next answers are
  int special_times_ = 0;
  int special_status_ = 200;
  std::function<void(const HttpRequestSeen&)> on_request_;
  std::unique_ptr<LoopbackServer> server_;
};

// For the sinks run as processes (smtp_sink, webhook_sink): blocks SIGINT and SIGTERM in this
// thread and those it starts, and returns the set to sigwait on; the log file opened for
// appending (nullptr, said on stderr, when it cannot be).
sigset_t BlockStopSignals();
std::FILE* OpenSinkLog(const std::string& path, std::string_view program);

// Standard base64 (RFC 4648) decoding; whitespace is skipped.
std::string Base64DecodeForTest(std::string_view in);

}  // namespace nazar::testing
