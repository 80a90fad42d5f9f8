#include "collect_web/page.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <regex>

#include "test_surveys.h"

namespace nazar::collect_web {
namespace {

size_t Count(std::string_view haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

// The content of <script type="application/json" id="{id}">.
std::string JsonBlock(const std::string& page, std::string_view id) {
  const std::string open = "<script type=\"application/json\" id=\"" + std::string(id) + "\">";
  size_t begin = page.find(open);
  if (begin == std::string::npos) return {};
  begin += open.size();
  return page.substr(begin, page.find("</script>", begin) - begin);
}

// One question's block: from its wrapper to the next question's.
std::string Block(const std::string& page, std::string_view id) {
  const std::string open = "<div class=\"nz-q";
  size_t begin = page.find("id=\"q." + std::string(id) + "\"");
  if (begin == std::string::npos) return {};
  begin = page.rfind(open, begin);
  size_t end = page.find(open, begin + 1);
  if (end == std::string::npos) end = page.find("</form>", begin);
  return page.substr(begin, end - begin);
}

size_t GzipSize(std::string_view data) {
  z_stream z{};
  // windowBits 15 + 16: a gzip wrapper, as an HTTP server sends with Content-Encoding: gzip.
  EXPECT_EQ(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  size_t size = z.total_out;
  deflateEnd(&z);
  return size;
}

PageOptions Options(std::string language) {
  PageOptions o;
  o.language = std::move(language);
  o.submit_url = "/s/tok123";
  o.partial_url = "/s/tok123/partial";
  o.response_id = "r-42";
  return o;
}

TEST(PageTest, PersianPageIsRightToLeftWithPersianDigitsAndVazirmatn) {
  const std::string page = RenderSurveyPage(EveryTypeSurvey(), Options("fa"));
  EXPECT_NE(page.find("<html lang=\"fa\" dir=\"rtl\">"), std::string::npos);
  EXPECT_NE(page.find("<title>نظرسنجی فروشگاه</title>"), std::string::npos);
  EXPECT_NE(page.find("font-family:Vazirmatn"), std::string::npos);
  EXPECT_NE(page.find("url(\"/static/fonts/Vazirmatn-Regular.woff2\")"), std::string::npos);
  EXPECT_NE(page.find("href=\"/static/fonts/Vazirmatn-Regular.woff2\" as=\"font\""),
            std::string::npos);
  // The NPS scale reads ۰ .. ۱۰; the values sent stay ASCII.
  EXPECT_NE(page.find("<label for=\"a.nps.0\">۰<span class=\"nz-sr\"> اصلاً</span></label>"),
            std::string::npos);
  EXPECT_NE(page.find("<label for=\"a.nps.5\">۵</label>"), std::string::npos);
  EXPECT_NE(page.find("<label for=\"a.nps.10\">۱۰<span class=\"nz-sr\"> حتماً</span></label>"),
            std::string::npos);
  EXPECT_NE(page.find("value=\"10\""), std::string::npos);
  // Matrix column heads, hints and the progress line too.
  EXPECT_NE(page.find("id=\"a.grid.c3\">۳</th>"), std::string::npos);
  EXPECT_NE(page.find("از ۰ تا ۱۲۰."), std::string::npos);
  EXPECT_NE(page.find("حداکثر ۲ گزینه انتخاب کنید."), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(page, m, std::regex("<span class=\"nz-count\"[^>]*>([^<]*)</span>")));
  EXPECT_EQ(m[1], "۱ از ۱۱");  // shown with no answers: every question but "why"
  EXPECT_EQ(page.find(">1 of"), std::string::npos);
  EXPECT_NE(page.find(">ارسال</button>"), std::string::npos);
  EXPECT_NE(page.find("<input type=\"hidden\" name=\"language\" value=\"fa\">"), std::string::npos);
}

TEST(PageTest, EnglishPageIsLeftToRight) {
  const std::string page = RenderSurveyPage(EveryTypeSurvey(), Options("en"));
  EXPECT_NE(page.find("<html lang=\"en\" dir=\"ltr\">"), std::string::npos);
  EXPECT_NE(page.find("<h1 class=\"nz-title\">Shop survey</h1>"), std::string::npos);
  EXPECT_NE(page.find("<label for=\"a.nps.7\">7</label>"), std::string::npos);
  EXPECT_NE(page.find("<span class=\"nz-count\" aria-live=\"polite\">1 of 11</span>"),
            std::string::npos);
  EXPECT_NE(page.find(">Submit</button>"), std::string::npos);
  EXPECT_EQ(page.find("۰"), std::string::npos);
  EXPECT_EQ(page.find("rel=\"preload\""), std::string::npos);  // no Persian font to fetch
  // A language the survey lacks falls back to its default.
  EXPECT_NE(RenderSurveyPage(EveryTypeSurvey(), Options("de")).find("lang=\"fa\""),
            std::string::npos);
}

TEST(PageTest, OneFormThatPostsEverything) {
  const std::string page = RenderSurveyPage(EveryTypeSurvey(), Options("en"));
  EXPECT_EQ(Count(page, "<form "), 1u);
  EXPECT_NE(
      page.find("<form class=\"nz-form\" id=\"nz-form\" method=\"post\" action=\"/s/tok123\""),
      std::string::npos);
  EXPECT_NE(page.find("<input type=\"hidden\" name=\"response_id\" value=\"r-42\">"),
            std::string::npos);
  EXPECT_NE(page.find("<button type=\"submit\""), std::string::npos);
  EXPECT_NE(page.find("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"),
            std::string::npos);
  // Every question is on the page (none hidden by the server).
  for (const auto& q : EveryTypeSurvey().questions) {
    EXPECT_NE(page.find("id=\"q." + q.id + "\""), std::string::npos) << q.id;
  }
}

TEST(PageTest, EveryQuestionTypeHasItsInputs) {
  const std::string page = RenderSurveyPage(EveryTypeSurvey(), Options("en"));
  struct Case {
    std::string question, needle;
    size_t count;
  };
  const std::vector<Case> cases = {
      {"nps", "type=\"radio\" id=\"a.nps.", 11},
      {"nps", "name=\"a.nps\"", 11},
      {"nps", "<fieldset aria-describedby=\"q.nps.err\"><legend class=\"nz-t\" id=\"q.nps.t\">", 1},
      {"nps",
       "<div class=\"nz-ends\" aria-hidden=\"true\"><span>Not at "
       "all</span><span>Extremely</span></div>",
       1},
      {"csat", "name=\"a.csat\"", 5},
      {"csat", "value=\"1\"", 1},
      {"csat", "value=\"0\"", 0},
      {"ces", "name=\"a.ces\"", 7},
      {"stars", "<div class=\"nz-scale nz-stars\">", 1},
      {"stars", "name=\"a.stars\"", 5},
      {"stars", "<span class=\"nz-sr\">3 of 5</span>", 1},
      {"channel", "type=\"radio\" id=\"a.channel.web\" name=\"a.channel\" value=\"web\"", 1},
      {"channel", "<label for=\"a.channel.app\">App</label>", 1},
      {"city", "<label class=\"nz-t\" id=\"q.city.t\" for=\"a.city\">", 1},
      {"city", "<select id=\"a.city\" name=\"a.city\"", 1},
      {"city", "<option value=\"tehran\">Tehran</option>", 1},
      {"city", "<option value=\"\">", 1},
      {"features", "type=\"checkbox\" id=\"a.features.", 3},
      {"features", "name=\"a.features\"", 3},
      {"features", "<p class=\"nz-hint\" id=\"q.features.hint\">Choose up to 2.</p>", 1},
      {"why", "<textarea id=\"a.why\" name=\"a.why\" rows=\"4\" maxlength=\"500\" dir=\"auto\"", 1},
      {"why", "<p class=\"nz-help\" id=\"q.why.help\">Write freely.</p>", 1},
      {"why", "aria-describedby=\"q.why.help q.why.err\"", 1},
      {"nick", "<input type=\"text\" id=\"a.nick\" name=\"a.nick\" maxlength=\"40\"", 1},
      {"age",
       "<input type=\"number\" id=\"a.age\" name=\"a.age\" inputmode=\"numeric\" step=\"1\" "
       "min=\"0\" max=\"120\"",
       1},
      {"spend",
       "<input type=\"number\" id=\"a.spend\" name=\"a.spend\" inputmode=\"decimal\" step=\"any\" "
       "min=\"0\" dir",
       1},
      {"grid", "<table>", 1},
      {"grid", "<th scope=\"row\" id=\"a.grid.speed.t\">Speed</th>", 1},
      {"grid", "name=\"a.grid.speed\"", 5},
      {"grid", "name=\"a.grid.price\"", 5},
      {"grid", "aria-labelledby=\"a.grid.price.t a.grid.c4\"", 1},
      {"grid", "<th scope=\"col\" id=\"a.grid.c5\">5</th>", 1},
  };
  for (const Case& c : cases) {
    const std::string block = Block(page, c.question);
    ASSERT_FALSE(block.empty()) << c.question;
    EXPECT_EQ(Count(block, c.needle), c.count) << c.question << ": " << c.needle << "\n" << block;
  }
}

TEST(PageTest, RequiredAttributesOnlyWhereTheBrowserMayEnforceThem) {
  const survey::Definition d = ParseOrDie(R"({
    "title": {"en": "t"}, "languages": ["en"],
    "end_screens": [{"id": "bye", "text": {"en": "Bye"}}],
    "questions": [
      {"id": "q1", "type": "csat", "required": true, "text": {"en": "1"}},
      {"id": "q2", "type": "text", "required": true, "text": {"en": "2"}},
      {"id": "q3", "type": "number", "text": {"en": "3"}},
      {"id": "q4", "type": "single_choice", "required": true, "text": {"en": "4"},
       "choices": [{"id": "x", "text": {"en": "X"}}, {"id": "y", "text": {"en": "Y"}}],
       "display_if": {"all": [{"question": "q1", "op": "gte", "value": 3}]},
       "skip": [{"if": {"all": [{"question": "q4", "op": "eq", "value": "x"}]}, "to": "bye"}]},
      {"id": "q5", "type": "nps", "required": true, "text": {"en": "5"}},
      {"id": "q6", "type": "multiple_choice", "required": true, "text": {"en": "6"},
       "choices": [{"id": "x", "text": {"en": "X"}}]}
    ]})");
  const std::string page = RenderSurveyPage(d, Options("en"));
  EXPECT_EQ(Count(Block(page, "q1"), " required"), 5u);  // each radio of the group
  EXPECT_EQ(Count(Block(page, "q2"), " required"), 1u);
  EXPECT_EQ(Count(Block(page, "q3"), " required"), 0u);  // optional
  // Hidden by display_if, or possibly skipped: marked, not enforced by the browser.
  EXPECT_EQ(Count(Block(page, "q4"), " required"), 0u);
  EXPECT_EQ(Count(Block(page, "q5"), " required"), 0u);
  EXPECT_NE(Block(page, "q4").find("<span class=\"nz-sr\"> (required)</span>"), std::string::npos);
  EXPECT_NE(Block(page, "q5").find("<span class=\"nz-req\" aria-hidden=\"true\">*</span>"),
            std::string::npos);
  EXPECT_EQ(Count(Block(page, "q6"), " required"), 0u);  // no "at least one box" in HTML
  EXPECT_NE(page.find("Questions marked * are required."), std::string::npos);
}

TEST(PageTest, HostileSurveyTextIsInert) {
  const survey::Definition d = ParseOrDie(R"({
    "title": {"en": "</title><script>alert('title')</script>"}, "languages": ["en"],
    "intro": {"en": "<img src=x onerror=alert(1)>"},
    "hidden_fields": ["src"],
    "questions": [
      {"id": "q1", "type": "single_choice", "text": {"en": "<script>alert(1)</script>"},
       "help": {"en": "\"><svg onload=alert(2)>"},
       "choices": [{"id": "x", "text": {"en": "</label><script>alert(3)</script>"}}]},
      {"id": "q2", "type": "nps", "text": {"en": "&amp; 'quoted'"},
       "labels": {"low": {"en": "<b>low</b>"}}},
      {"id": "q3", "type": "text", "text": {"en": "t"}}
    ]})");
  PageOptions o = Options("en");
  o.submit_url = "\"><script>alert(4)</script>";
  o.partial_url = "</script><script>alert(5)</script>";
  o.response_id = "\" onfocus=\"alert(6)";
  o.hidden = {{"src", "\"><script>alert(7)</script>"}};
  o.errors = {{"q1", "<script>alert(8)</script>"}};
  o.answers = {{"q3", survey::AnswerValue(std::string("</textarea><script>alert(9)</script>"))}};
  o.assets.csp_nonce = "n\"x";
  const std::string page = RenderSurveyPage(d, o);
  EXPECT_EQ(page.find("<script>alert"), std::string::npos) << page;
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("<svg"), std::string::npos);
  EXPECT_EQ(page.find("<b>"), std::string::npos);
  EXPECT_EQ(page.find("onfocus=\"alert"), std::string::npos);
  // Exactly our three script elements: the logic, the configuration and the script itself.
  EXPECT_EQ(Count(page, "<script"), 3u);
  EXPECT_EQ(Count(page, "</script>"), 3u);
  EXPECT_NE(
      page.find(
          "<legend class=\"nz-t\" id=\"q.q1.t\">&lt;script&gt;alert(1)&lt;/script&gt;</legend>"),
      std::string::npos);
  EXPECT_NE(page.find("&amp;amp; &#39;quoted&#39;"), std::string::npos);
  EXPECT_NE(
      page.find("<title>&lt;/title&gt;&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;</title>"),
      std::string::npos);
  EXPECT_NE(page.find("\\u003c/script\\u003e\\u003cscript\\u003ealert(5)"), std::string::npos);
  EXPECT_NE(page.find("nonce=\"n&quot;x\""), std::string::npos);
  // The configuration block still parses to the original value.
  EXPECT_EQ(Json::parse(JsonBlock(page, "nz-config"))["partial_url"], o.partial_url);
}

TEST(PageTest, ErrorsAreShownAndTheFormIsRefilled) {
  const survey::Definition d = EveryTypeSurvey();
  PageOptions o = Options("en");
  o.errors = {{"csat", "Please choose one of the options."}, {"", "Something else."}};
  o.answers = {
      {"nps", survey::AnswerValue(int64_t{4})},
      {"why", survey::AnswerValue(std::string("\nslow <b>service</b>"))},
      {"channel", survey::AnswerValue(std::string("app"))},
      {"city", survey::AnswerValue(std::string("tehran"))},
      {"features", survey::AnswerValue(std::vector<std::string>{"a", "c"})},
      {"nick", survey::AnswerValue(std::string("Ali \"the\" great"))},
      {"age", survey::AnswerValue(int64_t{33})},
      {"spend", survey::AnswerValue(12.5)},
      {"grid", survey::AnswerValue(survey::MatrixAnswer{{"price", 2}})},
  };
  const std::string page = RenderSurveyPage(d, o);
  // The summary on top links to the question; the message sits next to it.
  EXPECT_NE(page.find("<div class=\"nz-sum\" id=\"nz-sum\" role=\"alert\""), std::string::npos);
  EXPECT_NE(
      page.find("<li><a href=\"#q.csat\">Satisfied?</a> Please choose one of the options.</li>"),
      std::string::npos);
  EXPECT_NE(page.find("<li>Something else.</li>"), std::string::npos);
  const std::string csat = Block(page, "csat");
  EXPECT_NE(csat.find("<div class=\"nz-q nz-invalid\" id=\"q.csat\""), std::string::npos);
  EXPECT_NE(csat.find("<p class=\"nz-err\" id=\"q.csat.err\" aria-live=\"polite\">Please choose "
                      "one of the options.</p>"),
            std::string::npos);
  EXPECT_EQ(Count(csat, "aria-invalid=\"true\""), 5u);
  EXPECT_EQ(Count(Block(page, "nps"), "aria-invalid"), 0u);
  // Re-filled.
  EXPECT_NE(Block(page, "nps").find("value=\"4\" checked"), std::string::npos);
  EXPECT_EQ(Count(Block(page, "nps"), " checked"), 1u);
  EXPECT_NE(Block(page, "why").find(">\n\nslow &lt;b&gt;service&lt;/b&gt;</textarea>"),
            std::string::npos);
  EXPECT_NE(Block(page, "channel").find("value=\"app\" checked"), std::string::npos);
  EXPECT_NE(Block(page, "city").find("<option value=\"tehran\" selected>"), std::string::npos);
  EXPECT_EQ(Count(Block(page, "features"), " checked"), 2u);
  EXPECT_NE(Block(page, "features").find("value=\"c\" checked"), std::string::npos);
  EXPECT_NE(Block(page, "nick").find("value=\"Ali &quot;the&quot; great\""), std::string::npos);
  EXPECT_NE(Block(page, "age").find("value=\"33\""), std::string::npos);
  EXPECT_NE(Block(page, "spend").find("value=\"12.5\""), std::string::npos);
  EXPECT_NE(
      Block(page, "grid").find("value=\"2\" aria-labelledby=\"a.grid.price.t a.grid.c2\" checked"),
      std::string::npos);
  EXPECT_EQ(Count(Block(page, "grid"), " checked"), 1u);
  // With nps 4 "why" is shown too: 12 questions.
  EXPECT_NE(page.find(">1 of 12</span>"), std::string::npos);
}

TEST(PageTest, LogicBlockIsTheDefinitionsLogic) {
  const survey::Definition d = EveryTypeSurvey();
  const std::string page = RenderSurveyPage(d, Options("fa"));
  const Json block = Json::parse(JsonBlock(page, "nz-logic"));
  EXPECT_EQ(block, LogicJson(d));
  // Rebuilt from survey::ToJson independently of LogicJson.
  Json expected = Json::array();
  const Json full = survey::ToJson(d);
  for (const Json& q : full["questions"]) {
    Json e = {{"id", q["id"]}, {"type", q["type"]}, {"required", q["required"]}};
    for (const char* key : {"display_if", "skip", "max_selected"}) {
      if (q.contains(key)) e[key] = q[key];
    }
    expected.push_back(e);
  }
  EXPECT_EQ(block, expected);
  EXPECT_EQ(block[1]["display_if"],
            Json::parse(R"({"all":[{"question":"nps","op":"lte","value":6}]})"));
  EXPECT_EQ(block[0]["skip"][0]["to"], "sorry");
  const Json config = Json::parse(JsonBlock(page, "nz-config"));
  EXPECT_EQ(config["lang"], "fa");
  EXPECT_EQ(config["partial_url"], "/s/tok123/partial");
  EXPECT_EQ(config["ui"]["next"], "بعدی");
  // The countdown a text box shows near its limit, in the page's language.
  EXPECT_EQ(config["ui"]["chars_left"], "{n} نویسه از {max} مانده است");
}

TEST(PageTest, HiddenFieldsAndHoneypot) {
  PageOptions o = Options("en");
  o.hidden = {{"touchpoint", "branch 12"}, {"undeclared", "x"}};
  std::string page = RenderSurveyPage(EveryTypeSurvey(), o);
  EXPECT_NE(page.find("<input type=\"hidden\" name=\"h.touchpoint\" value=\"branch 12\">"),
            std::string::npos);
  EXPECT_EQ(page.find("h.undeclared"), std::string::npos);
  EXPECT_EQ(page.find("h.agent"), std::string::npos);  // declared, no value given
  EXPECT_NE(page.find("<div class=\"nz-hp\" aria-hidden=\"true\">"), std::string::npos);
  EXPECT_NE(page.find("name=\"website\" value=\"\" tabindex=\"-1\" autocomplete=\"off\""),
            std::string::npos);
  EXPECT_NE(RespondentStyle("/f").find(".nz-hp{position:absolute;inset-inline-start:-10000px"),
            std::string::npos);
  o.honeypot = false;
  o.progress = false;
  page = RenderSurveyPage(EveryTypeSurvey(), o);
  EXPECT_EQ(page.find("name=\"website\""), std::string::npos);
  EXPECT_EQ(page.find("id=\"nz-progress\""), std::string::npos);
}

TEST(PageTest, AssetsInlineOrLinked) {
  PageOptions o = Options("fa");
  std::string page = RenderSurveyPage(EveryTypeSurvey(), o);
  EXPECT_NE(page.find(std::string(RespondentScript())), std::string::npos);
  EXPECT_NE(page.find(RespondentStyle("/static/fonts")), std::string::npos);
  o.assets = {.font_url_prefix = "/fonts",
              .script_url = "/static/respondent.js",
              .style_url = "/static/respondent.css",
              .csp_nonce = ""};
  page = RenderSurveyPage(EveryTypeSurvey(), o);
  EXPECT_NE(page.find("<script src=\"/static/respondent.js\" defer></script>"), std::string::npos);
  EXPECT_NE(page.find("<link rel=\"stylesheet\" href=\"/static/respondent.css\">"),
            std::string::npos);
  EXPECT_EQ(page.find("<style"), std::string::npos);
  EXPECT_EQ(page.find(std::string(RespondentScript())), std::string::npos);
  o.assets = {.csp_nonce = "abc123"};
  page = RenderSurveyPage(EveryTypeSurvey(), o);
  EXPECT_NE(page.find("<style nonce=\"abc123\">"), std::string::npos);
  EXPECT_NE(page.find("<script nonce=\"abc123\">"), std::string::npos);
}

TEST(PageTest, ScriptAndStyleFitTheBudget) {
  // The page's own JS and CSS, fonts' @font-face included, gzip-compressed: at most 30 KB.
  const std::string own = std::string(RespondentScript()) + RespondentStyle("/static/fonts");
  const size_t gz = GzipSize(own);
  std::cout << "respondent page JS+CSS: " << own.size() << " bytes, " << gz << " bytes gzip\n";
  RecordProperty("js_css_gzip_bytes", static_cast<int>(gz));
  EXPECT_LE(gz, 30u * 1024u);
  // The whole Persian page of a 12-question survey, too.
  EXPECT_LE(GzipSize(RenderSurveyPage(EveryTypeSurvey(), Options("fa"))), 30u * 1024u);
}

TEST(PageTest, FontCssPointsAtVazirmatn) {
  const std::string css = FontCss("/static/fonts");
  EXPECT_NE(css.find("font-family:Vazirmatn;src:url(\"/static/fonts/Vazirmatn-Regular.woff2\") "
                     "format(\"woff2\");font-weight:400"),
            std::string::npos);
  EXPECT_NE(
      css.find("url(\"/static/fonts/Vazirmatn-Bold.woff2\") format(\"woff2\");font-weight:700"),
      std::string::npos);
  EXPECT_NE(css.find("font-display:swap"), std::string::npos);
  // A prefix cannot leave the CSS string or the <style> element.
  const std::string hostile = FontCss("/x\");}</style><script>alert(1)</script>");
  EXPECT_EQ(hostile.find("</style>"), std::string::npos);
  EXPECT_EQ(hostile.find("\");}"), std::string::npos);
}

TEST(PageTest, ThankYouUsesTheEndScreen) {
  const survey::Definition d = EveryTypeSurvey();
  std::string page = RenderThankYou(d, "en", "sorry");
  EXPECT_NE(page.find("<html lang=\"en\" dir=\"ltr\">"), std::string::npos);
  EXPECT_NE(page.find("<p>We are sorry to hear that.</p>"), std::string::npos);
  page = RenderThankYou(d, "fa", std::nullopt);
  EXPECT_NE(page.find("<html lang=\"fa\" dir=\"rtl\">"), std::string::npos);
  EXPECT_NE(page.find("<p>ممنون!</p>"), std::string::npos);
  EXPECT_NE(page.find("Vazirmatn"), std::string::npos);
  page = RenderThankYou(d, "en", "no-such-screen");
  EXPECT_NE(page.find("<p>Thanks a lot!</p>"), std::string::npos);
  const survey::Definition bare = ParseOrDie(R"({"title": {"en": "<i>t</i>"}, "languages": ["en"],
      "questions": [{"id": "q", "type": "nps", "text": {"en": "?"}}]})");
  page = RenderThankYou(bare, "en", std::nullopt);
  EXPECT_NE(page.find("<p>Thank you for your answers!</p>"), std::string::npos);
  EXPECT_NE(page.find("<h1>&lt;i&gt;t&lt;/i&gt;</h1>"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
}

TEST(PageTest, ClosedAndNotFoundInBothLanguages) {
  std::string page = RenderClosed("fa", ClosedReason::kClosed);
  EXPECT_NE(page.find("<html lang=\"fa\" dir=\"rtl\">"), std::string::npos);
  EXPECT_NE(page.find("این نظرسنجی بسته شده است."), std::string::npos);
  EXPECT_EQ(page.find("This survey"), std::string::npos);
  page = RenderClosed("en", ClosedReason::kNotFound);
  EXPECT_NE(page.find("<html lang=\"en\" dir=\"ltr\">"), std::string::npos);
  EXPECT_NE(page.find("This survey was not found."), std::string::npos);
  // Unknown language (the survey itself is unknown): both, each with its own direction.
  page = RenderClosed("", ClosedReason::kNotFound);
  EXPECT_NE(
      page.find("<section class=\"nz-card\" lang=\"fa\" dir=\"rtl\"><h1>نظرسنجی پیدا نشد</h1>"),
      std::string::npos);
  EXPECT_NE(
      page.find("<section class=\"nz-card\" lang=\"en\" dir=\"ltr\"><h1>Survey not found</h1>"),
      std::string::npos);
}

}  // namespace
}  // namespace nazar::collect_web
