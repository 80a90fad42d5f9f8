// The SLA clocks' alarms: a case whose first-response or resolution clock reaches its
// warning, or breaches, gets that written in its history ("sla_warning", "sla_breach", with
// the target) once, and the people told: the owner (in the app and by e-mail), and on a
// breach also the organisation's escalation contact (act settings "escalate_to": a member;
// by default the organisation's owners and admins when the case has no owner).
//
// Once per case, target and kind even with several nodes sweeping: the event is written in
// the same transaction as a version bump of the case, from the version read, so a second
// sweeper's write conflicts and is dropped.
#pragma once

#include <cstdint>

#include "act/settings.h"
#include "core/clock.h"
#include "store/store.h"

namespace nazar::act {

// Sweeps the open cases of `org`; returns how many alarms were raised.
Result<int64_t> SweepSla(Store& store, ActSettingsService& settings, const Clock& clock, OrgId org);

// Sweeps every organisation (the server runs it every minute); errors of one organisation
// are logged and do not stop the others.
Result<int64_t> SweepSlaEverywhere(Store& store, ActSettingsService& settings, const Clock& clock);

}  // namespace nazar::act
