#include "support/sinks.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace nazar::testing {
namespace {

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// Buffered reads of lines (CRLF or LF, stripped) and bytes from a socket.
class Conn {
 public:
  explicit Conn(int fd) : fd_(fd) {}
  bool Line(std::string& line) {
    for (;;) {
      auto nl = buf_.find('\n');
      if (nl != std::string::npos) {
        line = buf_.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        buf_.erase(0, nl + 1);
        return true;
      }
      if (!Fill()) return false;
    }
  }
  bool Bytes(size_t n, std::string& out) {
    while (buf_.size() < n)
      if (!Fill()) return false;
    out = buf_.substr(0, n);
    buf_.erase(0, n);
    return true;
  }
  bool Write(std::string_view s) {
    while (!s.empty()) {
      ssize_t n = ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      s.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

 private:
  bool Fill() {
    char chunk[4096];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buf_.append(chunk, static_cast<size_t>(n));
    return true;
  }
  int fd_;
  std::string buf_;
};

// "MAIL FROM:<a@b> SIZE=12" -> "a@b"
std::string AngleAddress(std::string_view line) {
  auto open = line.find('<');
  auto close = line.find('>', open == std::string_view::npos ? 0 : open);
  if (open == std::string_view::npos || close == std::string_view::npos) return "";
  return std::string(line.substr(open + 1, close - open - 1));
}

// RFC 2047: =?charset?B|Q?text?= words decoded; white space between two words dropped.
std::string DecodeWords(std::string_view v) {
  std::string out, pending_space;
  bool after_word = false;
  size_t i = 0;
  while (i < v.size()) {
    if (v.substr(i, 2) == "=?") {
      size_t q1 = v.find('?', i + 2);
      size_t q2 = q1 == std::string_view::npos ? q1 : v.find('?', q1 + 1);
      size_t end = q2 == std::string_view::npos ? q2 : v.find("?=", q2 + 1);
      if (end != std::string_view::npos) {
        char enc = static_cast<char>(std::toupper(static_cast<unsigned char>(v[q1 + 1])));
        std::string_view text = v.substr(q2 + 1, end - q2 - 1);
        std::string decoded;
        if (enc == 'B') {
          decoded = Base64DecodeForTest(text);
        } else {
          for (size_t k = 0; k < text.size(); ++k) {
            if (text[k] == '_')
              decoded += ' ';
            else if (text[k] == '=' && k + 2 < text.size()) {
              decoded +=
                  static_cast<char>(std::stoi(std::string(text.substr(k + 1, 2)), nullptr, 16));
              k += 2;
            } else
              decoded += text[k];
          }
        }
        if (!after_word) out += pending_space;
        pending_space.clear();
        out += decoded;
        after_word = true;
        i = end + 2;
        continue;
      }
    }
    if (v[i] == ' ' || v[i] == '\t') {
      pending_space += v[i];
    } else {
      out += pending_space;
      pending_space.clear();
      out += v[i];
      after_word = false;
    }
    ++i;
  }
  return out + pending_space;
}

std::string DecodeQuotedPrintable(std::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '=' && i + 1 < in.size() && (in[i + 1] == '\r' || in[i + 1] == '\n')) {
      i += in[i + 1] == '\r' ? 2 : 1;  // soft line break
    } else if (in[i] == '=' && i + 2 < in.size()) {
      out += static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

}  // namespace

std::string Base64DecodeForTest(std::string_view in) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    size_t pos = kAlphabet.find(c);
    if (pos == std::string_view::npos) continue;  // line breaks
    acc = (acc << 6) | static_cast<uint32_t>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

// --- LoopbackServer ----------------------------------------------------------------------------

LoopbackServer::LoopbackServer(std::function<void(int)> serve, uint16_t port)
    : serve_(std::move(serve)) {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_, 256) != 0)
    throw std::runtime_error("sink: cannot listen on 127.0.0.1");
  socklen_t len = sizeof addr;
  ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] {
    for (;;) {
      int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) return;
      std::lock_guard lock(mu_);
      if (stopping_) {
        ::close(fd);
        return;
      }
      open_.push_back(fd);
      ++active_;
      // Detached, so a long run (the bench) does not pile up finished threads; Stop()
      // waits for the count to drop instead of joining.
      std::thread([this, fd] {
        serve_(fd);
        std::lock_guard lock(mu_);
        std::erase(open_, fd);
        ::close(fd);
        if (--active_ == 0) idle_.notify_all();
      }).detach();
    }
  });
}

LoopbackServer::~LoopbackServer() { Stop(); }

void LoopbackServer::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    for (int fd : open_) ::shutdown(fd, SHUT_RDWR);
  }
  ::shutdown(listener_, SHUT_RDWR);
  ::close(listener_);
  if (acceptor_.joinable()) acceptor_.join();
  std::unique_lock lock(mu_);
  idle_.wait(lock, [this] { return active_ == 0; });
}

// --- SMTP --------------------------------------------------------------------------------------

std::string SmtpMessage::Header(std::string_view name) const {
  std::string head = data.substr(0, data.find("\r\n\r\n"));
  std::string wanted = Lower(name) + ":";
  std::string value;
  bool in = false;
  size_t i = 0;
  while (i <= head.size()) {
    size_t end = head.find("\r\n", i);
    if (end == std::string::npos) end = head.size();
    std::string_view line(head.data() + i, end - i);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      if (in) value += line;
    } else {
      if (in) break;
      in = Lower(line.substr(0, wanted.size())) == wanted;
      if (in) value = std::string(line.substr(wanted.size()));
    }
    i = end + 2;
  }
  return Trim(value);
}

std::string SmtpMessage::Subject() const { return DecodeWords(Header("Subject")); }

std::string SmtpMessage::FromName() const {
  std::string from = Header("From");
  std::string name = Trim(from.substr(0, from.find('<')));
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
    name = name.substr(1, name.size() - 2);
  return DecodeWords(name);
}

// A part's text decoded per its Content-Transfer-Encoding, "\n" line ends.
static std::string DecodedText(const std::string& raw, const std::string& encoding) {
  std::string decoded = encoding == "base64"             ? Base64DecodeForTest(raw)
                        : encoding == "quoted-printable" ? DecodeQuotedPrintable(raw)
                                                         : raw;
  std::string out;
  for (size_t i = 0; i < decoded.size(); ++i)
    if (!(decoded[i] == '\r' && i + 1 < decoded.size() && decoded[i + 1] == '\n'))
      out += decoded[i];
  return out;
}

std::string SmtpMessage::Body() const {
  if (Lower(Header("Content-Type")).starts_with("multipart/")) return Part("text/plain");
  auto split = data.find("\r\n\r\n");
  std::string raw = split == std::string::npos ? "" : data.substr(split + 4);
  return DecodedText(raw, Lower(Header("Content-Transfer-Encoding")));
}

std::string SmtpMessage::Part(std::string_view content_type) const {
  std::string type = Header("Content-Type");
  auto b = type.find("boundary=\"");
  if (b == std::string::npos) return "";
  std::string boundary = "--" + type.substr(b + 10, type.find('"', b + 10) - b - 10);
  for (size_t at = data.find(boundary); at != std::string::npos;) {
    size_t start = at + boundary.size() + 2;  // after the boundary's CRLF
    size_t next = data.find(boundary, start);
    if (next == std::string::npos) break;
    SmtpMessage part{.data = data.substr(start, next - start)};
    if (Lower(part.Header("Content-Type")).starts_with(Lower(std::string(content_type))))
      return part.Body();
    at = next;
  }
  return "";
}

SmtpSink::SmtpSink(uint16_t port)
    : server_(std::make_unique<LoopbackServer>([this](int fd) { Serve(fd); }, port)) {}

void SmtpSink::FailNextData(int times, std::string reply) {
  std::lock_guard lock(mu_);
  fail_data_ = times;
  fail_reply_ = std::move(reply);
}

void SmtpSink::RejectRecipient(std::string address, std::string reply) {
  std::lock_guard lock(mu_);
  rejected_[std::move(address)] = std::move(reply);
}

void SmtpSink::OnMessage(std::function<void(const SmtpMessage&)> callback) {
  std::lock_guard lock(mu_);
  on_message_ = std::move(callback);
}

void SmtpSink::Serve(int fd) {
  Conn c(fd);
  if (!c.Write("220 sink.test ESMTP ready\r\n")) return;
  SmtpMessage m;
  std::string auth_user;
  std::string line;
  auto plain = [&](std::string_view b64) {
    std::string raw = Base64DecodeForTest(b64);  // authzid \0 user \0 password
    auto a = raw.find('\0'), b = raw.find('\0', a + 1);
    if (a != std::string::npos && b != std::string::npos)
      m.auth = raw.substr(a + 1, b - a - 1) + ":" + raw.substr(b + 1);
    return c.Write("235 2.7.0 authenticated\r\n");
  };
  while (c.Line(line)) {
    std::string verb = Lower(line.substr(0, line.find(' ')));
    if (verb == "ehlo") {
      c.Write("250-sink.test\r\n250-AUTH PLAIN LOGIN\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n");
    } else if (verb == "helo") {
      c.Write("250 sink.test\r\n");
    } else if (verb == "auth") {
      std::string rest = line.size() > 5 ? line.substr(5) : "";
      std::string mech = Lower(rest.substr(0, rest.find(' ')));
      std::string initial =
          rest.find(' ') == std::string::npos ? "" : rest.substr(rest.find(' ') + 1);
      if (mech == "plain") {
        if (initial.empty()) {
          c.Write("334 \r\n");
          if (!c.Line(initial)) return;
        }
        plain(initial);
      } else if (mech == "login") {
        std::string user, pass;
        if (!c.Write("334 VXNlcm5hbWU6\r\n") || !c.Line(user)) return;
        if (!c.Write("334 UGFzc3dvcmQ6\r\n") || !c.Line(pass)) return;
        m.auth = Base64DecodeForTest(user) + ":" + Base64DecodeForTest(pass);
        c.Write("235 2.7.0 authenticated\r\n");
      } else {
        c.Write("504 5.5.4 mechanism not supported\r\n");
      }
    } else if (verb == "mail") {
      std::string auth = m.auth;
      m = SmtpMessage{.mail_from = AngleAddress(line), .auth = auth};
      c.Write("250 2.1.0 ok\r\n");
    } else if (verb == "rcpt") {
      std::string to = AngleAddress(line);
      std::string reply;
      {
        std::lock_guard lock(mu_);
        if (auto it = rejected_.find(to); it != rejected_.end()) reply = it->second;
      }
      if (!reply.empty()) {
        c.Write(reply + "\r\n");
      } else {
        m.rcpt_to.push_back(to);
        c.Write("250 2.1.5 ok\r\n");
      }
    } else if (verb == "data") {
      c.Write("354 end with <CRLF>.<CRLF>\r\n");
      std::string body;
      while (c.Line(line) && line != ".") {
        if (line.starts_with("..")) line.erase(0, 1);
        body += line + "\r\n";
      }
      m.data = std::move(body);
      m.received_ms = WallMs();
      std::string reply = "250 2.0.0 queued\r\n";
      std::function<void(const SmtpMessage&)> callback;
      {
        std::lock_guard lock(mu_);
        if (fail_data_ > 0) {
          --fail_data_;
          reply = fail_reply_ + "\r\n";
        } else {
          callback = on_message_;
        }
      }
      if (reply.starts_with("250")) {
        if (callback) callback(m);
        messages_.Add(m);
      }
      c.Write(reply);
    } else if (verb == "rset" || verb == "noop") {
      c.Write("250 2.0.0 ok\r\n");
    } else if (verb == "quit") {
      c.Write("221 2.0.0 bye\r\n");
      return;
    } else {
      c.Write("502 5.5.2 not implemented\r\n");
    }
  }
}

// --- HTTP --------------------------------------------------------------------------------------

std::string HttpRequestSeen::Header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers)
    if (k == lower_name) return v;
  return {};
}

HttpSink::HttpSink() : server_(std::make_unique<LoopbackServer>([this](int fd) { Serve(fd); })) {}

void HttpSink::RespondNext(int times, int status) {
  std::lock_guard lock(mu_);
  special_times_ = times;
  special_status_ = status;
}

void HttpSink::OnRequest(std::function<void(const HttpRequestSeen&)> callback) {
  std::lock_guard lock(mu_);
  on_request_ = std::move(callback);
}

void HttpSink::Serve(int fd) {
  Conn c(fd);
  HttpRequestSeen req;
  std::string line;
  if (!c.Line(line)) return;
  auto sp1 = line.find(' '), sp2 = line.find(' ', sp1 + 1);
  req.method = line.substr(0, sp1);
  req.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  size_t length = 0;
  while (c.Line(line) && !line.empty()) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = Lower(line.substr(0, colon));
    std::string value = Trim(line.substr(colon + 1));
    if (name == "content-length") length = std::stoul(value);
    req.headers.emplace_back(std::move(name), std::move(value));
  }
  if (length > 0 && !c.Bytes(length, req.body)) return;
  req.received_ms = WallMs();
  int status = 200;
  std::function<void(const HttpRequestSeen&)> on_request;
  {
    std::lock_guard lock(mu_);
    if (special_times_ > 0) {
      --special_times_;
      status = special_status_;
    }
    on_request = on_request_;
  }
  if (on_request) on_request(req);
  requests_.Add(std::move(req));
  c.Write("HTTP/1.1 " + std::to_string(status) +
          " Sink\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: "
          "close\r\n\r\n{\"ok\":true}");
}

sigset_t BlockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

std::FILE* OpenSinkLog(const std::string& path, std::string_view program) {
  std::FILE* log = std::fopen(path.c_str(), "a");
  if (!log) std::fprintf(stderr, "%.*s: cannot write %s\n", static_cast<int>(program.size()), program.data(), path.c_str());
  return log;
}

}  // namespace nazar::testing
