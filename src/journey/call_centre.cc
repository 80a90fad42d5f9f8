#include "journey/call_centre.h"

#include <fmt/format.h>

#include <cctype>
#include <string>
#include <utility>

#include "accounts/audit.h"
#include "core/phone.h"
#include "core/try.h"
#include "journey/journeys_input.h"

namespace nazar::journey {

using namespace input;

namespace {
constexpr int kRekeyPage = 1000;
constexpr size_t kMaxMemberChars = 80;
constexpr size_t kMaxAgentIdChars = 200;
constexpr size_t kMaxNameBytes = 400;
}  // namespace

Result<std::string> DefaultCountryOf(Store& store, OrgId org) {
  TRY_ASSIGN(const auto saved, store.call_centre().GetSettings(org));
  if (saved) return saved->default_country;
  TRY_ASSIGN(const Organisation o, store.accounts().GetOrganisation(org));
  return std::string(o.time_zone == "Asia/Tehran" ? "IR" : "");
}

Json ToJson(const CallCentreSettings& s) {
  return {{"default_country", s.default_country}, {"updated_at_ms", s.updated_ms}};
}

Json ToJson(const AgentName& a) {
  return {{"member", a.member},
          {"agent_id", a.agent_id},
          {"name", Localized(a.name)},
          {"updated_at_ms", a.updated_ms}};
}

Result<CallCentreSettings> CallCentre::Settings(OrgId org) {
  TRY_ASSIGN(const auto saved, store_.call_centre().GetSettings(org));
  if (saved) return *saved;
  TRY_ASSIGN(std::string country, DefaultCountryOf(store_, org));
  return CallCentreSettings{.org_id = org, .default_country = std::move(country)};
}

Result<CallCentreSettings> CallCentre::SaveSettings(const Actor& actor, const OrgAccess& access,
                                                    std::string country) {
  for (char& c : country) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!country.empty() && !CountryPlanOf(country))
    return Fail(Error::InvalidArgument(
        "default_country must be an ISO 3166 code Nazar knows the numbering of (IR, US, CA, GB, "
        "DE, FR, TR, AE, IQ, AF, AZ, AM) or empty",
        "default_country"));
  CallCentreSettings s{
      .org_id = access.org, .default_country = country, .updated_ms = clock_.NowMs()};
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY(tx.call_centre().PutSettings(s));
    std::vector<std::pair<int64_t, std::string>> changed;
    TRY(ForEachListed(
        ContactQuery{.limit = kRekeyPage},
        [&](const ContactQuery& q) { return tx.journeys().ListContacts(access.org, q); },
        [&](const Contact& c) {
          std::string key = c.phone.empty() ? std::string() : PhoneKey(c.phone, country);
          if (key != c.phone_key) changed.emplace_back(c.id, std::move(key));
        }));
    TRY(tx.journeys().SetPhoneKeys(access.org, changed));
    return WriteAudit(tx.audit(), actor, access.org, "call_centre.settings", "call_centre",
                      {{"default_country", country}, {"contacts_rekeyed", changed.size()}},
                      clock_.NowMs());
  }));
  return s;
}

Result<AgentName> CallCentre::PutAgent(const Actor& actor, const OrgAccess& access, AgentName a) {
  TRY_ASSIGN(a.member, ShortText(a.member, "", "member", kMaxMemberChars, true));
  TRY_ASSIGN(a.agent_id, ShortText(a.agent_id, "", "agent_id", kMaxAgentIdChars, true));
  if (a.name.size() > kMaxNameBytes)
    return Fail(
        Error::InvalidArgument("name has fa and en texts of at most 200 characters", "name"));
  a.org_id = access.org;
  a.updated_ms = clock_.NowMs();
  AgentName out;
  TRY(store_.Transact([&](Store& tx) -> Result<void> {
    TRY_ASSIGN(out, tx.call_centre().PutAgent(a));
    return WriteAudit(tx.audit(), actor, access.org, "agent.put", "agent:" + a.member, ToJson(out),
                      clock_.NowMs());
  }));
  return out;
}

Result<void> CallCentre::DeleteAgent(const Actor& actor, const OrgAccess& access,
                                     const std::string& member) {
  return store_.Transact([&](Store& tx) -> Result<void> {
    TRY(tx.call_centre().DeleteAgent(access.org, member));
    return WriteAudit(tx.audit(), actor, access.org, "agent.delete", "agent:" + member,
                      Json::object(), clock_.NowMs());
  });
}

}  // namespace nazar::journey
