#include "http/wire.h"

#include <algorithm>
#include <cctype>

namespace nazar::http {

namespace bhttp = boost::beast::http;

Request FromWire(WireRequest&& message, std::string remote_ip, std::string local_address) {
  Request req;
  req.method = std::string(message.method_string());
  req.target = std::string(message.target());
  req.ParseTarget();
  req.remote_ip = std::move(remote_ip);
  req.local_address = std::move(local_address);
  for (const auto& field : message.base()) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    req.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  req.body = std::move(message.body());
  return req;
}

Result<Request> ParseWireRequest(std::string_view bytes, size_t max_header_bytes,
                                 size_t max_body_bytes) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.eager(true);
  parser.header_limit(static_cast<uint32_t>(std::min<size_t>(max_header_bytes, UINT32_MAX)));
  parser.body_limit(max_body_bytes);
  boost::beast::error_code ec;
  size_t used = 0;
  while (used < bytes.size() && !parser.is_done()) {
    size_t n = parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    if (ec == bhttp::error::need_more) break;
    if (ec == bhttp::error::header_limit || ec == bhttp::error::body_limit)
      return std::unexpected(Error::TooLarge(ec.message(), "request"));
    if (ec) return std::unexpected(Error::InvalidArgument(ec.message(), "request"));
    if (n == 0) break;
    used += n;
  }
  if (!parser.got_some()) return std::unexpected(Error::InvalidArgument("no request", "request"));
  if (!parser.is_done()) {
    parser.put_eof(ec);
    if (ec || !parser.is_done())
      return std::unexpected(Error::InvalidArgument("the request ends early", "request"));
  }
  return FromWire(parser.release(), "", "");
}

}  // namespace nazar::http
