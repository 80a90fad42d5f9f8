#include "journey/journeys_input.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/contact_info.h"
#include "core/jalali.h"
#include "core/time.h"

namespace nazar::journey::input {

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// "email" for the API, "line 17.email" for a file, "interactions[3].email" for a batch.
std::string Field(const std::string& where, std::string_view name) {
  return where.empty() ? std::string(name) : fmt::format("{}.{}", where, name);
}

Error Bad(const std::string& where, std::string_view name, std::string message) {
  return Error::InvalidArgument(std::move(message), Field(where, name));
}

// Names of attributes and facts: what a column header or a JSON key can carry safely.
bool IsName(std::string_view s, size_t max) {
  if (s.empty() || s.size() > max || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Text for a short field: trimmed, valid UTF-8 without controls, at most `max` characters.
Result<std::string> ShortText(std::string_view value, const std::string& where,
                              std::string_view name, size_t max, bool required) {
  std::string v = Trim(value);
  if (v.empty() && required) return Fail(Bad(where, name, fmt::format("{} is required", name)));
  if (SanitiseUtf8(v, v.size()) != v)
    return Fail(Bad(where, name, fmt::format("{} must be text without control characters", name)));
  if (Utf8Length(v) > max)
    return Fail(Bad(where, name, fmt::format("{} is longer than {} characters", name, max)));
  return v;
}

std::optional<double> ParseNumber(std::string_view text) {
  std::string ascii = ToAsciiDigits(Trim(text));
  double v = 0;
  auto [p, ec] = std::from_chars(ascii.data(), ascii.data() + ascii.size(), v);
  if (ascii.empty() || ec != std::errc() || p != ascii.data() + ascii.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

// An attribute's value checked against its type: what is stored.
Result<Json> AttributeValue(const ContactAttribute& a, const Json& value, const std::string& field) {
  auto bad = [&](std::string message) { return Fail(Error::InvalidArgument(std::move(message), field)); };
  switch (a.type) {
    case AttributeType::kNumber: {
      if (value.is_number() && std::isfinite(value.get<double>())) return value;
      if (value.is_string())
        if (auto n = ParseNumber(value.get<std::string>())) return Json(*n);
      return bad(fmt::format("{} must be a number", a.name));
    }
    case AttributeType::kDate: {
      std::string d = value.is_string() ? ToAsciiDigits(Trim(value.get<std::string>())) : "";
      int y = 0, m = 0, day = 0;
      bool ok = d.size() == 10 && d[4] == '-' && d[7] == '-' &&
                std::sscanf(d.c_str(), "%4d-%2d-%2d", &y, &m, &day) == 3 &&
                EpochDayFromGregorian({y, m, day}).has_value();
      if (!ok) return bad(fmt::format("{} must be a date YYYY-MM-DD", a.name));
      return Json(d);
    }
    case AttributeType::kChoice: {
      std::string v = value.is_string() ? Trim(value.get<std::string>()) : "";
      if (std::find(a.choices.begin(), a.choices.end(), v) == a.choices.end())
        return bad(fmt::format("{} must be one of {}", a.name, fmt::join(a.choices, ", ")));
      return Json(v);
    }
    case AttributeType::kText: {
      if (!value.is_string()) return bad(fmt::format("{} must be text", a.name));
      auto t = ShortText(value.get<std::string>(), "", field, kMaxTextChars, false);
      if (!t) return bad(t.error().message);
      return Json(*t);
    }
  }
  return bad("unknown attribute type");
}

// A touchpoint key from an outside name ("Support-Queue" -> "support_queue").
std::string KeyOf(std::string_view name) {
  std::string key;
  for (unsigned char c : name) {
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (ok) key.push_back(static_cast<char>(c));
    else if (!key.empty() && key.back() != '_') key.push_back('_');
  }
  while (!key.empty() && key.back() == '_') key.pop_back();
  if (key.empty() || !(key[0] >= 'a' && key[0] <= 'z')) key.insert(0, "q_");
  return key.substr(0, 64);
}

void Note(ImportReport& report, Error e) {
  ++report.problem_count;
  if (report.problems.size() < kMaxListedProblems) report.problems.push_back(std::move(e));
}

Json Localized(const std::string& stored) {
  Json j = Json::parse(stored, nullptr, false);
  return j.is_object() ? j : Json::object();
}

}  // namespace nazar::journey::input
