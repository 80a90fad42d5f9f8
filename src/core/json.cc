#include "core/json.h"

#include <algorithm>

#include <fmt/format.h>

namespace nazar {

Result<Json> ParseJsonObject(std::string_view body) {
  Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return Fail(Error::InvalidArgument("request body is not valid JSON (UTF-8)", "body"));
  }
  if (!parsed.is_object()) {
    return Fail(Error::InvalidArgument("request body must be a JSON object", "body"));
  }
  return parsed;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

JsonObjectReader::JsonObjectReader(const Json& object, std::string path)
    : object_(object), path_(std::move(path)) {}

std::string JsonObjectReader::FieldPath(std::string_view name) const {
  if (path_.empty()) return std::string(name);
  return path_ + "." + std::string(name);
}

void JsonObjectReader::Reject(std::string_view name, std::string message) {
  if (!error_) error_ = Error::InvalidArgument(std::move(message), FieldPath(name));
}

const Json* JsonObjectReader::Find(std::string_view name, bool required) {
  seen_.emplace(name);
  auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) {
    if (required) Reject(name, fmt::format("{} is required", FieldPath(name)));
    return nullptr;
  }
  return &*it;
}

const Json* JsonObjectReader::OptionalValue(std::string_view name) { return Find(name, false); }

std::optional<std::string> JsonObjectReader::ReadString(std::string_view name, StringRule rule,
                                                        bool required) {
  const Json* v = Find(name, required);
  if (!v || error_) return std::nullopt;
  if (!v->is_string()) {
    Reject(name, fmt::format("{} must be a string", FieldPath(name)));
    return std::nullopt;
  }
  std::string s = v->get<std::string>();
  // Control characters (NUL included) never belong in user text; tab and newlines do.
  if (std::any_of(s.begin(), s.end(), [](unsigned char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
      })) {
    Reject(name, fmt::format("{} must not contain control characters", FieldPath(name)));
    return std::nullopt;
  }
  if (rule.trim) {
    size_t b = s.find_first_not_of(" \t\r\n");
    size_t e = s.find_last_not_of(" \t\r\n");
    s = b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  }
  size_t len = Utf8Length(s);
  if (len < rule.min_chars) {
    Reject(name, rule.min_chars == 1
                     ? fmt::format("{} must not be empty", FieldPath(name))
                     : fmt::format("{} must be at least {} characters", FieldPath(name),
                                   rule.min_chars));
    return std::nullopt;
  }
  if (len > rule.max_chars) {
    Reject(name, fmt::format("{} must be at most {} characters", FieldPath(name), rule.max_chars));
    return std::nullopt;
  }
  return s;
}

std::string JsonObjectReader::String(std::string_view name, StringRule rule) {
  return ReadString(name, rule, true).value_or(std::string());
}

std::optional<std::string> JsonObjectReader::OptionalString(std::string_view name,
                                                            StringRule rule) {
  return ReadString(name, rule, false);
}

std::optional<int64_t> JsonObjectReader::ReadInt(std::string_view name, IntRule rule,
                                                 bool required) {
  const Json* v = Find(name, required);
  if (!v || error_) return std::nullopt;
  if (!v->is_number_integer()) {
    Reject(name, fmt::format("{} must be an integer", FieldPath(name)));
    return std::nullopt;
  }
  int64_t x = v->is_number_unsigned() && v->get<uint64_t>() > INT64_MAX ? INT64_MAX
                                                                          : v->get<int64_t>();
  if (x < rule.min || x > rule.max) {
    Reject(name, fmt::format("{} must be between {} and {}", FieldPath(name), rule.min, rule.max));
    return std::nullopt;
  }
  return x;
}

int64_t JsonObjectReader::Int(std::string_view name, IntRule rule) {
  return ReadInt(name, rule, true).value_or(0);
}

std::optional<int64_t> JsonObjectReader::OptionalInt(std::string_view name, IntRule rule) {
  return ReadInt(name, rule, false);
}

std::optional<bool> JsonObjectReader::OptionalBool(std::string_view name) {
  const Json* v = Find(name, false);
  if (!v || error_) return std::nullopt;
  if (!v->is_boolean()) {
    Reject(name, fmt::format("{} must be true or false", FieldPath(name)));
    return std::nullopt;
  }
  return v->get<bool>();
}

Result<void> JsonObjectReader::Finish() {
  if (error_) return Fail(*error_);
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    if (!seen_.contains(it.key())) {
      return Fail(Error::InvalidArgument(fmt::format("unknown field {}", FieldPath(it.key())),
                                         FieldPath(it.key())));
    }
  }
  return {};
}

}  // namespace nazar
