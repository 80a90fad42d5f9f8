// A small HTTP client over libcurl for driving a real Nazar server in tests. It keeps one
// connection alive across calls, remembers the session cookie and can send the CSRF token
// or an API key on every request.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace nazar::testing {

struct HttpResult {
  long status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string error;  // transport error, empty when a response arrived

  nlohmann::json json() const;
  std::string header(const std::string& lower_name) const;
};

class HttpClient {
 public:
  explicit HttpClient(std::string base_url);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResult Send(const std::string& method, const std::string& path, const std::string& body = "",
                  std::vector<std::string> extra_headers = {});
  HttpResult Get(const std::string& path) { return Send("GET", path); }
  HttpResult Post(const std::string& path, const nlohmann::json& body) {
    return Send("POST", path, body.dump());
  }
  HttpResult Patch(const std::string& path, const nlohmann::json& body) {
    return Send("PATCH", path, body.dump());
  }
  HttpResult Put(const std::string& path, const nlohmann::json& body) {
    return Send("PUT", path, body.dump());
  }
  HttpResult Delete(const std::string& path) { return Send("DELETE", path); }

  // Signs in; keeps the cookie and the CSRF token for later calls.
  HttpResult Login(const std::string& email, const std::string& password);

  std::string cookie;  // "nazar_session=..." sent as Cookie when set
  std::string csrf;    // sent as X-CSRF-Token when set
  std::string bearer;  // sent as Authorization: Bearer when set
  std::string content_type = "application/json";

 private:
  std::string base_;
  void* curl_;
};

}  // namespace nazar::testing
