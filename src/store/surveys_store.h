// The surveys area of the store: surveys, their frozen versions and their links (store.h
// has the rules every area keeps).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/records.h"

namespace nazar {

class SurveysStore {
 public:
  virtual ~SurveysStore() = default;

  // Surveys and their frozen versions.
  virtual Result<Survey> CreateSurvey(const Survey& survey) = 0;
  virtual Result<Survey> GetSurvey(OrgId org, int64_t survey_id) = 0;
  virtual Result<Page<Survey>> ListSurveys(OrgId org, PageRequest page) = 0;  // by id
  // Writes name, status, draft, published_version and updated_ms.
  virtual Result<Survey> UpdateSurvey(OrgId org, const Survey& survey) = 0;
  // AlreadyExists when that version exists (versions are never rewritten).
  virtual Result<void> AddSurveyVersion(OrgId org, const SurveyVersion& version) = 0;
  virtual Result<SurveyVersion> GetSurveyVersion(OrgId org, int64_t survey_id, int version) = 0;
  virtual Result<std::vector<SurveyVersion>> ListSurveyVersions(OrgId org, int64_t survey_id) = 0;

  // Links. FindLinkByToken is a public lookup (the token is the secret).
  virtual Result<SurveyLink> CreateLink(const SurveyLink& link) = 0;
  virtual Result<SurveyLink> FindLinkByToken(std::string_view token) = 0;
  virtual Result<std::vector<SurveyLink>> ListLinks(OrgId org, int64_t survey_id) = 0;
};

}  // namespace nazar
