#include "http/json/common_json.h"

#include <cmath>

#include "core/time.h"

namespace nazar::http {

using nazar::Json;

Json OptionalTimeJson(const std::optional<int64_t>& ms) {
  return ms ? Json(FormatIsoUtc(*ms)) : Json(nullptr);
}

Json NumberOrNull(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

Json LocalizedTextJson(const survey::LocalizedText& text) {
  Json out = Json::object();
  for (const auto& [language, value] : text) out[language] = value;
  return out;
}

Json StoredJson(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? Json::object() : j;
}

Json DeletedJson() { return {{"deleted", true}}; }

}  // namespace nazar::http
