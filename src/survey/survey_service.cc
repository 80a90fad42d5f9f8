#include "survey/survey_service.h"

#include <fmt/format.h>

#include "accounts/audit.h"
#include "core/crypto.h"
#include "core/try.h"

namespace nazar::survey {
namespace {

constexpr size_t kLinkTokenBytes = 9;  // 12 characters, 72 bits: unguessable, short
constexpr int64_t kLiveCacheMs = 1000;
// A cached entry read at `at_ms` still serves at `now_ms` (a clock set back expires it).
bool Fresh(int64_t at_ms, int64_t now_ms) { return now_ms >= at_ms && now_ms - at_ms < kLiveCacheMs; }
constexpr size_t kMaxCached = 10'000;

Json AuditDetails(const Survey& s) {
  return {{"name", s.name}, {"status", ToString(s.status)}, {"version", s.published_version}};
}

}  // namespace

Error InDefinition(Error e) {
  e.field = e.field.empty() || e.field == "definition" ? "definition" : "definition." + e.field;
  return e;
}

Result<Survey> SurveyService::Audited(const Actor& actor, const OrgAccess& access,
                                      std::string action,
                                      const std::function<Result<Survey>(Store&)>& change) {
  Survey result;
  auto done = store_.Transact([&](Store& tx) -> Result<void> {
    auto s = change(tx);
    if (!s) return Fail(s.error());
    result = *s;
    return WriteAudit(tx.audit(), actor, access.org, std::move(action),
                      fmt::format("survey:{}", s->id), AuditDetails(*s), clock_.NowMs());
  });
  if (!done) return Fail(done.error());
  Forget(result.id);
  return result;
}

Result<SurveyDetail> SurveyService::Detail(OrgId org, int64_t survey_id) {
  TRY_ASSIGN(Survey survey, store_.surveys().GetSurvey(org, survey_id));
  return Detail(org, std::move(survey));
}

Result<SurveyDetail> SurveyService::Detail(OrgId org, Survey survey) {
  TRY_ASSIGN(std::vector<SurveyLink> links, store_.surveys().ListLinks(org, survey.id));
  TRY_ASSIGN(std::vector<SurveyVersion> versions, store_.surveys().ListSurveyVersions(org, survey.id));
  return SurveyDetail{std::move(survey), std::move(links), std::move(versions)};
}

Result<Survey> SurveyService::Create(const Actor& actor, const OrgAccess& access,
                                     std::string name, const Json& definition) {
  auto parsed = survey::ParseDefinition(definition);
  if (!parsed) return Fail(InDefinition(parsed.error()));
  int64_t now = clock_.NowMs();
  return Audited(actor, access, "survey.create", [&](Store& tx) -> Result<Survey> {
    auto s = tx.surveys().CreateSurvey({.org_id = access.org,
                                        .name = std::move(name),
                                        .status = SurveyStatus::kDraft,
                                        .draft = survey::ToJson(*parsed).dump(),
                                        .created_ms = now,
                                        .updated_ms = now});
    if (!s) return s;
    auto link = tx.surveys().CreateLink({.org_id = access.org,
                                         .survey_id = s->id,
                                         .token = RandomToken(kLinkTokenBytes),
                                         .name = "Web link",
                                         .channel = "web",
                                         .created_ms = now});
    if (!link) return Fail(link.error());
    return s;
  });
}

Result<Survey> SurveyService::UpdateDraft(const Actor& actor, const OrgAccess& access,
                                          int64_t survey_id, std::optional<std::string> name,
                                          const Json* definition) {
  std::optional<std::string> draft;
  if (definition) {
    auto parsed = survey::ParseDefinition(*definition);
    if (!parsed) return Fail(InDefinition(parsed.error()));
    draft = survey::ToJson(*parsed).dump();
  }
  return Audited(actor, access, "survey.update", [&](Store& tx) -> Result<Survey> {
    auto s = tx.surveys().GetSurvey(access.org, survey_id);
    if (!s) return s;
    if (name) s->name = *name;
    if (draft) s->draft = *draft;
    s->updated_ms = clock_.NowMs();
    return tx.surveys().UpdateSurvey(access.org, *s);
  });
}

Result<Survey> SurveyService::Publish(const Actor& actor, const OrgAccess& access,
                                      int64_t survey_id) {
  return Audited(actor, access, "survey.publish", [&](Store& tx) -> Result<Survey> {
    auto s = tx.surveys().GetSurvey(access.org, survey_id);
    if (!s) return s;
    int64_t now = clock_.NowMs();
    bool changed = true;
    if (s->published_version > 0) {
      auto current = tx.surveys().GetSurveyVersion(access.org, survey_id, s->published_version);
      if (!current) return Fail(current.error());
      changed = current->definition != s->draft;
    }
    if (changed) {  // freeze the draft as a new version
      int next = s->published_version + 1;
      auto v = tx.surveys().AddSurveyVersion(
          access.org,
          {.survey_id = survey_id, .version = next, .definition = s->draft, .published_ms = now});
      if (!v) return Fail(v.error());
      s->published_version = next;
    }
    s->status = SurveyStatus::kPublished;
    s->updated_ms = now;
    return tx.surveys().UpdateSurvey(access.org, *s);
  });
}

Result<Survey> SurveyService::Close(const Actor& actor, const OrgAccess& access,
                                    int64_t survey_id) {
  return Audited(actor, access, "survey.close", [&](Store& tx) -> Result<Survey> {
    auto s = tx.surveys().GetSurvey(access.org, survey_id);
    if (!s) return s;
    if (s->status != SurveyStatus::kPublished) {
      return Fail(Error::FailedPrecondition("only a published survey can be closed", "status"));
    }
    s->status = SurveyStatus::kClosed;
    s->updated_ms = clock_.NowMs();
    return tx.surveys().UpdateSurvey(access.org, *s);
  });
}

Result<SurveyLink> SurveyService::CreateLink(const Actor& actor, const OrgAccess& access,
                                             SurveyLink link) {
  link.org_id = access.org;
  link.token = RandomToken(kLinkTokenBytes);
  link.created_ms = clock_.NowMs();
  SurveyLink created;
  auto done = Audited(actor, access, "survey.link", [&](Store& tx) -> Result<Survey> {
    auto l = tx.surveys().CreateLink(link);
    if (!l) return Fail(l.error());
    created = *l;
    return tx.surveys().GetSurvey(access.org, link.survey_id);
  });
  if (!done) return Fail(done.error());
  return created;
}

Result<std::shared_ptr<const survey::Definition>> SurveyService::DefinitionOf(OrgId org,
                                                                              int64_t survey_id,
                                                                              int version) {
  {
    std::lock_guard lock(mu_);
    auto it = definitions_.find({survey_id, version});
    if (it != definitions_.end()) return it->second;
  }
  auto v = store_.surveys().GetSurveyVersion(org, survey_id, version);
  if (!v) return Fail(v.error());
  auto parsed = survey::ParseDefinition(Json::parse(v->definition, nullptr, false));
  if (!parsed) return Fail(Error::Internal("stored definition no longer parses: " +
                                           parsed.error().ToString()));
  auto shared = std::make_shared<const survey::Definition>(std::move(*parsed));
  std::lock_guard lock(mu_);
  definitions_.emplace(std::make_pair(survey_id, version), shared);
  return shared;
}

bool SurveyService::AllowPublicSubmission(const SurveyLink& link, std::string_view client_ip) {
  int limit = link.rate_limit_per_hour > 0 ? link.rate_limit_per_hour : kDefaultPublicLimitPerHour;
  return limiter_.Allow(fmt::format("{}|{}", link.id, ThrottleKeyForAddress(client_ip)), limit);
}

std::string SurveyService::PublicResponseKey(const SurveyLink& link, std::string_view client_id,
                                             std::string_view browser_token) {
  if (link.one_per_browser && !browser_token.empty()) {
    return fmt::format("l{}:b:{}", link.id, browser_token);
  }
  return fmt::format("l{}:{}", link.id, client_id);
}

void SurveyService::Forget(int64_t survey_id) {
  std::lock_guard lock(mu_);
  ++generation_[survey_id];
  std::erase_if(live_, [&](const auto& kv) { return kv.first.second == survey_id; });
  std::erase_if(links_, [&](const auto& kv) { return kv.second.link.survey_id == survey_id; });
}

Result<SurveyLink> SurveyService::LinkByToken(std::string_view token) {
  const int64_t now = clock_.NowMs();
  {
    std::lock_guard lock(mu_);
    auto it = links_.find(token);
    if (it != links_.end() && Fresh(it->second.at_ms, now)) return it->second.link;
  }
  auto link = store_.surveys().FindLinkByToken(token);
  if (!link) return link;
  if (link->disabled_ms) return Fail(Error::NotFound("no such survey link"));
  std::lock_guard lock(mu_);
  if (links_.size() >= kMaxCached) links_.clear();
  links_[std::string(token)] = {*link, now};
  return link;
}

Result<LiveSurvey> SurveyService::Live(OrgId org, int64_t survey_id) {
  const int64_t now = clock_.NowMs();
  {
    std::lock_guard lock(mu_);
    auto it = live_.find({org.value, survey_id});
    if (it != live_.end() && Fresh(it->second.at_ms, now)) return it->second.live;
  }
  uint64_t generation;
  {
    std::lock_guard lock(mu_);
    generation = generation_[survey_id];
  }
  auto live = LiveFromStore(org, survey_id);
  if (!live) return live;
  live->survey.draft.clear();  // respondents get the frozen version; don't copy the draft around
  std::lock_guard lock(mu_);
  if (generation_[survey_id] != generation) return live;  // changed meanwhile: don't cache it
  if (live_.size() >= kMaxCached) live_.clear();
  live_[{org.value, survey_id}] = {*live, now};
  return live;
}

Result<LiveSurvey> SurveyService::LiveFromStore(OrgId org, int64_t survey_id) {
  auto s = store_.surveys().GetSurvey(org, survey_id);
  if (!s) return Fail(s.error());
  if (s->status == SurveyStatus::kDraft) {
    return Fail(Error::FailedPrecondition("this survey is not published yet", "survey"));
  }
  if (s->status == SurveyStatus::kClosed) {
    return Fail(Error::FailedPrecondition("this survey is closed", "survey"));
  }
  auto def = DefinitionOf(org, survey_id, s->published_version);
  if (!def) return Fail(def.error());
  int version = s->published_version;
  return LiveSurvey{std::move(*s), version, std::move(*def)};
}

}  // namespace nazar::survey
