// The preferences area of the store: how each member reads dates and numbers in one
// organisation (its calendar and digits), when they choose otherwise than the organisation
// (store.h has the rules every area keeps). An unset choice follows the organisation's
// setting; no row means both follow it.
#pragma once

#include <optional>
#include <vector>

#include "core/error.h"
#include "store/records.h"

namespace nazar {

struct MemberPreferences {
  OrgId org_id;
  UserId user_id;
  std::optional<Calendar> calendar;  // none: the organisation's
  std::optional<Digits> digits;      // none: the organisation's
  int64_t updated_ms = 0;
};

class PreferencesStore {
 public:
  virtual ~PreferencesStore() = default;

  // The member's choices in the organisation, or none.
  virtual Result<std::optional<MemberPreferences>> GetPreferences(OrgId org, UserId user) = 0;
  // Writes the member's choices (a row with neither choice set is removed instead). NotFound
  // for an unknown organisation or user.
  virtual Result<void> PutPreferences(const MemberPreferences& prefs) = 0;
  // The user's choices in every organisation that has a row, by organisation id (what the
  // session shows, in one query).
  virtual Result<std::vector<MemberPreferences>> ListPreferencesOfUser(UserId user) = 0;
};

}  // namespace nazar
