#include "collect_web/embed.h"

#include <fmt/format.h>

#include <algorithm>

#include "collect_web/assets.h"
#include "collect_web/html.h"
#include "core/json.h"

namespace nazar::collect_web {
namespace {

constexpr int kMaxDelaySeconds = 3600;
constexpr int kMinSidePx = 200;
constexpr int kMaxWidthPx = 2000;
constexpr int kMaxHeightPx = 4000;
constexpr size_t kMaxTokenChars = 128;
constexpr size_t kMaxIdChars = 64;

bool IsIdChar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}
bool IsId(std::string_view s, size_t max_chars) {
  return !s.empty() && s.size() <= max_chars && std::all_of(s.begin(), s.end(), IsIdChar);
}

Result<std::string> BaseUrl(std::string_view url) {
  auto bad = [] {
    return Fail(Error::InvalidArgument(
        "base_url must be an absolute http(s) URL without query or fragment", "base_url"));
  };
  const bool https = url.starts_with("https://");
  if (!https && !url.starts_with("http://")) return bad();
  if (url.size() <= (https ? 8u : 7u) || url.size() > 2000) return bad();
  for (unsigned char c : url) {
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' ||
        c == '`' || c == '?' || c == '#') {
      return bad();
    }
  }
  while (url.ends_with('/')) url.remove_suffix(1);
  return std::string(url);
}

struct Words {
  std::string_view title, close;
};
Words WordsFor(std::string_view language) {
  if (language == "fa") return {"نظرسنجی", "بستن"};
  return {"Survey", "Close"};
}

Result<void> CheckRange(int value, int min, int max, std::string field) {
  if (value >= min && value <= max) return {};
  return Fail(
      Error::InvalidArgument(fmt::format("{} must be from {} to {}", field, min, max), field));
}

}  // namespace

Result<std::string> SurveyUrl(std::string_view base_url, std::string_view link_token,
                              const EmbedOptions& options) {
  auto base = BaseUrl(base_url);
  if (!base) return Fail(base.error());
  if (!IsId(link_token, kMaxTokenChars)) {
    return Fail(Error::InvalidArgument("link_token must be 1 to 128 letters, digits, '-' or '_'",
                                       "link_token"));
  }
  std::string url = *base + std::string(kSurveyPathPrefix) + std::string(link_token) + "?embed=1";
  if (options.language == "fa" || options.language == "en") url += "&lang=" + options.language;
  for (const auto& [name, value] : options.hidden) {
    if (!IsId(name, kMaxIdChars)) {
      return Fail(Error::InvalidArgument("a hidden field name uses letters, digits, _ or -",
                                         "hidden." + name));
    }
    url += fmt::format("&h.{}={}", name, PercentEncode(value));
  }
  return url;
}

Result<std::string> EmbedScript(std::string_view base_url, std::string_view link_token,
                                const EmbedOptions& options) {
  auto url = SurveyUrl(base_url, link_token, options);
  if (!url) return Fail(url.error());
  if (auto r = CheckRange(options.delay_seconds, 0, kMaxDelaySeconds, "delay_seconds"); !r)
    return Fail(r.error());
  if (auto r = CheckRange(options.width_px, kMinSidePx, kMaxWidthPx, "width_px"); !r)
    return Fail(r.error());
  if (auto r = CheckRange(options.height_px, kMinSidePx, kMaxHeightPx, "height_px"); !r)
    return Fail(r.error());
  if (options.mode == EmbedMode::kInline && !IsId(options.target_id, kMaxIdChars)) {
    return Fail(Error::InvalidArgument("target_id must be 1 to 64 letters, digits, '-' or '_'",
                                       "target_id"));
  }
  const Words words = WordsFor(options.language);
  const Json config = {
      {"url", *url},
      {"mode", options.mode == EmbedMode::kInline ? "inline" : "popup"},
      {"trigger", options.trigger == PopupTrigger::kExitIntent ? "exit" : "delay"},
      {"delay", options.delay_seconds},
      {"once", options.once_per_visitor},
      {"target", options.target_id},
      {"width", options.width_px},
      {"height", options.height_px},
      {"dir", options.language == "fa" ? "rtl" : "ltr"},
      {"title", options.title.empty() ? std::string(words.title) : options.title},
      {"close", words.close},
  };
  std::string_view loader = kEmbedJs;  // "(function (c) {...})", called with the config
  while (!loader.empty() && (loader.back() == '\n' || loader.back() == ' '))
    loader.remove_suffix(1);
  return fmt::format("<!-- Nazar survey -->\n<script>\n{}({});\n</script>\n", loader,
                     JsonForScript(config));
}

Result<std::string> IframeSnippet(std::string_view base_url, std::string_view link_token,
                                  const EmbedOptions& options) {
  auto url = SurveyUrl(base_url, link_token, options);
  if (!url) return Fail(url.error());
  if (auto r = CheckRange(options.height_px, kMinSidePx, kMaxHeightPx, "height_px"); !r)
    return Fail(r.error());
  const std::string title =
      options.title.empty() ? std::string(WordsFor(options.language).title) : options.title;
  // The survey's language and direction on the frame too, for the host page's assistive
  // technology (the page inside sets its own).
  const std::string lang =
      options.language.empty()
          ? std::string()
          : fmt::format(" lang=\"{}\" dir=\"{}\"", EscapeHtml(options.language),
                        options.language == "fa" ? "rtl" : "ltr");
  return fmt::format(
      "<iframe src=\"{}\" title=\"{}\"{} width=\"100%\" height=\"{}\" "
      "style=\"border:0;max-width:100%\" "
      "loading=\"lazy\" referrerpolicy=\"strict-origin-when-cross-origin\"></iframe>\n",
      EscapeHtml(*url), EscapeHtml(title), lang, options.height_px);
}

}  // namespace nazar::collect_web
