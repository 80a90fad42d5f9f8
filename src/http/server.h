// The HTTP/1.1 server on Boost.Beast and Asio: keep-alive, one io_context thread per core,
// header/body size limits, read/idle/write timeouts, and a graceful stop (in-flight requests
// finish, idle connections close, no new connection is accepted).
//
// The server knows nothing of routes or JSON: it turns bytes into a Request, calls the
// handler, and writes the Response back.
//
// Thread-safety: Start() and Stop() from one controlling thread; the handler is called
// concurrently from the io threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/error.h"
#include "http/message.h"
#include "http/metrics.h"

namespace nazar::http {

struct ServerOptions {
  std::string host = "127.0.0.1";  // address to listen on
  uint16_t port = 8080;            // 0 picks a free port (tests)
  int threads = 0;                 // io threads; 0 = one per core
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 1024 * 1024;  // larger bodies get 413
  size_t max_connections = 10'000;  // further connections are closed at once
  std::chrono::milliseconds idle_timeout{60'000};   // to receive a request's header (keep-alive)
  std::chrono::milliseconds read_timeout{30'000};   // then to receive its body
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds drain_timeout{20'000};  // Stop() waits this long at most
};

// Called on an io thread; answers through the Responder, at once or later from another
// thread (e.g. after a group commit), so slow work never holds an io thread.
using RequestHandler = std::function<void(Request&, Responder)>;

// Adapts a handler that answers at once.
RequestHandler Immediate(std::function<Response(Request&)> handler);

class Server {
 public:
  Server(ServerOptions options, RequestHandler handler);
  ~Server();

  // Binds and starts the io threads; returns the bound port.
  Result<uint16_t> Start();
  // Stops accepting, lets in-flight requests finish (up to drain_timeout), closes idle
  // connections, joins the threads. Idempotent.
  void Stop();

  const ServerStats& stats() const;
  // True from the moment Stop() begins.
  bool draining() const;
  // Runs `work` on one of the io threads (e.g. completions of work done elsewhere).
  void Post(std::function<void()> work);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nazar::http
