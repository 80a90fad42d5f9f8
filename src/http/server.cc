#include "http/server.h"
#include "http/wire.h"

#include <algorithm>
#include <condition_variable>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

namespace nazar::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class Server::Impl {
 public:
  Impl(ServerOptions options, RequestHandler handler)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        acceptor_(net::make_strand(ioc_)),
        accept_backoff_(acceptor_.get_executor()) {}

  class Connection;

  Result<uint16_t> Start();
  void Stop();
  void Accept();
  void Forget(Connection* c);

  // Declaration order matters: the io_context goes first on destruction (it may destroy
  // pending handlers, hence connections, which use the members declared before it).
  ServerOptions options_;
  RequestHandler handler_;
  ServerStats stats_;
  std::atomic<bool> draining_{false};
  std::atomic<bool> stopped_{false};
  std::mutex mu_;
  std::condition_variable all_closed_;
  std::list<std::weak_ptr<Connection>> connections_;
  net::io_context ioc_;
  tcp::acceptor acceptor_;  // on its own strand: accepts and Stop()'s close never race
  net::steady_timer accept_backoff_;
  std::vector<std::thread> threads_;
};

class Server::Impl::Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Impl& server, tcp::socket socket)
      : server_(server), stream_(std::move(socket)) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ip_ = ep.address().to_string();
    auto local = stream_.socket().local_endpoint(ec);
    if (!ec) {
      local_address_ = local.address().is_v6()
                           ? fmt::format("[{}]:{}", local.address().to_string(), local.port())
                           : fmt::format("{}:{}", local.address().to_string(), local.port());
    }
  }

  ~Connection() {
    SetBusy(false);
    server_.stats_.connections_active--;
    std::lock_guard lock(server_.mu_);
    server_.all_closed_.notify_all();
  }

  std::list<std::weak_ptr<Connection>>::iterator self_entry;

  void Start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Connection::Read, shared_from_this()));
  }

  // Called on Stop(): a connection waiting for its next request closes now; one in the
  // middle of a request finishes it and then closes.
  void CloseIfIdle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->Close();
    });
  }

 private:
  // Two phases: the header within the idle timeout (a keep-alive connection waits here),
  // then the body within the read timeout. Once the header is in, the request is in
  // flight: Stop() lets it finish.
  void Read() {
    if (server_.draining_) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(server_.options_.max_header_bytes));
    parser_->body_limit(server_.options_.max_body_bytes);
    stream_.expires_after(server_.options_.idle_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Connection::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, size_t) {
    if (ec) return OnRead(ec, 0);
    SetBusy(true);
    stream_.expires_after(server_.options_.read_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Connection::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec == bhttp::error::end_of_stream || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::eof) {
      return Close();
    }
    if (ec) {
      server_.stats_.transport_errors++;
      if (ec == beast::error::timeout) return Close();
      Error e = Error::InvalidArgument("malformed HTTP request: " + ec.message(), "request");
      int status = 400;
      if (ec == bhttp::error::body_limit) {
        e = Error::TooLarge(fmt::format("request body is larger than {} bytes",
                                        server_.options_.max_body_bytes),
                            "body");
        status = 413;
      } else if (ec == bhttp::error::header_limit) {
        e = Error::TooLarge("request headers are too large", "headers");
        status = 431;
      }
      Response r = Response::FromError(e);
      r.status = status;
      return Write(std::move(r), /*keep_alive=*/false, 11);
    }
    SetBusy(true);
    bool keep_alive = parser_->get().keep_alive();
    unsigned version = parser_->get().version();
    Request req = FromWire(parser_->release(), remote_ip_, local_address_);
    server_.handler_(req, [self = shared_from_this(), keep_alive, version](Response res) {
      // Back onto this connection's strand, whichever thread answered.
      net::post(self->stream_.get_executor(),
                [self, keep_alive, version, res = std::move(res)]() mutable {
                  self->Write(std::move(res), keep_alive && !self->server_.draining_, version);
                });
    });
  }

  void Write(Response r, bool keep_alive, unsigned version) {
    if (r.stream) return WriteStream(std::move(r), keep_alive, version);
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(r.status), version);
    res->set(bhttp::field::content_type, r.content_type);
    for (auto& [k, v] : r.headers) res->set(k, v);
    // The answer to HEAD (http/encoding.h) names its GET body's length and sends no body.
    const bool head = r.body.empty() && !r.Header("Content-Length").empty();
    res->body() = std::move(r.body);
    res->keep_alive(keep_alive);
    if (!head) res->prepare_payload();
    stream_.expires_after(server_.options_.write_timeout);
    bhttp::async_write(stream_, *res,
                       [self = shared_from_this(), res, keep_alive](beast::error_code ec, size_t) {
                         self->SetBusy(false);
                         if (ec || !keep_alive || self->server_.draining_) return self->Close();
                         self->Read();
                       });
  }

  // Chunked transfer: the header, then one chunk per piece the producer gives.
  struct Streaming {
    bhttp::response<bhttp::empty_body> header;
    std::optional<bhttp::response_serializer<bhttp::empty_body>> serializer;
    std::function<std::optional<std::string>()> produce;
    std::string piece;
    bool keep_alive = false;
  };

  void WriteStream(Response r, bool keep_alive, unsigned version) {
    auto st = std::make_shared<Streaming>();
    st->header = bhttp::response<bhttp::empty_body>(static_cast<bhttp::status>(r.status), version);
    st->header.set(bhttp::field::content_type, r.content_type);
    for (auto& [k, v] : r.headers) st->header.set(k, v);
    st->header.keep_alive(keep_alive);
    st->header.chunked(true);
    st->produce = std::move(r.stream);
    st->keep_alive = keep_alive;
    st->serializer.emplace(st->header);
    stream_.expires_after(server_.options_.write_timeout);
    bhttp::async_write_header(stream_, *st->serializer,
                              [self = shared_from_this(), st](beast::error_code ec, size_t) {
                                if (ec) return self->Close();
                                self->NextChunk(st);
                              });
  }

  void NextChunk(const std::shared_ptr<Streaming>& st) {
    std::optional<std::string> piece;
    try {
      piece = st->produce();
    } catch (const std::exception& e) {
      spdlog::error("streamed response failed: {}", e.what());
      return Close();  // the client sees a truncated body, never a false end
    }
    stream_.expires_after(server_.options_.write_timeout);
    auto self = shared_from_this();
    if (!piece) {
      net::async_write(stream_, bhttp::make_chunk_last(),
                       [self, st](beast::error_code ec, size_t) {
                         self->SetBusy(false);
                         if (ec || !st->keep_alive || self->server_.draining_) return self->Close();
                         self->Read();
                       });
      return;
    }
    if (piece->empty()) return NextChunk(st);  // an empty chunk would end the body
    st->piece = std::move(*piece);
    net::async_write(stream_, bhttp::make_chunk(net::buffer(st->piece)),
                     [self, st](beast::error_code ec, size_t) {
                       if (ec) return self->Close();
                       self->NextChunk(st);
                     });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
    server_.Forget(this);
  }

  Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string remote_ip_;
  std::string local_address_;
  // A request is in flight from its header to its response (Stop lets it finish).
  void SetBusy(bool busy) {
    if (busy == busy_) return;
    busy_ = busy;
    if (busy) {
      server_.stats_.requests_in_flight++;
    } else {
      server_.stats_.requests_in_flight--;
    }
  }

  bool busy_ = false;
  bool forgotten_ = false;
  friend class Impl;
};

void Server::Impl::Forget(Connection* c) {
  std::lock_guard lock(mu_);
  if (c->forgotten_) return;
  c->forgotten_ = true;
  connections_.erase(c->self_entry);
}

Result<uint16_t> Server::Impl::Start() {
  beast::error_code ec;
  auto address = net::ip::make_address(options_.host, ec);
  if (ec) return Fail(Error::InvalidArgument("not an IP address: " + options_.host, "listen"));
  tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Fail(Error::Unavailable(
        fmt::format("cannot listen on {}:{}: {}", options_.host, options_.port, ec.message())));
  }
  uint16_t port = acceptor_.local_endpoint().port();
  Accept();
  int n = options_.threads > 0 ? options_.threads
                               : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 0; i < n; ++i) threads_.emplace_back([this] { ioc_.run(); });
  return port;
}

void Server::Impl::Accept() {
  acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || draining_) return;
      // Out of file descriptors or similar: wait a little instead of spinning.
      spdlog::warn("accept failed: {}", ec.message());
      accept_backoff_.expires_after(std::chrono::milliseconds(50));
      accept_backoff_.async_wait([this](beast::error_code) {
        if (!draining_) Accept();
      });
      return;
    }
    if (static_cast<size_t>(stats_.connections_active.load()) >= options_.max_connections) {
      stats_.transport_errors++;
      socket.close(ec);  // over the limit: refuse rather than exhaust descriptors
    } else {
      socket.set_option(tcp::no_delay(true), ec);
      stats_.connections_total++;
      stats_.connections_active++;
      auto conn = std::make_shared<Connection>(*this, std::move(socket));
      {
        std::lock_guard lock(mu_);
        connections_.push_front(conn);
        conn->self_entry = connections_.begin();
      }
      conn->Start();
    }
    if (!draining_) Accept();
  });
}

void Server::Impl::Stop() {
  if (stopped_.exchange(true)) return;
  draining_ = true;
  net::post(acceptor_.get_executor(), [this] {
    beast::error_code ec;
    acceptor_.close(ec);
    accept_backoff_.cancel();
  });
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(mu_);
    for (auto& weak : connections_)
      if (auto c = weak.lock()) live.push_back(std::move(c));
  }
  // Outside the lock: dropping the last reference runs ~Connection, which takes mu_.
  for (auto& c : live) c->CloseIfIdle();
  live.clear();
  {
    std::unique_lock lock(mu_);
    all_closed_.wait_for(lock, options_.drain_timeout,
                         [this] { return stats_.connections_active.load() == 0; });
  }
  ioc_.stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

RequestHandler Immediate(std::function<Response(Request&)> handler) {
  return [handler = std::move(handler)](Request& r, Responder respond) { respond(handler(r)); };
}

Server::Server(ServerOptions options, RequestHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}
Server::~Server() { Stop(); }
Result<uint16_t> Server::Start() { return impl_->Start(); }
void Server::Stop() {
  if (impl_) impl_->Stop();
}
const ServerStats& Server::stats() const { return impl_->stats_; }
bool Server::draining() const { return impl_ && impl_->draining_; }
void Server::Post(std::function<void()> work) { net::post(impl_->ioc_, std::move(work)); }

}  // namespace nazar::http
