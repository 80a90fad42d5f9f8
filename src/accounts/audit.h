// The one way an administrative action is written to the audit log: by whom (the actor's
// user or API key, and address), in which organisation, what (an action such as
// "survey.publish"), to what (a target such as "survey:12"), with which details (JSON), when.
//
// Contract: the entry goes through `audit`, the audit area of the transaction making the
// change (`tx.audit()` inside Store::Transact), so the change and its entry land together
// or neither does. Details are written as JSON text; text in them that is not UTF-8 is
// replaced, never an exception.
#pragma once

#include <cstdint>
#include <string>

#include "accounts/accounts.h"
#include "core/error.h"
#include "core/json.h"
#include "store/audit_store.h"

namespace nazar {

Result<void> WriteAudit(AuditStore& audit, const Actor& actor, OrgId org, std::string action,
                        std::string target, const Json& details, int64_t at_ms);

}  // namespace nazar
