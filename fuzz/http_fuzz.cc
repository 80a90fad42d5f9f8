// An HTTP request as it comes off the socket: Beast's parser with the server's limits, then
// everything the API reads from a request before any handler: the target split and decoded,
// cookies, the page and the results filter of the query string (both calendars).
#include "fuzz_input.h"
#include "http/api.h"
#include "http/server.h"
#include "http/wire.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nazar;
  const http::ServerOptions limits;
  auto request = http::ParseWireRequest(fuzz::AsText(data, size), limits.max_header_bytes,
                                        limits.max_body_bytes);
  if (!request) return 0;
  (void)request->Cookie(http::kSessionCookie);
  (void)request->Cookie(http::kBrowserCookie);
  (void)request->Query("limit");
  (void)request->Header("content-type");
  (void)http::ParsePage(*request);
  for (Calendar calendar : {Calendar::kGregorian, Calendar::kJalali})
    (void)http::ParseResultsFilter(*request, calendar);
  (void)http::PercentDecode(request->target);
  return 0;
}
