#include "webhooks/signature.h"

#include <fmt/format.h>

#include "core/crypto.h"

namespace nazar::webhooks {
namespace {

constexpr size_t kNewSecretBytes = 32;
constexpr std::string_view kSchemeV1 = "v1,";

}  // namespace

std::string NewSecret() {
  return std::string(kSecretPrefix) + Base64Encode(RandomBytes(kNewSecretBytes));
}

Result<std::string> SecretKey(std::string_view secret, std::string_view field) {
  if (secret.starts_with(kSecretPrefix)) secret.remove_prefix(kSecretPrefix.size());
  std::string key;
  if (!Base64Decode(secret, key))
    return Fail(Error::InvalidArgument(
        fmt::format("{} must be \"whsec_\" followed by base64", field), std::string(field)));
  if (key.size() < kMinSecretBytes || key.size() > kMaxSecretBytes)
    return Fail(Error::InvalidArgument(
        fmt::format("{} must hold {} to {} bytes (it holds {})", field, kMinSecretBytes,
                    kMaxSecretBytes, key.size()),
        std::string(field)));
  return key;
}

std::string SignedContent(std::string_view id, int64_t timestamp_s, std::string_view body) {
  return fmt::format("{}.{}.{}", id, timestamp_s, body);
}

std::string Sign(std::string_view key, std::string_view id, int64_t timestamp_s,
                 std::string_view body) {
  return std::string(kSchemeV1) +
         Base64Encode(HmacSha256(key, SignedContent(id, timestamp_s, body)));
}

std::string SignatureHeader(const std::vector<std::string>& keys, std::string_view id,
                            int64_t timestamp_s, std::string_view body) {
  std::string header;
  for (const std::string& key : keys) {
    if (!header.empty()) header += ' ';
    header += Sign(key, id, timestamp_s, body);
  }
  return header;
}

bool Verify(std::string_view key, std::string_view header, std::string_view id,
            int64_t timestamp_s, std::string_view body, int64_t now_s, int64_t tolerance_s) {
  if (timestamp_s < now_s - tolerance_s || timestamp_s > now_s + tolerance_s) return false;
  const std::string expected = Sign(key, id, timestamp_s, body);
  bool matched = false;
  size_t start = 0;
  while (start <= header.size()) {
    size_t end = header.find(' ', start);
    if (end == std::string_view::npos) end = header.size();
    std::string_view one = header.substr(start, end - start);
    // Every candidate is compared, so the time taken does not say which one matched.
    if (one.starts_with(kSchemeV1) && ConstantTimeEquals(one, expected)) matched = true;
    start = end + 1;
  }
  return matched;
}

}  // namespace nazar::webhooks
