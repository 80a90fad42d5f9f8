// A member's digest: what they should know since the last one, composed from the store and
// written as an e-mail in their language.
//
// Contract:
// - KPIs: the CX program's scorecard (act/program.h), for those who read cases (managers and
//   analysts; agents' digests are about their own cases).
// - Alerts: the alerts the member was told of in the app in [since_ms, until_ms) (the
//   notifications of kind "alert"), counted, the newest kDigestListed listed.
// - Cases: the member's own open cases (new, open, waiting) counted, and those whose SLA is at
//   its warning or breached, as of until_ms, most urgent first (breached before warning, then
//   the earlier due; a case at both its deadlines has two entries, read as one case), at most
//   kDigestListed; for those who manage cases also the open cases without an owner.
// - Empty: nothing to say (no KPI, no alert, no open case, nothing unassigned): not sent.
// - Rendering: the member's language ("fa" right-to-left with Persian digits, "en"); dates in
//   the organisation's calendar and time zone; every text from the store is escaped in HTML.
//
// Thread-safety: ComposeDigest reads the store; RenderDigest is pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "act/program.h"
#include "act/settings.h"
#include "store/store.h"

namespace nazar::act {

inline constexpr size_t kDigestListed = 10;

struct DigestAlert {
  Json title;  // a string or {"fa", "en"}
  std::optional<int64_t> case_id;
  int64_t at_ms = 0;
};

struct DigestCase {
  int64_t id = 0;
  std::string title;
  std::string priority;
  std::string target;  // "first_response" | "resolution"
  std::string state;   // "warning" | "breached"
  std::optional<int64_t> due_ms;
};

struct DigestKpi {
  std::string label;  // survey · METRIC · touchpoint
  KpiLine line;
};

struct Digest {
  std::string frequency;  // "daily" | "weekly" | "now" (asked for by hand)
  std::string locale = "en";
  std::string user_name;
  Organisation org;
  int64_t since_ms = 0;
  int64_t until_ms = 0;
  bool shows_kpis = false;
  std::vector<DigestKpi> kpis;
  int64_t alerts = 0;
  std::vector<DigestAlert> newest_alerts;
  int64_t open_cases = 0;
  std::vector<DigestCase> near_breach;  // most urgent first
  std::optional<int64_t> unassigned;    // for those who manage cases

  bool empty() const {
    return kpis.empty() && alerts == 0 && open_cases == 0 && unassigned.value_or(0) == 0;
  }
};
Json ToJson(const Digest& digest);

struct DigestRequest {
  OrgId org;
  UserId user;
  std::string frequency;
  int64_t since_ms = 0;
  int64_t until_ms = 0;
};

Result<Digest> ComposeDigest(Store& store, CxProgramService& program, ActSettingsService& settings,
                             const DigestRequest& request);

struct DigestText {
  std::string subject;
  std::string text;
  std::string html;
};
// `app_url`: where links point (may be empty: no links).
DigestText RenderDigest(const Digest& digest, std::string_view app_url);

}  // namespace nazar::act
