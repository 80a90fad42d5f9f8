// Personas: named profiles whose rule decides which contacts belong (journey/
// persona_service.h); members are recomputed when a persona is saved.
#include "http/json/common_json.h"
#include "http/json_route.h"
#include "journey/persona_service.h"

namespace nazar::http {
namespace {

nazar::Json PersonaJson(const Persona& persona) { return journey::ToJson(persona); }

}  // namespace

void AddPersonaRoutes(Router& router, ApiDeps& deps) {
  Store& store = deps.store;
  journey::PersonaService& personas = *deps.personas;

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/personas",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = JsonRoute(
                  200, [&store](RequestContext& ctx) { return store.personas().ListPersonas(ctx.org().org); },
                  [](const std::vector<Persona>& list) { return ItemsJson(list, PersonaJson); })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/personas/{persona}",
              .access = Access::kAny,
              .permission = Permission::kReadResults,
              .handler = JsonRoute(
                  200, PathId{"persona"},
                  [&store](RequestContext& ctx, int64_t id) {
                    return store.personas().GetPersona(ctx.org().org, id);
                  },
                  PersonaJson)});
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/personas",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .handler = JsonRoute(
                  201, journey::ReadPersonaInput,
                  [&personas](RequestContext& ctx, const journey::PersonaInput& input) {
                    return personas.Create(ctx.actor(), ctx.org(), input);
                  },
                  PersonaJson)});
  router.Add({.method = "PUT",
              .pattern = "/api/v1/orgs/{org}/personas/{persona}",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .handler = JsonRoute(
                  200, PathId{"persona"}, journey::ReadPersonaInput,
                  [&personas](RequestContext& ctx, int64_t id, const journey::PersonaInput& input) {
                    return personas.Update(ctx.actor(), ctx.org(), id, input);
                  },
                  PersonaJson)});
  router.Add({.method = "DELETE",
              .pattern = "/api/v1/orgs/{org}/personas/{persona}",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .handler = JsonRoute(
                  200, PathId{"persona"},
                  [&personas](RequestContext& ctx, int64_t id) {
                    return personas.Delete(ctx.actor(), ctx.org(), id);
                  },
                  DeletedJson)});
}

}  // namespace nazar::http
