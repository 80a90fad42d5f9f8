#include "collect/ingest.h"

#include <algorithm>
#include <future>

#include <fmt/format.h>

namespace nazar::collect {
namespace {

bool ValidKey(std::string_view k) {
  return !k.empty() && k.size() <= 128 && std::all_of(k.begin(), k.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == ':';
  });
}

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace

ResponseIngest::ResponseIngest(Store& store, SurveyService& surveys, const Clock& clock,
                               IngestOptions options)
    : store_(store), surveys_(surveys), clock_(clock), options_(options) {
  writer_ = std::thread([this] { WriterLoop(); });
}

ResponseIngest::~ResponseIngest() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  writer_.join();
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
  auto answers = survey::ParseAnswers(def, s.answers, s.input);
  if (!answers) return Fail(answers.error());
  Pending p{.submission = std::move(s), .live = std::move(*live), .answers = std::move(*answers)};
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
    if (p.result && !p.result->replayed && p.written_with) {
      for (const auto& listener : listeners_) listener(p.result->response, *p.written_with);
    }
    if (p.done) p.done(std::move(p.result));
    p.done = nullptr;
  }
}

Result<void> ResponseIngest::WriteOne(Store& tx, Pending& p) {
  const Submission& s = p.submission;
  int64_t now = clock_.NowMs();
  auto existing = tx.FindResponseByKey(s.org, s.survey_id, s.response_key);
  if (!existing && existing.error().code != ErrorCode::kNotFound) return Fail(existing.error());

  std::shared_ptr<const survey::Definition> def = p.live.definition;
  survey::Answers merged;
  if (existing) {
    if (existing->status == ResponseStatus::kComplete) {
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
    auto before = survey::ParseAnswers(*def, Json::parse(existing->answers, nullptr, false));
    if (before) merged = std::move(*before);
  }
  for (auto& [id, v] : p.answers) merged[id] = v;
  merged = survey::KeepShown(*def, merged);
  if (s.complete) {
    if (auto c = survey::CheckComplete(*def, merged); !c) {
      p.result = Fail(c.error());
      return {};
    }
  }
  Json hidden = Json::object();
  for (const auto& [k, v] : s.hidden) hidden[k] = v;
  std::optional<std::string> end = survey::WalkSurvey(*def, merged).end_screen;

  Result<Response> written = Fail(Error::Internal("unset"));
  if (existing) {
    Response r = *existing;
    r.answers = Dump(survey::ToJson(merged));
    if (!s.hidden.empty()) r.hidden = Dump(hidden);
    r.language = *s.language;
    r.updated_ms = now;
    if (s.complete) {
      r.status = ResponseStatus::kComplete;
      r.completed_ms = now;
    }
    written = tx.UpdateResponse(s.org, r);
  } else {
    written = tx.InsertResponse({.org_id = s.org,
                                 .survey_id = s.survey_id,
                                 .version = p.live.version,
                                 .link_id = s.link_id,
                                 .response_key = s.response_key,
                                 .status = s.complete ? ResponseStatus::kComplete
                                                      : ResponseStatus::kPartial,
                                 .language = *s.language,
                                 .channel = s.channel,
                                 .touchpoint = s.touchpoint,
                                 .agent = s.agent,
                                 .hidden = Dump(hidden),
                                 .answers = Dump(survey::ToJson(merged)),
                                 .meta = Dump(s.meta),
                                 .created_ms = now,
                                 .updated_ms = now,
                                 .completed_ms = s.complete ? std::optional<int64_t>(now)
                                                            : std::nullopt});
  }
  if (!written) return Fail(written.error());
  p.result = SubmitOutcome{std::move(*written), false, end};
  p.written_with = def;
  return {};
}

}  // namespace nazar::collect
