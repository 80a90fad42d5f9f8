// Checks shared by act's services on the members its inputs name (assignees, recipients,
// mentions, the escalation contact).
#pragma once

#include <cstdint>
#include <string>

#include "core/error.h"
#include "store/store.h"

namespace nazar::act {

// Success when `user` is a member of `org`; InvalidArgument naming `field` ("user 7 is not a
// member") when not; store errors as they come.
Result<void> CheckMember(Store& store, OrgId org, int64_t user, std::string field);

}  // namespace nazar::act
