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

std::string ReadLocalizedName(JsonObjectReader& r) {
  const Json* name = r.OptionalValue("name");
  if (!name) return "{}";
  if (!name->is_object()) {
    r.Reject("name", "name must be an object such as {\"fa\": \"…\", \"en\": \"…\"}");
    return "{}";
  }
  for (const auto& [lang, text] : name->items()) {
    if ((lang != "fa" && lang != "en") || !text.is_string() || text.get<std::string>().size() > 400)
      r.Reject("name." + lang, "name has fa and en texts of at most 200 characters");
  }
  return name->dump();
}

}  // namespace nazar::http
