// Phone numbers as one person's key: the forms a CRM, a gateway and Asterisk's caller id
// write for the same number ("09121110001", "9121110001", "+98 912 111 0001",
// "0098-912-111-0001", "۰۹۱۲۱۱۱۰۰۰۱") all become "+989121110001".
//
// Pure functions, no I/O; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace nazar {

// What Nazar knows of a country's numbering plan (ITU-T E.164 and the national plans).
struct CountryPlan {
  std::string_view iso;            // "IR"
  std::string_view calling_code;   // "98"
  int national_digits;             // length of a national significant number; 0: 6 to 13
  char trunk_prefix;               // dialled before a national number ('0'; '1' in NANP)
  std::string_view mobile_prefix;  // a mobile's national number starts with it ("9"); "": unknown
};

// The plan of an ISO 3166 alpha-2 code (upper or lower case), or nullopt for a country
// Nazar has no plan for. Known: IR, US, CA, GB, DE, FR, TR, AE, IQ, AF, AZ, AM.
std::optional<CountryPlan> CountryPlanOf(std::string_view iso);

// The digits of a written number: Persian and Arabic-Indic digits made ASCII; spaces
// (including no-break and zero-width), dashes, dots, slashes, parentheses and direction
// marks dropped; a leading '+' kept. Anything else left in place (so the caller can refuse).
std::string PhoneDigits(std::string_view phone);

// The E.164 form ("+989121110001") of a number written in any common form, with national
// numbers read in `default_country` (ISO alpha-2; empty: none):
//   "+98…" and "0098…"                 international (a trunk 0 after the code is dropped:
//                                      "+98 (0)912…")
//   "0912…", "912…", "021…", "21…"     national, in the default country
//   "98912…" (12 digits)               the default country's code without its '+'
// nullopt when the number cannot be placed: no default country for a national number, a
// national number of the wrong length (a landline without its area code), letters, or more
// than 15 digits.
std::optional<std::string> ToE164(std::string_view phone, std::string_view default_country);

// The key contacts are matched by: ToE164 when it places the number, else its digits
// (PhoneDigits), so two identical unplaceable forms still match; "" for no digits.
std::string PhoneKey(std::string_view phone, std::string_view default_country);

// Whether an E.164 number is a mobile in a plan Nazar knows ("+98912…" yes, "+9821…" no);
// true for a country whose mobile prefixes Nazar does not know (it may take an SMS).
bool IsMobileNumber(std::string_view e164);

}  // namespace nazar
