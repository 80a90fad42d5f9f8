// The responses area over SQL.
#include <algorithm>
#include <iterator>
#include <string>
#include <utility>

#include "core/json.h"
#include "store/sql_kit.h"

namespace nazar::sql {
namespace {

constexpr int kResponseColCount = 20;

constexpr std::string_view kInsertResponse =
    "INSERT INTO responses (org_id, survey_id, version, link_id, response_key, status, "
    "language, channel, touchpoint, agent, hidden, answers, meta, created_ms, updated_ms, "
    "completed_ms, contact_id, interaction_id, comment_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

Params ResponseParams(const Response& r) {
  return {r.org_id.value,
          r.survey_id,
          int64_t{r.version},
          Nullable(r.link_id),
          r.response_key,
          std::string(ToString(r.status)),
          r.language,
          r.channel,
          r.touchpoint,
          r.agent,
          r.hidden,
          r.answers,
          r.meta,
          r.created_ms,
          r.updated_ms,
          Nullable(r.completed_ms),
          Nullable(r.contact_id),
          Nullable(r.interaction_id),
          Nullable(r.comment_text)};
}

Result<Response> FindResponseOn(Connection& c, OrgId org, int64_t survey_id, std::string_view key) {
  return Get(c, kResponses, "org_id = ? AND survey_id = ? AND response_key = ?",
             {org.value, survey_id, std::string(key)});
}

Result<Response> GetResponseOn(Connection& c, OrgId org, int64_t id) {
  return Get(c, kResponses, "org_id = ? AND id = ?", {org.value, id});
}

// WHERE clause and parameters of a response query (without cursor and limit).
std::pair<std::string, Params> ResponseWhere(OrgId org, const ResponseQuery& q) {
  std::string where = "org_id = ?";
  Params params{org.value};
  if (q.survey_id) {
    where += " AND survey_id = ?";
    params.push_back(*q.survey_id);
  }
  if (q.contact_id) {
    where += " AND contact_id = ?";
    params.push_back(*q.contact_id);
  }
  if (q.about_an_interaction) where += " AND interaction_id IS NOT NULL";
  if (q.status) {
    where += " AND status = ?";
    params.push_back(std::string(ToString(*q.status)));
  }
  if (q.from_ms) {
    where += " AND created_ms >= ?";
    params.push_back(*q.from_ms);
  }
  if (q.to_ms) {
    where += " AND created_ms < ?";
    params.push_back(*q.to_ms);
  }
  for (auto [column, value] :
       {std::pair<const char*, const std::string*>{"touchpoint", &q.touchpoint},
        {"channel", &q.channel},
        {"agent", &q.agent},
        {"language", &q.language}}) {
    if (value->empty()) continue;
    where += fmt::format(" AND {} = ?", column);
    params.push_back(*value);
  }
  if (!q.text.empty() || !q.text_folded.empty()) {
    // LIKE with its wildcards escaped, so the text is matched literally: the comment text
    // where it is stored; else (older responses) the answers, where JSON escapes quotes
    // and backslashes, so the needle is escaped the same way.
    const std::string& raw = q.text.empty() ? q.text_folded : q.text;
    const std::string& folded = q.text_folded.empty() ? q.text : q.text_folded;
    std::string needle = Json(raw).dump();
    where +=
        " AND (comment_text LIKE ? ESCAPE '!' OR (comment_text IS NULL AND "
        "LOWER(answers) LIKE ? ESCAPE '!'))";
    params.push_back(ContainsPattern(folded));
    params.push_back(ContainsPattern(std::string_view(needle).substr(1, needle.size() - 2)));
  }
  return {where, params};
}

class SqlResponses final : public ResponsesStore {
 public:
  explicit SqlResponses(Kit kit) : kit_(kit) {}

  Result<Response> InsertResponse(const Response& r) override {
    auto rows = kit_.Query(std::string(kInsertResponse) + " RETURNING id", ResponseParams(r));
    TRY_ASSIGN(int64_t id, FirstInt(ParentMissingIsNotFound(std::move(rows), "survey")));
    Response out = r;
    out.id = id;
    return out;
  }

  Result<KeyedResponse> InsertResponseOrGet(const Response& r) override {
    return kit_.Run(false, [&](Connection& c) -> Result<KeyedResponse> {
      if (kit_.postgres()) {
        // One statement that reaches the row through the unique key's index in every case:
        // the conflict arbiter finds a replayed key (a no-op update returns the row as it
        // is, locked until commit, even when another transaction committed it after this
        // one's snapshot). A separate look-up by the key would be planned, and a plan cached
        // while the table was small scanned a whole survey (issue 11, finding 9). xmax is 0
        // only on a row version this statement inserted.
        auto rows =
            c.Query(fmt::format("{} ON CONFLICT (org_id, survey_id, response_key) DO UPDATE SET "
                                "response_key = EXCLUDED.response_key RETURNING {}, "
                                "CASE WHEN xmax = 0 THEN 1 ELSE 0 END",
                                kInsertResponse, kResponses.columns),
                    ResponseParams(r));
        TRY_ASSIGN(Rows found, ParentMissingIsNotFound(std::move(rows), "survey"));
        if (found.empty()) return Fail(Error::Internal("insert-or-get returned no row"));
        const Row& row = found.front();
        return KeyedResponse{.inserted = row.Int(kResponseColCount) == 1,
                             .response = kResponses.map(row)};
      }
      // SQLite: two calls in the process, the second by the unique key (SQLite's planner
      // prefers the index matching all three terms).
      auto rows =
          c.Query(std::string(kInsertResponse) +
                      " ON CONFLICT (org_id, survey_id, response_key) DO NOTHING RETURNING id",
                  ResponseParams(r));
      TRY_ASSIGN(Rows ids, ParentMissingIsNotFound(std::move(rows), "survey"));
      if (!ids.empty()) {
        Response out = r;
        out.id = ids.front().Int(0);
        return KeyedResponse{.inserted = true, .response = std::move(out)};
      }
      auto held = FindResponseOn(c, r.org_id, r.survey_id, r.response_key);
      if (!held && held.error().code == ErrorCode::kNotFound) return KeyedResponse{};
      TRY_ASSIGN(Response found, std::move(held));
      return KeyedResponse{.inserted = false, .response = std::move(found)};
    });
  }

  Result<Response> UpdateResponse(OrgId org, const Response& r) override {
    return kit_.Run(true, [&](Connection& c) -> Result<Response> {
      TRY(c.Execute(
          "UPDATE responses SET status = ?, answers = ?, hidden = ?, meta = ?, updated_ms = ?, "
          "completed_ms = ?, language = ?, comment_text = ? WHERE org_id = ? AND id = ?",
          {std::string(ToString(r.status)), r.answers, r.hidden, r.meta, r.updated_ms,
           Nullable(r.completed_ms), r.language, Nullable(r.comment_text), org.value, r.id}));
      return GetResponseOn(c, org, r.id);
    });
  }

  Result<Response> FindResponseByKey(OrgId org, int64_t survey_id, std::string_view key) override {
    return kit_.Run(false, [&](Connection& c) { return FindResponseOn(c, org, survey_id, key); });
  }

  Result<std::optional<Response>> FindResponseByInteraction(OrgId org, int64_t survey_id,
                                                           int64_t interaction_id) override {
    TRY_ASSIGN(std::vector<Response> found,
               kit_.List(kResponses,
                         "org_id = ? AND interaction_id = ? AND survey_id = ? ORDER BY id LIMIT 1",
                         {org.value, interaction_id, survey_id}));
    if (found.empty()) return std::optional<Response>();
    return std::optional<Response>(std::move(found.front()));
  }

  Result<Response> GetResponse(OrgId org, int64_t id) override {
    return kit_.Run(false, [&](Connection& c) { return GetResponseOn(c, org, id); });
  }

  Result<std::vector<Response>> GetResponses(OrgId org, std::span<const int64_t> ids) override {
    std::vector<Response> out;
    constexpr size_t kChunk = 500;  // parameters per statement stay well within both limits
    for (size_t at = 0; at < ids.size(); at += kChunk) {
      auto chunk = ids.subspan(at, std::min(kChunk, ids.size() - at));
      Params params{org.value};
      params.insert(params.end(), chunk.begin(), chunk.end());
      TRY_ASSIGN(auto some, kit_.List(kResponses,
                                      "org_id = ? AND id IN (" + Placeholders(chunk.size()) +
                                          ") ORDER BY id",
                                      params));
      std::move(some.begin(), some.end(), std::back_inserter(out));
    }
    std::sort(out.begin(), out.end(), [](const Response& a, const Response& b) { return a.id < b.id; });
    return out;
  }

  Result<int64_t> CountResponses(OrgId org, const ResponseQuery& q) override {
    auto [where, params] = ResponseWhere(org, q);
    return FirstInt(
        kit_.Query(fmt::format("SELECT COUNT(*) FROM responses WHERE {}", where), params));
  }

  Result<Page<Response>> ListResponses(OrgId org, const ResponseQuery& q) override {
    int limit = std::clamp(q.limit, 1, 10'000);
    auto [where, params] = ResponseWhere(org, q);
    if (q.after) {
      where += q.newest_first ? " AND id < ?" : " AND id > ?";
      params.push_back(*q.after);
    }
    return kit_.ListPage(
        kResponses,
        fmt::format("{} ORDER BY id {} LIMIT ?", where, q.newest_first ? "DESC" : "ASC"),
        std::move(params), limit);
  }

  Result<std::vector<OrgId>> ListOrganisationIds() override {
    return All<OrgId>(kit_.Query("SELECT id FROM organisations ORDER BY id", {}),
                      [](const Row& r) { return OrgId{r.Int(0)}; });
  }

 private:
  Kit kit_;
};

}  // namespace

std::unique_ptr<ResponsesStore> NewResponsesArea(Kit kit) {
  return std::make_unique<SqlResponses>(kit);
}

}  // namespace nazar::sql
