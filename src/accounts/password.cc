#include "accounts/password.h"

#include <argon2.h>

#include <fmt/format.h>

#include "core/crypto.h"
#include "core/json.h"

namespace nazar {

namespace {
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;
}  // namespace

Result<void> CheckPasswordPolicy(std::string_view password) {
  size_t n = Utf8Length(password);
  if (n < kMinPasswordChars) {
    return Fail(Error::InvalidArgument(
        fmt::format("password must be at least {} characters", kMinPasswordChars), "password"));
  }
  if (n > kMaxPasswordChars) {
    return Fail(Error::InvalidArgument(
        fmt::format("password must be at most {} characters", kMaxPasswordChars), "password"));
  }
  return {};
}

Result<std::string> HashPassword(std::string_view password, const PasswordHashing& p) {
  std::string salt = RandomBytes(kSaltBytes);
  size_t len = argon2_encodedlen(p.time_cost, p.memory_kib, p.parallelism, kSaltBytes, kHashBytes,
                                 Argon2_id);
  std::string encoded(len, '\0');
  int rc = argon2id_hash_encoded(p.time_cost, p.memory_kib, p.parallelism, password.data(),
                                 password.size(), salt.data(), salt.size(), kHashBytes,
                                 encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    return Fail(Error::Internal(std::string("argon2id failed: ") + argon2_error_message(rc)));
  }
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool VerifyPassword(std::string_view encoded_hash, std::string_view password) {
  std::string encoded(encoded_hash);  // argon2 wants a NUL-terminated string
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace nazar
