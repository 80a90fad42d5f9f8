// `nazar text enrich --org N [--survey S] [--force]`: analyses the comments of stored
// responses (history from before analysis ran on ingestion, or everything again after the
// analyser changed) and stores the result with each response, with a progress bar and the
// rate.
#include "app/text_commands.h"

#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <optional>

#include "app/progress.h"
#include "collect/enrichment.h"
#include "collect/surveys.h"
#include "core/clock.h"
#include "text/analyzer.h"

namespace nazar::app {
namespace {

struct EnrichFlags {
  int64_t org = 0;
  int64_t survey = 0;  // 0: every survey
  bool force = false;
};

int ReportError(const Error& e) {
  std::cerr << "nazar: " << e.ToString() << "\n";
  return e.code == ErrorCode::kInvalidArgument ? 2 : 1;
}

int Enrich(Store& store, const EnrichFlags& flags) {
  const OrgId org{flags.org};
  if (auto found = store.GetOrganisation(org); !found) return ReportError(found.error());
  collect::EnrichOptions options{.force = flags.force};
  if (flags.survey > 0) {
    if (auto found = store.GetSurvey(org, flags.survey); !found) return ReportError(found.error());
    options.survey_id = flags.survey;
  }
  auto analyzer = text::Analyzer::Create();
  if (!analyzer) return ReportError(analyzer.error());
  auto total = store.CountResponses(org, {.survey_id = options.survey_id});
  if (!total) return ReportError(total.error());
  SystemClock clock;
  collect::SurveyService surveys(store, clock);
  ProgressBar bar("enrich", *total);
  options.progress = [&bar, &total](int64_t read) {
    if (read < *total) bar.Update(read);  // Finish() draws the last line
  };
  const auto started = std::chrono::steady_clock::now();
  auto report = collect::EnrichStoredResponses(store, surveys, *analyzer, org, options);
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
    std::cout << "text enrich: a running `nazar serve` shows the new analyses after a restart\n";
  }
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
  return {enrich};
}

}  // namespace nazar::app
