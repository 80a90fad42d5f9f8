// The surveys area over SQL: surveys, their frozen versions, their links.
#include <string>

#include "store/sql_kit.h"

namespace nazar::sql {
namespace {

class SqlSurveys final : public SurveysStore {
 public:
  explicit SqlSurveys(Kit kit) : kit_(kit) {}

  Result<Survey> CreateSurvey(const Survey& sv) override {
    auto rows = kit_.Query(
        "INSERT INTO surveys (org_id, name, status, draft, published_version, created_ms, "
        "updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {sv.org_id.value, sv.name, std::string(ToString(sv.status)), sv.draft,
         int64_t{sv.published_version}, sv.created_ms, sv.updated_ms});
    TRY_ASSIGN(int64_t id, FirstInt(ParentMissingIsNotFound(std::move(rows), "organisation")));
    Survey out = sv;
    out.id = id;
    return out;
  }

  Result<Survey> GetSurvey(OrgId org, int64_t survey_id) override {
    return kit_.Run(false, [&](Connection& c) { return GetSurveyOn(c, org, survey_id); });
  }

  Result<Page<Survey>> ListSurveys(OrgId org, PageRequest page) override {
    return kit_.ListPage(kSurveys, "org_id = ? AND id > ? ORDER BY id LIMIT ?",
                         {org.value, page.after.value_or(0)}, ClampLimit(page.limit));
  }

  Result<Survey> UpdateSurvey(OrgId org, const Survey& sv) override {
    return kit_.Run(true, [&](Connection& c) -> Result<Survey> {
      TRY(
          c.Execute("UPDATE surveys SET name = ?, status = ?, draft = ?, published_version = ?, "
                    "updated_ms = ? WHERE org_id = ? AND id = ?",
                    {sv.name, std::string(ToString(sv.status)), sv.draft,
                     int64_t{sv.published_version}, sv.updated_ms, org.value, sv.id}));
      return GetSurveyOn(c, org, sv.id);
    });
  }

  Result<void> AddSurveyVersion(OrgId org, const SurveyVersion& v) override {
    return kit_.Run(true, [&](Connection& c) -> Result<void> {
      TRY(GetSurveyOn(c, org, v.survey_id));
      return Done(c.Execute(
          "INSERT INTO survey_versions (survey_id, version, org_id, definition, published_ms) "
          "VALUES (?, ?, ?, ?, ?)",
          {v.survey_id, int64_t{v.version}, org.value, v.definition, v.published_ms}));
    });
  }

  Result<SurveyVersion> GetSurveyVersion(OrgId org, int64_t survey_id, int version) override {
    return kit_.Get(kVersions, "org_id = ? AND survey_id = ? AND version = ?",
                    {org.value, survey_id, int64_t{version}});
  }

  Result<std::vector<SurveyVersion>> ListSurveyVersions(OrgId org, int64_t survey_id) override {
    return kit_.List(kVersions, "org_id = ? AND survey_id = ? ORDER BY version",
                     {org.value, survey_id});
  }

  // --- links ---

  Result<SurveyLink> CreateLink(const SurveyLink& l) override {
    return kit_.Run(true, [&](Connection& c) -> Result<SurveyLink> {
      TRY(GetSurveyOn(c, l.org_id, l.survey_id));
      TRY_ASSIGN(int64_t id,
                 FirstInt(c.Query(
                     "INSERT INTO survey_links (org_id, survey_id, token, name, channel, "
                     "honeypot, one_per_browser, rate_limit_per_hour, created_ms) VALUES (?, ?, "
                     "?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     {l.org_id.value, l.survey_id, l.token, l.name, l.channel, int64_t{l.honeypot},
                      int64_t{l.one_per_browser}, int64_t{l.rate_limit_per_hour}, l.created_ms})));
      SurveyLink out = l;
      out.id = id;
      return out;
    });
  }

  Result<SurveyLink> FindLinkByToken(std::string_view token) override {
    return kit_.Get(kLinks, "token = ?", {std::string(token)});
  }

  Result<std::vector<SurveyLink>> ListLinks(OrgId org, int64_t survey_id) override {
    return kit_.List(kLinks, "org_id = ? AND survey_id = ? ORDER BY id", {org.value, survey_id});
  }

 private:
  Kit kit_;
};

}  // namespace

Result<Survey> GetSurveyOn(Connection& c, OrgId org, int64_t survey_id) {
  return Get(c, kSurveys, "org_id = ? AND id = ?", {org.value, survey_id});
}

std::unique_ptr<SurveysStore> NewSurveysArea(Kit kit) { return std::make_unique<SqlSurveys>(kit); }

}  // namespace nazar::sql
