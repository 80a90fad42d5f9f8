// The outbox over the API, for owners and admins (manage_channels): an organisation's
// outgoing messages listed by state, topic and key (dead letters: ?state=dead), and a dead
// or failed message replayed (delivery/dispatcher.h).
#include "delivery/dispatcher.h"
#include "http/json_route.h"

namespace nazar::http {
namespace {

constexpr size_t kMaxTopicBytes = 64;
constexpr size_t kMaxKeyBytes = 200;

nazar::Json MessageJson(const OutboxMessage& m) { return delivery::ToJson(m); }

Result<OutboxQuery> ReadOutboxQuery(const Request& request, PageRequest page) {
  OutboxQuery q{.after = page.after, .limit = page.limit};
  if (auto state = request.Query("state")) {
    q.state = ParseOutboxState(*state);
    if (!q.state)
      return Fail(Error::InvalidArgument("state must be pending, sent, failed or dead", "state"));
  }
  TRY_ASSIGN(q.topic, QueryText(request, "topic", kMaxTopicBytes));
  TRY_ASSIGN(q.key, QueryText(request, "key", kMaxKeyBytes));
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
                    TRY_ASSIGN(const OutboxQuery q, ReadOutboxQuery(ctx.request, page));
                    return store.delivery().ListOutbox(ctx.org().org, q);
                  },
                  MessageJson)});
  router.Add({.method = "POST",
              .pattern = "/api/v1/orgs/{org}/outbox/{message}/replay",
              .access = Access::kAny,
              .permission = Permission::kManageChannels,
              .handler = JsonRoute(
                  200, PathId{"message"},
                  [&dispatcher](RequestContext& ctx, int64_t id) {
                    return dispatcher.Replay(ctx.actor(), ctx.org().org, id);
                  },
                  MessageJson)});
}

}  // namespace nazar::http
