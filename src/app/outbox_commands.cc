// `nazar outbox list --org N [--state dead] [--topic T] [--key K] [--limit N] [--json]`: the
// organisation's outgoing messages, newest first, as a table or JSON lines.
// `nazar outbox replay --org N --id M`: a dead or failed message pending again, due now,
// with its topic's domain put back (a failed invitation queued again) and an audit entry;
// a running server sends it within a second.
#include "app/outbox_commands.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "core/clock.h"
#include "core/time.h"
#include "delivery/dispatcher.h"
#include "outreach/invitation_messages.h"

namespace nazar::app {
namespace {

struct ListFlags {
  int64_t org = 0;
  std::string state;
  std::string topic;
  std::string key;
  int limit = 100;
  bool json = false;
};

struct ReplayFlags {
  int64_t org = 0;
  int64_t id = 0;
};

int List(Store& store, const ListFlags& flags) {
  const OrgId org{flags.org};
  if (auto found = store.accounts().GetOrganisation(org); !found) return ReportError(found.error());
  OutboxQuery q{.limit = std::min(flags.limit, 1000)};
  if (!flags.state.empty()) q.state = ParseOutboxState(flags.state);
  if (!flags.topic.empty()) q.topic = flags.topic;
  if (!flags.key.empty()) q.key = flags.key;
  auto page = store.delivery().ListOutbox(org, q);
  if (!page) return ReportError(page.error());
  if (flags.json) {
    for (const OutboxMessage& m : page->items) std::cout << delivery::ToJson(m).dump() << "\n";
    return 0;
  }
  std::cout << fmt::format("{:>8}  {:<18} {:<12} {:<8} {:>8}  {:<24}  {}\n", "id", "topic", "key",
                           "state", "attempts", "due / done", "last error");
  for (const OutboxMessage& m : page->items) {
    std::cout << fmt::format("{:>8}  {:<18} {:<12} {:<8} {:>8}  {:<24}  {}\n", m.id, m.topic,
                             m.key, ToString(m.state), m.attempts,
                             FormatIsoUtc(m.done_ms.value_or(m.due_ms)), m.last_error);
  }
  if (page->next_after)
    std::cout << fmt::format("… more than {}: narrow with --state, --topic or --key, or raise --limit\n",
                             page->items.size());
  return 0;
}

int Replay(Store& store, const ReplayFlags& flags) {
  SystemClock clock;
  // The handlers' Replayed puts each topic's domain back; nothing is sent from here.
  outreach::InvitationMessages invitation_messages(store, clock);
  delivery::Dispatcher dispatcher(store, clock);
  invitation_messages.RegisterWith(dispatcher);
  const Principal operator_at_console{};
  auto replayed = dispatcher.Replay(Actor{operator_at_console, "cli"}, OrgId{flags.org}, flags.id);
  if (!replayed) return ReportError(replayed.error());
  std::cout << fmt::format("message {} ({} {}) is pending again, due now: a running server sends it\n",
                           replayed->id, replayed->topic, replayed->key);
  return 0;
}

}  // namespace

std::vector<CLI::App*> AddOutboxCommands(CLI::App& outbox, StoreCommand& chosen) {
  auto flags = std::make_shared<ListFlags>();
  auto* list = outbox.add_subcommand("list", "An organisation's outgoing messages, newest first");
  list->add_option("--org", flags->org, "Organisation id")->required();
  list->add_option("--state", flags->state, "pending, sent, failed or dead")
      ->check(CLI::IsMember({"pending", "sent", "failed", "dead"}));
  list->add_option("--topic", flags->topic, "e.g. invitation.send, invitation.remind");
  list->add_option("--key", flags->key, "The message's key (an invitation's id)");
  list->add_option("--limit", flags->limit, "At most this many")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  list->add_flag("--json", flags->json, "One JSON object a line");
  list->callback([flags, &chosen] { chosen = [flags](Store& store) { return List(store, *flags); }; });

  auto replay_flags = std::make_shared<ReplayFlags>();
  auto* replay = outbox.add_subcommand("replay", "Send a dead or failed message again");
  replay->add_option("--org", replay_flags->org, "Organisation id")->required();
  replay->add_option("--id", replay_flags->id, "The message's id (outbox list)")->required();
  replay->callback([replay_flags, &chosen] {
    chosen = [replay_flags](Store& store) { return Replay(store, *replay_flags); };
  });
  return {list, replay};
}

}  // namespace nazar::app
