// `nazar text evaluate`: sentiment figures on the published sets and topic precision and
// recall on the labelled set, against the plain-lexicon baseline and the previous model
// (src/app/text_evaluate.cc). Needs no database.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace nazar::app {

// Adds the subcommand to `text`; leaves the parsed command in `chosen`.
CLI::App* AddTextEvaluateCommand(CLI::App& text, std::function<int()>& chosen);

}  // namespace nazar::app
