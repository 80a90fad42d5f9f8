#include "collect_web/html.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/jalali.h"

namespace nazar::collect_web {

std::string JsonForScript(const Json& json) {
  // Replacing bytes is safe: these characters only ever occur inside JSON strings, where
  // a \u escape means the same character.
  const std::string raw = json.dump(-1, ' ', false, Json::error_handler_t::replace);
  std::string out;
  out.reserve(raw.size() + 16);
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xE2' && i + 2 < raw.size() && raw[i + 1] == '\x80' &&
               (raw[i + 2] == '\xA8' || raw[i + 2] == '\xA9')) {
      out += raw[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string EscapeCssString(std::string_view text) {
  static constexpr std::string_view kSafe = "/._~:%?=#+,@!$*-";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    bool safe = c >= 0x80 || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                (c >= '0' && c <= '9') ||
                kSafe.find(static_cast<char>(c)) != std::string_view::npos;
    if (safe) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("\\{:x} ", c);
    }
  }
  return out;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string PageLanguage(const survey::Definition& definition, std::string_view requested) {
  const auto& langs = definition.languages;
  if (std::find(langs.begin(), langs.end(), requested) != langs.end())
    return std::string(requested);
  if (!definition.default_language.empty()) return definition.default_language;
  if (!langs.empty()) return langs.front();
  return "en";
}

const std::string& TextIn(const survey::LocalizedText& text, std::string_view language,
                          std::string_view fallback_language) {
  static const std::string kEmpty;
  if (auto it = text.find(language); it != text.end()) return it->second;
  if (auto it = text.find(fallback_language); it != text.end()) return it->second;
  if (!text.empty()) return text.begin()->second;
  return kEmpty;
}

std::string Digits(int64_t value, std::string_view language) {
  return language == "fa" ? FormatPersianNumber(value) : std::to_string(value);
}

std::string DigitsIn(std::string_view text, std::string_view language) {
  return language == "fa" ? ToPersianDigits(text) : std::string(text);
}

}  // namespace nazar::collect_web
