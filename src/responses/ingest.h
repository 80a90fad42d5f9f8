// Taking responses in: validated against the survey version answered, idempotent by the
// response key, durable before acknowledged, and written with group commit.
//
// Semantics of one submission (response key K, survey S):
//   - no response K yet: it is stored (partial or complete);
//   - a partial response K: the new answers are merged over it (and it completes when the
//     submission says so);
//   - a complete response K: nothing changes and the stored response is returned
//     (`replayed`): a retry counts once.
// Answers to questions the respondent no longer sees are dropped; a complete response must
// answer every shown required question ("answers.<id> is required").
// With text models (IngestOptions::text), each comment's sentiment, emotions and topics
// are stored in the response's meta under "text" in the same write (comments/enrichment.h);
// a merge keeps the earlier comments' analyses and adds those of the new ones.
//
// Group commit: submissions wait in a queue; one writer thread takes everything queued
// (up to max_batch) and writes it in one transaction, so concurrent submissions share one
// fsync. Submit() returns only after that transaction committed.
//
// Thread-safety: Submit() may be called from any number of threads.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "survey/survey_service.h"
#include "core/clock.h"
#include "core/json.h"
#include "store/store.h"
#include "survey/answers.h"
#include "comments/text_models.h"

namespace nazar::webhooks {
class SubscriberCache;
}  // namespace nazar::webhooks

namespace nazar::responses {

struct Submission {
  OrgId org;
  int64_t survey_id = 0;
  std::optional<int64_t> link_id;
  std::string response_key;  // required: 1-128 of [A-Za-z0-9_.:-]
  bool complete = true;
  std::optional<std::string> language;  // default: the survey's default language
  std::string channel;
  std::string touchpoint;
  std::string agent;
  std::map<std::string, std::string> hidden;
  bool strict_hidden = true;  // unknown hidden fields: error (API) or ignored (web links)
  Json answers = Json::object();
  survey::InputMode input = survey::InputMode::kDirect;
  Json meta = Json::object();
  // Who answers, when known; else, for a caller that may say so (contact_from_hidden: an
  // authenticated integration, never a public link, whose hidden fields anyone can type),
  // the `contact` hidden field (an external id) names them.
  std::optional<int64_t> contact_id;
  bool contact_from_hidden = false;
  // The interaction asked about. One interaction has one response per survey: a submission
  // under another key about an interaction already answered is merged into that response
  // (its answers replace the earlier ones question by question, a complete one included), so
  // metrics count the interaction once.
  std::optional<int64_t> interaction_id;
  // The invitation answered: it moves to started (partial) or completed in the response's
  // own transaction.
  std::optional<int64_t> invitation_id;
};

struct SubmitOutcome {
  Response response;
  bool replayed = false;
  std::optional<std::string> end_screen;
};

struct IngestOptions {
  size_t max_batch = 512;  // submissions per transaction at most
  // Analyses every comment (text answer) as it arrives and stores the result in the
  // response's meta under "text" (comments/enrichment.h), in the same write as the answers.
  // With the organisation's pipeline (its taxonomy, its label classifier). Shared, not
  // owned; it must outlive the ingest. nullptr: comments are stored unanalysed (`nazar text
  // enrich` analyses them later).
  comments::TextModels* text = nullptr;
  // Which organisations have webhook endpoints, so that a completed response of one without
  // reads nothing more (webhooks/publish.h). Shared, not owned; nullptr: Publish asks the
  // store every time.
  webhooks::SubscriberCache* webhook_subscribers = nullptr;
};

// Called inside the writing transaction `tx` with each response written (new or merged; not
// for replays): a domain that must act on a response (alert rules, webhooks) writes its own
// rows and messages there, so they commit with the response or not at all. A failure fails
// the submission (the respondent retries; nothing of it was kept).
using ResponseHook =
    std::function<Result<void>(Store& tx, const Response& response, const survey::Definition& definition)>;

// Called after a commit with each response written (not for replays).
using ResponseListener =
    std::function<void(const Response& response, const survey::Definition& definition)>;

class ResponseIngest {
 public:
  ResponseIngest(Store& store, survey::SurveyService& surveys, const Clock& clock,
                 IngestOptions options = {});
  ~ResponseIngest();  // Shutdown()

  // Writes what is queued, runs its completions, then stops the writer. Later submissions
  // fail with Unavailable. Call it while the completion executor still exists.
  void Shutdown();

  Result<SubmitOutcome> Submit(Submission submission);
  // The same, calling `done` (on the writer thread, or at once on a validation error).
  void SubmitAsync(Submission submission, std::function<void(Result<SubmitOutcome>)> done);

  // REQUIRES: called before submissions start.
  void AddListener(ResponseListener listener) { listeners_.push_back(std::move(listener)); }
  // REQUIRES: called before submissions start.
  void AddHook(ResponseHook hook) { hooks_.push_back(std::move(hook)); }
  // Where completions (listeners, then the caller's callback) run after a commit; by default
  // on the writer thread. A server passes its io pool so the writer only writes.
  // REQUIRES: called before submissions start.
  void SetCompletionExecutor(std::function<void(std::function<void()>)> executor) {
    executor_ = std::move(executor);
  }

  struct Stats {
    uint64_t batches = 0;
    uint64_t submissions = 0;
  };
  Stats stats() const;

 private:
  struct Pending {
    Submission submission;
    survey::LiveSurvey live;
    survey::Answers answers;
    // Prepared off the writer thread: the record to insert when the response is new, or
    // why the answers alone cannot complete it.
    Response fresh;
    Result<void> alone_complete;
    std::optional<std::string> alone_end_screen;
    std::function<void(Result<SubmitOutcome>)> done;
    Result<SubmitOutcome> result = Fail(Error::Internal("not written"));
    std::shared_ptr<const survey::Definition> written_with;
    // The analyses of the submitted comments (IngestOptions::text), by question id, and the
    // pipeline that made them.
    Json comments = Json::object();
    std::shared_ptr<const comments::TextPipeline> pipeline;
  };

  Result<Pending> Prepare(Submission submission);
  void WriterLoop();
  void WriteBatch(std::vector<Pending>& batch);
  Result<void> WriteOne(Store& tx, Pending& p);
  // What follows a response's write in its transaction: the invitation answered, the
  // webhooks' event, the hooks.
  Result<void> Written(Store& tx, const Submission& s, const Response& r,
                       const survey::Definition& definition, int64_t now_ms);

  Store& store_;
  survey::SurveyService& surveys_;
  const Clock& clock_;
  IngestOptions options_;
  std::vector<ResponseListener> listeners_;
  std::vector<ResponseHook> hooks_;
  std::function<void(std::function<void()>)> executor_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  Stats stats_;
  std::thread writer_;
};

}  // namespace nazar::responses
