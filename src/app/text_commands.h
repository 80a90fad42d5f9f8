// `nazar text …`: text analytics over the responses in the database.
#pragma once

#include <CLI/CLI.hpp>

#include "app/store_command.h"

namespace nazar::app {

// enrich: analyse the comments of stored responses; train: the label classifier
// (src/app/text_commands.cc). Leaves the
// parsed command in `chosen`; returns the subcommands, which need the --db option.
std::vector<CLI::App*> AddTextCommands(CLI::App& text, StoreCommand& chosen);

}  // namespace nazar::app
