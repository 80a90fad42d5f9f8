// A request as it came off the wire (Boost.Beast's message) turned into Nazar's own Request:
// the one conversion the server and the HTTP fuzz target share. Private to src/http and the
// fuzz targets: nothing else sees Beast's types.
#pragma once

#include <string>
#include <string_view>

#include <boost/beast/http.hpp>

#include "core/error.h"
#include "http/message.h"

namespace nazar::http {

using WireRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Method, target (split by ParseTarget), headers with lower-case names, and the body (moved).
Request FromWire(WireRequest&& message, std::string remote_ip, std::string local_address);

// Parses one whole request from `bytes` with the server's header and body limits; what the
// server would answer 400/413/431 to is an InvalidArgument or TooLarge naming "request".
Result<Request> ParseWireRequest(std::string_view bytes, size_t max_header_bytes,
                                 size_t max_body_bytes);

}  // namespace nazar::http
