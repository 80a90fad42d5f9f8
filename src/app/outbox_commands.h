// `nazar outbox …`: the outbox of outgoing messages (delivery/dispatcher.h) from the command
// line: list an organisation's messages (dead letters with --state dead) and replay one.
#pragma once

#include <CLI/CLI.hpp>

#include <vector>

#include "app/store_command.h"

namespace nazar::app {

// list: --org N [--state S] [--topic T] [--key K] [--limit N] [--json];
// replay: --org N --id M (src/app/outbox_commands.cc). Leaves the parsed command in
// `chosen`; returns the subcommands, which need the --db option.
std::vector<CLI::App*> AddOutboxCommands(CLI::App& outbox, StoreCommand& chosen);

}  // namespace nazar::app
