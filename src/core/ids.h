// Strong identifiers, so an organisation id can never be passed where a user id is meant.
// Every store call about organisation data takes an OrgId first (DESIGN rule 3).
#pragma once

#include <compare>
#include <cstdint>

namespace nazar {

template <typename Tag>
struct Id {
  int64_t value = 0;
  constexpr auto operator<=>(const Id&) const = default;
  constexpr explicit operator bool() const { return value != 0; }
};

using OrgId = Id<struct OrgTag>;
using UserId = Id<struct UserTag>;
using ApiKeyId = Id<struct ApiKeyTag>;

}  // namespace nazar
