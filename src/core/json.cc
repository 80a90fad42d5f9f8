#include "core/json.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

namespace nazar {
namespace {

// Builds the value from nlohmann's SAX events, so depth and duplicate keys are checked as
// the text is read and parsing stops at the first problem (returning false from an event).
class StrictBuilder final : public nlohmann::json_sax<Json> {
 public:
  explicit StrictBuilder(std::string_view field) : field_(field) {}

  bool null() override { return Put(Json(nullptr)); }
  bool boolean(bool b) override { return Put(Json(b)); }
  bool number_integer(number_integer_t v) override { return Put(Json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return Put(Json(v)); }
  bool number_float(number_float_t v, const string_t&) override {
    if (!std::isfinite(v)) {
      return Reject(fmt::format("{} is too large a number", NextPath()), NextPath());
    }
    return Put(Json(v));
  }
  bool string(string_t& v) override { return Put(Json(std::move(v))); }
  bool binary(binary_t&) override { return Reject("binary values are not JSON", field_); }

  bool start_object(std::size_t) override { return Open(Json::object()); }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(Json::array()); }
  bool end_array() override { return Close(); }

  bool key(string_t& k) override {
    Json& object = *stack_.back();
    if (object.contains(k)) {
      return Reject(fmt::format("duplicate key \"{}\"", k), PathWith(k));
    }
    key_ = std::move(k);
    return true;
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    constexpr int kNumberOverflow = 406;  // nlohmann's out_of_range.406: beyond a double
    if (e.id == kNumberOverflow) {
      return Reject(fmt::format("{} is too large a number", NextPath()), NextPath());
    }
    return Reject(Subject() + " is not valid JSON (UTF-8)", field_);
  }

  Result<Json> Take() {
    if (error_) return Fail(*error_);
    return std::move(root_);
  }

 private:
  std::string Subject() const {
    return field_ == "body" ? std::string("request body") : field_;
  }

  bool Reject(std::string message, std::string field) {
    if (!error_) error_ = Error::InvalidArgument(std::move(message), std::move(field));
    return false;
  }

  // Places a value where the parse is: the root, the next array element or the last key.
  Json* Place(Json v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(v));
      return &parent.back();
    }
    Json& slot = parent[key_];
    slot = std::move(v);
    return &slot;
  }

  bool Put(Json v) {
    Place(std::move(v));
    return true;
  }

  bool Open(Json empty) {
    if (stack_.size() >= kMaxJsonDepth) {
      return Reject(fmt::format("{} nests deeper than {} levels", Subject(), kMaxJsonDepth),
                    field_);
    }
    stack_.push_back(Place(std::move(empty)));
    return true;
  }

  bool Close() {
    stack_.pop_back();
    return true;
  }

  // The key `child` sits under in the object `parent` (found only when an error names it).
  static std::string_view KeyOf(const Json& parent, const Json* child) {
    for (auto it = parent.begin(); it != parent.end(); ++it)
      if (&*it == child) return it.key();
    return {};
  }

  // The path of the container being read ("questions[2]"); only built for an error.
  std::string Path() const {
    std::string path;
    for (size_t i = 1; i < stack_.size(); ++i) {
      const Json& parent = *stack_[i - 1];
      if (parent.is_array()) {
        path += fmt::format("[{}]", parent.size() - 1);
      } else {
        if (!path.empty()) path += '.';
        path += KeyOf(parent, stack_[i]);
      }
    }
    return path.empty() ? std::string(field_) : path;
  }

  // The path of the value about to be placed.
  std::string NextPath() const {
    if (stack_.empty()) return std::string(field_);
    if (stack_.back()->is_array()) {
      std::string path = Path();
      if (path == field_) path.clear();
      return path + fmt::format("[{}]", stack_.back()->size());
    }
    return PathWith(key_);
  }

  std::string PathWith(std::string_view k) const {
    std::string path = Path();
    if (path == field_) return std::string(k);
    return path + "." + std::string(k);
  }

  std::string field_;
  Json root_;
  std::vector<Json*> stack_;  // open containers, outermost first
  std::string key_;
  std::optional<Error> error_;
};

}  // namespace

Result<Json> ParseJsonStrict(std::string_view text, std::string_view field) {
  StrictBuilder builder(field);
  Json::sax_parse(text, &builder, nlohmann::detail::input_format_t::json, /*strict=*/true);
  return builder.Take();
}

Result<Json> ParseJsonObject(std::string_view body) {
  auto parsed = ParseJsonStrict(body, "body");
  if (!parsed) return parsed;
  if (!parsed->is_object()) {
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
