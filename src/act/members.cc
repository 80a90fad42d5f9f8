#include "act/members.h"

#include <fmt/format.h>

namespace nazar::act {

Result<void> CheckMember(Store& store, OrgId org, int64_t user, std::string field) {
  auto m = store.accounts().GetMember(org, UserId{user});
  if (m) return {};
  if (m.error().code == ErrorCode::kNotFound)
    return Fail(Error::InvalidArgument(fmt::format("user {} is not a member", user), std::move(field)));
  return Fail(m.error());
}

}  // namespace nazar::act
