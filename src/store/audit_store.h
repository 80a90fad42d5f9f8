// The audit area of the store: the log of administrative actions (store.h has the rules
// every area keeps). Services write it through one function, accounts/audit.h's
// WriteAudit, with the audit area of the transaction that makes the change.
#pragma once

#include <cstdint>

#include "core/error.h"
#include "store/records.h"

namespace nazar {

class AuditStore {
 public:
  virtual ~AuditStore() = default;

  // The audit log of administrative actions, newest first.
  virtual Result<int64_t> AppendAudit(const AuditEntry& entry) = 0;
  virtual Result<Page<AuditEntry>> ListAudit(OrgId org, PageRequest page) = 0;
};

}  // namespace nazar
