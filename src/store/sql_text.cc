// The text area over SQL: text settings and comment tags.
#include <string>

#include "store/sql_kit.h"

namespace nazar::sql {
namespace {

// NotFound unless the response is the organisation's.
Result<void> ResponseOfOrganisation(Connection& c, OrgId org, int64_t response_id) {
  TRY_ASSIGN(Rows owner, c.Query("SELECT 1 FROM responses WHERE org_id = ? AND id = ?",
                                 {org.value, response_id}));
  if (owner.empty()) return Fail(Error::NotFound("response not found"));
  return {};
}

// Puts `labels` on one comment, keeping those it has.
Result<void> AddCommentTags(Connection& c, OrgId org, int64_t response_id,
                            std::string_view question_id, const std::vector<std::string>& labels,
                            std::optional<UserId> by, int64_t now_ms) {
  for (const std::string& label : labels) {
    TRY(
        c.Execute("INSERT INTO comment_tags (org_id, response_id, question_id, label, tagged_by, "
                  "tagged_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                  {org.value, response_id, std::string(question_id), label, OptId(by), now_ms}));
  }
  return {};
}

class SqlText final : public TextStore {
 public:
  explicit SqlText(Kit kit) : kit_(kit) {}

  // --- text settings ---

  Result<TextSettings> GetTextSettings(OrgId org) override {
    TRY_ASSIGN(Rows rows, kit_.Query(fmt::format("SELECT {} FROM text_settings WHERE org_id = ?",
                                                 kTextSettings.columns),
                                     {org.value}));
    if (rows.empty()) return TextSettings{.org_id = org};
    return kTextSettings.map(rows.front());
  }

  Result<TextSettings> UpdateTextSettings(OrgId org, const TextSettingsPatch& patch,
                                          int64_t now_ms) override {
    return kit_.Run(true, [&](Connection& c) -> Result<TextSettings> {
      TRY(ParentMissingIsNotFound(
          c.Execute("INSERT INTO text_settings (org_id, taxonomy, classifier, classifier_report, "
                    "trained_ms, revision, updated_ms) VALUES (?, '', '', '', 0, 0, ?) "
                    "ON CONFLICT (org_id) DO NOTHING",
                    {org.value, now_ms}),
          "organisation"));
      std::string sets = "revision = revision + 1, updated_ms = ?";
      Params params = {now_ms};
      auto set = [&](std::string_view column, const auto& value) {
        if (!value) return;
        sets += fmt::format(", {} = ?", column);
        params.emplace_back(*value);
      };
      set("taxonomy", patch.taxonomy);
      set("classifier", patch.classifier);
      set("classifier_report", patch.classifier_report);
      set("trained_ms", patch.trained_ms);
      params.emplace_back(org.value);
      return One<TextSettings>(
          c.Query(fmt::format("UPDATE text_settings SET {} WHERE org_id = ? RETURNING {}", sets,
                              kTextSettings.columns),
                  params),
          kTextSettings.map, "organisation");
    });
  }

  Result<std::vector<std::pair<OrgId, int64_t>>> ListTextRevisions() override {
    return All<std::pair<OrgId, int64_t>>(
        kit_.Query("SELECT org_id, revision FROM text_settings ORDER BY org_id", {}),
        [](const Row& r) { return std::pair(OrgId{r.Int(0)}, r.Int(1)); });
  }

  // --- comment tags ---

  Result<void> SetCommentTags(OrgId org, int64_t response_id, std::string_view question_id,
                              const std::vector<std::string>& labels, std::optional<UserId> by,
                              int64_t now_ms) override {
    return kit_.Run(true, [&](Connection& c) -> Result<void> {
      TRY(ResponseOfOrganisation(c, org, response_id));
      TRY(c.Execute(
          "DELETE FROM comment_tags WHERE org_id = ? AND response_id = ? AND question_id = ?",
          {org.value, response_id, std::string(question_id)}));
      return AddCommentTags(c, org, response_id, question_id, labels, by, now_ms);
    });
  }

  Result<void> ChangeCommentTags(OrgId org, int64_t response_id, std::string_view question_id,
                                 const std::vector<std::string>& add,
                                 const std::vector<std::string>& remove, std::optional<UserId> by,
                                 int64_t now_ms) override {
    return kit_.Run(true, [&](Connection& c) -> Result<void> {
      TRY(ResponseOfOrganisation(c, org, response_id));
      for (const std::string& label : remove) {
        TRY(
            c.Execute("DELETE FROM comment_tags WHERE org_id = ? AND response_id = ? AND "
                      "question_id = ? AND label = ?",
                      {org.value, response_id, std::string(question_id), label}));
      }
      return AddCommentTags(c, org, response_id, question_id, add, by, now_ms);
    });
  }

  Result<std::vector<CommentTag>> ListCommentTags(
      OrgId org, const std::vector<int64_t>& response_ids) override {
    constexpr size_t kMaxIds = 1000;
    if (response_ids.size() > kMaxIds)
      return Fail(Error::InvalidArgument("at most 1000 responses at a time", "response_ids"));
    Params params = {org.value};
    std::string where = "org_id = ?";
    if (!response_ids.empty()) {
      where += fmt::format(" AND response_id IN ({})", Placeholders(response_ids.size()));
      params.insert(params.end(), response_ids.begin(), response_ids.end());
    }
    return All<CommentTag>(
        kit_.Query(fmt::format("SELECT response_id, question_id, label, tagged_by, tagged_ms "
                               "FROM comment_tags WHERE {} ORDER BY response_id, question_id, "
                               "label",
                               where),
                   params),
        [&](const Row& r) {
          CommentTag t{.org_id = org,
                       .response_id = r.Int(0),
                       .question_id = r.Text(1),
                       .label = r.Text(2),
                       .tagged_ms = r.Int(4)};
          if (auto by = r.OptInt(3)) t.tagged_by = UserId{*by};
          return t;
        });
  }

 private:
  Kit kit_;
};

}  // namespace

std::unique_ptr<TextStore> NewTextArea(Kit kit) { return std::make_unique<SqlText>(kit); }

}  // namespace nazar::sql
