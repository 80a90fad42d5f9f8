// `nazar text …`: text analytics over the responses in the database.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "store/store.h"

namespace nazar::app {

// A command that runs over the opened, migrated store (exit code: 0 ok, 2 bad input,
// 1 failure).
using StoreCommand = std::function<int(Store& store)>;

// enrich: analyse the comments of stored responses; train: the label classifier
// (src/app/text_commands.cc). Leaves the
// parsed command in `chosen`; returns the subcommands, which need the --db option.
std::vector<CLI::App*> AddTextCommands(CLI::App& text, StoreCommand& chosen);

}  // namespace nazar::app
