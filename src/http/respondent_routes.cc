// What a respondent sees: the survey page at /s/<token> (server-rendered; works without
// JavaScript), the form post, the thank-you page, the link's QR code and the font files.
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "responses/ingest.h"
#include "act/case_checks.h"
#include "outreach/invitations.h"
#include "survey/survey_service.h"
#include "collect_web/form.h"
#include "collect_web/html.h"
#include "collect_web/page.h"
#include "collect_web/qr.h"
#include "core/crypto.h"
#include "core/try.h"
#include "http/api.h"

namespace nazar::http {
namespace {

constexpr int kQrModulePx = 8;

// "fa" or "en" for this visitor: ?lang=, else the browser's Accept-Language, else "".
std::string PreferredLanguage(const Request& r) {
  if (auto lang = r.Query("lang"); lang && (*lang == "fa" || *lang == "en")) return *lang;
  std::string_view accept = r.Header("accept-language");
  size_t fa = accept.find("fa"), en = accept.find("en");
  if (fa != std::string_view::npos && (en == std::string_view::npos || fa < en)) return "fa";
  if (en != std::string_view::npos) return "en";
  return "";
}

// `frame_ancestors`: who may frame the page ("*": surveys are meant to be embedded).
Response Html(int status, std::string body, const std::string& nonce,
              std::string_view frame_ancestors = "*") {
  Response r = Response::Text(status, std::move(body), "text/html; charset=utf-8");
  r.SetHeader("Content-Security-Policy",
              fmt::format("default-src 'self'; script-src 'nonce-{0}'; style-src 'self' "
                          "'nonce-{0}' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
                          "connect-src 'self'; base-uri 'none'; form-action 'self'; "
                          "frame-ancestors {1}",
                          nonce, frame_ancestors));
  // Not no-referrer: with it browsers post forms with "Origin: null", refused as cross-origin.
  r.SetHeader("Referrer-Policy", "same-origin");
  return r;
}

collect_web::AssetOptions Assets(const std::string& nonce) {
  return {.font_url_prefix = "/static/fonts", .csp_nonce = nonce};
}

// The browser token that makes "one response per browser" work; set on first visit. It is
// sent with the page's form and its script's saves alike (Path=/). Inside a cross-site
// embed a browser only keeps it with SameSite=None, which needs HTTPS (--cookie-secure).
std::string BrowserToken(const Request& r, Response* set_on, bool secure) {
  if (auto c = r.Cookie(kBrowserCookie); c && c->size() >= 16 && c->size() <= 64) return *c;
  std::string token = RandomToken(16);
  if (set_on) {
    set_on->SetHeader("Set-Cookie",
                      fmt::format("{}={}; Path=/; HttpOnly; Max-Age=31536000; {}", kBrowserCookie,
                                  token, secure ? "SameSite=None; Secure" : "SameSite=Lax"));
  }
  return token;
}

// Hidden values from a link: only what a form can carry back (no control characters, at
// most 500 characters), so a bad link cannot trap a respondent in an error loop.
bool UsableHiddenValue(std::string_view v) {
  if (Utf8Length(v) > 500) return false;
  return std::none_of(v.begin(), v.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

// The page shown again after a form post, filled in, with the problem next to its question.
using FormAgain = std::function<Response(const collect_web::FormSubmission&, const Error&)>;
FormAgain ShowAgain(std::shared_ptr<const survey::Definition> def, std::string submit_url,
                    bool honeypot, std::string nonce) {
  return [def, submit_url, honeypot, nonce](const collect_web::FormSubmission& form,
                                            const Error& error) {
    auto checked = collect_web::CheckAnswers(*def, form.answers, form.language);
    collect_web::PageOptions page{.language = form.language,
                                  .submit_url = submit_url,
                                  .response_id = form.response_id.empty() ? RandomToken(12) : form.response_id,
                                  .errors = checked.errors,
                                  .answers = checked.answers,
                                  .honeypot = honeypot,
                                  .assets = Assets(nonce)};
    for (const auto& [k, v] : form.hidden) page.hidden[k] = v;
    auto [question, message] = collect_web::RespondentError(*def, error, form.language);
    page.errors[question] = message;
    return Html(400, collect_web::RenderSurveyPage(*def, page), nonce);
  };
}

// The page for a link or invitation that cannot be shown: 404 only when it is really not
// there, 410 when closed; a store that cannot answer is 503 "try again in a moment" with
// Retry-After, never "not found" (scripts and people would give up on a good link).
Result<Response> ClosedPage(const Error& e, const std::string& lang, const std::string& nonce) {
  using collect_web::ClosedReason;
  if (e.code == ErrorCode::kNotFound)
    return Html(404, collect_web::RenderClosed(lang, ClosedReason::kNotFound, Assets(nonce)), nonce);
  if (e.code == ErrorCode::kFailedPrecondition)
    return Html(410, collect_web::RenderClosed(lang, ClosedReason::kClosed, Assets(nonce)), nonce);
  if (e.code == ErrorCode::kUnavailable) {
    spdlog::warn("respondent page unavailable: {}", e.ToString());
    Response r = Html(503, collect_web::RenderClosed(lang, ClosedReason::kUnavailable, Assets(nonce)), nonce);
    MarkUnavailable(r);
    return r;
  }
  return Fail(e);
}

// Queues a form's answers; answers with the thank-you page after the commit, or with the
// page again when the answers are refused (400) or could not be stored just now (503: the
// answers stay in the form to send again).
void SubmitForm(responses::ResponseIngest& ingest, responses::Submission s,
                std::shared_ptr<const survey::Definition> def, collect_web::FormSubmission form,
                FormAgain again, std::string nonce, std::function<void(Result<Response>)> done) {
  ingest.SubmitAsync(std::move(s), [done, again, def, form = std::move(form), nonce](
                                       Result<responses::SubmitOutcome> outcome) {
    if (!outcome) {
      const Error& e = outcome.error();
      if (e.code == ErrorCode::kUnavailable) {
        spdlog::warn("form answers not stored: {}", e.ToString());
        Response page = again(form, e);
        MarkUnavailable(page);
        return done(std::move(page));
      }
      if (e.code != ErrorCode::kInvalidArgument) return done(Fail(e));
      return done(again(form, e));
    }
    done(Html(200, collect_web::RenderThankYou(*def, outcome->response.language, outcome->end_screen, Assets(nonce)), nonce));
  });
}

// The one-click unsubscribe pages: a GET only shows a button (mail scanners open links), the
// POST (the button, or a mail provider's List-Unsubscribe-Post) unsubscribes.
std::string UnsubscribePage(const std::string& token, bool done) {
  const std::string escaped = collect_web::EscapeHtml(token);
  std::string text =
      done ? "<p>دیگر برای نظرسنجی به این نشانی پیام نمی‌فرستیم.</p>"
             "<p dir=\"ltr\" lang=\"en\">You will not be asked for feedback at this address again.</p>"
           : "<p>دیگر برای نظرسنجی پیام نگیرید؟</p><p dir=\"ltr\" lang=\"en\">Stop feedback requests to this address?</p>"
             "<form method=\"post\" action=\"/u/" + escaped + "\">"
             "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
             "<button type=\"submit\">لغو / Unsubscribe</button></form>";
  return "<!doctype html><html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width\"><title>لغو / Unsubscribe</title>"
         "</head><body>" + text + "</body></html>";
}

void AddUnsubscribePages(Router& router, outreach::Invitations& invitations) {
  router.Add({.method = "GET",
              .pattern = "/u/{token}",
              .access = Access::kPublic,
              .handler = [](RequestContext& ctx) -> Result<Response> {
                const std::string& token = ctx.match.params.find("token")->second;
                return Html(200, UnsubscribePage(token, false), RandomToken(12));
              }});
  router.Add({.method = "POST",
              .pattern = "/u/{token}",
              .access = Access::kPublic,
              .body_type = "application/x-www-form-urlencoded",
              .handler = [&invitations](RequestContext& ctx) -> Result<Response> {
                const std::string& token = ctx.match.params.find("token")->second;
                TRY(invitations.Unsubscribe(token));
                return Html(200, UnsubscribePage(token, true), RandomToken(12));
              }});
}

void AddInvitationPages(Router& router, outreach::Invitations& invitations,
                        responses::ResponseIngest& ingest, bool secure) {
  AddUnsubscribePages(router, invitations);
  router.Add({.method = "GET",
              .pattern = "/i/{token}",
              .access = Access::kPublic,
              .handler = [&invitations, secure](RequestContext& ctx) -> Result<Response> {
                std::string nonce = RandomToken(12);
                std::string lang = PreferredLanguage(ctx.request);
                const std::string& token = ctx.match.params.find("token")->second;
                auto opened = invitations.Open(token, /*mark_opened=*/true);
                if (!opened) return ClosedPage(opened.error(), lang, nonce);
                if (!ctx.request.Query("lang") && !opened->language.empty()) lang = opened->language;
                const survey::Definition& def = *opened->live.definition;
                if (opened->invitation.status == InvitationStatus::kCompleted)
                  return Html(200, collect_web::RenderThankYou(def, lang, std::nullopt, Assets(nonce)), nonce);
                collect_web::PageOptions page{.language = lang,
                                              .submit_url = "/i/" + token,
                                              .partial_url = "/api/v1/invitations/" + token + "/responses",
                                              .response_id = token,
                                              .honeypot = false,
                                              .assets = Assets(nonce)};
                page.hidden["touchpoint"] = opened->invitation.touchpoint;
                page.hidden["agent"] = opened->invitation.agent;
                Response res = Html(200, "", nonce);
                BrowserToken(ctx.request, &res, secure);
                res.body = collect_web::RenderSurveyPage(def, page);
                return res;
              }});
  router.Add({.method = "POST",
              .pattern = "/i/{token}",
              .access = Access::kPublic,
              .body_type = "application/x-www-form-urlencoded",
              .async_handler = [&invitations, &ingest](RequestContext& ctx, auto done) {
                std::string nonce = RandomToken(12);
                const std::string& token = ctx.match.params.find("token")->second;
                auto opened = invitations.Open(token, /*mark_opened=*/false);
                if (!opened) return done(ClosedPage(opened.error(), "", nonce));
                std::shared_ptr<const survey::Definition> def = opened->live.definition;
                FormAgain again = ShowAgain(def, "/i/" + token, false, nonce);
                auto form = collect_web::ParseFormSubmission(*def, ctx.request.body);
                if (!form) {
                  collect_web::FormSubmission empty{.language = PreferredLanguage(ctx.request)};
                  return done(again(empty, form.error()));
                }
                responses::Submission s = outreach::Invitations::SubmissionFor(opened->invitation);
                s.complete = true;
                s.language = form->language;
                s.answers = form->answers;
                s.meta["user_agent"] = ClientMeta(ctx.request)["user_agent"];
                s.meta["source"] = "form";
                SubmitForm(ingest, std::move(s), def, *form, again, nonce, done);
              }});
}


// "Did we resolve it?" (act/case_checks.h): the one-question page at /case-check/{token},
// in the check's language, and its form post. A second answer shows the thanks again.
void AddCaseCheckPages(Router& router, act::CaseChecks& checks) {
  router.Add({.method = "GET",
              .pattern = "/case-check/{token}",
              .access = Access::kPublic,
              .handler = [&checks](RequestContext& ctx) -> Result<Response> {
                std::string nonce = RandomToken(12);
                const std::string& token = ctx.match.params.find("token")->second;
                auto opened = checks.Open(token);
                std::string lang = PreferredLanguage(ctx.request);
                if (!opened) return ClosedPage(opened.error(), lang, nonce);
                if (!ctx.request.Query("lang")) lang = opened->check.language;
                const survey::Definition& def = *opened->definition;
                if (!opened->check.answer.empty())
                  return Html(200, collect_web::RenderThankYou(def, lang, std::nullopt, Assets(nonce)), nonce);
                collect_web::PageOptions page{.language = lang,
                                              .submit_url = "/case-check/" + token,
                                              .response_id = RandomToken(12),
                                              .honeypot = false,
                                              .progress = false,
                                              .assets = Assets(nonce)};
                return Html(200, collect_web::RenderSurveyPage(def, page), nonce);
              }});
  router.Add({.method = "POST",
              .pattern = "/case-check/{token}",
              .access = Access::kPublic,
              .body_type = "application/x-www-form-urlencoded",
              .handler = [&checks](RequestContext& ctx) -> Result<Response> {
                std::string nonce = RandomToken(12);
                const std::string& token = ctx.match.params.find("token")->second;
                auto opened = checks.Open(token);
                if (!opened) return ClosedPage(opened.error(), PreferredLanguage(ctx.request), nonce);
                std::shared_ptr<const survey::Definition> def = opened->definition;
                FormAgain again = ShowAgain(def, "/case-check/" + token, false, nonce);
                auto form = collect_web::ParseFormSubmission(*def, ctx.request.body);
                if (!form) {
                  collect_web::FormSubmission empty{.language = opened->check.language};
                  return again(empty, form.error());
                }
                auto parsed = survey::ParseAnswers(*def, form->answers);
                if (!parsed) return again(*form, parsed.error());
                auto text = [&](const char* id) -> std::string {
                  auto it = parsed->find(id);
                  if (it == parsed->end()) return "";
                  if (const auto* s = std::get_if<std::string>(&it->second)) return *s;
                  return "";
                };
                auto answered = checks.Answer(token, text("resolved"), text("comment"));
                if (!answered && answered.error().code != ErrorCode::kFailedPrecondition) {
                  if (answered.error().code == ErrorCode::kInvalidArgument) return again(*form, answered.error());
                  return ClosedPage(answered.error(), form->language, nonce);
                }
                return Html(200, collect_web::RenderThankYou(*def, form->language, std::nullopt, Assets(nonce)), nonce);
              }});
}

}  // namespace

void AddRespondentRoutes(Router& router, ApiDeps& deps) {
  survey::SurveyService& surveys = *deps.surveys;
  responses::ResponseIngest& ingest = *deps.ingest;
  std::string font_dir = deps.options.font_dir;
  const bool secure = deps.options.cookie_secure;

  router.Add({.method = "GET",
              .pattern = "/s/{token}",
              .access = Access::kPublic,
              .handler = [&surveys, secure](RequestContext& ctx) -> Result<Response> {
                std::string nonce = RandomToken(12);
                std::string lang = PreferredLanguage(ctx.request);
                auto link = surveys.LinkByToken(ctx.match.params.find("token")->second);
                if (!link) return ClosedPage(link.error(), lang, nonce);
                auto live = surveys.Live(link->org_id, link->survey_id);
                if (!live) return ClosedPage(live.error(), lang, nonce);
                collect_web::PageOptions page{.language = lang,
                                              .submit_url = "/s/" + link->token,
                                              .partial_url = "/api/v1/links/" + link->token + "/responses",
                                              .response_id = RandomToken(12),
                                              .honeypot = link->honeypot,
                                              .assets = Assets(nonce)};
                // Hidden fields come from the link as ?touchpoint=... or, from embeds, ?h.touchpoint=...
                for (const auto& [k, v] : ctx.request.query) {
                  if (UsableHiddenValue(v)) page.hidden[k.starts_with("h.") ? k.substr(2) : k] = v;
                }
                Response res = Html(200, "", nonce);
                BrowserToken(ctx.request, &res, secure);
                res.body = collect_web::RenderSurveyPage(*live->definition, page);
                return res;
              }});

  router.Add({.method = "POST",
              .pattern = "/s/{token}",
              .access = Access::kPublic,
              .body_type = "application/x-www-form-urlencoded",
              // Answered after the group commit, without holding an io thread meanwhile.
              .async_handler = [&surveys, &ingest](RequestContext& ctx, auto done) {
                std::string nonce = RandomToken(12);
                auto link = surveys.LinkByToken(ctx.match.params.find("token")->second);
                if (!link) return done(ClosedPage(link.error(), "", nonce));
                auto live = surveys.Live(link->org_id, link->survey_id);
                if (!live) return done(ClosedPage(live.error(), "", nonce));
                std::shared_ptr<const survey::Definition> def = live->definition;
                FormAgain again = ShowAgain(def, "/s/" + link->token, link->honeypot, nonce);
                auto form = collect_web::ParseFormSubmission(*def, ctx.request.body);
                if (!form) {
                  collect_web::FormSubmission empty{.language = PreferredLanguage(ctx.request)};
                  return done(again(empty, form.error()));
                }
                if (link->honeypot && form->honeypot_filled) {
                  return done(Html(200, collect_web::RenderThankYou(*def, form->language, std::nullopt, Assets(nonce)), nonce));
                }
                if (!surveys.AllowPublicSubmission(*link, ctx.request.remote_ip)) {
                  return done(again(*form, Error::ResourceExhausted("too many responses from this address; try again later")));
                }
                responses::Submission s{.org = link->org_id,
                                      .survey_id = link->survey_id,
                                      .link_id = link->id,
                                      .response_key = survey::SurveyService::PublicResponseKey(
                                          *link, form->response_id.empty() ? RandomToken(12) : form->response_id,
                                          ctx.request.Cookie(kBrowserCookie).value_or("")),
                                      .complete = true,
                                      .language = form->language,
                                      .channel = link->channel,
                                      .strict_hidden = false,
                                      .answers = form->answers,
                                      .meta = ClientMeta(ctx.request)};
                s.meta["source"] = "form";
                for (const auto& [k, v] : form->hidden) s.hidden[k] = v;
                SubmitForm(ingest, std::move(s), def, *form, again, nonce, done);
              }});

  // An invitation's own page: the survey for one contact about one interaction. Showing it
  // marks the invitation opened; the answers inherit the interaction (outreach/invitations.h).
  if (deps.invitations) AddInvitationPages(router, *deps.invitations, ingest, secure);
  if (deps.case_checks) AddCaseCheckPages(router, *deps.case_checks);

  router.Add(
      {.method = "GET",
       .pattern = "/s/{token}/qr.svg",
       .access = Access::kPublic,
       .handler = [&surveys, &options = deps.options](RequestContext& ctx) -> Result<Response> {
         TRY_ASSIGN(const SurveyLink link,
                    surveys.LinkByToken(ctx.match.params.find("token")->second));
         TRY_ASSIGN(std::string svg,
                    collect_web::QrSvg(
                        fmt::format("{}/s/{}", PublicBaseUrl(ctx.request, options), link.token),
                        kQrModulePx));
         Response r = Response::Text(200, std::move(svg), "image/svg+xml");
         r.SetHeader("Cache-Control", "public, max-age=86400");
         return r;
       }});

  router.Add({.method = "GET",
              .pattern = "/static/fonts/{file}",
              .access = Access::kPublic,
              .handler = [font_dir](RequestContext& ctx) -> Result<Response> {
                const std::string& file = ctx.match.params.find("file")->second;
                // Only the two faces the pages use; never a path from the request.
                if (file != "Vazirmatn-Regular.woff2" && file != "Vazirmatn-Bold.woff2")
                  return Fail(Error::NotFound("no such font"));
                std::ifstream in(std::filesystem::path(font_dir) / file, std::ios::binary);
                if (!in) return Fail(Error::NotFound("font files are not installed (npm ci in web/)"));
                std::ostringstream data;
                data << in.rdbuf();
                Response r = Response::Text(200, data.str(), "font/woff2");
                r.SetHeader("Cache-Control", "public, max-age=31536000, immutable");
                return r;
              }});

  // A survey as its respondents will see it, for the builder: the saved draft, or a
  // published ?version=. Rendered by the same code as /s/{token}; nothing is stored: the
  // form posts to /preview/submitted, which only says so.
  Store& store = deps.store;
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/surveys/{survey}/preview",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = [&store](RequestContext& ctx) -> Result<Response> {
                TRY_ASSIGN(const int64_t id, ctx.IdParam("survey"));
                TRY_ASSIGN(const Survey sv, store.surveys().GetSurvey(ctx.org().org, id));
                std::string text = sv.draft;
                if (auto v = ctx.request.Query("version")) {
                  int version = 0;
                  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), version);
                  if (ec != std::errc() || p != v->data() + v->size() || version < 1)
                    return Fail(Error::InvalidArgument("version must be a version number", "version"));
                  TRY_ASSIGN(const SurveyVersion frozen,
                             store.surveys().GetSurveyVersion(ctx.org().org, id, version));
                  text = frozen.definition;
                }
                TRY_ASSIGN(const survey::Definition def,
                           survey::ParseDefinition(Json::parse(text, nullptr, false)));
                std::string nonce = RandomToken(12);
                std::string lang = PreferredLanguage(ctx.request);
                collect_web::PageOptions page{.language = lang,
                                              .submit_url = "/preview/submitted?lang=" + lang,
                                              .response_id = RandomToken(12),
                                              .honeypot = false,
                                              .assets = Assets(nonce)};
                return Html(200, collect_web::RenderSurveyPage(def, page), nonce, "'self'");
              }});
  router.Add({.method = "POST",
              .pattern = "/preview/submitted",
              .access = Access::kPublic,
              .body_type = "application/x-www-form-urlencoded",
              .handler = [](RequestContext& ctx) -> Result<Response> {
                std::string nonce = RandomToken(12);
                return Html(200, collect_web::RenderClosed(PreferredLanguage(ctx.request), collect_web::ClosedReason::kPreview,
                                                           Assets(nonce)), nonce, "'self'");
              }});
}

}  // namespace nazar::http
