// The outbox over the API, for owners and admins (manage_channels): an organisation's
// outgoing messages listed by state, topic and key (dead letters: ?state=dead), and a dead
// or failed message replayed (delivery/dispatcher.h).
#include "delivery/dispatcher.h"
#include "http/api.h"

namespace nazar::http {
namespace {

constexpr size_t kMaxTopicBytes = 64;
constexpr size_t kMaxKeyBytes = 200;

Result<OutboxQuery> ReadOutboxQuery(const Request& request, PageRequest page) {
  OutboxQuery q{.after = page.after, .limit = page.limit};
  if (auto state = request.Query("state")) {
    q.state = ParseOutboxState(*state);
    if (!q.state)
      return Fail(Error::InvalidArgument("state must be pending, sent, failed or dead", "state"));
  }
  auto topic = QueryText(request, "topic", kMaxTopicBytes);
  if (!topic) return Fail(topic.error());
  q.topic = std::move(*topic);
  auto key = QueryText(request, "key", kMaxKeyBytes);
  if (!key) return Fail(key.error());
  q.key = std::move(*key);
  return q;
}

}  // namespace

void AddOutboxRoutes(Router& router, ApiDeps& deps) {
  Store& store = deps.store;
  delivery::Dispatcher& dispatcher = *deps.dispatcher;

  router.Add({.method = "GET",
              .pattern = "/api/v1/orgs/{org}/outbox",
              .access = Access::kAny,
              .permission = Permission::kManageChannels,
              .handler = PagedList(
                  [&store](RequestContext& ctx, PageRequest page) -> Result<Page<OutboxMessage>> {
                    auto q = ReadOutboxQuery(ctx.request, page);
                    if (!q) return Fail(q.error());
                    return store.delivery().ListOutbox(ctx.org().org, *q);
                  },
                  [](const OutboxMessage& m) { return delivery::ToJson(m); })});
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/outbox/{message}/replay",
              .access = Access::kAny,
              .permission = Permission::kManageChannels,
              .handler = [&dispatcher](RequestContext& ctx) -> Result<Response> {
                auto id = ctx.IdParam("message");
                if (!id) return Fail(id.error());
                auto replayed = dispatcher.Replay(ctx.actor(), ctx.org().org, *id);
                if (!replayed) return Fail(replayed.error());
                return Response::Json(200, delivery::ToJson(*replayed));
              }});
}

}  // namespace nazar::http
