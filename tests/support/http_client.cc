#include "support/http_client.h"

#include <curl/curl.h>

#include <algorithm>

namespace nazar::testing {
namespace {

size_t OnBody(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t OnHeader(char* data, size_t size, size_t n, void* out) {
  std::string line(data, size * n);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    static_cast<std::vector<std::pair<std::string, std::string>>*>(out)->emplace_back(name, value);
  }
  return size * n;
}

}  // namespace

nlohmann::json HttpResult::json() const {
  return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

std::string HttpResult::header(const std::string& lower_name) const {
  for (const auto& [k, v] : headers)
    if (k == lower_name) return v;
  return {};
}

HttpClient::HttpClient(std::string base_url) : base_(std::move(base_url)), curl_(curl_easy_init()) {}

HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

HttpResult HttpClient::Send(const std::string& method, const std::string& path,
                            const std::string& body, std::vector<std::string> extra_headers) {
  CURL* c = static_cast<CURL*>(curl_);
  HttpResult result;
  curl_easy_reset(c);
  std::string url = base_ + path;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);  // no body follows the headers
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &result.headers);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  if (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  curl_slist* headers = nullptr;
  if (!content_type.empty() && !body.empty())
    headers = curl_slist_append(headers, ("Content-Type: " + content_type).c_str());
  if (!cookie.empty()) headers = curl_slist_append(headers, ("Cookie: " + cookie).c_str());
  if (!csrf.empty()) headers = curl_slist_append(headers, ("X-CSRF-Token: " + csrf).c_str());
  if (!bearer.empty())
    headers = curl_slist_append(headers, ("Authorization: Bearer " + bearer).c_str());
  headers = curl_slist_append(headers, "Expect:");
  for (const auto& h : extra_headers) headers = curl_slist_append(headers, h.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    result.error = curl_easy_strerror(rc);
    return result;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &result.status);
  return result;
}

HttpResult HttpClient::Login(const std::string& email, const std::string& password) {
  cookie.clear();
  csrf.clear();
  HttpResult r = Post("/api/v1/session", {{"email", email}, {"password", password}});
  std::string set = r.header("set-cookie");
  auto semi = set.find(';');
  if (r.status == 200) {
    cookie = set.substr(0, semi);
    csrf = r.json().value("csrf_token", "");
  }
  return r;
}

}  // namespace nazar::testing
