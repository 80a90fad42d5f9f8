// Strict JSON input: parse a request body and read an object field by field, rejecting
// wrong types, out-of-range values and unknown fields, always naming the offending field
// by its path ("questions[3].choices").
//
// Usage:
//   auto obj = ParseJsonObject(body);            // Result<nlohmann::json>
//   JsonObjectReader r(*obj);
//   std::string email = r.String("email", {.max_chars = 254});
//   std::optional<std::string> name = r.OptionalString("name", {.max_chars = 200});
//   if (auto done = r.Finish(); !done) return Fail(done.error());
//
// The reader keeps the first error it meets; getters after an error return defaults.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace nazar {

using Json = nlohmann::json;

// Containers nested deeper than this are refused while parsing, before any value is built
// or copied: nothing legitimate nests past a dozen levels, and a recursive copy of a value
// nested 10^5 deep overflows the stack.
inline constexpr size_t kMaxJsonDepth = 64;

// Parses outside JSON strictly: no value nested deeper than kMaxJsonDepth, no object with
// the same key twice (refused naming the key's path, e.g. "questions[2].id"), no number
// that overflows a double. Errors about the text as a whole name `field` ("body", or
// "line 7" for JSON lines). Every JSON that enters from outside goes through here.
Result<Json> ParseJsonStrict(std::string_view text, std::string_view field = "body");

// ParseJsonStrict, and the value must be an object. Errors name the field "body".
Result<Json> ParseJsonObject(std::string_view body);

struct StringRule {
  size_t min_chars = 0;      // counted in Unicode code points
  size_t max_chars = 1000;
  bool trim = true;          // strip surrounding ASCII white space first
};

struct IntRule {
  int64_t min = INT64_MIN;
  int64_t max = INT64_MAX;
};

class JsonObjectReader {
 public:
  // `path` prefixes field names in errors ("members[2]" -> "members[2].email").
  explicit JsonObjectReader(const Json& object, std::string path = {});

  std::string String(std::string_view name, StringRule rule = {});
  std::optional<std::string> OptionalString(std::string_view name, StringRule rule = {});
  int64_t Int(std::string_view name, IntRule rule = {});
  std::optional<int64_t> OptionalInt(std::string_view name, IntRule rule = {});
  std::optional<bool> OptionalBool(std::string_view name);
  // A raw value for nested readers; nullptr when absent.
  const Json* OptionalValue(std::string_view name);

  // Records an error about `name` (for domain checks such as "one of owner, admin, ...").
  void Reject(std::string_view name, std::string message);
  bool ok() const { return !error_.has_value(); }
  std::string FieldPath(std::string_view name) const;

  // The first error met, else an error for the first unknown field, else success.
  Result<void> Finish();

 private:
  const Json* Find(std::string_view name, bool required);
  std::optional<std::string> ReadString(std::string_view name, StringRule rule, bool required);
  std::optional<int64_t> ReadInt(std::string_view name, IntRule rule, bool required);

  const Json& object_;
  std::string path_;
  std::set<std::string, std::less<>> seen_;
  std::optional<Error> error_;
};

// Number of Unicode code points in a UTF-8 string (assumes valid UTF-8).
size_t Utf8Length(std::string_view s);

}  // namespace nazar
