// Standard Webhooks signing (https://www.standardwebhooks.com, symmetric scheme "v1"): what
// a receiver checks to know a message came from Nazar and was not altered or replayed.
//
// Per message attempt three headers go out:
//   webhook-id         the message's id ("msg_…"), the same on every retry: the receiver's
//                      idempotency key;
//   webhook-timestamp  the attempt's time, whole seconds since the epoch;
//   webhook-signature  "v1,<base64 of HMAC-SHA256(secret, "{id}.{timestamp}.{body}")>", one
//                      per secret in force, space-separated (two while a secret is rotated,
//                      so a receiver holding either verifies).
// A secret is shown to people as "whsec_" + base64 of its 24 to 64 random bytes; the HMAC
// key is those bytes (the base64 decoded), not the text.
//
// Pure: no I/O, no clock (times are passed in). Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace nazar::webhooks {

inline constexpr std::string_view kSecretPrefix = "whsec_";
inline constexpr size_t kMinSecretBytes = 24;
inline constexpr size_t kMaxSecretBytes = 64;
// Receivers should refuse timestamps further than this from their clock (the spec's advice).
inline constexpr int64_t kDefaultToleranceSeconds = 5 * 60;

// A new secret: "whsec_" + base64 of 32 random bytes.
std::string NewSecret();

// The key bytes of a "whsec_…" secret (the prefix may be left out, as the spec's libraries
// allow). InvalidArgument naming `field` when it is not base64 of 24 to 64 bytes.
Result<std::string> SecretKey(std::string_view secret, std::string_view field = "secret");

// "{id}.{timestamp}.{body}": the signed content.
std::string SignedContent(std::string_view id, int64_t timestamp_s, std::string_view body);

// "v1,<base64 HMAC-SHA256>" of one message under one key (SecretKey's bytes).
std::string Sign(std::string_view key, std::string_view id, int64_t timestamp_s,
                 std::string_view body);

// The webhook-signature header: one "v1," signature per key, space-separated, in order.
std::string SignatureHeader(const std::vector<std::string>& keys, std::string_view id,
                            int64_t timestamp_s, std::string_view body);

// A receiver's check: true when the timestamp is within `tolerance_s` of `now_s` and any
// "v1," signature of `header` matches under `key` (compared in constant time). Signatures of
// other schemes (v1a, v2) in the header are passed over.
bool Verify(std::string_view key, std::string_view header, std::string_view id,
            int64_t timestamp_s, std::string_view body, int64_t now_s,
            int64_t tolerance_s = kDefaultToleranceSeconds);

}  // namespace nazar::webhooks
