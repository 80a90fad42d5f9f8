// Webhooks for integrators, for owners and admins (manage_webhooks): endpoints listed,
// created (the secret shown once), changed, deleted, their secret rotated; the delivery log
// of an endpoint, replays of one or all of its failed messages, and a test event
// (webhooks/webhooks.h).
#include "http/json_route.h"
#include "webhooks/webhooks.h"

namespace nazar::http {
namespace {

nazar::Json EndpointJson(const WebhookEndpoint& e) { return webhooks::ToJson(e); }
nazar::Json DeliveryJson(const WebhookDelivery& d) { return webhooks::ToJson(d); }

struct RotateInput {
  std::optional<std::string> secret;
};
RotateInput ReadRotateInput(JsonObjectReader& r) {
  return {.secret = r.OptionalString("secret", {.min_chars = 1, .max_chars = 200})};
}

struct TestInput {
  std::string event;
};
TestInput ReadTestInput(JsonObjectReader& r) {
  return {.event = r.OptionalString("event", {.max_chars = 64}).value_or("")};
}

}  // namespace

void AddWebhookRoutes(Router& router, ApiDeps& deps) {
  webhooks::Webhooks& hooks = *deps.webhooks;
  const std::string base = "/api/v1/orgs/{org}/webhooks";
  auto add = [&router](std::string method, std::string pattern, Handler handler) {
    router.Add({.method = std::move(method),
                .pattern = std::move(pattern),
                .access = Access::kAny,
                .permission = Permission::kManageWebhooks,
                .handler = std::move(handler)});
  };

  add("GET", base,
      JsonRoute(
          200, [&hooks](RequestContext& ctx) { return hooks.List(ctx.org().org); },
          [](const std::vector<WebhookEndpoint>& list) {
            nazar::Json items = nazar::Json::array();
            for (const WebhookEndpoint& e : list) items.push_back(EndpointJson(e));
            return nazar::Json{{"items", std::move(items)}};
          }));
  add("POST", base,
      JsonRoute(
          201, webhooks::ReadEndpointInput,
          [&hooks](RequestContext& ctx, const webhooks::EndpointInput& in) {
            return hooks.Create(ctx.actor(), ctx.org().org, in);
          },
          webhooks::ToJsonWithSecret));
  add("GET", base + "/{webhook}",
      JsonRoute(
          200, PathId{"webhook"},
          [&hooks](RequestContext& ctx, int64_t id) { return hooks.Get(ctx.org().org, id); },
          EndpointJson));
  add("PATCH", base + "/{webhook}",
      JsonRoute(
          200, PathId{"webhook"}, webhooks::ReadEndpointPatch,
          [&hooks](RequestContext& ctx, int64_t id, const webhooks::EndpointPatch& patch) {
            return hooks.Update(ctx.actor(), ctx.org().org, id, patch);
          },
          EndpointJson));
  add("DELETE", base + "/{webhook}",
      JsonRoute(
          204, PathId{"webhook"},
          [&hooks](RequestContext& ctx, int64_t id) {
            return hooks.Delete(ctx.actor(), ctx.org().org, id);
          },
          [] { return NoContent(); }));
  add("POST", base + "/{webhook}/rotate-secret",
      JsonRoute(
          200, PathId{"webhook"}, ReadRotateInput,
          [&hooks](RequestContext& ctx, int64_t id, const RotateInput& in) {
            return hooks.RotateSecret(ctx.actor(), ctx.org().org, id, in.secret);
          },
          webhooks::ToJsonWithSecret));
  add("GET", base + "/{webhook}/deliveries",
      [&hooks](RequestContext& ctx) -> Result<Response> {
        TRY_ASSIGN(const int64_t id, ctx.IdParam("webhook"));
        TRY_ASSIGN(const PageRequest page, ParsePage(ctx.request));
        TRY_ASSIGN(const auto deliveries, hooks.Deliveries(ctx.org().org, id, page));
        return Response::Json(200, PageJson(deliveries, DeliveryJson));
      });
  add("POST", base + "/{webhook}/replay",
      JsonRoute(
          200, PathId{"webhook"},
          [&hooks](RequestContext& ctx, int64_t id) {
            return hooks.ReplayFailed(ctx.actor(), ctx.org().org, id);
          },
          [](int replayed) { return nazar::Json{{"replayed", replayed}}; }));
  add("POST", base + "/{webhook}/messages/{message}/replay",
      [&hooks](RequestContext& ctx) -> Result<Response> {
        TRY_ASSIGN(const int64_t id, ctx.IdParam("webhook"));
        TRY_ASSIGN(const int64_t message, ctx.IdParam("message"));
        TRY_ASSIGN(const OutboxMessage replayed,
                   hooks.Replay(ctx.actor(), ctx.org().org, id, message));
        return Response::Json(200, delivery::ToJson(replayed));
      });
  add("POST", base + "/{webhook}/test",
      JsonRoute(
          202, PathId{"webhook"}, ReadTestInput,
          [&hooks](RequestContext& ctx, int64_t id, const TestInput& in) {
            return hooks.SendTest(ctx.actor(), ctx.org().org, id, in.event);
          },
          [](const webhooks::TestMessage& m) {
            return nazar::Json{
                {"message_id", m.message_id}, {"webhook_id", m.webhook_id}, {"event", m.event}};
          }));
}

}  // namespace nazar::http
