// JSON pieces the areas' API JSON is made of: times, numbers that may be missing, texts in
// both languages, lists.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>

#include "core/json.h"
#include "survey/definition.h"

namespace nazar::http {

// ISO 8601 in UTC ("2024-03-01T10:00:00.000Z"), or null.
nazar::Json OptionalTimeJson(const std::optional<int64_t>& ms);
// The number when it is finite, else null (an interval that was not computed, a share of
// nothing).
nazar::Json NumberOrNull(double value);
// The value, or null.
template <typename T>
nazar::Json ValueOrNull(const std::optional<T>& value) {
  return value ? nazar::Json(*value) : nazar::Json(nullptr);
}
// {"fa": ..., "en": ...}: the languages the text has.
nazar::Json LocalizedTextJson(const survey::LocalizedText& text);
// A stored JSON text as a value; an empty object when it does not parse.
nazar::Json StoredJson(const std::string& text);

// [to_json(row), ...] in the rows' order.
template <typename Rows, typename ToJson>
nazar::Json ArrayJson(const Rows& rows, ToJson to_json) {
  nazar::Json out = nazar::Json::array();
  for (const auto& row : rows) out.push_back(to_json(row));
  return out;
}

// {"items": [...]}: a whole list (a catalogue, an organisation's rules).
template <typename Rows, typename ToJson>
nazar::Json ItemsJson(const Rows& rows, ToJson to_json) {
  return {{"items", ArrayJson(rows, to_json)}};
}

// A listing that is one page: {"items": [...], "next_cursor": null}.
template <typename Rows, typename ToJson>
nazar::Json WholeListJson(const Rows& rows, ToJson to_json) {
  return {{"items", ArrayJson(rows, to_json)}, {"next_cursor", nullptr}};
}

// The optional "name" of a catalogue entry, an agent: {"fa": …, "en": …} texts of at most
// 200 characters, as stored JSON ("{}" when absent); problems recorded in the reader.
std::string ReadLocalizedName(nazar::JsonObjectReader& r);

// {"deleted": true}.
nazar::Json DeletedJson();

}  // namespace nazar::http
