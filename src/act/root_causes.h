// The organisation's own list of root causes, which cases are closed against and action
// plans aim at: a key, a name in Persian and English, and what it points at (a key driver,
// a topic, a touchpoint). A cause in use is retired (active: false), never deleted.
#pragma once

#include <optional>
#include <string>

#include "accounts/accounts.h"
#include "core/clock.h"
#include "core/json.h"
#include "store/store.h"

namespace nazar::act {

// {"key", "name": {"fa"?, "en"?} (one at least), "points_at"?: {"driver"?, "topic"?,
// "touchpoint"?}, "active"?}; the key is fixed once created (an update ignores it).
struct RootCauseInput {
  std::string key;
  Json name = Json::object();
  Json points_at = Json::object();
  bool active = true;
};
RootCauseInput ReadRootCauseInput(JsonObjectReader& r);
Json ToJson(const RootCause& cause);

// Creates (no id) or updates a cause; audited.
Result<RootCause> SaveRootCause(Store& store, const Clock& clock, const Actor& actor,
                                const OrgAccess& access, std::optional<int64_t> id,
                                const RootCauseInput& input);

}  // namespace nazar::act
