// Contacts (typed attributes, upserts, imports, timelines, data-subject export and
// erasure), touchpoints and journey stages, and interactions (one, a batch, or a file: CSV,
// JSON lines, Asterisk queue_log). Personas are persona_routes.cc; what the journeys show
// (calls, flows, staffing, touchpoint impact) journey_analytics_routes.cc.
#include <fmt/format.h>

#include <sstream>

#include "http/json/common_json.h"
#include "http/json/surveys_json.h"
#include "http/json_route.h"
#include "journey/journeys.h"
#include "journey/persona_service.h"
#include "outreach/invitations.h"
#include "results/results.h"

namespace nazar::http {
namespace {

using nazar::Json;
using journey::ImportReport;

constexpr size_t kMaxBatch = 1000;

// A catalogue entry or a contact's record as the API shows it.
constexpr auto kRecordJson = [](const auto& record) { return journey::ToJson(record); };

Json ReportJson(const ImportReport& r) {
  Json problems = ArrayJson(r.problems, [](const Error& e) -> Json {
    return {{"field", e.field}, {"message", e.message}};
  });
  return {{"rows", r.rows}, {"created", r.created}, {"unchanged", r.unchanged},
          {"in_progress", r.in_progress}, {"written", r.written}, {"problem_count", r.problem_count}, {"problems", problems},
          {"callers", {{"matched", r.callers_matched}, {"unmatched", r.callers_unmatched},
                       {"withheld", r.callers_withheld}, {"unmatched_numbers", r.unmatched_callers}}},
          {"unmapped_agents", r.unmapped_agents}};
}

// 200 with the report when it went through (or was a clean dry run); 400 naming the first
// problem, with the whole report beside the error, when any row was bad (nothing written).
Response ReportResponse(const ImportReport& r) {
  if (r.problem_count == 0) return Response::Json(200, ReportJson(r));
  Response res = Response::FromError(Error::InvalidArgument(
      fmt::format("{} of {} rows are bad; nothing was imported. {}", r.problem_count, r.rows,
                  r.problems.front().message),
      r.problems.front().field));
  Json body = Json::parse(res.body);
  body["report"] = ReportJson(r);
  res.body = body.dump();
  return res;
}

Result<bool> FlagParam(const Request& r, const char* name) {
  auto v = r.Query(name);
  if (!v) return false;
  if (*v == "true" || *v == "1") return true;
  if (*v == "false" || *v == "0") return false;
  return Fail(Error::InvalidArgument(fmt::format("{} must be true or false", name), name));
}

ContactAttribute ReadAttribute(JsonObjectReader& r) {
  ContactAttribute a;
  a.name = r.String("name", {.min_chars = 1, .max_chars = 40});
  std::string type = r.String("type", {.min_chars = 1, .max_chars = 16});
  if (auto t = ParseAttributeType(type))
    a.type = *t;
  else
    r.Reject("type", "type must be text, number, date or choice");
  if (const Json* choices = r.OptionalValue("choices")) {
    if (!choices->is_array())
      r.Reject("choices", "choices must be a list of texts");
    else
      for (const auto& c : *choices) {
        if (c.is_string())
          a.choices.push_back(c.get<std::string>());
        else
          r.Reject("choices", "choices must be a list of texts");
      }
  }
  return a;
}

journey::ContactFields ReadContact(JsonObjectReader& r) {
  journey::ContactFields f;
  f.external_id = r.String("external_id", {.min_chars = 1, .max_chars = 200});
  f.email = r.OptionalString("email", {.max_chars = 254}).value_or("");
  f.phone = r.OptionalString("phone", {.max_chars = 40}).value_or("");
  f.language = r.OptionalString("language", {.max_chars = 8}).value_or("");
  if (const Json* a = r.OptionalValue("attributes")) {
    if (!a->is_object()) r.Reject("attributes", "attributes must be an object");
    else for (const auto& [k, v] : a->items()) f.attributes.emplace_back(k, v);
  }
  return f;
}

Touchpoint ReadTouchpoint(JsonObjectReader& r) {
  Touchpoint t;
  t.key = r.String("key", {.min_chars = 1, .max_chars = 64});
  t.name = ReadLocalizedName(r);
  t.channel = r.OptionalString("channel", {.max_chars = 32}).value_or("");
  t.stage_key = r.OptionalString("stage", {.max_chars = 64}).value_or("");
  t.owner = r.OptionalString("owner", {.max_chars = 200}).value_or("");
  return t;
}

JourneyStage ReadStage(JsonObjectReader& r) {
  JourneyStage stage;
  stage.key = r.String("key", {.min_chars = 1, .max_chars = 64});
  stage.name = ReadLocalizedName(r);
  stage.position = static_cast<int>(r.OptionalInt("position", {.min = 0, .max = 1000}).value_or(0));
  return stage;
}

// One interaction, or {"interactions": [...]}: 1 to kMaxBatch of them (errors name
// "interactions[i].field").
Result<std::vector<journey::InteractionFields>> ReadInteractions(const Request& request) {
  TRY_ASSIGN(const Json body, JsonBody(request));
  std::vector<journey::InteractionFields> batch;
  if (!body.contains("interactions")) {
    JsonObjectReader r(body);
    batch.push_back(journey::ReadInteractionFields(r));
    TRY(r.Finish());
    return batch;
  }
  JsonObjectReader outer(body);
  const Json* list = outer.OptionalValue("interactions");
  if (!list->is_array() || list->empty() || list->size() > kMaxBatch)
    outer.Reject("interactions", fmt::format("interactions must be a list of 1 to {}", kMaxBatch));
  TRY(outer.Finish());
  for (size_t i = 0; i < list->size(); ++i) {
    std::string path = fmt::format("interactions[{}]", i);
    if (!(*list)[i].is_object())
      return Fail(Error::InvalidArgument("an interaction is an object", path));
    JsonObjectReader r((*list)[i], path);
    batch.push_back(journey::ReadInteractionFields(r));
    TRY(r.Finish());
  }
  return batch;
}

// 201 when any interaction is new, 200 when every one was there already.
Response WrittenInteractionsResponse(const std::vector<JourneysStore::InsertedInteraction>& written) {
  bool any_new = false;
  Json items = ArrayJson(written, [&](const JourneysStore::InsertedInteraction& w) {
    Json j = journey::ToJson(w.interaction);
    j["replayed"] = !w.inserted;
    any_new |= w.inserted;
    return j;
  });
  return Response::Json(any_new ? 201 : 200, {{"items", items}});
}

// A page of contacts matching ?q=, with the number of contacts matching it.
struct ContactsPage {
  Page<Contact> page;
  int64_t total = 0;
};

Result<ContactsPage> ListContacts(RequestContext& ctx, Store& store) {
  TRY_ASSIGN(const PageRequest page, ParsePage(ctx.request));
  TRY_ASSIGN(const auto text, QueryText(ctx.request, "q", 200));
  ContactQuery q{.text = text.value_or(""), .after = page.after, .limit = page.limit};
  ContactsPage out;
  TRY_ASSIGN(out.page, store.journeys().ListContacts(ctx.org().org, q));
  TRY_ASSIGN(out.total, store.journeys().CountContacts(ctx.org().org, q.text));
  return out;
}

// The timeline: the contact, their personas, interactions, invitations and responses,
// oldest first. What they answered only for those who may read responses (agents see the
// rest); an invitation's token (the link's secret) only in the person's own export (`dsr`),
// which is a download.
Response HistoryResponse(const RequestContext& ctx, const journey::ContactHistory& h, bool dsr) {
  Json body = {{"contact", journey::ToJson(h.contact)},
               {"personas", ArrayJson(h.personas,
                                      [](const Persona& p) -> Json {
                                        return {{"id", p.id}, {"name", p.name}, {"emoji", p.emoji}};
                                      })},
               {"interactions", ArrayJson(h.interactions, kRecordJson)},
               {"invitations", ArrayJson(h.invitations, [dsr](const Invitation& i) {
                  Json j = outreach::ToJson(i);
                  if (!dsr) j.erase("token");
                  return j;
                })}};
  if (RoleAllows(ctx.org().role, Permission::kReadResponses)) {
    body["responses"] =
        ArrayJson(h.responses, [](const nazar::Response& r) { return ResponseJson(r); });
  }
  Response res = Response::Json(200, body);
  if (dsr) {
    res.SetHeader("Content-Disposition",
                  fmt::format("attachment; filename=\"contact-{}.json\"", h.contact.id));
  }
  return res;
}

}  // namespace

void AddJourneyRoutes(Router& router, ApiDeps& deps) {
  journey::Journeys& journeys = *deps.journeys;
  Store& store = deps.store;
  results::ResultsService* results = deps.results;
  journey::PersonaService* personas = deps.personas;
  // A catalogue: {"items": [...]} of every row `list(org)` returns.
  auto catalogue = [](auto list) {
    return JsonRoute(
        200, [list](RequestContext& ctx) { return list(ctx.org().org); },
        [](const auto& rows) { return ItemsJson(rows, kRecordJson); });
  };

  // --- contact attributes ---
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/orgs/{org}/contact-attributes",
       .access = Access::kAny,
       .permission = Permission::kReadContacts,
       .handler = catalogue([&store](OrgId org) { return store.journeys().ListContactAttributes(org); })});
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/contact-attributes",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .handler = JsonRoute(
                  201, ReadAttribute,
                  [&journeys](RequestContext& ctx, const ContactAttribute& a) {
                    return journeys.DefineAttribute(ctx.actor(), ctx.org(), a);
                  },
                  kRecordJson)});

  // --- contacts ---
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/contacts",
              .access = Access::kAny,
              .permission = Permission::kReadContacts,
              .handler = JsonRoute(
                  200, [&store](RequestContext& ctx) { return ListContacts(ctx, store); },
                  [](const ContactsPage& listed) {
                    Json j = PageJson(listed.page, kRecordJson);
                    j["total"] = listed.total;
                    return j;
                  })});
  // The contact is stored whatever happens next; its personas follow at once (or with the
  // next periodic refresh).
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/contacts",
              .access = Access::kAny,
              .permission = Permission::kSubmitData,
              .handler = JsonRoute(
                  200, ReadContact,
                  [&journeys, personas](RequestContext& ctx,
                                        const journey::ContactFields& fields) -> Result<Contact> {
                    TRY_ASSIGN(Contact c, journeys.UpsertContact(ctx.org().org, fields));
                    if (personas) personas->ContactWritten(ctx.org().org, c.id);
                    return c;
                  },
                  kRecordJson)});
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/contacts/import",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .body_type = "text/csv",
              .handler = JsonRoute(
                  200,
                  [&journeys, personas](RequestContext& ctx) -> Result<ImportReport> {
                    TRY_ASSIGN(const bool dry_run, FlagParam(ctx.request, "dry_run"));
                    std::istringstream in(ctx.request.body);
                    TRY_ASSIGN(ImportReport report,
                               journeys.ImportContacts(ctx.org().org, in, {.dry_run = dry_run}));
                    if (report.written && personas) personas->ContactsWritten(ctx.org().org);
                    return report;
                  },
                  ReportResponse)});
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/contacts/{contact}",
              .access = Access::kAny,
              .permission = Permission::kReadContacts,
              .handler = JsonRoute(
                  200, PathId{"contact"},
                  [&journeys](RequestContext& ctx, int64_t id) {
                    return journeys.History(ctx.org().org, id);
                  },
                  [](RequestContext& ctx, const journey::ContactHistory& h) {
                    return HistoryResponse(ctx, h, /*dsr=*/false);
                  })});
  // A POST: it writes the audit log, so a link on another site must not trigger it (CSRF).
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/contacts/{contact}/export",
              .access = Access::kAny,
              .permission = Permission::kEraseContacts,
              .handler = JsonRoute(
                  200, PathId{"contact"},
                  [&journeys](RequestContext& ctx, int64_t id) {
                    return journeys.ExportContact(ctx.actor(), ctx.org(), id);
                  },
                  [](RequestContext& ctx, const journey::ContactHistory& h) {
                    return HistoryResponse(ctx, h, /*dsr=*/true);
                  })});
  // The in-memory view held their hidden fields, agent and comments' analysis: their rows
  // are replaced by the anonymised ones.
  router.Add(
      {.method = "DELETE",
       .pattern = "/api/v1/orgs/{org}/contacts/{contact}",
       .access = Access::kAny,
       .permission = Permission::kEraseContacts,
       .handler = JsonRoute(
           200, PathId{"contact"},
           [&journeys, results](RequestContext& ctx, int64_t id) -> Result<std::vector<int64_t>> {
             TRY_ASSIGN(std::vector<int64_t> ids,
                        journeys.EraseContact(ctx.actor(), ctx.org(), id));
             if (!ids.empty() && results) TRY(results->Reappend(ctx.org().org, ids));
             return ids;
           },
           [](const std::vector<int64_t>& anonymised) -> Json {
             return {{"erased", true}, {"responses_anonymised", anonymised.size()}};
           })});

  // --- touchpoints and stages ---
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/touchpoints",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = catalogue([&store](OrgId org) { return store.journeys().ListTouchpoints(org); })});
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/touchpoints",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .handler = JsonRoute(
                  200, ReadTouchpoint,
                  [&journeys](RequestContext& ctx, Touchpoint t) {
                    return journeys.PutTouchpoint(ctx.actor(), ctx.org(), std::move(t));
                  },
                  kRecordJson)});
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/journey-stages",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = catalogue([&store](OrgId org) { return store.journeys().ListJourneyStages(org); })});
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/journey-stages",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .handler = JsonRoute(
                  200, ReadStage,
                  [&journeys](RequestContext& ctx, JourneyStage stage) {
                    return journeys.PutStage(ctx.actor(), ctx.org(), std::move(stage));
                  },
                  kRecordJson)});

  // --- interactions ---
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/orgs/{org}/interactions",
       .access = Access::kAny,
       .permission = Permission::kSubmitData,
       .handler = JsonRoute(
           200,
           [&journeys](RequestContext& ctx) -> Result<std::vector<JourneysStore::InsertedInteraction>> {
             TRY_ASSIGN(const auto batch, ReadInteractions(ctx.request));
             return journeys.RecordInteractions(ctx.org().org, batch);
           },
           WrittenInteractionsResponse)});
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/interactions/import",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .body_type = "text/csv, application/x-ndjson, text/plain",
              .handler = JsonRoute(
                  200,
                  [&journeys, personas](RequestContext& ctx) -> Result<ImportReport> {
                    auto format = journey::ParseInteractionFormat(
                        ctx.request.Query("format").value_or("csv"));
                    if (!format)
                      return Fail(Error::InvalidArgument("format must be csv, jsonl or queue_log",
                                                         "format"));
                    TRY_ASSIGN(const bool dry_run, FlagParam(ctx.request, "dry_run"));
                    TRY_ASSIGN(const bool create, FlagParam(ctx.request, "create_touchpoints"));
                    std::istringstream in(ctx.request.body);
                    TRY_ASSIGN(ImportReport report,
                               journeys.ImportInteractions(
                                   ctx.org().org, in, *format,
                                   {.dry_run = dry_run, .create_touchpoints = create}));
                    if (report.written && personas) personas->ContactsWritten(ctx.org().org);
                    return report;
                  },
                  ReportResponse)});
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/interactions",
              .access = Access::kAny,
              .permission = Permission::kReadContacts,
              .handler = PagedList(
                  [&store](RequestContext& ctx, PageRequest page) -> Result<Page<Interaction>> {
                    InteractionQuery q{.touchpoint = ctx.request.Query("touchpoint").value_or(""),
                                       .after = page.after,
                                       .limit = page.limit};
                    TRY_ASSIGN(q.contact_id,
                               IntParam(ctx.request, "contact", 1, INT64_MAX, "a contact id"));
                    return store.journeys().ListInteractions(ctx.org().org, q);
                  },
                  kRecordJson)});
}

}  // namespace nazar::http
