// How many billed parts an SMS text costs (3GPP TS 23.038 and 23.040). A text wholly in the
// GSM 7-bit default alphabet takes 160 septets in one part, 153 a part when concatenated
// (the header takes the rest); the extension characters ^ { } \ [ ] ~ | € and form feed take
// two septets. Any other character (Persian, most emoji) makes the whole text UCS-2: 70
// UTF-16 units in one part, 67 a part when concatenated; a character beyond the BMP takes two
// units. An escape pair or a surrogate pair is not split between parts here (counted as
// phones do, which may make a long text one part longer than this in rare cases).
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

namespace nazar::delivery {

enum class SmsEncoding { kGsm7, kUcs2 };
std::string_view ToString(SmsEncoding encoding);

struct SmsSegments {
  SmsEncoding encoding = SmsEncoding::kGsm7;
  int64_t units = 0;     // septets (GSM-7) or UTF-16 code units (UCS-2)
  int64_t parts = 0;     // billed parts; 0 for an empty text
  int64_t per_part = 0;  // units a part holds at this length (160/153 or 70/67)
};

// REQUIRES: `text` is valid UTF-8 (an invalid byte counts as one UCS-2 unit).
SmsSegments CountSmsSegments(std::string_view text);

}  // namespace nazar::delivery
