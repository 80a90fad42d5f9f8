// The call-centre area over SQL: the numbering default and the agents' names (migration 16).
#include <string>

#include "store/sql_kit.h"

namespace nazar::sql {
namespace {

constexpr std::string_view kAgentCols = "org_id, member, agent_id, name, updated_ms";
AgentName AgentFrom(const Row& r) {
  return {.org_id = OrgId{r.Int(0)},
          .member = r.Text(1),
          .agent_id = r.Text(2),
          .name = r.Text(3),
          .updated_ms = r.Int(4)};
}
const Table<AgentName> kAgents{"agent_names", kAgentCols, AgentFrom, "agent"};

class SqlCallCentre final : public CallCentreStore {
 public:
  explicit SqlCallCentre(Kit kit) : kit_(kit) {}

  Result<std::optional<CallCentreSettings>> GetSettings(OrgId org) override {
    TRY_ASSIGN(Rows rows, kit_.Query("SELECT default_country, updated_ms FROM call_centre_settings "
                                     "WHERE org_id = ?",
                                     {org.value}));
    if (rows.empty()) return std::optional<CallCentreSettings>();
    return std::optional<CallCentreSettings>(CallCentreSettings{
        .org_id = org, .default_country = rows.front().Text(0), .updated_ms = rows.front().Int(1)});
  }

  Result<CallCentreSettings> PutSettings(const CallCentreSettings& s) override {
    TRY(ParentMissingIsNotFound(
        kit_.Execute("INSERT INTO call_centre_settings (org_id, default_country, updated_ms) "
                     "VALUES (?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET default_country = "
                     "excluded.default_country, updated_ms = excluded.updated_ms",
                     {s.org_id.value, s.default_country, s.updated_ms}),
        "organisation"));
    return s;
  }

  Result<AgentName> PutAgent(const AgentName& a) override {
    return One<AgentName>(
        ParentMissingIsNotFound(
            kit_.Query(fmt::format("INSERT INTO agent_names ({0}) VALUES (?, ?, ?, ?, ?) "
                                   "ON CONFLICT (org_id, member) DO UPDATE SET agent_id = "
                                   "excluded.agent_id, name = excluded.name, updated_ms = "
                                   "excluded.updated_ms RETURNING {0}",
                                   kAgentCols),
                       {a.org_id.value, a.member, a.agent_id,
                        a.name.empty() ? std::string("{}") : a.name, a.updated_ms}),
            "organisation"),
        kAgents.map, "agent");
  }

  Result<std::vector<AgentName>> ListAgents(OrgId org) override {
    return kit_.List(kAgents, "org_id = ? ORDER BY member", {org.value});
  }

  Result<void> DeleteAgent(OrgId org, std::string_view member) override {
    return OneChanged(kit_.Execute("DELETE FROM agent_names WHERE org_id = ? AND member = ?",
                                   {org.value, std::string(member)}),
                      "agent");
  }

 private:
  Kit kit_;
};

}  // namespace

std::unique_ptr<CallCentreStore> NewCallCentreArea(Kit kit) {
  return std::make_unique<SqlCallCentre>(kit);
}

}  // namespace nazar::sql
