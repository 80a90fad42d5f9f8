// The preferences area over SQL: each member's calendar and digits in an organisation. Its
// table is its own (migration 21).
#include <string>

#include "store/sql_kit.h"

namespace nazar::sql {
namespace {

Value OptText(std::optional<std::string_view> text) {
  return text ? Value(std::string(*text)) : Value(std::monostate{});
}

MemberPreferences PreferencesFrom(const Row& r) {
  MemberPreferences p{.org_id = OrgId{r.Int(0)}, .user_id = UserId{r.Int(1)}, .updated_ms = r.Int(4)};
  if (!r.IsNull(2)) p.calendar = ParseCalendar(r.Text(2));
  if (!r.IsNull(3)) p.digits = ParseDigits(r.Text(3));
  return p;
}
const Table<MemberPreferences> kPreferences{"member_preferences",
                                            "org_id, user_id, calendar, digits, updated_ms",
                                            PreferencesFrom, "preferences"};

class SqlPreferences final : public PreferencesStore {
 public:
  explicit SqlPreferences(Kit kit) : kit_(kit) {}

  Result<std::optional<MemberPreferences>> GetPreferences(OrgId org, UserId user) override {
    auto got = kit_.Get(kPreferences, "org_id = ? AND user_id = ?", {org.value, user.value});
    if (!got && got.error().code == ErrorCode::kNotFound) return std::optional<MemberPreferences>();
    TRY_ASSIGN(MemberPreferences prefs, std::move(got));
    return std::optional<MemberPreferences>(std::move(prefs));
  }

  Result<void> PutPreferences(const MemberPreferences& p) override {
    if (!p.calendar && !p.digits) {
      return Done(kit_.Execute("DELETE FROM member_preferences WHERE org_id = ? AND user_id = ?",
                               {p.org_id.value, p.user_id.value}));
    }
    auto calendar = p.calendar ? std::optional<std::string_view>(ToString(*p.calendar)) : std::nullopt;
    auto digits = p.digits ? std::optional<std::string_view>(ToString(*p.digits)) : std::nullopt;
    return Done(ParentMissingIsNotFound(
        kit_.Execute("INSERT INTO member_preferences (org_id, user_id, calendar, digits, updated_ms) "
                     "VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_id, user_id) DO UPDATE SET "
                     "calendar = excluded.calendar, digits = excluded.digits, "
                     "updated_ms = excluded.updated_ms",
                     {p.org_id.value, p.user_id.value, OptText(calendar), OptText(digits), p.updated_ms}),
        "organisation or user"));
  }

  Result<std::vector<MemberPreferences>> ListPreferencesOfUser(UserId user) override {
    return kit_.List(kPreferences, "user_id = ? ORDER BY org_id", {user.value});
  }

 private:
  Kit kit_;
};

}  // namespace

std::unique_ptr<PreferencesStore> NewPreferencesArea(Kit kit) {
  return std::make_unique<SqlPreferences>(kit);
}

}  // namespace nazar::sql
