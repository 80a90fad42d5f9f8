// `nazar analyze dfg` (the directly-follows graph of an event log in a CSV file) and
// `nazar analyze erlang` (call-centre staffing with Erlang C). Output: a readable table, or
// JSON with --json. Bad input exits 2 with a message naming the flag, column or line.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/analyze.h"
#include "app/progress.h"
#include "core/csv.h"
#include "journey/dfg.h"
#include "journey/erlang.h"
#include "journey/event_log_csv.h"

namespace nazar::app {
namespace {

using OrderedJson = nlohmann::ordered_json;

// Files smaller than this are read before a progress bar would be seen.
constexpr uintmax_t kProgressFromBytes = uintmax_t{32} << 20;

struct DfgOptions {
  std::string csv;
  journey::EventLogColumns columns;
  std::string delimiter = ",";
  bool json = false;
};

Result<char> Delimiter(const std::string& text) {
  if (text == "tab" || text == "\\t") return '\t';
  if (text.size() == 1) return text[0];
  return Fail(Error::InvalidArgument(
      fmt::format("the delimiter is one character or \"tab\", not \"{}\"", text), "delimiter"));
}

OrderedJson CountsJson(const std::vector<journey::ActivityCount>& counts) {
  OrderedJson out = OrderedJson::object();
  for (const auto& c : counts) out[c.activity] = c.count;
  return out;
}

void PrintDfgTable(const journey::DirectlyFollowsGraph& dfg) {
  // Width in code points, as fmt pads: Persian names are two bytes a letter.
  auto width = [](std::string_view s) {
    return static_cast<size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  };
  size_t from_width = 4;
  for (const auto& arc : dfg.arcs) from_width = std::max(from_width, width(arc.from));
  std::cout << fmt::format("{} cases, {} events, {} arcs\n\n", dfg.cases, dfg.events,
                           dfg.arcs.size());
  std::cout << fmt::format("{:>10}  {:<{}}  {}\n", "count", "from", from_width, "to");
  for (const auto& arc : dfg.arcs) {
    std::cout << fmt::format("{:>10}  {:<{}}  {}\n", arc.count, arc.from, from_width, arc.to);
  }
  auto list = [](const std::vector<journey::ActivityCount>& counts) {
    std::string out;
    for (const auto& c : counts)
      out += fmt::format("{}{} ×{}", out.empty() ? "" : ", ", c.activity, c.count);
    return out;
  };
  std::cout << "\nstart: " << list(dfg.start) << "\nend:   " << list(dfg.end) << "\n";
}

int RunDfg(const DfgOptions& o) {
  auto delimiter = Delimiter(o.delimiter);
  if (!delimiter) return ReportAnalyzeError(AsFlag(delimiter.error()));
  std::ifstream file(o.csv, std::ios::binary);
  if (!file) return ReportAnalyzeError(Error::InvalidArgument("cannot open " + o.csv, "--csv"));
  auto reader = CsvReader::Open(file, {.delimiter = *delimiter});
  if (!reader) return ReportAnalyzeError(reader.error());

  std::optional<ProgressBar> bar;
  std::error_code size_error;
  uintmax_t size = std::filesystem::file_size(o.csv, size_error);
  if (!size_error && size >= kProgressFromBytes && isatty(STDERR_FILENO) != 0) {
    bar.emplace("reading " + std::filesystem::path(o.csv).filename().string() + " (bytes)",
                static_cast<int64_t>(size));
  }
  auto log = journey::ReadEventLog(*reader, o.columns, [&] {
    if (bar) bar->Update(reader->bytes_read());
  });
  if (bar) bar->Finish(reader->bytes_read());
  if (!log) {
    Error e = log.error();
    // A missing column names its role, which is the flag that gave it.
    return ReportAnalyzeError(e.field.starts_with("line ") ? e : AsFlag(e));
  }
  journey::DirectlyFollowsGraph dfg = journey::BuildDfg(*log);

  if (!o.json) {
    PrintDfgTable(dfg);
    return 0;
  }
  OrderedJson arcs = OrderedJson::array();
  for (const auto& arc : dfg.arcs) {
    arcs.push_back({{"from", arc.from}, {"to", arc.to}, {"count", arc.count}});
  }
  OrderedJson out = {{"cases", dfg.cases},
                     {"events", dfg.events},
                     {"arcs", std::move(arcs)},
                     {"start", CountsJson(dfg.start)},
                     {"end", CountsJson(dfg.end)}};
  std::cout << out.dump() << "\n";
  return 0;
}

// Numbers are taken as text so that a malformed one is bad input (exit 2) naming its flag.
struct ErlangOptions {
  std::string calls, interval_min = "30", aht_s, target_sl = "0.8", target_answer_s = "20";
  std::string agents;  // empty: find the fewest meeting the target
  bool json = false;
};

Result<journey::StaffingFigures> Staffing(const ErlangOptions& o) {
  journey::CallLoad load;
  double target_sl = 0, answer_s = 0;
  const std::tuple<const std::string&, const char*, double&> numbers[] = {
      {o.calls, "calls", load.calls},
      {o.interval_min, "interval_min", load.interval_min},
      {o.aht_s, "aht_s", load.aht_s},
      {o.target_sl, "target_sl", target_sl},
      {o.target_answer_s, "target_answer_s", answer_s}};
  for (const auto& [text, field, out] : numbers) {
    auto value = ParseNumberFlag(text, field);
    if (!value) return Fail(value.error());
    out = *value;
  }
  if (o.agents.empty()) return journey::FewestAgents(load, target_sl, answer_s);
  auto agents = ParseNumberFlag(o.agents, "agents");
  if (!agents) return Fail(agents.error());
  if (*agents != std::floor(*agents) || std::abs(*agents) > journey::kMaxAgents) {
    return Fail(Error::InvalidArgument(
        fmt::format("agents must be a whole number from 1 to {}", journey::kMaxAgents), "agents"));
  }
  return journey::ErlangC(load, static_cast<int>(*agents), answer_s);
}

int RunErlang(const ErlangOptions& o) {
  auto f = Staffing(o);
  if (!f) return ReportAnalyzeError(AsFlag(f.error()));
  if (o.json) {
    OrderedJson out = {{"agents", f->agents},
                       {"service_level", f->service_level},
                       {"p_wait", f->p_wait},
                       {"asa_s", f->stable ? OrderedJson(f->asa_s) : OrderedJson(nullptr)},
                       {"occupancy", f->occupancy},
                       {"traffic_erlangs", f->traffic_erlangs},
                       {"stable", f->stable}};
    std::cout << out.dump() << "\n";
    return 0;
  }
  std::cout << fmt::format("traffic {:.2f} Erlangs, {} agents{}\n", f->traffic_erlangs, f->agents,
                           o.agents.empty() ? fmt::format(" (the fewest for a service level of "
                                                          "{} in {} s)",
                                                          o.target_sl, o.target_answer_s)
                                            : "");
  if (!f->stable) {
    std::cout << "unstable: the agents cannot keep up with the traffic, the queue grows without "
                 "end (every caller waits; service level 0)\n";
    return 0;
  }
  std::cout << fmt::format("service level ({} s)  {:.2f}%\n", o.target_answer_s,
                           f->service_level * 100)
            << fmt::format("P(wait)              {:.2f}%\n", f->p_wait * 100)
            << fmt::format("ASA                  {:.1f} s\n", f->asa_s)
            << fmt::format("occupancy            {:.2f}%\n", f->occupancy * 100);
  return 0;
}

}  // namespace

void AddJourneyAnalyzeCommands(CLI::App& analyze, AnalyzeRunner& chosen) {
  auto dfg_options = std::make_shared<DfgOptions>();
  auto* dfg = analyze.add_subcommand(
      "dfg", "Directly-follows graph of an event log (CSV): which activity follows which");
  dfg->add_option("--csv", dfg_options->csv, "The event log, a CSV file with a header")->required();
  dfg->add_option("--case", dfg_options->columns.case_id, "Column of the case id")->required();
  dfg->add_option("--activity", dfg_options->columns.activity, "Column of the activity")
      ->required();
  dfg->add_option("--timestamp", dfg_options->columns.timestamp,
                  "Column of the time (ISO 8601; offsets count, no offset is UTC)")
      ->required();
  dfg->add_option("--delimiter", dfg_options->delimiter, "Field separator: one character or tab")
      ->capture_default_str();
  dfg->add_flag("--json", dfg_options->json, "Print JSON");
  dfg->callback(
      [dfg_options, &chosen] { chosen = [dfg_options] { return RunDfg(*dfg_options); }; });

  auto erlang_options = std::make_shared<ErlangOptions>();
  auto* erlang = analyze.add_subcommand(
      "erlang", "Call-centre staffing (Erlang C): the figures for --agents, or the fewest agents");
  erlang->add_option("--calls", erlang_options->calls, "Calls offered in the interval")->required();
  erlang->add_option("--interval-min", erlang_options->interval_min, "Interval in minutes")
      ->capture_default_str();
  erlang->add_option("--aht-s", erlang_options->aht_s, "Average handle time in seconds")
      ->required();
  erlang
      ->add_option("--target-sl", erlang_options->target_sl,
                   "Target service level, a share (0.8 for 80%)")
      ->capture_default_str();
  erlang
      ->add_option("--target-answer-s", erlang_options->target_answer_s,
                   "Target answer time of the service level, in seconds")
      ->capture_default_str();
  erlang->add_option("--agents", erlang_options->agents,
                     "Agents on duty (without it: the fewest meeting the target)");
  erlang->add_flag("--json", erlang_options->json, "Print JSON");
  erlang->callback([erlang_options, &chosen] {
    chosen = [erlang_options] { return RunErlang(*erlang_options); };
  });
}

}  // namespace nazar::app
