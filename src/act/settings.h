// An organisation's act settings, as the service uses them: its working calendar (the SLA
// clock counts only working time), SLA targets per case priority, and case assignment
// rules (act/cases.h). Stored as JSON in the act area (ActSettings); read back through
// ParseActSettings, so what the store holds always passed the same checks.
//
// Defaults, for an organisation that never saved its own: the Iranian week and holidays
// (act/business_hours.h IranianCalendar) when its time zone is Asia/Tehran, else Monday to
// Friday 09:00-17:00 in its zone; targets in working hours, first response / resolution:
// urgent 1 / 8, high 4 / 16, normal 8 / 40, low 16 / 80; warning at 80%; no assignment.
//
// Thread-safety: safe to share; the parsed settings of each organisation are cached and
// reloaded when their updated_ms (or, for defaults, the organisation's time zone) moves.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "accounts/accounts.h"
#include "act/business_hours.h"
#include "act/case_flow.h"
#include "act/sla.h"
#include "core/json.h"
#include "store/store.h"

namespace nazar::act {

struct PrioritySla {
  int64_t first_response_minutes = 0;  // working minutes
  int64_t resolution_minutes = 0;
};

struct ActConfig {
  BusinessCalendar calendar;
  std::array<PrioritySla, 4> sla;  // by CasePriority
  double warn_fraction = 0.8;
  Json assignment = Json::object();
  // Who hears of every breach besides the owner; unset: the owners and admins, for cases
  // without an owner (act/sla_sweep.h).
  std::optional<UserId> escalate_to;
  bool saved = false;  // false: the defaults
};

ActConfig DefaultActConfig(std::string_view time_zone);

// {"calendar", "sla": {"urgent": {"first_response_minutes", "resolution_minutes"}, …},
//  "warn_at"?: 0.5..0.99, "assignment"?: {"rules": [...], "default": [ids]},
//  "escalate_to"?: a member's id or null}; errors name
// the field ("calendar.week.thu[0].end", "sla.high.resolution_minutes",
// "assignment.rules[1].users").
Result<ActConfig> ParseActSettings(const Json& body, const ActConfig& defaults);
Json ToJson(const ActConfig& config);
// The store's record of `config` (what ActSettingsService::Get reads back).
ActSettings StoredActSettings(OrgId org, const ActConfig& config, int64_t now_ms);

// A case's two SLA targets as they stand at now_ms (pauses while it waited on the customer,
// read from its history).
struct CaseSla {
  SlaStatus first_response;
  SlaStatus resolution;
};
CaseSla EvaluateCaseSla(const BusinessClock& clock, const ActConfig& config, const Case& c,
                        const std::vector<CaseEvent>& history, int64_t now_ms);
Json ToJson(const CaseSla& sla);

class ActSettingsService {
 public:
  ActSettingsService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  struct Loaded {
    ActConfig config;
    BusinessClock clock;
  };
  Result<std::shared_ptr<const Loaded>> Get(OrgId org);
  // Checks members named in assignment; audited.
  Result<std::shared_ptr<const Loaded>> Put(const Actor& actor, const OrgAccess& access, const Json& body);

 private:
  Store& store_;
  const Clock& clock_;
  std::mutex mu_;
  struct Cached {
    int64_t updated_ms = 0;
    std::string zone;  // the organisation's, for defaults
    std::shared_ptr<const Loaded> loaded;
  };
  std::map<int64_t, Cached> cache_;
};

}  // namespace nazar::act
