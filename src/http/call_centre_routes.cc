// A call centre's settings (the default country callers' numbers are read in) and its
// agents' names (the member channel queue_log writes -> agent id and the name messages use).
#include <memory>

#include "http/json/common_json.h"
#include "http/json_route.h"
#include "journey/call_centre.h"

namespace nazar::http {
namespace {

struct AgentInput {
  std::string agent_id;
  std::string name;
};

AgentInput ReadAgent(JsonObjectReader& r) {
  AgentInput a;
  a.agent_id = r.String("agent_id", {.min_chars = 1, .max_chars = 200});
  a.name = ReadLocalizedName(r);
  return a;
}

std::string ReadCountry(JsonObjectReader& r) {
  return r.String("default_country", {.max_chars = 2});
}

// The {member} path parameter, percent-decoded ("SIP%2F8007" -> "SIP/8007").
std::string MemberParam(const RequestContext& ctx) {
  auto it = ctx.match.params.find("member");
  return it == ctx.match.params.end() ? std::string() : it->second;
}

constexpr auto kSettingsJson = [](const CallCentreSettings& s) { return journey::ToJson(s); };
constexpr auto kAgentJson = [](const AgentName& a) { return journey::ToJson(a); };

}  // namespace

void AddCallCentreRoutes(Router& router, ApiDeps& deps) {
  auto centre = std::make_shared<journey::CallCentre>(deps.store, deps.clock);
  Store& store = deps.store;
  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/call-centre/settings",
              .access = Access::kAny,
              .permission = Permission::kReadContacts,
              .handler = JsonRoute(
                  200, [centre](RequestContext& ctx) { return centre->Settings(ctx.org().org); },
                  kSettingsJson)});
  // Saving keys every contact's phone again (one transaction).
  router.Add({.method = "PUT",
              .pattern = "/api/v1/orgs/{org}/call-centre/settings",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .handler = JsonRoute(
                  200, ReadCountry,
                  [centre](RequestContext& ctx, const std::string& country) {
                    return centre->SaveSettings(ctx.actor(), ctx.org(), country);
                  },
                  kSettingsJson)});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/orgs/{org}/call-centre/agents",
       .access = Access::kAny,
       .permission = Permission::kReadResults,
       .handler = JsonRoute(
           200,
           [&store](RequestContext& ctx) { return store.call_centre().ListAgents(ctx.org().org); },
           [](const std::vector<AgentName>& agents) { return ItemsJson(agents, kAgentJson); })});
  // The member is the path's last segment, percent-encoded ("SIP%2F8007").
  router.Add({.method = "PUT",
              .pattern = "/api/v1/orgs/{org}/call-centre/agents/{member}",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .handler = JsonRoute(
                  200, ReadAgent,
                  [centre](RequestContext& ctx, const AgentInput& in) {
                    return centre->PutAgent(
                        ctx.actor(), ctx.org(),
                        {.member = MemberParam(ctx), .agent_id = in.agent_id, .name = in.name});
                  },
                  kAgentJson)});
  router.Add({.method = "DELETE",
              .pattern = "/api/v1/orgs/{org}/call-centre/agents/{member}",
              .access = Access::kAny,
              .permission = Permission::kManageJourneys,
              .handler = JsonRoute(
                  200,
                  [centre](RequestContext& ctx) {
                    return centre->DeleteAgent(ctx.actor(), ctx.org(), MemberParam(ctx));
                  },
                  DeletedJson)});
}

}  // namespace nazar::http
