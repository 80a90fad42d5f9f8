// libcurl for the transports that speak through it (delivery/channels.cc: SMTP and HTTP
// gateways; webhooks/sender.cc): its global set-up done once, and its handles owned, so
// they are freed on every path.
//
// Thread-safety: InitCurlOnce may be called from any thread; a handle belongs to one.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace nazar::delivery {

inline void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;
using CurlList = std::unique_ptr<curl_slist, CurlDeleter>;

}  // namespace nazar::delivery
