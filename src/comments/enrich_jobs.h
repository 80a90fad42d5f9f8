// Re-analysing an organisation's stored comments from the app (after its taxonomy or
// classifier changed): EnrichStoredResponses on a background thread, one job per
// organisation at a time, its progress readable while it runs.
//
// Contract:
// - Start() refuses (FailedPrecondition on "job") while the organisation's job runs; it
//   counts the responses first (the progress bar's total), then returns with the job
//   running. The job uses the organisation's current pipeline (TextModels::For).
// - Status() is the organisation's latest job (state "idle" before the first). A finished
//   job keeps its figures until the next starts.
// - When the job wrote anything the organisation's text revision moves (see
//   EnrichStoredResponses), so servers rebuild their metrics view within seconds.
// - Shutdown() (and the destructor) stops running jobs after the page in hand and waits.
//
// Thread safety: safe to share.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "comments/enrichment.h"
#include "survey/survey_service.h"
#include "comments/text_models.h"
#include "core/clock.h"
#include "store/store.h"

namespace nazar::comments {

struct EnrichJob {
  std::string state = "idle";  // idle, running, done, failed
  int64_t total = 0;           // responses to read
  int64_t read = 0;
  int64_t comments = 0;        // analysed
  int64_t enriched = 0;        // responses written back
  std::optional<int64_t> started_ms;
  std::optional<int64_t> finished_ms;
  std::string error;
};

Json ToJson(const EnrichJob& job);

class EnrichJobs {
 public:
  EnrichJobs(Store& store, survey::SurveyService& surveys, TextModels& models, const Clock& clock)
      : store_(store), surveys_(surveys), models_(models), clock_(clock) {}
  ~EnrichJobs() { Shutdown(); }

  Result<EnrichJob> Start(OrgId org, const EnrichOptions& options);
  EnrichJob Status(OrgId org) const;
  void Shutdown();

 private:
  Store& store_;
  survey::SurveyService& surveys_;
  TextModels& models_;
  const Clock& clock_;
  mutable std::mutex mu_;
  std::map<int64_t, EnrichJob> jobs_;
  std::map<int64_t, std::thread> threads_;  // the latest job's thread per organisation
  std::atomic<bool> stopping_{false};
};

}  // namespace nazar::comments
