// PRIVATE to accounts/: checks and helpers shared by its files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace nazar::accounts_internal {

// A person's or an organisation's name: 1..200 characters (InvalidArgument naming `field`).
Result<std::string> CheckName(std::string_view name, std::string_view field);

// An audit entry's target: "user:12", "apikey:3".
std::string Target(std::string_view kind, int64_t id);

}  // namespace nazar::accounts_internal
