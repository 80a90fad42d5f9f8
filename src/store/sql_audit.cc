// The audit area over SQL: the log of administrative actions.
#include <climits>
#include <string>

#include "store/sql_kit.h"

namespace nazar::sql {
namespace {

class SqlAudit final : public AuditStore {
 public:
  explicit SqlAudit(Kit kit) : kit_(kit) {}

  Result<int64_t> AppendAudit(const AuditEntry& e) override {
    return FirstInt(ParentMissingIsNotFound(
        kit_.Query("INSERT INTO audit_log (org_id, actor_user_id, actor_api_key_id, action, "
                   "target, details, ip, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   {e.org_id.value, OptId(e.actor_user_id), OptId(e.actor_api_key_id), e.action,
                    e.target, e.details.empty() ? std::string("{}") : e.details, e.ip, e.at_ms}),
        "organisation"));
  }

  Result<Page<AuditEntry>> ListAudit(OrgId org, PageRequest page) override {
    return kit_.ListPage(kAudit, "org_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                         {org.value, page.after.value_or(INT64_MAX)}, ClampLimit(page.limit));
  }

 private:
  Kit kit_;
};

}  // namespace

std::unique_ptr<AuditStore> NewAuditArea(Kit kit) { return std::make_unique<SqlAudit>(kit); }

}  // namespace nazar::sql
