// `nazar analyze <tool>`: offline analyses over files or standard input, no database.
// Each family of tools registers its subcommands here; the parsed one leaves its runner in
// `chosen`, which main() calls after parsing (exit code: 0 ok, 2 bad input, 1 failure).
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace nazar::app {

using AnalyzeRunner = std::function<int()>;

// sentiment (text) and drivers (key driver analysis): src/app/analyze_text.cc
void AddTextAnalyzeCommands(CLI::App& analyze, AnalyzeRunner& chosen);
// dfg (directly-follows graph) and erlang (staffing): src/app/analyze_journey.cc
void AddJourneyAnalyzeCommands(CLI::App& analyze, AnalyzeRunner& chosen);

}  // namespace nazar::app
