// Business outcomes: transactions in (one, a batch, a CSV import), the currency, acquisition
// and cost-to-serve costs, refits, fits, per-customer scores, the value summary and value by
// NPS group, persona and experience segment (a touchpoint's score, sentiment, case outcome).
// Analysts and up read them (read_value); owners and admins, or an integration's
// admin key, write (manage_outcomes). The use cases live in outcomes/service.h.
#include <fmt/format.h>

#include <sstream>

#include "http/json/common_json.h"
#include "http/json_route.h"
#include "outcomes/service.h"

namespace nazar::http {
namespace {

using outcomes::OutcomesService;

constexpr auto kRecordJson = [](const auto& record) { return outcomes::ToJson(record); };

Result<bool> DryRun(const Request& r) {
  auto v = r.Query("dry_run");
  if (!v || *v == "false" || *v == "0") return false;
  if (*v == "true" || *v == "1") return true;
  return Fail(Error::InvalidArgument("dry_run must be true or false", "dry_run"));
}

// 200 with the report when it went through (or was a clean dry run); 400 naming the first
// problem, with the whole report beside the error, when any row was bad (nothing written).
Response ImportResponse(const outcomes::TransactionImport& r) {
  if (r.problem_count == 0) return Response::Json(200, outcomes::ToJson(r));
  Response res = Response::FromError(Error::InvalidArgument(
      fmt::format("{} of {} rows are bad; nothing was imported. {}", r.problem_count, r.rows,
                  r.problems.front().message),
      r.problems.front().field));
  nazar::Json body = nazar::Json::parse(res.body);
  body["report"] = outcomes::ToJson(r);
  res.body = body.dump();
  return res;
}

// 201 when any transaction is new, 200 when every one was there already (a retry).
Response WrittenResponse(const std::vector<outcomes::WrittenTransaction>& written) {
  bool any_new = false;
  nazar::Json items = ArrayJson(written, [&](const outcomes::WrittenTransaction& w) {
    nazar::Json j = outcomes::ToJson(w.transaction);
    j["replayed"] = !w.inserted;
    any_new |= w.inserted;
    return j;
  });
  return Response::Json(any_new ? 201 : 200, {{"items", items}});
}

Result<outcomes::NpsValueRequest> ReadNpsRequest(const Request& r) {
  outcomes::NpsValueRequest q;
  TRY_ASSIGN(q.survey_id, IntParam(r, "survey", 1, INT64_MAX, "a survey id"));
  TRY_ASSIGN(const auto move, IntParam(r, "move", 0, INT64_MAX, "a number of detractors"));
  q.options.move = move.value_or(0);
  if (auto to = r.Query("move_to"); to && !to->empty()) {
    auto group = outcomes::ParseNpsGroup(*to);
    if (!group || *group == outcomes::NpsGroup::kDetractor)
      return Fail(Error::InvalidArgument("move_to is promoter or passive", "move_to"));
    q.options.move_to = *group;
  }
  TRY_ASSIGN(const auto samples, IntParam(r, "bootstrap", 100, 10'000, "a number of samples"));
  if (samples) q.options.bootstrap_samples = static_cast<int>(*samples);
  return q;
}

// ?by=touchpoint_score|sentiment|case_outcome, &touchpoint= (for a touchpoint's score),
// &bootstrap=.
Result<outcomes::SegmentRequest> ReadSegmentRequest(const Request& r) {
  outcomes::SegmentRequest q;
  auto by = outcomes::ParseSegmentBy(r.Query("by").value_or(""));
  if (!by) return Fail(Error::InvalidArgument("by is touchpoint_score, sentiment or case_outcome", "by"));
  q.by = *by;
  q.touchpoint = r.Query("touchpoint").value_or("");
  TRY_ASSIGN(const auto samples, IntParam(r, "bootstrap", 100, 10'000, "a number of samples"));
  if (samples) q.options.bootstrap_samples = static_cast<int>(*samples);
  return q;
}

}  // namespace

void AddOutcomesRoutes(Router& router, ApiDeps& deps) {
  if (!deps.outcomes) return;
  OutcomesService& service = *deps.outcomes;
  Store& store = deps.store;
  const std::string base = "/api/v1/orgs/{org}/outcomes";
  const auto read = Permission::kReadValue;
  const auto manage = Permission::kManageOutcomes;

  // --- the currency ---
  router.Add({.method = "GET", .pattern = base + "/settings", .access = Access::kAny, .permission = read,
              .handler = JsonRoute(
                  200, [&service](RequestContext& ctx) { return service.Settings(ctx.org().org); }, kRecordJson)});
  router.Add({.method = "PUT", .pattern = base + "/settings", .access = Access::kAny, .permission = manage,
              .handler = JsonRoute(
                  200, outcomes::ReadSettingsInput,
                  [&service](RequestContext& ctx, const OutcomeSettings& in) {
                    return service.PutSettings(ctx.actor(), ctx.org(), in);
                  },
                  kRecordJson)});

  // --- transactions ---
  router.Add({.method = "GET", .pattern = base + "/transactions", .access = Access::kAny, .permission = read,
              .handler = PagedList(
                  [&store](RequestContext& ctx, PageRequest page) -> Result<Page<CustomerTransaction>> {
                    TransactionQuery q{.after = page.after, .limit = page.limit};
                    TRY_ASSIGN(q.contact_id, IntParam(ctx.request, "contact", 1, INT64_MAX, "a contact id"));
                    return store.outcomes().ListTransactions(ctx.org().org, q);
                  },
                  kRecordJson)});
  router.Add({.method = "POST", .pattern = base + "/transactions", .access = Access::kAny, .permission = manage,
              .handler = [&service](RequestContext& ctx) -> Result<Response> {
                TRY_ASSIGN(const nazar::Json body, JsonBody(ctx.request));
                TRY_ASSIGN(const auto batch, outcomes::ReadTransactionBatch(body));
                TRY_ASSIGN(const auto written, service.Record(ctx.org().org, batch));
                return WrittenResponse(written);
              }});
  router.Add({.method = "POST", .pattern = base + "/transactions/import", .access = Access::kAny,
              .permission = manage, .body_type = "text/csv",
              .handler = [&service](RequestContext& ctx) -> Result<Response> {
                TRY_ASSIGN(const bool dry_run, DryRun(ctx.request));
                std::istringstream in(ctx.request.body);
                TRY_ASSIGN(const auto report, service.Import(ctx.org().org, in, dry_run));
                return ImportResponse(report);
              }});

  // --- costs ---
  router.Add({.method = "GET", .pattern = base + "/acquisition-costs", .access = Access::kAny, .permission = read,
              .handler = JsonRoute(
                  200, [&service](RequestContext& ctx) { return service.AcquisitionCosts(ctx.org().org); },
                  [](const std::vector<AcquisitionCost>& list) { return ItemsJson(list, kRecordJson); })});
  router.Add({.method = "POST", .pattern = base + "/acquisition-costs", .access = Access::kAny, .permission = manage,
              .handler = JsonRoute(
                  200, outcomes::ReadAcquisitionInput,
                  [&service](RequestContext& ctx, const AcquisitionCost& in) {
                    return service.PutAcquisitionCost(ctx.actor(), ctx.org(), in);
                  },
                  kRecordJson)});
  router.Add({.method = "DELETE", .pattern = base + "/acquisition-costs/{cost}", .access = Access::kAny,
              .permission = manage,
              .handler = JsonRoute(
                  200, PathId{"cost"},
                  [&service](RequestContext& ctx, int64_t id) {
                    return service.DeleteAcquisitionCost(ctx.actor(), ctx.org(), id);
                  },
                  DeletedJson)});
  router.Add({.method = "GET", .pattern = base + "/serve-costs", .access = Access::kAny, .permission = read,
              .handler = JsonRoute(
                  200, [&service](RequestContext& ctx) { return service.ServeCosts(ctx.org().org); },
                  [](const std::vector<ServeCost>& list) { return ItemsJson(list, kRecordJson); })});
  router.Add({.method = "POST", .pattern = base + "/serve-costs", .access = Access::kAny, .permission = manage,
              .handler = JsonRoute(
                  200, outcomes::ReadServeInput,
                  [&service](RequestContext& ctx, const ServeCost& in) {
                    return service.PutServeCost(ctx.actor(), ctx.org(), in);
                  },
                  kRecordJson)});
  router.Add({.method = "DELETE", .pattern = base + "/serve-costs/{cost}", .access = Access::kAny,
              .permission = manage,
              .handler = JsonRoute(
                  200, PathId{"cost"},
                  [&service](RequestContext& ctx, int64_t id) {
                    return service.DeleteServeCost(ctx.actor(), ctx.org(), id);
                  },
                  DeletedJson)});

  // --- fits, scores and value ---
  router.Add({.method = "POST", .pattern = base + "/refit", .access = Access::kAny, .permission = manage,
              .handler = JsonRoute(
                  201, outcomes::ReadRefitInput,
                  [&service](RequestContext& ctx, const outcomes::RefitInput& in) {
                    return service.Refit(ctx.actor(), ctx.org(), in);
                  },
                  kRecordJson)});
  router.Add({.method = "GET", .pattern = base + "/fits", .access = Access::kAny, .permission = read,
              .handler = JsonRoute(
                  200, [&store](RequestContext& ctx) { return store.outcomes().ListFits(ctx.org().org, 20); },
                  [](const std::vector<OutcomeFit>& list) { return ItemsJson(list, kRecordJson); })});
  router.Add({.method = "GET", .pattern = base + "/scores", .access = Access::kAny, .permission = read,
              .handler = PagedList(
                  [&store](RequestContext& ctx, PageRequest page) -> Result<Page<CustomerScore>> {
                    return store.outcomes().ListScores(ctx.org().org, {.after = page.after, .limit = page.limit});
                  },
                  kRecordJson)});
  router.Add({.method = "GET", .pattern = base + "/value", .access = Access::kAny, .permission = read,
              .handler = JsonRoute(
                  200, [&service](RequestContext& ctx) { return service.Summary(ctx.org().org); }, kRecordJson)});
  router.Add({.method = "GET", .pattern = base + "/retention", .access = Access::kAny, .permission = read,
              .handler = JsonRoute(
                  200, [&service](RequestContext& ctx) { return service.Retention(ctx.org().org); }, kRecordJson)});
  router.Add({.method = "GET", .pattern = base + "/value/personas", .access = Access::kAny, .permission = read,
              .handler = [&service](RequestContext& ctx) -> Result<Response> {
                const outcomes::ExperienceOptions options;
                TRY_ASSIGN(const auto value, service.ValueByPersona(ctx.org().org, options));
                return Response::Json(200, outcomes::ToJson(value, options.min_n));
              }});
  router.Add({.method = "GET", .pattern = base + "/value/segments", .access = Access::kAny, .permission = read,
              .handler = [&service](RequestContext& ctx) -> Result<Response> {
                TRY_ASSIGN(const auto request, ReadSegmentRequest(ctx.request));
                TRY_ASSIGN(const auto value, service.ValueBySegment(ctx.org().org, request));
                return Response::Json(200, outcomes::ToJson(value, request.options.min_n));
              }});
  router.Add({.method = "GET", .pattern = base + "/value/nps", .access = Access::kAny, .permission = read,
              .handler = [&service](RequestContext& ctx) -> Result<Response> {
                TRY_ASSIGN(const auto request, ReadNpsRequest(ctx.request));
                TRY_ASSIGN(const auto value, service.ValueByNps(ctx.org().org, request));
                return Response::Json(200, outcomes::ToJson(value, request.options.min_n));
              }});
}

}  // namespace nazar::http
