#include "responses/ingest.h"

#include "core/try.h"

#include <algorithm>
#include <future>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "comments/enrichment.h"
#include "webhooks/publish.h"

namespace nazar::responses {
namespace {

bool ValidKey(std::string_view k) {
  return !k.empty() && k.size() <= 128 && std::all_of(k.begin(), k.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == ':';
  });
}

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

// The invitation a response answers moves on with it, in the same transaction; integrators
// hear of the move (invitation.updated) when the status changed now.
Result<void> MarkInvitation(Store& tx, const Submission& s, const Response& r, int64_t now) {
  if (!s.invitation_id) return {};
  const bool complete = r.status == ResponseStatus::kComplete;
  TRY_ASSIGN(const Invitation moved,
             tx.outreach().AdvanceInvitation(
                 s.org, *s.invitation_id,
                 complete ? InvitationStatus::kCompleted : InvitationStatus::kStarted, now, r.id));
  const std::optional<int64_t>& moved_at = complete ? moved.completed_ms : moved.started_ms;
  if (moved_at != now) return {};
  return webhooks::PublishInvitationUpdated(tx, moved, now);
}

// What a response written now (new, or partial until now) moves: its invitation, and
// integrators hear of its completion (response.completed) in the transaction completing it.
Result<void> Announce(Store& tx, const Submission& s, const Response& r, int64_t now,
                      webhooks::SubscriberCache* subscribers) {
  TRY(MarkInvitation(tx, s, r, now));
  return webhooks::PublishResponseCompleted(tx, r, now, subscribers);
}

}  // namespace

ResponseIngest::ResponseIngest(Store& store, survey::SurveyService& surveys, const Clock& clock,
                               IngestOptions options)
    : store_(store), surveys_(surveys), clock_(clock), options_(options) {
  writer_ = std::thread([this] { WriterLoop(); });
}

ResponseIngest::~ResponseIngest() { Shutdown(); }

void ResponseIngest::Shutdown() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !writer_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (writer_.joinable()) writer_.join();
}

ResponseIngest::Stats ResponseIngest::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

Result<ResponseIngest::Pending> ResponseIngest::Prepare(Submission s) {
  if (!ValidKey(s.response_key)) {
    return Fail(Error::InvalidArgument(
        "response_id must be 1-128 letters, digits or _ . : - (a client-generated id)",
        "response_id"));
  }
  auto live = surveys_.Live(s.org, s.survey_id);
  if (!live) return Fail(live.error());
  const survey::Definition& def = *live->definition;
  if (s.language) {
    if (std::find(def.languages.begin(), def.languages.end(), *s.language) == def.languages.end())
      return Fail(Error::InvalidArgument(
          fmt::format("language must be one of the survey's languages ({})",
                      fmt::join(def.languages, ", ")),
          "language"));
  } else {
    s.language = def.default_language;
  }
  // Hidden fields: only the declared ones are kept.
  for (auto it = s.hidden.begin(); it != s.hidden.end();) {
    bool declared = std::find(def.hidden_fields.begin(), def.hidden_fields.end(), it->first) !=
                    def.hidden_fields.end();
    if (!declared) {
      if (s.strict_hidden)
        return Fail(Error::InvalidArgument("not a hidden field of this survey", "hidden." + it->first));
      it = s.hidden.erase(it);
      continue;
    }
    if (Utf8Length(it->second) > 500)
      return Fail(Error::InvalidArgument("at most 500 characters", "hidden." + it->first));
    ++it;
  }
  auto take = [&](std::string& field, const char* name) {
    if (field.empty()) {
      if (auto it = s.hidden.find(name); it != s.hidden.end()) field = it->second;
    }
  };
  take(s.touchpoint, "touchpoint");
  take(s.agent, "agent");
  take(s.channel, "channel");
  if (s.channel.empty()) s.channel = "api";
  // A `contact` hidden field (the organisation's external id, as in a CRM link) ties the
  // response to that contact when one exists; an unknown id stays a plain hidden value.
  if (!s.contact_id && s.contact_from_hidden) {
    if (auto it = s.hidden.find("contact"); it != s.hidden.end() && !it->second.empty()) {
      auto contact = store_.journeys().FindContactByExternalId(s.org, it->second);
      if (contact) {
        s.contact_id = contact->id;
      } else if (contact.error().code != ErrorCode::kNotFound) {
        return Fail(contact.error());
      }
    }
  }
  auto answers = survey::ParseAnswers(def, s.answers, s.input);
  if (!answers) return Fail(answers.error());
  // Everything for the common case (a new response) is made here, on the caller's thread,
  // so the single writer only writes.
  survey::Answers alone = survey::KeepShown(def, *answers);
  Result<void> alone_complete = s.complete ? survey::CheckComplete(def, alone) : Result<void>();
  Json hidden = Json::object();
  for (const auto& [k, v] : s.hidden) hidden[k] = v;
  Json alone_json = survey::ToJson(alone);
  // Comments are analysed here too: the analysis is written with the answers, at no cost to
  // the writer.
  Json comments = Json::object();
  std::shared_ptr<const comments::TextPipeline> pipeline;
  if (options_.text) {
    pipeline = options_.text->For(s.org);
    comments = comments::AnalyseComments(*pipeline, def, survey::ToJson(*answers));
    Json shown = comments;
    comments::ReconcileComments(*pipeline, def, alone_json, shown);
    comments::SetCommentAnalyses(s.meta, std::move(shown));
  }
  int64_t now = clock_.NowMs();
  Response fresh{.org_id = s.org,
                 .survey_id = s.survey_id,
                 .version = live->version,
                 .link_id = s.link_id,
                 .response_key = s.response_key,
                 .status = s.complete ? ResponseStatus::kComplete : ResponseStatus::kPartial,
                 .language = *s.language,
                 .channel = s.channel,
                 .touchpoint = s.touchpoint,
                 .agent = s.agent,
                 .hidden = Dump(hidden),
                 .answers = Dump(alone_json),
                 .contact_id = s.contact_id,
                 .interaction_id = s.interaction_id,
                 .meta = Dump(s.meta),
                 .comment_text = comments::CommentSearchText(def, alone_json),
                 .created_ms = now,
                 .updated_ms = now,
                 .completed_ms = s.complete ? std::optional<int64_t>(now) : std::nullopt};
  auto end = survey::WalkSurvey(def, alone).end_screen;
  Pending p{.submission = std::move(s),
            .live = std::move(*live),
            .answers = std::move(*answers),
            .fresh = std::move(fresh),
            .alone_complete = std::move(alone_complete),
            .alone_end_screen = std::move(end),
            .comments = std::move(comments),
            .pipeline = std::move(pipeline)};
  return p;
}

Result<SubmitOutcome> ResponseIngest::Submit(Submission submission) {
  std::promise<Result<SubmitOutcome>> promise;
  auto future = promise.get_future();
  SubmitAsync(std::move(submission),
              [&promise](Result<SubmitOutcome> r) { promise.set_value(std::move(r)); });
  return future.get();
}

void ResponseIngest::SubmitAsync(Submission submission,
                                 std::function<void(Result<SubmitOutcome>)> done) {
  auto p = Prepare(std::move(submission));
  if (!p) return done(Fail(p.error()));
  p->done = std::move(done);
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      p->done(Fail(Error::Unavailable("the server is shutting down")));
      return;
    }
    queue_.push_back(std::move(*p));
  }
  cv_.notify_one();
}

void ResponseIngest::WriterLoop() {
  while (true) {
    std::vector<Pending> batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      stats_.batches++;
      stats_.submissions += batch.size();
    }
    WriteBatch(batch);
  }
}

void ResponseIngest::WriteBatch(std::vector<Pending>& batch) {
  auto committed = store_.Transact([&](Store& tx) -> Result<void> {
    for (Pending& p : batch) {
      // A storage failure aborts the whole transaction: nothing of the batch is kept.
      if (auto st = WriteOne(tx, p); !st) return st;
    }
    return {};
  });
  if (!committed && batch.size() > 1 && committed.error().code != ErrorCode::kUnavailable) {
    // One bad apple (e.g. a conflict with another node) must not fail the others:
    // write each alone.
    for (Pending& p : batch) {
      std::vector<Pending> one;
      one.push_back(std::move(p));
      WriteBatch(one);
      p = std::move(one.front());
    }
    return;
  }
  for (Pending& p : batch) {
    if (!committed) p.result = Fail(committed.error());
    auto complete = [this, result = std::move(p.result), def = p.written_with,
                     done = std::move(p.done)]() mutable {
      // The response is durable whatever happens here; a failing listener must neither
      // take the process down nor keep the respondent waiting.
      if (result && !result->replayed && def) {
        for (const auto& listener : listeners_) {
          try {
            listener(result->response, *def);
          } catch (const std::exception& e) {
            spdlog::error("response listener failed: {}", e.what());
          }
        }
      }
      try {
        if (done) done(std::move(result));
      } catch (const std::exception& e) {
        spdlog::error("response completion failed: {}", e.what());
      }
    };
    p.done = nullptr;
    if (executor_) {
      executor_(std::move(complete));
    } else {
      complete();
    }
  }
}

Result<void> ResponseIngest::Written(Store& tx, const Submission& s, const Response& r,
                                     const survey::Definition& definition, int64_t now_ms) {
  TRY(Announce(tx, s, r, now_ms, options_.webhook_subscribers));
  for (const ResponseHook& hook : hooks_) TRY(hook(tx, r, definition));
  return {};
}

Result<void> ResponseIngest::WriteOne(Store& tx, Pending& p) {
  const Submission& s = p.submission;
  int64_t now = clock_.NowMs();

  // The common case first: a new response, inserted at once (prepared by Prepare); the
  // unique response key decides whether it really is new.
  std::shared_ptr<const survey::Definition> def = p.live.definition;
  const Result<void>& alone_complete = p.alone_complete;
  std::optional<Response> held;
  // One interaction, one response: a second response about it (another invitation's, from
  // before one survey per interaction was kept) replaces the first's answers instead of
  // counting the call twice.
  bool replacing = false;
  if (s.interaction_id) {
    TRY_ASSIGN(auto first, tx.responses().FindResponseByInteraction(s.org, s.survey_id,
                                                                    *s.interaction_id));
    if (first && first->response_key != s.response_key) {
      held = std::move(*first);
      replacing = true;
    }
  }
  if (alone_complete && !replacing) {
    auto put = tx.responses().InsertResponseOrGet(p.fresh);
    if (!put) return Fail(put.error());
    if (put->inserted) {
      TRY(Written(tx, s, *put->response, *def, now));
      p.result = SubmitOutcome{std::move(*put->response), false, p.alone_end_screen};
      p.written_with = def;
      return {};
    }
    held = std::move(put->response);
  }

  // The key exists (a retry, or more answers to a partial response), or the answers alone
  // are incomplete (they may complete an earlier partial response).
  Result<Response> existing =
      held ? Result<Response>(std::move(*held))
           : tx.responses().FindResponseByKey(s.org, s.survey_id, s.response_key);
  if (!existing) {
    if (existing.error().code != ErrorCode::kNotFound) return Fail(existing.error());
    // Nothing to complete: the answers fall short (or the key vanished after a conflict).
    p.result = alone_complete ? Fail(Error::Unavailable("the response changed meanwhile; retry"))
                              : Fail(alone_complete.error());
    return {};
  }
  if (existing->status == ResponseStatus::kComplete && !replacing) {
    p.result = SubmitOutcome{*existing, /*replayed=*/true, std::nullopt};
    return {};
  }
  // A partial response keeps the version it started on.
  if (existing->version != p.live.version) {
    auto old = surveys_.DefinitionOf(s.org, s.survey_id, existing->version);
    if (!old) return Fail(old.error());
    def = *old;
    auto reparsed = survey::ParseAnswers(*def, s.answers, s.input);
    if (!reparsed) {
      p.result = Fail(reparsed.error());
      return {};
    }
    p.answers = std::move(*reparsed);
  }
  survey::Answers merged;
  if (auto before = survey::ParseAnswers(*def, Json::parse(existing->answers, nullptr, false))) {
    merged = std::move(*before);
  }
  for (auto& [id, v] : p.answers) merged[id] = v;
  merged = survey::KeepShown(*def, merged);
  if (s.complete) {
    if (auto c = survey::CheckComplete(*def, merged); !c) {
      p.result = Fail(c.error());
      return {};
    }
  }
  Response r = *existing;
  Json merged_json = survey::ToJson(merged);
  r.answers = Dump(merged_json);
  if (p.pipeline) {
    // The comments analysed before, updated by those just submitted (analysed in Prepare).
    Json meta = Json::parse(r.meta, nullptr, false);
    Json comments = Json::object();
    if (meta.is_object() && meta.contains(comments::kTextMetaKey)) comments = meta[comments::kTextMetaKey];
    if (comments.is_object()) comments.update(p.comments);
    comments::ReconcileComments(*p.pipeline, *def, merged_json, comments);
    comments::SetCommentAnalyses(meta, std::move(comments));
    r.meta = Dump(meta);
  }
  r.comment_text = comments::CommentSearchText(*def, merged_json);
  if (!s.hidden.empty()) r.hidden = p.fresh.hidden;
  r.language = *s.language;
  r.updated_ms = now;
  if (s.complete) {
    r.status = ResponseStatus::kComplete;
    r.completed_ms = now;
  }
  auto written = tx.responses().UpdateResponse(s.org, r);
  if (!written) return Fail(written.error());
  TRY(Written(tx, s, *written, *def, now));
  p.result = SubmitOutcome{std::move(*written), false, survey::WalkSurvey(*def, merged).end_screen};
  p.written_with = def;
  return {};
}

}  // namespace nazar::responses
