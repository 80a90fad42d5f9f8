#include "act/root_causes.h"

#include <fmt/format.h>

#include "accounts/audit.h"
#include "core/time.h"
#include "core/try.h"

namespace nazar::act {
namespace {

bool IsKey(std::string_view s) {
  if (s.empty() || s.size() > 64 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace

RootCauseInput ReadRootCauseInput(JsonObjectReader& r) {
  RootCauseInput in;
  in.key = r.OptionalString("key", {.max_chars = 64}).value_or("");
  if (!in.key.empty() && !IsKey(in.key))
    r.Reject("key", "key is lower-case letters, digits and _, starting with a letter");
  if (const Json* name = r.OptionalValue("name")) {
    bool ok = name->is_object() && !name->empty();
    if (ok) {
      for (auto it = name->begin(); it != name->end(); ++it) {
        const Json& text = it.value();
        if ((it.key() != "fa" && it.key() != "en") || !text.is_string() ||
            text.get_ref<const std::string&>().empty() || Utf8Length(text.get_ref<const std::string&>()) > 120)
          ok = false;
      }
    }
    if (ok) in.name = *name;
    else r.Reject("name", "name is {\"fa\", \"en\"}: one or both, each 1 to 120 characters");
  } else {
    r.Reject("name", "name is required");
  }
  if (const Json* at = r.OptionalValue("points_at")) {
    bool ok = at->is_object();
    if (ok) {
      for (auto it = at->begin(); it != at->end(); ++it) {
        const Json& v = it.value();
        if ((it.key() != "driver" && it.key() != "topic" && it.key() != "touchpoint") || !v.is_string() ||
            v.get_ref<const std::string&>().empty() || v.get_ref<const std::string&>().size() > 200)
          ok = false;
      }
    }
    if (ok) in.points_at = *at;
    else r.Reject("points_at", "points_at is {\"driver\"?, \"topic\"?, \"touchpoint\"?}, each a key");
  }
  in.active = r.OptionalBool("active").value_or(true);
  return in;
}

Json ToJson(const RootCause& c) {
  return {{"id", c.id},
          {"key", c.key},
          {"name", Json::parse(c.name, nullptr, false)},
          {"points_at", Json::parse(c.points_at, nullptr, false)},
          {"active", c.active},
          {"created_at", FormatIsoUtc(c.created_ms)}};
}

Result<RootCause> SaveRootCause(Store& store, const Clock& clock, const Actor& actor,
                                const OrgAccess& access, std::optional<int64_t> id,
                                const RootCauseInput& in) {
  if (!id && in.key.empty()) return Fail(Error::InvalidArgument("key is required", "key"));
  RootCause saved;
  TRY(store.Transact([&](Store& tx) -> Result<void> {
    RootCause c{.org_id = access.org, .name = in.name.dump(), .key = in.key,
                .points_at = in.points_at.dump(), .active = in.active, .created_ms = clock.NowMs()};
    if (id) {
      c.id = *id;
      TRY_ASSIGN(saved, tx.act().UpdateRootCause(access.org, c));
    } else {
      TRY_ASSIGN(saved, tx.act().CreateRootCause(c));
    }
    return WriteAudit(tx.audit(), actor, access.org, id ? "root_cause.update" : "root_cause.create",
                      fmt::format("root_cause:{}", saved.id), ToJson(saved), clock.NowMs());
  }));
  return saved;
}

}  // namespace nazar::act
