// Where a webhook may be sent: the endpoint's URL checked and split, and every address it
// reaches classified, so that an organisation cannot make the server call into its own
// network (server-side request forgery). The sender (webhooks/sender.h) resolves the host at
// send time, refuses when any address it resolves to is not public, and pins the connection
// to the address it checked (no second lookup an attacker's DNS could answer differently).
//
// Not public (refused unless the operator allows private addresses):
//   loopback     127.0.0.0/8, ::1
//   private      10/8, 172.16/12, 192.168/16, 100.64/10 (carrier NAT), fc00::/7
//   link-local   169.254/16, fe80::/10
//   metadata     169.254.169.254, fd00:ec2::254 (cloud instance metadata; also link-local or
//                private, named apart because it is what an attacker wants)
//   unspecified  0.0.0.0/8, ::
//   reserved     multicast (224/4, ff00::/8), 240/4 and broadcast, 192.0.0/24, 192.0.2/24,
//                198.18/15, 198.51.100/24, 203.0.113/24, 2001:db8::/32 (documentation)
// IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) IPv6 addresses are the IPv4
// address they carry; NAT64 (64:ff9b::/96) likewise.
//
// Pure: parsing and arithmetic only, no lookups. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace nazar::webhooks {

enum class AddressKind {
  kPublic,
  kLoopback,
  kPrivate,
  kLinkLocal,
  kMetadata,
  kUnspecified,
  kReserved,
};
std::string_view ToString(AddressKind kind);

// The kind of a numeric IPv4 ("10.0.0.1") or IPv6 ("::1", "fe80::1", without brackets or
// zone) address; nullopt when `ip` is not one (a host name).
std::optional<AddressKind> ClassifyAddress(std::string_view ip);

// An endpoint URL, split.
struct WebhookUrl {
  std::string scheme;  // "http" or "https"
  std::string host;    // a name (lower-case) or an address (IPv6 without brackets)
  uint16_t port = 0;   // explicit, or the scheme's
  bool host_is_address = false;
};

inline constexpr size_t kMaxUrlBytes = 2000;

// Checks an endpoint URL: http or https, a host, an optional port, no user or password in
// it, no spaces or control characters, at most kMaxUrlBytes. With `allow_private` false a
// host that is a non-public address, or "localhost", is refused too (names are checked again
// when resolved at send time). InvalidArgument naming `field` otherwise.
Result<WebhookUrl> ParseWebhookUrl(std::string_view url, bool allow_private,
                                   std::string_view field = "url");

}  // namespace nazar::webhooks
