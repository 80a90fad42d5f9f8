// How a finished response goes out to the client that asked: `HEAD` answered as its `GET`
// without the body; a validator (`ETag`) on cacheable reads, and 304 when the client already
// has that version; the body gzip-compressed when the client accepts it and it is worth it.
//
// Contract:
// - Validators: a 200 answer to GET or HEAD whose Cache-Control is not no-store (the static
//   assets, the web app, the OpenAPI document, the respondent page's files) gets a weak ETag
//   made from its uncompressed body (W/"<16 hex digits of FNV-1a 64>"), so both encodings
//   share it. If-None-Match naming it (or "*") turns the answer into 304 with no body.
//   Answers marked no-store (every API read by default: they are private) get none.
// - Compression: when Accept-Encoding lists gzip (not with q=0), the body is at least
//   kMinGzipBytes, of a textual type (JSON, text/*, JavaScript, SVG, XML, CSV) and not already
//   encoded, it is gzip-compressed (zlib, level 6) and `Content-Encoding: gzip` set; a streamed
//   body (exports) is compressed piece by piece as it streams. Every answer that could have
//   been compressed carries `Vary: Accept-Encoding`.
// - HEAD: the headers of GET, the body dropped (Content-Length still says the GET body's
//   length, after compression); a streamed body is never produced.
//
// Thread-safety: pure functions of their arguments.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/message.h"

namespace nazar::http {

inline constexpr size_t kMinGzipBytes = 1024;

// Gzip (RFC 1952) of `data`. Fails only when zlib does (out of memory).
Result<std::string> Gzip(std::string_view data, int level = 6);

// W/"<16 hex digits>" of `body`.
std::string WeakEtag(std::string_view body);

// True when `accept_encoding` (the header's value) accepts gzip.
bool AcceptsGzip(std::string_view accept_encoding);

// Applies the above to `response`, the answer to `request`.
void EncodeForClient(const Request& request, Response& response);

}  // namespace nazar::http
