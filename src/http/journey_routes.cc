// Contacts (typed attributes, upserts, imports, timelines, data-subject export and
// erasure), touchpoints and journey stages, interactions (one, a batch, or a file: CSV,
// JSON lines, Asterisk queue_log) and the flows between touchpoints.
#include <charconv>
#include <cmath>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "outreach/invitations.h"
#include "core/time.h"
#include "http/api.h"
#include "journey/calls.h"
#include "journey/dfg.h"
#include "journey/erlang.h"
#include "journey/journeys.h"
#include "journey/persona_service.h"
#include "journey/touchpoint_impact.h"
#include "results/results.h"

namespace nazar::http {
namespace {

using nazar::Json;
using journey::ImportReport;

constexpr size_t kMaxBatch = 1000;

Json ReportJson(const ImportReport& r) {
  Json problems = Json::array();
  for (const Error& e : r.problems)
    problems.push_back({{"field", e.field}, {"message", e.message}});
  return {{"rows", r.rows}, {"created", r.created}, {"unchanged", r.unchanged},
          {"in_progress", r.in_progress}, {"written", r.written}, {"problem_count", r.problem_count}, {"problems", problems}};
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

// {"fa": …, "en": …} texts of a catalogue entry.
Result<std::string> ReadName(JsonObjectReader& r) {
  const Json* name = r.OptionalValue("name");
  if (!name) return std::string("{}");
  if (!name->is_object()) {
    r.Reject("name", "name must be an object such as {\"fa\": \"…\", \"en\": \"…\"}");
    return std::string("{}");
  }
  for (const auto& [lang, text] : name->items()) {
    if ((lang != "fa" && lang != "en") || !text.is_string() || text.get<std::string>().size() > 400)
      r.Reject("name." + lang, "name has fa and en texts of at most 200 characters");
  }
  return name->dump();
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

// A catalogue listing: {"items": [...]} of every row `list(org)` returns.
template <typename List>
Handler CatalogueList(List list) {
  return [list](RequestContext& ctx) -> Result<Response> {
    auto rows = list(ctx.org().org);
    if (!rows) return Fail(rows.error());
    Json items = Json::array();
    for (const auto& row : *rows) items.push_back(journey::ToJson(row));
    return Response::Json(200, {{"items", items}});
  };
}

// A catalogue upsert: `read(r)` takes the entry from the body, `put(ctx, entry)` checks and
// writes it; answers the entry as stored.
template <typename Read, typename Put>
Handler CataloguePut(Read read, Put put) {
  return [read, put](RequestContext& ctx) -> Result<Response> {
    auto body = JsonBody(ctx.request);
    if (!body) return Fail(body.error());
    JsonObjectReader r(*body);
    auto entry = read(r);
    if (auto done = r.Finish(); !done) return Fail(done.error());
    auto made = put(ctx, std::move(entry));
    if (!made) return Fail(made.error());
    return Response::Json(200, journey::ToJson(*made));
  };
}

}  // namespace

void AddJourneyRoutes(Router& router, ApiDeps& deps) {
  journey::Journeys& journeys = *deps.journeys;
  Store& store = deps.store;
  results::ResultsService* results = deps.results;
  journey::PersonaService* personas = deps.personas;
  // After contacts were written in bulk, personas are recomputed for the organisation.
  auto refresh_personas = [personas](OrgId org) {
    if (!personas) return;
    if (auto n = personas->RefreshAll(org); !n)
      spdlog::warn("organisation {}: personas not refreshed: {}", org.value, n.error().ToString());
  };

  // --- contact attributes ---
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/contact-attributes",
              .access = Access::kAny,
              .permission = Permission::kReadContacts,
              .handler = CatalogueList(
                  [&store](OrgId org) { return store.journeys().ListContactAttributes(org); })});
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/contact-attributes",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .handler = [&journeys](RequestContext& ctx) -> Result<Response> {
                auto body = JsonBody(ctx.request);
                if (!body) return Fail(body.error());
                JsonObjectReader r(*body);
                ContactAttribute a;
                a.name = r.String("name", {.min_chars = 1, .max_chars = 40});
                std::string type = r.String("type", {.min_chars = 1, .max_chars = 16});
                if (auto t = ParseAttributeType(type)) a.type = *t;
                else r.Reject("type", "type must be text, number, date or choice");
                if (const Json* choices = r.OptionalValue("choices")) {
                  if (!choices->is_array()) r.Reject("choices", "choices must be a list of texts");
                  else for (const auto& c : *choices) {
                    if (c.is_string()) a.choices.push_back(c.get<std::string>());
                    else r.Reject("choices", "choices must be a list of texts");
                  }
                }
                if (auto done = r.Finish(); !done) return Fail(done.error());
                auto made = journeys.DefineAttribute(ctx.actor(), ctx.org(), a);
                if (!made) return Fail(made.error());
                return Response::Json(201, journey::ToJson(*made));
              }});

  // --- contacts ---
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/contacts",
              .access = Access::kAny,
              .permission = Permission::kReadContacts,
              .handler = [&store](RequestContext& ctx) -> Result<Response> {
                auto page = ParsePage(ctx.request);
                if (!page) return Fail(page.error());
                auto text = QueryText(ctx.request, "q", 200);
                if (!text) return Fail(text.error());
                ContactQuery q{.text = text->value_or(""), .after = page->after, .limit = page->limit};
                auto list = store.journeys().ListContacts(ctx.org().org, q);
                if (!list) return Fail(list.error());
                Json j = PageJson(*list, [](const Contact& c) { return journey::ToJson(c); });
                auto total = store.journeys().CountContacts(ctx.org().org);
                if (!total) return Fail(total.error());
                j["total"] = *total;
                return Response::Json(200, j);
              }});
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/contacts",
              .access = Access::kAny,
              .permission = Permission::kSubmitData,
              .handler = [&journeys, personas](RequestContext& ctx) -> Result<Response> {
                auto body = JsonBody(ctx.request);
                if (!body) return Fail(body.error());
                JsonObjectReader r(*body);
                auto fields = ReadContact(r);
                if (auto done = r.Finish(); !done) return Fail(done.error());
                auto c = journeys.UpsertContact(ctx.org().org, fields);
                if (!c) return Fail(c.error());
                // The contact is stored whatever happens next; its personas follow at once
                // (or with the next periodic refresh when this fails).
                if (personas) {
                  if (auto p = personas->RefreshContact(ctx.org().org, c->id); !p)
                    spdlog::warn("contact {}: personas not refreshed: {}", c->id, p.error().ToString());
                }
                return Response::Json(200, journey::ToJson(*c));
              }});
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/contacts/import",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .body_type = "text/csv",
              .handler = [&journeys, refresh_personas](RequestContext& ctx) -> Result<Response> {
                auto dry_run = FlagParam(ctx.request, "dry_run");
                if (!dry_run) return Fail(dry_run.error());
                std::istringstream in(ctx.request.body);
                auto report = journeys.ImportContacts(ctx.org().org, in, {.dry_run = *dry_run});
                if (!report) return Fail(report.error());
                if (report->written) refresh_personas(ctx.org().org);
                return ReportResponse(*report);
              }});
  // The timeline: the contact, their interactions and responses, oldest first. What they
  // answered only for those who may read responses (agents see the rest).
  auto history = [&journeys, &store](RequestContext& ctx, bool dsr) -> Result<Response> {
    auto id = ctx.IdParam("contact");
    if (!id) return Fail(id.error());
    auto h = dsr ? journeys.ExportContact(ctx.actor(), ctx.org(), *id)
                 : journeys.History(ctx.org().org, *id);
    if (!h) return Fail(h.error());
    Json interactions = Json::array(), responses = Json::array(), in_personas = Json::array(),
         invitations = Json::array();
    for (const auto& i : h->interactions) interactions.push_back(journey::ToJson(i));
    for (const auto& i : h->invitations) {
      Json j = outreach::ToJson(i);
      if (!dsr) j.erase("token");  // the link's secret: only the person's own export carries it
      invitations.push_back(std::move(j));
    }
    const bool with_responses = RoleAllows(ctx.org().role, Permission::kReadResponses);
    if (with_responses)
      for (const auto& r : h->responses) responses.push_back(ResponseJson(r));
    auto memberships = store.personas().ListPersonaMembers(ctx.org().org, *id);
    if (!memberships) return Fail(memberships.error());
    if (!memberships->empty()) {
      auto personas = store.personas().ListPersonas(ctx.org().org);
      if (!personas) return Fail(personas.error());
      for (const PersonaMember& m : *memberships) {
        auto p = std::ranges::find(*personas, m.persona_id, &Persona::id);
        if (p != personas->end())
          in_personas.push_back({{"id", p->id}, {"name", p->name}, {"emoji", p->emoji}});
      }
    }
    Json body = {{"contact", journey::ToJson(h->contact)},
                 {"personas", in_personas},
                 {"interactions", interactions},
                 {"invitations", invitations}};
    if (with_responses) body["responses"] = std::move(responses);
    Response res = Response::Json(200, body);
    if (dsr) {
      res.SetHeader("Content-Disposition",
                    fmt::format("attachment; filename=\"contact-{}.json\"", *id));
    }
    return res;
  };
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/contacts/{contact}",
              .access = Access::kAny,
              .permission = Permission::kReadContacts,
              .handler = [history](RequestContext& ctx) { return history(ctx, false); }});
  // A POST: it writes the audit log, so a link on another site must not trigger it (CSRF).
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/contacts/{contact}/export",
              .access = Access::kAny,
              .permission = Permission::kEraseContacts,
              .handler = [history](RequestContext& ctx) { return history(ctx, true); }});
  router.Add({.method = "DELETE",
              .pattern = "/api/v1/orgs/{org}/contacts/{contact}",
              .access = Access::kAny,
              .permission = Permission::kEraseContacts,
              .handler = [&journeys, results](RequestContext& ctx) -> Result<Response> {
                auto id = ctx.IdParam("contact");
                if (!id) return Fail(id.error());
                auto ids = journeys.EraseContact(ctx.actor(), ctx.org(), *id);
                if (!ids) return Fail(ids.error());
                // The in-memory view held their hidden fields, agent and comments' analysis:
                // their rows are replaced by the anonymised ones.
                if (!ids->empty() && results) {
                  if (auto done = results->Reappend(ctx.org().org, *ids); !done) return Fail(done.error());
                }
                return Response::Json(200, {{"erased", true}, {"responses_anonymised", ids->size()}});
              }});

  // --- personas ---
  if (personas) {
    router.Add({.method = "GET",
                .pattern = "/api/v1/orgs/{org}/personas",
                .access = Access::kAny,
                .permission = Permission::kReadResults,
                .handler = [&store](RequestContext& ctx) -> Result<Response> {
                  auto list = store.personas().ListPersonas(ctx.org().org);
                  if (!list) return Fail(list.error());
                  Json items = Json::array();
                  for (const Persona& p : *list) items.push_back(journey::ToJson(p));
                  return Response::Json(200, {{"items", items}});
                }});
    router.Add({.method = "GET",
                .pattern = "/api/v1/orgs/{org}/personas/{persona}",
                .access = Access::kAny,
                .permission = Permission::kReadResults,
                .handler = [&store](RequestContext& ctx) -> Result<Response> {
                  auto id = ctx.IdParam("persona");
                  if (!id) return Fail(id.error());
                  auto p = store.personas().GetPersona(ctx.org().org, *id);
                  if (!p) return Fail(p.error());
                  return Response::Json(200, journey::ToJson(*p));
                }});
    auto save = [personas](RequestContext& ctx, std::optional<int64_t> id) -> Result<Response> {
      auto body = JsonBody(ctx.request);
      if (!body) return Fail(body.error());
      JsonObjectReader r(*body);
      journey::PersonaInput input = journey::ReadPersonaInput(r);
      if (auto done = r.Finish(); !done) return Fail(done.error());
      auto saved = id ? personas->Update(ctx.actor(), ctx.org(), *id, input)
                      : personas->Create(ctx.actor(), ctx.org(), input);
      if (!saved) return Fail(saved.error());
      return Response::Json(id ? 200 : 201, journey::ToJson(*saved));
    };
    router.Add({.method = "POST",
                .pattern = "/api/v1/orgs/{org}/personas",
                .access = Access::kAny,
                .permission = Permission::kManageJourneys,
                .handler = [save](RequestContext& ctx) { return save(ctx, std::nullopt); }});
    router.Add({.method = "PUT",
                .pattern = "/api/v1/orgs/{org}/personas/{persona}",
                .access = Access::kAny,
                .permission = Permission::kManageJourneys,
                .handler = [save](RequestContext& ctx) -> Result<Response> {
                  auto id = ctx.IdParam("persona");
                  if (!id) return Fail(id.error());
                  return save(ctx, *id);
                }});
    router.Add({.method = "DELETE",
                .pattern = "/api/v1/orgs/{org}/personas/{persona}",
                .access = Access::kAny,
                .permission = Permission::kManageJourneys,
                .handler = [personas](RequestContext& ctx) -> Result<Response> {
                  auto id = ctx.IdParam("persona");
                  if (!id) return Fail(id.error());
                  if (auto gone = personas->Delete(ctx.actor(), ctx.org(), *id); !gone)
                    return Fail(gone.error());
                  return Response::Json(200, {{"deleted", true}});
                }});
  }

  // --- touchpoints and stages ---
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/touchpoints",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = CatalogueList(
                  [&store](OrgId org) { return store.journeys().ListTouchpoints(org); })});
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/touchpoints",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .handler = CataloguePut(
                  [](JsonObjectReader& r) {
                    Touchpoint t;
                    t.key = r.String("key", {.min_chars = 1, .max_chars = 64});
                    t.name = *ReadName(r);
                    t.channel = r.OptionalString("channel", {.max_chars = 32}).value_or("");
                    t.stage_key = r.OptionalString("stage", {.max_chars = 64}).value_or("");
                    t.owner = r.OptionalString("owner", {.max_chars = 200}).value_or("");
                    return t;
                  },
                  [&journeys](RequestContext& ctx, Touchpoint t) {
                    return journeys.PutTouchpoint(ctx.actor(), ctx.org(), std::move(t));
                  })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/journey-stages",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = CatalogueList(
                  [&store](OrgId org) { return store.journeys().ListJourneyStages(org); })});
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/journey-stages",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .handler = CataloguePut(
                  [](JsonObjectReader& r) {
                    JourneyStage stage;
                    stage.key = r.String("key", {.min_chars = 1, .max_chars = 64});
                    stage.name = *ReadName(r);
                    stage.position =
                        static_cast<int>(r.OptionalInt("position", {.min = 0, .max = 1000}).value_or(0));
                    return stage;
                  },
                  [&journeys](RequestContext& ctx, JourneyStage stage) {
                    return journeys.PutStage(ctx.actor(), ctx.org(), std::move(stage));
                  })});

  // --- interactions ---
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/interactions",
              .access = Access::kAny,
              .permission = Permission::kSubmitData,
              .handler = [&journeys](RequestContext& ctx) -> Result<Response> {
                auto body = JsonBody(ctx.request);
                if (!body) return Fail(body.error());
                std::vector<journey::InteractionFields> batch;
                if (body->contains("interactions")) {
                  JsonObjectReader outer(*body);
                  const Json* list = outer.OptionalValue("interactions");
                  if (!list->is_array() || list->empty() || list->size() > kMaxBatch)
                    outer.Reject("interactions", fmt::format("interactions must be a list of 1 to {}", kMaxBatch));
                  if (auto done = outer.Finish(); !done) return Fail(done.error());
                  for (size_t i = 0; i < list->size(); ++i) {
                    std::string path = fmt::format("interactions[{}]", i);
                    if (!(*list)[i].is_object())
                      return Fail(Error::InvalidArgument("an interaction is an object", path));
                    JsonObjectReader r((*list)[i], path);
                    batch.push_back(journey::ReadInteractionFields(r));
                    if (auto done = r.Finish(); !done) return Fail(done.error());
                  }
                } else {
                  JsonObjectReader r(*body);
                  batch.push_back(journey::ReadInteractionFields(r));
                  if (auto done = r.Finish(); !done) return Fail(done.error());
                }
                auto written = journeys.RecordInteractions(ctx.org().org, batch);
                if (!written) return Fail(written.error());
                Json items = Json::array();
                bool any_new = false;
                for (const auto& w : *written) {
                  Json j = journey::ToJson(w.interaction);
                  j["replayed"] = !w.inserted;
                  any_new |= w.inserted;
                  items.push_back(std::move(j));
                }
                return Response::Json(any_new ? 201 : 200, {{"items", items}});
              }});
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/interactions/import",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .body_type = "text/csv, application/x-ndjson, text/plain",
              .handler = [&journeys, refresh_personas](RequestContext& ctx) -> Result<Response> {
                auto format = journey::ParseInteractionFormat(ctx.request.Query("format").value_or("csv"));
                if (!format)
                  return Fail(Error::InvalidArgument("format must be csv, jsonl or queue_log", "format"));
                auto dry_run = FlagParam(ctx.request, "dry_run");
                if (!dry_run) return Fail(dry_run.error());
                auto create = FlagParam(ctx.request, "create_touchpoints");
                if (!create) return Fail(create.error());
                std::istringstream in(ctx.request.body);
                auto report = journeys.ImportInteractions(
                    ctx.org().org, in, *format,
                    {.dry_run = *dry_run, .create_touchpoints = *create});
                if (!report) return Fail(report.error());
                if (report->written) refresh_personas(ctx.org().org);
                return ReportResponse(*report);
              }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/interactions",
              .access = Access::kAny,
              .permission = Permission::kReadContacts,
              .handler = [&store](RequestContext& ctx) -> Result<Response> {
                auto page = ParsePage(ctx.request);
                if (!page) return Fail(page.error());
                InteractionQuery q{.touchpoint = ctx.request.Query("touchpoint").value_or(""),
                                   .after = page->after, .limit = page->limit};
                auto contact = IntParam(ctx.request, "contact", 1, INT64_MAX, "a contact id");
                if (!contact) return Fail(contact.error());
                q.contact_id = *contact;
                auto list = store.journeys().ListInteractions(ctx.org().org, q);
                if (!list) return Fail(list.error());
                return Response::Json(200, PageJson(*list, [](const Interaction& i) { return journey::ToJson(i); }));
              }});

  // Call-centre staffing with Erlang C: the figures for `agents`, or the fewest agents
  // meeting the target, with the service level around it (for a chart).
  router.Add({.method = "GET",
              .pattern = "/api/v1/staffing/erlang",
              .access = Access::kAny,
              .handler = [](RequestContext& ctx) -> Result<Response> {
                auto number = [&](const char* name, double fallback, bool required) -> Result<double> {
                  auto v = ctx.request.Query(name);
                  if (!v) {
                    if (required) return Fail(Error::InvalidArgument(fmt::format("{} is required", name), name));
                    return fallback;
                  }
                  double out = 0;
                  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
                  if (ec != std::errc() || p != v->data() + v->size())
                    return Fail(Error::InvalidArgument(fmt::format("{} must be a number", name), name));
                  return out;
                };
                auto calls = number("calls", 0, true);
                if (!calls) return Fail(calls.error());
                auto interval = number("interval_min", 30, false);
                if (!interval) return Fail(interval.error());
                auto aht = number("aht_s", 0, true);
                if (!aht) return Fail(aht.error());
                auto sl = number("target_sl", 0.8, false);
                if (!sl) return Fail(sl.error());
                auto answer = number("target_answer_s", 20, false);
                if (!answer) return Fail(answer.error());
                auto agents = number("agents", 0, false);
                if (!agents) return Fail(agents.error());
                journey::CallLoad load{.calls = *calls, .interval_min = *interval, .aht_s = *aht};
                auto fewest = journey::FewestAgents(load, *sl, *answer);
                if (!fewest) return Fail(fewest.error());
                auto figures = [](const journey::StaffingFigures& f) {
                  return Json{{"agents", f.agents}, {"service_level", f.service_level},
                              {"p_wait", f.p_wait}, {"asa_s", f.stable ? Json(f.asa_s) : Json(nullptr)},
                              {"occupancy", f.occupancy}, {"stable", f.stable}};
                };
                int chosen = *agents > 0 ? static_cast<int>(*agents) : fewest->agents;
                auto at = journey::ErlangC(load, chosen, *answer);
                if (!at) return Fail(at.error());
                Json curve = Json::array();
                for (int n = std::max(1, fewest->agents - 3); n <= fewest->agents + 5; ++n) {
                  if (auto f = journey::ErlangC(load, n, *answer)) curve.push_back(figures(*f));
                }
                Json out = figures(*at);
                out["traffic_erlangs"] = at->traffic_erlangs;
                out["fewest_agents"] = fewest->agents;
                out["curve"] = curve;
                return Response::Json(200, out);
              }});

  // Calls (interactions with a wait_s fact): per queue, abandonment and waits; by wait band,
  // abandonment and the CSAT of the responses linked to the call (question `question`,
  // favourable = 4 or 5).
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/journey/calls",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = [&store, &journeys](RequestContext& ctx) -> Result<Response> {
                auto window = ParseLocalDayBounds(ctx, store);
                if (!window) return Fail(window.error());
                std::vector<double> edges;
                for (const std::string& e : SplitComma(ctx.request.Query("bands").value_or("30,60,120,300"))) {
                  double v = 0;
                  auto [p, ec] = std::from_chars(e.data(), e.data() + e.size(), v);
                  if (ec != std::errc() || p != e.data() + e.size() || edges.size() >= 20)
                    return Fail(Error::InvalidArgument("bands must be up to 20 seconds, comma separated", "bands"));
                  edges.push_back(v);
                }
                std::string question = ctx.request.Query("question").value_or("csat");
                auto calls = journeys.CallRecords(ctx.org().org, window->from_ms, window->to_ms, question);
                if (!calls) return Fail(calls.error());
                auto figures = journey::AnalyzeCalls(*calls, edges);
                if (!figures) {
                  Error e = figures.error();
                  if (e.field == "band_edges") e.field = "bands";
                  return Fail(e);
                }
                auto share = [](const metrics::ProportionEstimate& p) -> Json {
                  if (p.n == 0) return nullptr;
                  return {{"n", p.n}, {"share", p.share}, {"ci_low", p.ci_low}, {"ci_high", p.ci_high}, {"enough", p.enough}};
                };
                Json queues = Json::array(), bands = Json::array();
                for (const auto& x : figures->queues)
                  queues.push_back({{"queue", x.queue}, {"calls", x.calls}, {"abandoned", share(x.abandoned)},
                                    {"mean_wait_s", x.mean_wait_s}, {"median_wait_s", x.median_wait_s},
                                    {"p90_wait_s", x.p90_wait_s}});
                for (const auto& b : figures->bands)
                  bands.push_back({{"from_s", b.from_s}, {"to_s", b.to_s ? Json(*b.to_s) : Json(nullptr)},
                                   {"calls", b.calls}, {"abandoned", share(b.abandoned)},
                                   {"satisfied", share(b.satisfied)}});
                return Response::Json(200, {{"queues", queues}, {"bands", bands}, {"question", question}});
              }});

  // Flows between touchpoints: the directly-follows graph of interactions, a case per
  // contact, over the organisation's local days from..to.
  // Which touchpoints move relationship NPS most (journey/touchpoint_impact.h).
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/orgs/{org}/journey/touchpoint-impact",
       .access = Access::kAny,
       .permission = Permission::kReadResults,
       .handler = [&store](RequestContext& ctx) -> Result<Response> {
         const Request& q = ctx.request;
         auto survey = IntParam(q, "survey", 1, INT64_MAX, "the relationship survey's id");
         if (!survey) return Fail(survey.error());
         if (!*survey)
           return Fail(Error::InvalidArgument("the relationship survey's id is required", "survey"));
         auto window = ParseLocalDayBounds(ctx, store);
         if (!window) return Fail(window.error());
         journey::ImpactRequest req{.survey_id = **survey, .from_ms = window->from_ms, .to_ms = window->to_ms};
         if (auto v = q.Query("outcome")) req.outcome_question = std::string(*v);
         if (auto v = q.Query("score")) req.score_question = std::string(*v);
         if (auto v = q.Query("persona")) {
           for (const std::string& part : SplitComma(*v)) {
             auto p = ParseWholeNumber(part);
             if (!p || *p < 1)
               return Fail(Error::InvalidArgument("persona must be persona ids, comma separated", "persona"));
             req.personas.push_back(*p);
           }
         }
         auto min_n = IntParam(q, "min_n", 3, 1'000'000, "3 to 1000000");
         if (!min_n) return Fail(min_n.error());
         if (*min_n) req.min_contacts = **min_n;
         auto report = journey::ReadTouchpointImpact(store, ctx.org().org, req);
         if (!report) return Fail(report.error());
         auto catalogue = store.journeys().ListTouchpoints(ctx.org().org);
         if (!catalogue) return Fail(catalogue.error());
         const drivers::DriverAnalysis& a = report->analysis;
         Json touchpoints = Json::array();
         for (const journey::TouchpointDriver& t : report->touchpoints) {
           const drivers::DriverImportance& d = t.importance;
           Json j = {{"touchpoint", t.touchpoint},
                     {"contacts", t.contacts},
                     {"mean", t.mean},
                     {"satisfied_share", d.performance},
                     {"lmg", d.lmg},
                     {"lmg_share", d.lmg_share},
                     {"ci_low", std::isnan(d.ci_low) ? Json(nullptr) : Json(d.ci_low)},
                     {"ci_high", std::isnan(d.ci_high) ? Json(nullptr) : Json(d.ci_high)},
                     {"relative_weight", d.relative_weight},
                     {"relative_weight_pct", d.relative_weight_pct},
                     {"quadrant", drivers::ToString(d.quadrant)}};
           for (const Touchpoint& tp : *catalogue) {
             if (tp.key != t.touchpoint) continue;
             j["name"] = Json::parse(tp.name, nullptr, false);
             j["stage"] = tp.stage_key;
           }
           touchpoints.push_back(std::move(j));
         }
         Json too_few = Json::array();
         for (const auto& [touchpoint, contacts] : report->too_few)
           too_few.push_back({{"touchpoint", touchpoint}, {"contacts", contacts}});
         return Response::Json(
             200, {{"survey", req.survey_id},
                   {"outcome", req.outcome_question},
                   {"score", req.score_question},
                   {"min_n", req.min_contacts},
                   {"contacts", report->contacts},
                   {"n", a.n},
                   {"r2", a.r2},
                   {"missing", drivers::ToString(a.missing)},
                   {"bootstrap", {{"samples", a.bootstrap_samples}, {"used", a.bootstrap_samples_used}}},
                   {"confidence_level", a.confidence_level},
                   {"thresholds", {{"importance", a.thresholds.importance},
                                   {"performance", a.thresholds.performance}}},
                   {"touchpoints", std::move(touchpoints)},
                   {"too_few", std::move(too_few)}});
       }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/journey/flows",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = [&store](RequestContext& ctx) -> Result<Response> {
                auto window = ParseLocalDayBounds(ctx, store);
                if (!window) return Fail(window.error());
                journey::EventLog log;
                auto read = ForEachListed(
                    InteractionQuery{
                        .from_ms = window->from_ms, .to_ms = window->to_ms, .limit = 10'000},
                    [&](const auto& q) {
                      return store.journeys().ListInteractions(ctx.org().org, q);
                    },
                    [&](const Interaction& i) {
                      log.Add(std::to_string(i.contact_id), i.touchpoint, i.occurred_ms);
                    });
                if (!read) return Fail(read.error());
                auto dfg = journey::BuildDfg(log);
                Json arcs = Json::array(), start = Json::object(), end = Json::object();
                for (const auto& a : dfg.arcs) arcs.push_back({{"from", a.from}, {"to", a.to}, {"count", a.count}});
                for (const auto& s : dfg.start) start[s.activity] = s.count;
                for (const auto& e : dfg.end) end[e.activity] = e.count;
                return Response::Json(200, {{"cases", dfg.cases}, {"events", dfg.events},
                                            {"arcs", arcs}, {"start", start}, {"end", end}});
              }});
}

}  // namespace nazar::http
