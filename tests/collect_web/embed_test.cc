#include "collect_web/embed.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace nazar::collect_web {
namespace {

// The JSON object the snippet passes to its loader: between "})(" and ");\n</script>".
Json SnippetConfig(const std::string& snippet) {
  const size_t begin = snippet.rfind("})(") + 3;
  const size_t end = snippet.rfind(");\n</script>");
  return Json::parse(snippet.substr(begin, end - begin));
}

TEST(EmbedTest, SurveyUrl) {
  EmbedOptions o;
  EXPECT_EQ(*SurveyUrl("https://nazar.example/", "Ab3_x", o),
            "https://nazar.example/s/Ab3_x?embed=1");
  o.language = "fa";
  o.hidden = {{"touchpoint", "shop & café"}, {"page", "/pricing?x=<1>"}};
  EXPECT_EQ(*SurveyUrl("https://nazar.example", "Ab3_x", o),
            "https://nazar.example/s/Ab3_x?embed=1&lang=fa&h.page=%2Fpricing%3Fx%3D%3C1%3E"
            "&h.touchpoint=shop%20%26%20caf%C3%A9");
}

TEST(EmbedTest, PopupScript) {
  EmbedOptions o;
  o.trigger = PopupTrigger::kExitIntent;
  o.language = "fa";
  auto snippet = EmbedScript("https://nazar.example", "Ab3_x", o);
  ASSERT_TRUE(snippet.has_value()) << snippet.error().ToString();
  EXPECT_TRUE(snippet->starts_with("<!-- Nazar survey -->\n<script>\n"));
  EXPECT_TRUE(snippet->ends_with("</script>\n"));
  const Json config = SnippetConfig(*snippet);
  EXPECT_EQ(config["url"], "https://nazar.example/s/Ab3_x?embed=1&lang=fa");
  EXPECT_EQ(config["mode"], "popup");
  EXPECT_EQ(config["trigger"], "exit");
  EXPECT_EQ(config["dir"], "rtl");
  EXPECT_EQ(config["close"], "بستن");
  EXPECT_NE(snippet->find("role', 'dialog'"), std::string::npos);
  EXPECT_NE(snippet->find("'Escape'"), std::string::npos);
  EXPECT_NE(snippet->find("createElement('iframe')"), std::string::npos);
}

TEST(EmbedTest, InlineScript) {
  EmbedOptions o;
  o.mode = EmbedMode::kInline;
  o.target_id = "feedback-box";
  o.height_px = 500;
  auto snippet = EmbedScript("http://localhost:8080", "tok", o);
  ASSERT_TRUE(snippet.has_value());
  const Json config = SnippetConfig(*snippet);
  EXPECT_EQ(config["mode"], "inline");
  EXPECT_EQ(config["target"], "feedback-box");
  EXPECT_EQ(config["height"], 500);
  EXPECT_EQ(config["title"], "Survey");
}

// A Persian survey's snippets: right to left, in Persian, with the survey's own title
// (a hostile title stays text).
TEST(EmbedTest, APersianSurveysSnippetsAreRightToLeftWithItsTitle) {
  EmbedOptions o{.language = "fa", .title = "نظرسنجی خرید <b>"};
  auto script = EmbedScript("https://nazar.example", "tok", o);
  ASSERT_TRUE(script.has_value());
  const Json config = SnippetConfig(*script);
  EXPECT_EQ(config["dir"], "rtl");
  EXPECT_EQ(config["title"], "نظرسنجی خرید <b>");
  EXPECT_EQ(script->find("<b>"), std::string::npos) << "escaped inside the script";
  o.mode = EmbedMode::kInline;
  auto iframe = IframeSnippet("https://nazar.example", "tok", o);
  ASSERT_TRUE(iframe.has_value());
  EXPECT_NE(iframe->find("title=\"نظرسنجی خرید &lt;b&gt;\""), std::string::npos) << *iframe;
  EXPECT_NE(iframe->find("lang=\"fa\" dir=\"rtl\""), std::string::npos) << *iframe;
  EXPECT_NE(iframe->find("?embed=1&amp;lang=fa"), std::string::npos) << *iframe;
}

TEST(EmbedTest, HostileValuesStayInert) {
  EmbedOptions o;
  o.hidden = {{"ref", "</script><script>alert(1)</script>"}};
  auto snippet = EmbedScript("https://nazar.example", "tok", o);
  ASSERT_TRUE(snippet.has_value());
  EXPECT_EQ(snippet->find("<script>alert"), std::string::npos);
  size_t scripts = 0;
  for (size_t at = snippet->find("</script"); at != std::string::npos;
       at = snippet->find("</script", at + 1))
    ++scripts;
  EXPECT_EQ(scripts, 1u);
  auto iframe = IframeSnippet("https://nazar.example", "tok", o);
  ASSERT_TRUE(iframe.has_value());
  EXPECT_EQ(iframe->find("<script"), std::string::npos);
  EXPECT_EQ(*iframe,
            "<iframe "
            "src=\"https://nazar.example/s/"
            "tok?embed=1&amp;h.ref=%3C%2Fscript%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E\" "
            "title=\"Survey\" width=\"100%\" height=\"600\" style=\"border:0;max-width:100%\" "
            "loading=\"lazy\" "
            "referrerpolicy=\"strict-origin-when-cross-origin\"></iframe>\n");

  const std::vector<std::tuple<std::string, std::string, std::string>> bad = {
      {"javascript:alert(1)", "tok", "base_url"},
      {"https://x.example\"onload=\"alert(1)", "tok", "base_url"},
      {"https://x.example/<script>", "tok", "base_url"},
      {"https://x.example/?q=1", "tok", "base_url"},
      {"https://", "tok", "base_url"},
      {"https://x.example", "tok\"><script>", "link_token"},
      {"https://x.example", "", "link_token"},
      {"https://x.example", "a/../b", "link_token"},
  };
  for (const auto& [base, token, field] : bad) {
    auto s = EmbedScript(base, token);
    ASSERT_FALSE(s.has_value()) << base << " " << token;
    EXPECT_EQ(s.error().field, field);
    EXPECT_EQ(IframeSnippet(base, token).error().field, field);
  }
  EmbedOptions inline_bad;
  inline_bad.mode = EmbedMode::kInline;
  inline_bad.target_id = "x\" onclick=\"y";
  EXPECT_EQ(EmbedScript("https://x.example", "tok", inline_bad).error().field, "target_id");
  EmbedOptions hidden_bad;
  hidden_bad.hidden = {{"a&b", "1"}};
  EXPECT_EQ(EmbedScript("https://x.example", "tok", hidden_bad).error().field, "hidden.a&b");
  EmbedOptions sizes;
  sizes.delay_seconds = -1;
  EXPECT_EQ(EmbedScript("https://x.example", "tok", sizes).error().field, "delay_seconds");
  sizes = {};
  sizes.height_px = 10;
  EXPECT_EQ(IframeSnippet("https://x.example", "tok", sizes).error().field, "height_px");
}

}  // namespace
}  // namespace nazar::collect_web
