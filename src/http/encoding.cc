#include "http/encoding.h"

#include <zlib.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

namespace nazar::http {
namespace {

constexpr int kGzipWindowBits = 15 + 16;  // 15-bit window, gzip wrapper
constexpr int kMemLevel = 8;

std::string Lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool Textual(std::string_view content_type) {
  const std::string t = Lower(content_type);
  return t.starts_with("text/") || t.find("json") != std::string::npos ||
         t.find("javascript") != std::string::npos || t.find("xml") != std::string::npos ||
         t.find("svg") != std::string::npos || t.find("csv") != std::string::npos;
}

// One gzip stream fed piece by piece (a streamed export).
class GzipStream {
 public:
  GzipStream() {
    ok_ = deflateInit2(&z_, 6, Z_DEFLATED, kGzipWindowBits, kMemLevel, Z_DEFAULT_STRATEGY) == Z_OK;
  }
  ~GzipStream() {
    if (ok_) deflateEnd(&z_);
  }
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  bool ok() const { return ok_; }

  // The compressed bytes for `piece`; with `finish`, the rest of the stream and its trailer.
  // Each piece is flushed (Z_SYNC_FLUSH) so a slow export still reaches the client as it goes.
  std::optional<std::string> Feed(std::string_view piece, bool finish) {
    std::string out;
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(piece.data()));
    z_.avail_in = static_cast<uInt>(piece.size());
    const int flush = finish ? Z_FINISH : Z_SYNC_FLUSH;
    char buffer[16384];
    int rc = Z_OK;
    do {
      z_.next_out = reinterpret_cast<Bytef*>(buffer);
      z_.avail_out = sizeof buffer;
      rc = deflate(&z_, flush);
      if (rc == Z_STREAM_ERROR) return std::nullopt;
      out.append(buffer, sizeof buffer - z_.avail_out);
    } while (z_.avail_out == 0 || (finish && rc != Z_STREAM_END));
    return out;
  }

 private:
  z_stream z_{};
  bool ok_ = false;
};

void AddVary(Response& response) {
  std::string_view vary = response.Header("Vary");
  if (vary.empty()) {
    response.SetHeader("Vary", "Accept-Encoding");
  } else if (Lower(vary).find("accept-encoding") == std::string::npos) {
    response.SetHeader("Vary", std::string(vary) + ", Accept-Encoding");
  }
}

bool MatchesIfNoneMatch(std::string_view header, std::string_view etag) {
  // A list of entity tags; weak comparison (W/ prefixes ignored), as GET requires.
  auto strip = [](std::string_view t) { return t.starts_with("W/") ? t.substr(2) : t; };
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view tag = Trim(header.substr(0, comma));
    if (tag == "*" || (!tag.empty() && strip(tag) == strip(etag))) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

Result<std::string> Gzip(std::string_view data, int level) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, kGzipWindowBits, kMemLevel, Z_DEFAULT_STRATEGY) != Z_OK)
    return Fail(Error::Internal("zlib could not start"));
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return Fail(Error::Internal("zlib could not compress"));
  out.resize(z.total_out);
  return out;
}

std::string WeakEtag(std::string_view body) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64: offset basis, prime 0x100000001b3
  for (unsigned char c : body) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return fmt::format("W/\"{:016x}\"", h);
}

bool AcceptsGzip(std::string_view accept_encoding) {
  std::string_view rest = accept_encoding;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view item = Trim(rest.substr(0, comma));
    std::string_view name = Trim(item.substr(0, item.find(';')));
    if (Lower(name) == "gzip" || name == "*") {
      // "gzip;q=0" refuses it.
      size_t q = item.find("q=");
      if (q == std::string_view::npos) return true;
      std::string_view value = Trim(item.substr(q + 2));
      return !(value == "0" || value.starts_with("0.000") || value == "0." || value == "0.0" ||
               value == "0.00");
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

void EncodeForClient(const Request& request, Response& response) {
  const bool head = request.method == "HEAD";
  const bool read = head || request.method == "GET";

  // Validators on cacheable reads, from the uncompressed body.
  if (read && response.status == 200 && !response.stream &&
      Lower(response.Header("Cache-Control")).find("no-store") == std::string::npos) {
    const std::string etag = WeakEtag(response.body);
    response.SetHeader("ETag", etag);
    std::string_view if_none_match = request.Header("if-none-match");
    if (!if_none_match.empty() && MatchesIfNoneMatch(if_none_match, etag)) {
      response.status = 304;
      response.body.clear();
      return;
    }
  }

  const bool textual = Textual(response.content_type);
  // Precompressed files (the web app's .gz siblings) vary by the header too.
  if (textual && !response.Header("Content-Encoding").empty()) AddVary(response);
  const bool compressible = textual && response.Header("Content-Encoding").empty() &&
                            (response.stream || response.body.size() >= kMinGzipBytes);
  if (compressible) {
    AddVary(response);
    if (AcceptsGzip(request.Header("accept-encoding"))) {
      if (response.stream) {
        auto gz = std::make_shared<GzipStream>();
        if (gz->ok()) {
          auto produce = std::move(response.stream);
          auto done = std::make_shared<bool>(false);
          response.stream = [gz, produce = std::move(produce), done]() -> std::optional<std::string> {
            if (*done) return std::nullopt;
            std::optional<std::string> piece = produce();
            if (!piece) *done = true;
            auto out = gz->Feed(piece ? std::string_view(*piece) : std::string_view(), !piece);
            if (!out) throw std::runtime_error("gzip failed");
            return out;
          };
          response.SetHeader("Content-Encoding", "gzip");
        }
      } else if (auto gz = Gzip(response.body); gz) {
        response.body = std::move(*gz);
        response.SetHeader("Content-Encoding", "gzip");
      }
    }
  }

  if (head) {
    // The server sends this length with no body (server.cc).
    response.stream = nullptr;
    response.SetHeader("Content-Length", std::to_string(response.body.size()));
    response.body.clear();
  }
}

}  // namespace nazar::http
