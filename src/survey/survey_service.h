// The survey lifecycle: draft -> published -> closed. Publishing freezes the draft as a
// new version (only when it changed); editing a published survey edits its draft, which
// respondents see once published again. Responses keep the version they answered.
//
// Every change is audited in the same transaction. Parsed definitions are cached by
// (survey, version): versions never change, so the cache never goes stale.
//
// Thread-safety: safe to share between threads.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "accounts/accounts.h"
#include "survey/rate_limit.h"
#include "core/clock.h"
#include "core/json.h"
#include "store/store.h"
#include "survey/definition.h"

namespace nazar::survey {

struct SurveyTemplate {
  std::string id;     // "relationship_nps", "post_support", "post_purchase", "employee_pulse"
  std::string name_en;
  std::string name_fa;
  Json definition;    // bilingual (fa, en)
};
const std::vector<SurveyTemplate>& Templates();
const SurveyTemplate* FindTemplate(std::string_view id);

// A definition restricted to some of its languages (templates are bilingual).
Json RestrictLanguages(const Json& definition, const std::vector<std::string>& languages);

// Where a new survey's definition comes from: given as it is, or a template (in some of its
// languages when `languages` names them).
struct SurveySource {
  std::optional<Json> definition;
  std::optional<std::string> template_id;
  std::vector<std::string> languages;  // "fa", "en"; empty: all the template has
};
// The definition to start from: exactly one of a definition and a template (InvalidArgument
// on "template" for both or an unknown one, on "definition" for neither).
Result<Json> StartingDefinition(const SurveySource& source);

// A survey as its builder shows it: with its links and its published versions.
struct SurveyDetail {
  Survey survey;
  std::vector<SurveyLink> links;
  std::vector<SurveyVersion> versions;
};

struct LiveSurvey {
  Survey survey;
  int version = 0;
  std::shared_ptr<const survey::Definition> definition;
};

class SurveyService {
 public:
  SurveyService(Store& store, const Clock& clock)
      : store_(store), clock_(clock), limiter_(clock, kPublicRateWindowMs) {}

  static constexpr int64_t kPublicRateWindowMs = 60 * 60'000;  // link limits are per hour
  static constexpr int kDefaultPublicLimitPerHour = 120;       // for links without their own

  // Validates the definition (errors name "definition.<path>") and makes a draft with a
  // default web link.
  Result<Survey> Create(const Actor& actor, const OrgAccess& access, std::string name,
                        const Json& definition);
  Result<Survey> UpdateDraft(const Actor& actor, const OrgAccess& access, int64_t survey_id,
                             std::optional<std::string> name, const Json* definition);
  Result<Survey> Publish(const Actor& actor, const OrgAccess& access, int64_t survey_id);
  Result<Survey> Close(const Actor& actor, const OrgAccess& access, int64_t survey_id);

  Result<SurveyLink> CreateLink(const Actor& actor, const OrgAccess& access, SurveyLink link);

  // The survey's links and versions with it (NotFound for another organisation's survey).
  Result<SurveyDetail> Detail(OrgId org, int64_t survey_id);
  Result<SurveyDetail> Detail(OrgId org, Survey survey);

  // The published definition respondents answer now; FailedPrecondition (field "survey")
  // when the survey is a draft or closed.
  Result<LiveSurvey> Live(OrgId org, int64_t survey_id);
  // A public link by its token (NotFound when unknown or disabled).
  Result<SurveyLink> LinkByToken(std::string_view token);

  // Per-link rate limit for public submissions (the link's own, else a default), by client
  // address (IPv6 by /64). False when over the limit.
  bool AllowPublicSubmission(const SurveyLink& link, std::string_view client_ip);

  // The idempotency key of a public submission: its own key space per link, so a public
  // caller can never reach a response made elsewhere (an integrator's, another link's).
  // With one_per_browser, the browser token (a server-issued cookie) is the key.
  static std::string PublicResponseKey(const SurveyLink& link, std::string_view client_id,
                                       std::string_view browser_token);
  Result<std::shared_ptr<const survey::Definition>> DefinitionOf(OrgId org, int64_t survey_id,
                                                                 int version);

 private:
  Result<Survey> Audited(const Actor& actor, const OrgAccess& access, std::string action,
                         const std::function<Result<Survey>(Store&)>& change);

  void Forget(int64_t survey_id);
  Result<LiveSurvey> LiveFromStore(OrgId org, int64_t survey_id);

  Store& store_;
  const Clock& clock_;
  std::mutex mu_;
  std::map<std::pair<int64_t, int>, std::shared_ptr<const survey::Definition>> definitions_;
  // Short-lived caches for the submission path (every response would otherwise read the
  // survey's status and its link). Changes made by this process invalidate at once; other
  // nodes' changes are seen within kLiveCacheMs (by the clock passed in: tests move it).
  struct CachedLive {
    LiveSurvey live;
    int64_t at_ms = 0;
  };
  struct CachedLink {
    SurveyLink link;
    int64_t at_ms = 0;
  };
  std::map<std::pair<int64_t, int64_t>, CachedLive> live_;
  std::map<std::string, CachedLink, std::less<>> links_;
  std::map<int64_t, uint64_t> generation_;  // bumped by Forget: a read that raced a change is not cached
  RateLimiter limiter_;
};

// "definition" + path: errors of a definition inside a request body.
Error InDefinition(Error e);

}  // namespace nazar::survey
