#include "comments/enrich_jobs.h"

#include "core/time.h"

namespace nazar::comments {

Json ToJson(const EnrichJob& j) {
  auto at = [](const std::optional<int64_t>& ms) { return ms ? Json(FormatIsoUtc(*ms)) : Json(nullptr); };
  return {{"state", j.state},
          {"total", j.total},
          {"read", j.read},
          {"comments", j.comments},
          {"enriched", j.enriched},
          {"started_at", at(j.started_ms)},
          {"finished_at", at(j.finished_ms)},
          {"error", j.error.empty() ? Json(nullptr) : Json(j.error)}};
}

Result<EnrichJob> EnrichJobs::Start(OrgId org, const EnrichOptions& requested) {
  auto total = store_.responses().CountResponses(org, {.survey_id = requested.survey_id});
  if (!total) return Fail(total.error());
  EnrichJob job;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return Fail(Error::Unavailable("the server is stopping"));
    EnrichJob& current = jobs_[org.value];
    if (current.state == "running") {
      return Fail(Error::FailedPrecondition(
          "the comments are being analysed already; wait for that to finish", "job"));
    }
    current = EnrichJob{.state = "running", .total = *total, .started_ms = clock_.NowMs()};
    job = current;
    std::thread& thread = threads_[org.value];
    if (thread.joinable()) thread.join();  // the organisation's previous job, finished
    thread = std::thread([this, org, requested] {
      EnrichOptions options = requested;
      options.stop = &stopping_;
      options.progress = [this, org](int64_t read) {
        std::lock_guard lock(mu_);
        jobs_[org.value].read = read;
      };
      auto pipeline = models_.For(org);
      auto report = EnrichStoredResponses(store_, clock_, surveys_, *pipeline, org, options);
      std::lock_guard lock(mu_);
      EnrichJob& j = jobs_[org.value];
      j.finished_ms = clock_.NowMs();
      if (report) {
        j.state = "done";
        j.read = report->responses;
        j.comments = report->comments;
        j.enriched = report->enriched;
      } else {
        j.state = "failed";
        j.error = report.error().message;
      }
    });
  }
  return job;
}

EnrichJob EnrichJobs::Status(OrgId org) const {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(org.value);
  return it == jobs_.end() ? EnrichJob{} : it->second;
}

void EnrichJobs::Shutdown() {
  std::map<int64_t, std::thread> threads;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    threads.swap(threads_);
  }
  for (auto& [org, t] : threads)
    if (t.joinable()) t.join();
}

}  // namespace nazar::comments
