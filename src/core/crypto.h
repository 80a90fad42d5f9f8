// Small cryptographic helpers over OpenSSL: random tokens, SHA-256, base64url, and a
// constant-time comparison. Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace nazar {

// `bytes` cryptographically random bytes.
std::string RandomBytes(size_t bytes);

// `bytes` cryptographically random bytes, encoded as unpadded base64url.
// A 16-byte token carries 128 bits of entropy (session tokens).
std::string RandomToken(size_t bytes);

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Standard base64 with padding (RFC 4648 section 4), as MIME bodies and RFC 2047 words use.
std::string Base64Encode(std::string_view data);
std::string Base64UrlEncode(std::string_view data);
// Empty optional-like: returns false when `in` is not valid unpadded base64url.
bool Base64UrlDecode(std::string_view in, std::string& out);
// Standard base64 (RFC 4648 section 4), padded or not; false when `in` is anything else.
bool Base64Decode(std::string_view in, std::string& out);

// The raw 32-byte HMAC-SHA256 of `data` under `key` (RFC 2104).
std::string HmacSha256(std::string_view key, std::string_view data);

// Compares without leaking the position of the first difference through timing.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Secrets at rest (an SMTP password): AES-256-GCM under a 32-byte key with a fresh random
// 96-bit nonce, written as "sealed:v1:" + base64url(nonce || ciphertext || tag).
inline constexpr size_t kSecretKeyBytes = 32;
inline constexpr std::string_view kSealedPrefix = "sealed:v1:";
// REQUIRES: key.size() == kSecretKeyBytes.
std::string SealSecret(std::string_view key, std::string_view plaintext);
// The plaintext; false when `sealed` is not a sealed value, or the key is another, or the
// value was altered (GCM's tag does not match).
bool OpenSecret(std::string_view key, std::string_view sealed, std::string& plaintext);
inline bool IsSealed(std::string_view value) { return value.starts_with(kSealedPrefix); }

}  // namespace nazar
