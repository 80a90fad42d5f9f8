// `nazar text enrich --org N [--survey S] [--force]`: analyses the comments of stored
// responses (history from before analysis ran on ingestion, or everything again after the
// analyser or the organisation's taxonomy changed) and stores the result with each
// response, with a progress bar and the rate.
// `nazar text train --org N [--csv FILE --text COL --label COL] [--dry-run] [--json]`: trains
// the organisation's label classifier on its analysts' tags (or a labelled CSV file),
// reports the held-out evaluation and, unless --dry-run, stores it for every server.
#include "app/text_commands.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <optional>

#include "app/progress.h"
#include "comments/enrichment.h"
#include "survey/survey_service.h"
#include "core/clock.h"
#include "core/csv.h"
#include "text/label_classifier.h"
#include "comments/text_models.h"
#include "text/analyzer.h"

namespace nazar::app {
namespace {

struct EnrichFlags {
  int64_t org = 0;
  int64_t survey = 0;  // 0: every survey
  bool force = false;
};

struct TrainFlags {
  int64_t org = 0;
  std::string csv;
  std::string text_column = "text";
  std::string label_column = "label";
  std::string separator = ";";  // between several labels in one field
  int iterations = text::LabelTrainingOptions{}.iterations;
  int min_examples = text::LabelTrainingOptions{}.min_examples;
  bool dry_run = false;
  bool json = false;
};

int Enrich(Store& store, const EnrichFlags& flags) {
  const OrgId org{flags.org};
  if (auto found = store.accounts().GetOrganisation(org); !found) return ReportError(found.error());
  comments::EnrichOptions options{.force = flags.force};
  if (flags.survey > 0) {
    if (auto found = store.surveys().GetSurvey(org, flags.survey); !found)
      return ReportError(found.error());
    options.survey_id = flags.survey;
  }
  auto settings = store.text().GetTextSettings(org);
  if (!settings) return ReportError(settings.error());
  auto pipeline = comments::BuildPipeline(*settings);  // the organisation's own taxonomy
  if (!pipeline) return ReportError(pipeline.error());
  auto total = store.responses().CountResponses(org, {.survey_id = options.survey_id});
  if (!total) return ReportError(total.error());
  SystemClock clock;
  survey::SurveyService surveys(store, clock);
  ProgressBar bar("enrich", *total);
  options.progress = [&bar, &total](int64_t read) {
    if (read < *total) bar.Update(read);  // Finish() draws the last line
  };
  const auto started = std::chrono::steady_clock::now();
  auto report = comments::EnrichStoredResponses(store, clock, surveys, **pipeline, org, options);
  if (!report) return ReportError(report.error());
  bar.Finish(report->responses);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const auto per_second = [seconds](int64_t n) { return seconds > 0 ? n / seconds : 0.0; };
  std::cout << fmt::format(
      "text enrich: {} responses read, {} comments analysed, {} responses updated{} in {:.1f} s "
      "({:.0f} comments/s, {:.0f} responses/s)\n",
      report->responses, report->comments, report->enriched,
      report->skipped ? fmt::format(" ({} changed meanwhile, left to ingestion)", report->skipped)
                      : "",
      seconds, per_second(report->comments), per_second(report->responses));
  if (report->enriched > 0) {
    std::cout << "text enrich: running servers rebuild their metrics view within seconds\n";
  }
  return 0;
}

// Labelled comments from a CSV file: one per row, labels split by the separator.
Result<std::vector<text::LabelExample>> CsvExamples(const TrainFlags& flags,
                                                    const text::Analyzer& analyzer) {
  std::ifstream in(flags.csv, std::ios::binary);
  if (!in) return Fail(Error::InvalidArgument("cannot open the file", "--csv"));
  auto reader = CsvReader::Open(in);
  if (!reader) return Fail(reader.error());
  auto text_col = reader->Column(flags.text_column);
  if (!text_col) return Fail(Error::InvalidArgument("no such column", "--text"));
  auto label_col = reader->Column(flags.label_column);
  if (!label_col) return Fail(Error::InvalidArgument("no such column", "--label"));
  std::vector<text::LabelExample> examples;
  CsvRecord row;
  for (;;) {
    auto more = reader->Next(row);
    if (!more) return Fail(more.error());
    if (!*more) break;
    std::vector<std::string> labels;
    std::string_view rest = row[*label_col];
    while (!rest.empty()) {
      const size_t cut = flags.separator.empty() ? std::string_view::npos : rest.find(flags.separator);
      std::string_view label = rest.substr(0, cut);
      while (!label.empty() && label.front() == ' ') label.remove_prefix(1);
      while (!label.empty() && label.back() == ' ') label.remove_suffix(1);
      if (!label.empty()) labels.emplace_back(label);
      if (cut == std::string_view::npos) break;
      rest.remove_prefix(cut + flags.separator.size());
    }
    if (labels.empty()) continue;  // an untagged row teaches nothing
    examples.push_back({analyzer.Stems(row[*text_col]), std::move(labels)});
  }
  return examples;
}

int Train(Store& store, const TrainFlags& flags) {
  if (flags.org == 0 && !(flags.dry_run && !flags.csv.empty())) {
    return ReportError(Error::InvalidArgument(
        "required (only a --dry-run on a --csv file runs without an organisation)", "--org"));
  }
  const OrgId org{flags.org};
  TextSettings settings{.org_id = org};
  if (flags.org != 0) {
    if (auto found = store.accounts().GetOrganisation(org); !found)
      return ReportError(found.error());
    auto read = store.text().GetTextSettings(org);
    if (!read) return ReportError(read.error());
    settings = *read;
  }
  auto pipeline = comments::BuildPipeline(settings);
  if (!pipeline) return ReportError(pipeline.error());
  auto examples = flags.csv.empty()
                      ? comments::TaggedExamples(store.text(), store.responses(), org, **pipeline)
                      : CsvExamples(flags, (*pipeline)->analyzer);
  if (!examples) return ReportError(examples.error());
  if (!flags.json) {
    std::cout << fmt::format("text train: {} labelled comments from {}\n", examples->size(),
                             flags.csv.empty() ? "the organisation's tags" : flags.csv);
  }
  const int64_t total = 2LL * flags.iterations;
  std::optional<ProgressBar> bar;
  if (!flags.json) bar.emplace("train", total);
  text::LabelTrainingOptions options{.iterations = flags.iterations,
                                     .min_examples = flags.min_examples};
  options.progress = [&bar, total](int64_t done, int64_t) {
    if (bar && done < total) bar->Update(done);
  };
  const auto started = std::chrono::steady_clock::now();
  SystemClock clock;
  auto trained = flags.dry_run ? text::TrainLabelClassifier(*examples, options)
                               : comments::TrainAndSaveClassifier(store.text(), org, *examples,
                                                                  options, clock.NowMs());
  if (!trained) return ReportError(trained.error());
  if (bar) bar->Finish(total);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const text::LabelEvaluation& e = trained->evaluation;
  if (flags.json) {
    Json out = comments::EvaluationJson(e);
    out["saved"] = !flags.dry_run;
    out["seconds"] = std::round(seconds * 1000.0) / 1000.0;
    std::cout << out.dump() << "\n";
    return 0;
  }
  std::cout << fmt::format(
      "held out {} of {} comments: accuracy {:.3f} (always the commonest label: {:.3f}), "
      "exact match {:.3f}, micro-F1 {:.3f}, macro-F1 {:.3f}\n",
      e.test, e.examples, e.accuracy, e.majority_baseline, e.exact_match, e.micro_f1, e.macro_f1);
  std::cout << fmt::format("{:<32} {:>7} {:>7} {:>9} {:>7} {:>7}\n", "label", "train", "test",
                           "precision", "recall", "F1");
  for (const text::LabelMetrics& m : e.labels) {
    std::cout << fmt::format("{:<32} {:>7} {:>7} {:>9.3f} {:>7.3f} {:>7.3f}\n", m.label,
                             m.train_support, m.test_support, m.precision, m.recall, m.f1);
  }
  if (!e.skipped_labels.empty()) {
    std::cout << fmt::format("skipped (fewer than {} comments): {}\n", flags.min_examples,
                             fmt::join(e.skipped_labels, ", "));
  }
  std::cout << fmt::format("text train: {} in {:.1f} s\n",
                           flags.dry_run ? "not saved (--dry-run)"
                                         : "saved; new comments are tagged with it on every server",
                           seconds);
  return 0;
}

}  // namespace

std::vector<CLI::App*> AddTextCommands(CLI::App& text, StoreCommand& chosen) {
  auto flags = std::make_shared<EnrichFlags>();
  auto* enrich = text.add_subcommand(
      "enrich", "Analyse the comments of stored responses: sentiment, emotions, topics");
  enrich->add_option("--org", flags->org, "Organisation id")->required();
  enrich->add_option("--survey", flags->survey, "Only this survey's responses");
  enrich->add_flag("--force", flags->force, "Analyse again the responses analysed before");
  enrich->callback(
      [flags, &chosen] { chosen = [flags](Store& store) { return Enrich(store, *flags); }; });
  auto train_flags = std::make_shared<TrainFlags>();
  auto* train = text.add_subcommand(
      "train", "Train the organisation's label classifier on its analysts' tags (or a CSV file)");
  train->add_option("--org", train_flags->org, "Organisation id (where the classifier is saved)");
  train->add_option("--csv", train_flags->csv, "Learn from this CSV file instead of the tags");
  train->add_option("--text", train_flags->text_column, "The CSV column with the comment")
      ->capture_default_str();
  train->add_option("--label", train_flags->label_column, "The CSV column with the label(s)")
      ->capture_default_str();
  train->add_option("--separator", train_flags->separator,
                    "Between several labels in one CSV field")
      ->capture_default_str();
  train->add_option("--iterations", train_flags->iterations, "Training passes")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  train->add_option("--min-examples", train_flags->min_examples,
                    "Comments a label needs to be learnt")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  train->add_flag("--dry-run", train_flags->dry_run, "Evaluate only; save nothing");
  train->add_flag("--json", train_flags->json, "Print the evaluation as JSON");
  train->callback([train_flags, &chosen] {
    chosen = [train_flags](Store& store) { return Train(store, *train_flags); };
  });
  return {enrich, train};
}

}  // namespace nazar::app
