// `nazar analyze sentiment` (language, sentiment, emotions and topics of one text per line
// of standard input, one JSON object per line out, in order, streamed) and `nazar analyze
// drivers` (key driver analysis of a CSV file: LMG shares of R², relative weights,
// bootstrap intervals, the priority matrix; the API's analysis, drivers/key_drivers.h, so
// the same minimum n and bootstrap budget). Bad input, too few responses included, exits 2
// with a message naming the flag or the column.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/analyze.h"
#include "core/csv.h"
#include "drivers/driver_analysis.h"
#include "drivers/key_drivers.h"
#include "text/analyzer.h"

namespace nazar::app {
namespace {

int ReportError(const Error& e) {
  std::cerr << "nazar: " << e.ToString() << "\n";
  return e.code == ErrorCode::kInvalidArgument ? 2 : 1;
}

// ---- sentiment -------------------------------------------------------------------------

struct SentimentOptions {
  std::string lang = "auto";
};

void AppendAnalysis(std::string& out, const text::CommentAnalysis& a,
                    const text::Taxonomy& taxonomy) {
  auto it = std::back_inserter(out);
  fmt::format_to(it, R"({{"lang":"{}","label":"{}","score":{:.4f},"emotions":{{)",
                 text::LanguageCode(a.language), text::ToString(a.sentiment.label),
                 a.sentiment.score);
  for (size_t i = 0; i < a.emotions.size(); ++i) {
    fmt::format_to(it, R"({}"{}":{:.2f})", i ? "," : "", text::ToString(a.emotions[i].emotion),
                   a.emotions[i].intensity);
  }
  out += R"(},"topics":[)";
  // Topic ids are [a-z0-9_]: nothing to escape.
  for (size_t i = 0; i < a.topics.size(); ++i) {
    fmt::format_to(it, R"({}"{}")", i ? "," : "", taxonomy.topics[a.topics[i].topic].id);
  }
  out += "]}\n";
}

int RunSentiment(const SentimentOptions& options) {
  std::optional<text::Language> language;
  if (options.lang != "auto") {
    language = text::ParseLanguageCode(options.lang);
    if (!language) {
      return ReportError(Error::InvalidArgument(
          fmt::format("the language is fa, en or auto, not \"{}\"", options.lang), "--lang"));
    }
  }
  auto analyzer = text::Analyzer::Create();
  if (!analyzer) return ReportError(analyzer.error());
  std::ios::sync_with_stdio(false);
  std::string line, out;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.clear();
    AppendAnalysis(out, analyzer->Analyze(line, language), analyzer->taxonomy());
    std::cout << out;
    // Streamed: whatever is answered goes out before waiting for more input.
    if (std::cin.rdbuf()->in_avail() <= 0) std::cout.flush();
  }
  std::cout.flush();
  return std::cout ? 0 : 1;
}

// ---- drivers ---------------------------------------------------------------------------

struct DriversOptions {
  std::string csv;
  std::string outcome;
  std::string drivers;  // comma-separated; empty: every other numeric column
  std::string missing = "listwise";
  std::optional<int> bootstrap;  // unset: the analysis's budget (drivers::DefaultBootstrap)
  uint64_t seed = 0;
  bool json = false;
};

// One column of numbers; a missing value ("", NA, NaN) is NaN.
struct Column {
  std::string name;
  size_t index = 0;
  std::vector<double> values;
  bool numeric = true;
};

std::optional<double> ParseValue(std::string_view field) {
  while (!field.empty() && field.front() == ' ') field.remove_prefix(1);
  while (!field.empty() && field.back() == ' ') field.remove_suffix(1);
  if (field.empty() || field == "NA" || field == "NaN" || field == "nan") {
    return std::numeric_limits<double>::quiet_NaN();
  }
  double value = 0.0;
  auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (ec != std::errc() || ptr != field.data() + field.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

std::vector<std::string> SplitList(const std::string& list) {
  std::vector<std::string> out;
  size_t begin = 0;
  for (;;) {
    const size_t end = list.find(',', begin);
    out.push_back(list.substr(begin, end - begin));
    if (end == std::string::npos) return out;
    begin = end + 1;
  }
}

// Library fields as the user knows them: the flag that set it, or the column.
Error AsUserField(Error e, const std::vector<Column>& drivers) {
  if (e.field == "outcome") {
    e.field = "--outcome";
  } else if (e.field == "drivers") {
    e.field = "--drivers";
  } else if (e.field.starts_with("drivers[")) {
    const size_t j = std::strtoul(e.field.c_str() + 8, nullptr, 10);
    if (j < drivers.size()) e.field = drivers[j].name;
  } else if (e.field == "options.bootstrap_samples") {
    e.field = "--bootstrap";
  } else if (e.field == "options.missing") {
    e.field = "--missing";
  }
  return e;
}

Result<std::pair<Column, std::vector<Column>>> ReadColumns(const DriversOptions& o) {
  if (o.csv.empty()) return Fail(Error::InvalidArgument("the CSV file is required", "--csv"));
  if (o.outcome.empty())
    return Fail(Error::InvalidArgument("the outcome column is required", "--outcome"));
  std::ifstream in(o.csv, std::ios::binary);
  if (!in) return Fail(Error::InvalidArgument("cannot open " + o.csv, "--csv"));
  auto reader = CsvReader::Open(in);
  if (!reader) return Fail(reader.error());
  auto outcome_index = reader->Column(o.outcome);
  if (!outcome_index) {
    return Fail(Error::InvalidArgument("no column \"" + o.outcome + "\" in " + o.csv, "--outcome"));
  }
  Column outcome{o.outcome, *outcome_index, {}, true};
  std::vector<Column> drivers;
  const bool chosen = !o.drivers.empty();
  if (chosen) {
    for (const std::string& name : SplitList(o.drivers)) {
      auto index = reader->Column(name);
      if (!index)
        return Fail(Error::InvalidArgument("no column \"" + name + "\" in " + o.csv, "--drivers"));
      drivers.push_back({name, *index, {}, true});
    }
  } else {
    for (size_t i = 0; i < reader->columns().size(); ++i) {
      if (i != outcome.index) drivers.push_back({reader->columns()[i], i, {}, true});
    }
  }
  CsvRecord row;
  for (;;) {
    auto more = reader->Next(row);
    if (!more) return Fail(more.error());
    if (!*more) break;
    auto read = [&](Column& c, bool required) -> Result<void> {
      if (!c.numeric) return {};
      const std::optional<double> value = ParseValue(row[c.index]);
      if (value) {
        c.values.push_back(*value);
        return {};
      }
      if (required) {
        return Fail(Error::InvalidArgument(
            fmt::format("{}: not a number: \"{}\"", row.where(), row[c.index]), c.name));
      }
      c.numeric = false;  // not a driver (a name, an id)
      c.values = {};
      return {};
    };
    if (auto ok = read(outcome, true); !ok) return Fail(ok.error());
    for (Column& c : drivers) {
      if (auto ok = read(c, chosen); !ok) return Fail(ok.error());
    }
  }
  std::erase_if(drivers, [](const Column& c) { return !c.numeric; });
  if (drivers.empty())
    return Fail(Error::InvalidArgument("no numeric driver columns", "--drivers"));
  return std::pair(std::move(outcome), std::move(drivers));
}

nlohmann::ordered_json NumberOrNull(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

void PrintDriversJson(const drivers::DriverAnalysis& a) {
  nlohmann::ordered_json out;
  out["n"] = a.n;
  out["r2"] = a.r2;
  out["missing"] = drivers::ToString(a.missing);
  out["bootstrap"] = {{"samples", a.bootstrap_samples},
                      {"used", a.bootstrap_samples_used},
                      {"confidence", a.confidence_level}};
  out["drivers"] = nlohmann::ordered_json::array();
  for (const drivers::DriverImportance& d : a.drivers) {
    out["drivers"].push_back({{"name", d.name},
                              {"lmg", d.lmg},
                              {"lmg_share", d.lmg_share},
                              {"relative_weight", d.relative_weight},
                              {"relative_weight_pct", d.relative_weight_pct},
                              {"ci_low", NumberOrNull(d.ci_low)},
                              {"ci_high", NumberOrNull(d.ci_high)},
                              {"performance", d.performance},
                              {"quadrant", drivers::ToString(d.quadrant)}});
  }
  std::cout << out.dump() << "\n";
}

std::string_view QuadrantWords(drivers::Quadrant q) {
  switch (q) {
    case drivers::Quadrant::kFixFirst:
      return "fix first";
    case drivers::Quadrant::kKeep:
      return "keep";
    case drivers::Quadrant::kMonitor:
      return "monitor";
    case drivers::Quadrant::kLowPriority:
      return "low priority";
  }
  return "";
}

// Most important first (the report's order).
void PrintDriversTable(const drivers::KeyDriverReport& report, const std::string& outcome) {
  const drivers::DriverAnalysis& a = *report.analysis;
  size_t width = 6;
  for (const auto& d : a.drivers) width = std::max(width, d.name.size());
  std::cout << fmt::format("{}: R² = {:.4f}, n = {} ({}), bootstrap {} of {} resamples\n\n",
                           outcome, a.r2, a.n, drivers::ToString(a.missing),
                           a.bootstrap_samples_used, a.bootstrap_samples);
  std::cout << fmt::format("{:>4}  {:<{}}  {:>9}  {:>17}  {:>8}  {:>11}  {}\n", "rank", "driver",
                           width, "LMG share",
                           fmt::format("{:.0f}% interval", a.confidence_level * 100), "rel. wt",
                           "performance", "priority");
  for (size_t i = 0; i < report.ranked.size(); ++i) {
    const drivers::RankedDriver& r = report.ranked[i];
    const auto& d = a.drivers[r.index];
    const std::string interval =
        std::isfinite(d.ci_low) ? fmt::format("{:.1f}% - {:.1f}%", 100 * d.ci_low, 100 * d.ci_high)
                                : std::string("-");
    std::cout << fmt::format("{:>4}  {:<{}}  {:>8.1f}%  {:>17}  {:>7.1f}%  {:>11.3g}  {}\n", i + 1,
                             d.name, width, 100 * d.lmg_share, interval, d.relative_weight_pct,
                             r.performance, QuadrantWords(r.quadrant));
  }
}

// The analysis the API serves (drivers/key_drivers.h): the minimum n and the bootstrap budget
// apply; the columns have no scale, so performance is each driver's mean.
int RunDrivers(const DriversOptions& o) {
  drivers::KeyDriverOptions options{.bootstrap_samples = o.bootstrap, .seed = o.seed};
  if (o.missing == "listwise") {
    options.missing = drivers::MissingHandling::kListwise;
  } else if (o.missing == "pairwise") {
    options.missing = drivers::MissingHandling::kPairwise;
  } else {
    return ReportError(Error::InvalidArgument(
        fmt::format("missing values are handled listwise or pairwise, not \"{}\"", o.missing),
        "--missing"));
  }
  auto columns = ReadColumns(o);
  if (!columns) return ReportError(columns.error());
  auto& [outcome, driver_columns] = *columns;
  std::vector<std::vector<double>> values;
  std::vector<std::string> names;
  for (Column& c : driver_columns) {
    values.push_back(std::move(c.values));
    names.push_back(c.name);
  }
  auto report = drivers::AnalyzeKeyDrivers(outcome.values, values, names, {}, options);
  if (!report) return ReportError(AsUserField(report.error(), driver_columns));
  if (!report->enough()) {
    return ReportError(Error::InvalidArgument(
        fmt::format("not enough responses ({} of at least {}: {} plus one per driver)",
                    report->usable, report->min_n, drivers::kMinResponsesBase),
        "--csv"));
  }
  if (o.json) {
    PrintDriversJson(*report->analysis);
  } else {
    PrintDriversTable(*report, outcome.name);
  }
  return 0;
}

}  // namespace

void AddTextAnalyzeCommands(CLI::App& analyze, AnalyzeRunner& chosen) {
  auto sentiment_options = std::make_shared<SentimentOptions>();
  auto* sentiment = analyze.add_subcommand(
      "sentiment",
      "Language, sentiment, emotions and topics of each line of standard input (JSON lines)");
  sentiment->add_option("--lang", sentiment_options->lang, "fa, en or auto (detect per line)")
      ->capture_default_str();
  sentiment->callback([sentiment_options, &chosen] {
    chosen = [sentiment_options] { return RunSentiment(*sentiment_options); };
  });

  auto drivers_options = std::make_shared<DriversOptions>();
  auto* drivers = analyze.add_subcommand(
      "drivers", "Key driver analysis of a CSV file: what moves the outcome, what to fix first");
  drivers->add_option("--csv", drivers_options->csv, "The responses, a CSV file with a header");
  drivers->add_option("--outcome", drivers_options->outcome, "Column of the outcome (e.g. nps)");
  drivers->add_option("--drivers", drivers_options->drivers,
                      "Driver columns, comma-separated (default: every other numeric column)");
  drivers->add_option("--missing", drivers_options->missing, "listwise or pairwise")
      ->capture_default_str();
  drivers->add_option_function<int>(
      "--bootstrap", [drivers_options](const int& n) { drivers_options->bootstrap = n; },
      "Bootstrap resamples for the intervals (0: none; default: 200, fewer on large files)");
  drivers->add_option("--seed", drivers_options->seed, "Seed of the bootstrap")
      ->capture_default_str();
  drivers->add_flag("--json", drivers_options->json, "Print JSON");
  drivers->callback([drivers_options, &chosen] {
    chosen = [drivers_options] { return RunDrivers(*drivers_options); };
  });
}

}  // namespace nazar::app
