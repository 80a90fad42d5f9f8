#include "core/phone.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/jalali.h"

namespace nazar {
namespace {

constexpr std::array<CountryPlan, 12> kPlans{{
    {"IR", "98", 10, '0', "9"},
    {"US", "1", 10, '1', ""},
    {"CA", "1", 10, '1', ""},
    {"GB", "44", 10, '0', "7"},
    {"DE", "49", 0, '0', "1"},
    {"FR", "33", 9, '0', ""},
    {"TR", "90", 10, '0', "5"},
    {"AE", "971", 0, '0', "5"},
    {"IQ", "964", 0, '0', "7"},
    {"AF", "93", 9, '0', "7"},
    {"AZ", "994", 9, '0', ""},
    {"AM", "374", 8, '0', ""},
}};

constexpr size_t kMaxE164Digits = 15;
constexpr size_t kMinE164Digits = 7;
constexpr size_t kMinNationalDigits = 6;
constexpr size_t kMaxNationalDigits = 13;

bool AllDigits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// The UTF-8 sequences a copied number carries that are not part of it: no-break space,
// zero-width (non-)joiner and space, left-to-right and right-to-left marks, embeddings.
constexpr std::array<std::string_view, 11> kInvisible{
    "\xC2\xA0",     "\xE2\x80\x8B", "\xE2\x80\x8C", "\xE2\x80\x8D", "\xE2\x80\x8E", "\xE2\x80\x8F",
    "\xE2\x80\xAA", "\xE2\x80\xAB", "\xE2\x80\xAC", "\xE2\x80\xAD", "\xE2\x80\xAE"};

}  // namespace

std::optional<CountryPlan> CountryPlanOf(std::string_view iso) {
  if (iso.size() != 2) return std::nullopt;
  for (const CountryPlan& p : kPlans)
    if (std::toupper(static_cast<unsigned char>(iso[0])) == p.iso[0] &&
        std::toupper(static_cast<unsigned char>(iso[1])) == p.iso[1])
      return p;
  return std::nullopt;
}

std::string PhoneDigits(std::string_view phone) {
  std::string ascii = ToAsciiDigits(phone);
  std::string out;
  out.reserve(ascii.size());
  for (size_t i = 0; i < ascii.size();) {
    std::string_view rest = std::string_view(ascii).substr(i);
    auto mark = std::find_if(kInvisible.begin(), kInvisible.end(),
                             [&](std::string_view m) { return rest.starts_with(m); });
    if (mark != kInvisible.end()) {
      i += mark->size();
      continue;
    }
    char c = ascii[i++];
    if (c == ' ' || c == '\t' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')') continue;
    if (c == '+' && !out.empty()) {
      out.push_back(c);  // a '+' inside the number: left for the caller to refuse
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::optional<std::string> ToE164(std::string_view phone, std::string_view default_country) {
  std::string d = PhoneDigits(phone);
  bool international = false;
  if (d.starts_with('+')) {
    d.erase(0, 1);
    international = true;
  } else if (d.starts_with("00")) {
    d.erase(0, 2);
    international = true;
  }
  if (!AllDigits(d)) return std::nullopt;
  if (international) {
    // "+98 (0)912…": the trunk prefix written after the country code.
    for (const CountryPlan& p : kPlans) {
      if (p.trunk_prefix != '0' || !d.starts_with(p.calling_code)) continue;
      size_t after = p.calling_code.size();
      if (d.size() > after && d[after] == '0' &&
          (p.national_digits == 0 ||
           d.size() - after - 1 == static_cast<size_t>(p.national_digits)))
        d.erase(after, 1);
      break;
    }
    if (d.size() < kMinE164Digits || d.size() > kMaxE164Digits || d[0] == '0') return std::nullopt;
    return "+" + d;
  }
  auto plan = CountryPlanOf(default_country);
  if (!plan) return std::nullopt;
  const std::string_view cc = plan->calling_code;
  if (plan->national_digits > 0) {
    const size_t n = static_cast<size_t>(plan->national_digits);
    if (d.size() == n + 1 && d[0] == plan->trunk_prefix) {
      d.erase(0, 1);
    } else if (d.size() == n + cc.size() && d.starts_with(cc)) {
      d.erase(0, cc.size());  // the country code without its '+'
    }
    if (d.size() != n) return std::nullopt;
  } else {
    if (d.starts_with(plan->trunk_prefix)) d.erase(0, 1);
    if (d.size() < kMinNationalDigits || d.size() > kMaxNationalDigits) return std::nullopt;
  }
  if (d[0] == '0' || cc.size() + d.size() > kMaxE164Digits) return std::nullopt;
  return "+" + std::string(cc) + d;
}

std::string PhoneKey(std::string_view phone, std::string_view default_country) {
  if (auto e164 = ToE164(phone, default_country)) return *e164;
  return PhoneDigits(phone);
}

bool IsMobileNumber(std::string_view e164) {
  if (!e164.starts_with('+')) return true;
  std::string_view digits = e164.substr(1);
  const CountryPlan* best = nullptr;
  for (const CountryPlan& p : kPlans)
    if (digits.starts_with(p.calling_code) &&
        (!best || p.calling_code.size() > best->calling_code.size()))
      best = &p;
  if (!best || best->mobile_prefix.empty()) return true;
  return digits.substr(best->calling_code.size()).starts_with(best->mobile_prefix);
}

}  // namespace nazar
