#include "webhooks/address.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace nazar::webhooks {
namespace {

using V4 = uint32_t;
using V6 = std::array<uint8_t, 16>;

struct V4Range {
  V4 base;
  int bits;
  AddressKind kind;
};

constexpr V4 Ip4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  return (V4{a} << 24) | (V4{b} << 16) | (V4{c} << 8) | V4{d};
}

// Most specific first: the metadata address is inside link-local.
constexpr std::array<V4Range, 17> kV4Ranges{{
    {Ip4(169, 254, 169, 254), 32, AddressKind::kMetadata},
    {Ip4(127, 0, 0, 0), 8, AddressKind::kLoopback},
    {Ip4(10, 0, 0, 0), 8, AddressKind::kPrivate},
    {Ip4(172, 16, 0, 0), 12, AddressKind::kPrivate},
    {Ip4(192, 168, 0, 0), 16, AddressKind::kPrivate},
    {Ip4(100, 64, 0, 0), 10, AddressKind::kPrivate},
    {Ip4(169, 254, 0, 0), 16, AddressKind::kLinkLocal},
    {Ip4(0, 0, 0, 0), 8, AddressKind::kUnspecified},
    {Ip4(224, 0, 0, 0), 4, AddressKind::kReserved},
    {Ip4(240, 0, 0, 0), 4, AddressKind::kReserved},  // with 255.255.255.255
    {Ip4(192, 0, 0, 0), 24, AddressKind::kReserved},
    {Ip4(192, 0, 2, 0), 24, AddressKind::kReserved},
    {Ip4(198, 18, 0, 0), 15, AddressKind::kReserved},
    {Ip4(198, 51, 100, 0), 24, AddressKind::kReserved},
    {Ip4(203, 0, 113, 0), 24, AddressKind::kReserved},
    {Ip4(192, 88, 99, 0), 24, AddressKind::kReserved},
    {Ip4(255, 255, 255, 255), 32, AddressKind::kReserved},
}};

AddressKind ClassifyV4(V4 ip) {
  for (const V4Range& r : kV4Ranges) {
    const V4 mask = r.bits == 0 ? 0 : ~V4{0} << (32 - r.bits);
    if ((ip & mask) == (r.base & mask)) return r.kind;
  }
  return AddressKind::kPublic;
}

bool PrefixIs(const V6& ip, std::initializer_list<uint8_t> prefix) {
  return std::equal(prefix.begin(), prefix.end(), ip.begin());
}

V4 TailV4(const V6& ip) { return Ip4(ip[12], ip[13], ip[14], ip[15]); }

AddressKind ClassifyV6(const V6& ip) {
  const bool first_ten_zero = std::all_of(ip.begin(), ip.begin() + 10, [](uint8_t b) { return b == 0; });
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated) carry an IPv4 address.
  if (first_ten_zero && ip[10] == 0xff && ip[11] == 0xff) return ClassifyV4(TailV4(ip));
  if (first_ten_zero && ip[10] == 0 && ip[11] == 0) {
    const V4 tail = TailV4(ip);
    if (tail == 0) return AddressKind::kUnspecified;
    if (tail == 1) return AddressKind::kLoopback;
    return ClassifyV4(tail);
  }
  // 64:ff9b::/96: NAT64 reaches the IPv4 address it carries.
  if (PrefixIs(ip, {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0})) return ClassifyV4(TailV4(ip));
  // fd00:ec2::254, the metadata service's IPv6 address.
  if (ip == V6{0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54})
    return AddressKind::kMetadata;
  if ((ip[0] & 0xfe) == 0xfc) return AddressKind::kPrivate;                       // fc00::/7
  if (ip[0] == 0xfe && (ip[1] & 0xc0) == 0x80) return AddressKind::kLinkLocal;  // fe80::/10
  if (ip[0] == 0xfe && (ip[1] & 0xc0) == 0xc0) return AddressKind::kPrivate;    // fec0::/10
  if (ip[0] == 0xff) return AddressKind::kReserved;                               // multicast
  if (PrefixIs(ip, {0x20, 0x01, 0x0d, 0xb8})) return AddressKind::kReserved;      // documentation
  return AddressKind::kPublic;
}

Error BadUrl(std::string_view field, std::string_view why) {
  return Error::InvalidArgument(fmt::format("{} {}", field, why), std::string(field));
}

bool HostNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

}  // namespace

std::string_view ToString(AddressKind kind) {
  switch (kind) {
    case AddressKind::kPublic: return "public";
    case AddressKind::kLoopback: return "loopback";
    case AddressKind::kPrivate: return "private";
    case AddressKind::kLinkLocal: return "link-local";
    case AddressKind::kMetadata: return "metadata";
    case AddressKind::kUnspecified: return "unspecified";
    case AddressKind::kReserved: return "reserved";
  }
  return "reserved";
}

std::optional<AddressKind> ClassifyAddress(std::string_view ip) {
  if (ip.empty() || ip.size() > 45) return std::nullopt;
  const std::string text(ip);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return ClassifyV4(ntohl(v4.s_addr));
  V6 v6{};
  if (inet_pton(AF_INET6, text.c_str(), v6.data()) == 1) return ClassifyV6(v6);
  return std::nullopt;
}

Result<WebhookUrl> ParseWebhookUrl(std::string_view url, bool allow_private, std::string_view field) {
  if (url.empty()) return Fail(BadUrl(field, "is required"));
  if (url.size() > kMaxUrlBytes)
    return Fail(BadUrl(field, fmt::format("must be at most {} bytes", kMaxUrlBytes)));
  if (std::any_of(url.begin(), url.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f; }))
    return Fail(BadUrl(field, "must not hold spaces or control characters"));
  WebhookUrl out;
  const size_t colon = url.find("://");
  std::string scheme(url.substr(0, colon == std::string_view::npos ? 0 : colon));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), ::tolower);
  if (scheme != "http" && scheme != "https")
    return Fail(BadUrl(field, "must be an http:// or https:// URL"));
  out.scheme = scheme;
  std::string_view rest = url.substr(colon + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos)
    return Fail(BadUrl(field, "must not carry a user name or password"));
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return Fail(BadUrl(field, "has an unclosed [ in its host"));
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) return Fail(BadUrl(field, "has a malformed host"));
    if (!after.empty()) port = after.substr(1);
  } else if (const size_t c = authority.rfind(':'); c != std::string_view::npos) {
    host = authority.substr(0, c);
    port = authority.substr(c + 1);
  }
  if (host.empty()) return Fail(BadUrl(field, "has no host"));
  out.port = out.scheme == "https" ? 443 : 80;
  if (authority.ends_with(':')) return Fail(BadUrl(field, "has an empty port"));
  if (!authority.starts_with('[') && host.find(':') != std::string_view::npos)
    return Fail(BadUrl(field, "must put an IPv6 address in brackets"));
  if (!port.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535)
      return Fail(BadUrl(field, "has a port that is not 1 to 65535"));
    out.port = static_cast<uint16_t>(value);
  }
  out.host = std::string(host);
  std::transform(out.host.begin(), out.host.end(), out.host.begin(), ::tolower);
  auto kind = ClassifyAddress(out.host);
  out.host_is_address = kind.has_value();
  if (!kind) {
    if (authority.starts_with('[')) return Fail(BadUrl(field, "has a malformed IPv6 address"));
    if (!std::all_of(out.host.begin(), out.host.end(), HostNameChar) || out.host.size() > 253)
      return Fail(BadUrl(field, "has a malformed host name"));
  }
  if (!allow_private) {
    if (kind && *kind != AddressKind::kPublic)
      return Fail(BadUrl(field, fmt::format("points at a {} address, which webhooks may not reach",
                                            ToString(*kind))));
    if (out.host == "localhost" || out.host.ends_with(".localhost"))
      return Fail(BadUrl(field, "points at this server (localhost), which webhooks may not reach"));
  }
  return out;
}

}  // namespace nazar::webhooks
