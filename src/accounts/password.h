// Password hashing with argon2id at OWASP's recommended minimum (m=19 MiB, t=2, p=1),
// stored in the self-describing PHC string form ("$argon2id$v=19$m=19456,t=2,p=1$...").
//
// Thread-safe. Hashing costs ~20-60 ms of one core by design.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace nazar {

struct PasswordHashing {
  uint32_t time_cost = 2;         // iterations
  uint32_t memory_kib = 19456;    // 19 MiB
  uint32_t parallelism = 1;       // lanes
};

inline constexpr size_t kMinPasswordChars = 8;
inline constexpr size_t kMaxPasswordChars = 256;

// InvalidArgument naming "password" when too short or too long.
Result<void> CheckPasswordPolicy(std::string_view password);

Result<std::string> HashPassword(std::string_view password, const PasswordHashing& params = {});

// False for a wrong password or a malformed hash.
bool VerifyPassword(std::string_view encoded_hash, std::string_view password);

}  // namespace nazar
