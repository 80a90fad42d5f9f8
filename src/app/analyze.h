// `nazar analyze <tool>`: offline analyses over files or standard input, no database.
// Each family of tools registers its subcommands here; the parsed one leaves its runner in
// `chosen`, which main() calls after parsing (exit code: 0 ok, 2 bad input, 1 failure).
#pragma once

#include <functional>

#include <CLI/CLI.hpp>
#include <string>

#include "core/error.h"

namespace nazar::app {

using AnalyzeRunner = std::function<int()>;

// sentiment (text) and drivers (key driver analysis): src/app/analyze_text.cc
void AddTextAnalyzeCommands(CLI::App& analyze, AnalyzeRunner& chosen);
// dfg (directly-follows graph) and erlang (staffing): src/app/analyze_journey.cc
void AddJourneyAnalyzeCommands(CLI::App& analyze, AnalyzeRunner& chosen);
// clv (customer lifetime value): src/app/analyze_outcomes.cc
void AddOutcomesAnalyzeCommands(CLI::App& analyze, AnalyzeRunner& chosen);

// Shared by the tools (src/app/analyze_common.cc).
// Prints "nazar: <error>" to standard error; the exit code: 2 for bad input, else 1.
int ReportAnalyzeError(const Error& e);
// A library's field ("interval_min") as the flag that sets it ("--interval-min").
Error AsFlag(Error e);
// A number given as text; InvalidArgument naming `flag` when it is not one.
Result<double> ParseNumberFlag(const std::string& text, const char* flag);

}  // namespace nazar::app
