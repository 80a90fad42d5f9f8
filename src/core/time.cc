#include "core/time.h"

#include <chrono>

#include <fmt/format.h>

namespace nazar {

namespace {

// "2026-11-22T09:30:00.125" of a wall-clock time given as milliseconds since 1970-01-01.
std::string FormatIsoWallTime(int64_t wall_ms) {
  using namespace std::chrono;
  sys_time<milliseconds> tp{milliseconds{wall_ms}};
  auto day = floor<days>(tp);
  year_month_day ymd{day};
  hh_mm_ss hms{tp - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count(),
                     hms.subseconds().count());
}

}  // namespace

std::string FormatIsoUtc(int64_t epoch_ms) { return FormatIsoWallTime(epoch_ms) + "Z"; }

std::string FormatIsoLocal(int64_t epoch_ms, int64_t offset_ms) {
  const int64_t minutes = (offset_ms < 0 ? -offset_ms : offset_ms) / 60'000;
  return fmt::format("{}{}{:02}:{:02}", FormatIsoWallTime(epoch_ms + offset_ms),
                     offset_ms < 0 ? '-' : '+', minutes / 60, minutes % 60);
}

namespace {

// Reads the fixed-width fields of a timestamp left to right.
class TimestampCursor {
 public:
  explicit TimestampCursor(std::string_view text) : text_(text) {}

  bool AtEnd() const { return i_ == text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[i_]; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++i_;
    return true;
  }
  // Exactly `width` decimal digits.
  bool Digits(int width, int& out) {
    if (text_.size() - i_ < static_cast<size_t>(width)) return false;
    out = 0;
    for (int k = 0; k < width; ++k) {
      char c = text_[i_ + k];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    i_ += width;
    return true;
  }
  // One or more digits read as a fraction of a second, in milliseconds (truncated).
  bool FractionMs(int& ms) {
    ms = 0;
    int digits = 0;
    for (; !AtEnd() && Peek() >= '0' && Peek() <= '9'; ++i_, ++digits) {
      if (digits < 3) ms = ms * 10 + (Peek() - '0');
    }
    for (int k = digits; k < 3; ++k) ms *= 10;
    return digits > 0;
  }

 private:
  std::string_view text_;
  size_t i_ = 0;
};

// The offset east of UTC in minutes: Z, +HH:MM, +HHMM, +HH (or '-'); 0 when absent.
bool ReadOffsetMinutes(TimestampCursor& in, int& minutes) {
  minutes = 0;
  if (in.AtEnd()) return true;
  if (in.Eat('Z') || in.Eat('z')) return true;
  int sign = in.Eat('+') ? 1 : in.Eat('-') ? -1 : 0;
  int hh = 0, mm = 0;
  if (sign == 0 || !in.Digits(2, hh) || hh > 23) return false;
  if (!in.AtEnd()) {
    in.Eat(':');
    if (!in.Digits(2, mm) || mm > 59) return false;
  }
  minutes = sign * (hh * 60 + mm);
  return true;
}

}  // namespace

Result<int64_t> ParseTimestamp(std::string_view text) {
  using namespace std::chrono;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  auto bad = [&] {
    return Fail(Error::InvalidArgument(
        fmt::format("\"{}\" is not a timestamp (expected ISO 8601, like 2010-12-30T14:32:00+01:00)",
                    text.substr(0, 64)),
        "timestamp"));
  };
  TimestampCursor in(text);
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0, offset = 0;
  if (!in.Digits(4, y) || !in.Eat('-') || !in.Digits(2, mo) || !in.Eat('-') || !in.Digits(2, d)) {
    return bad();
  }
  year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!date.ok()) return bad();
  if (in.Eat('T') || in.Eat('t') || in.Eat(' ')) {
    if (!in.Digits(2, h) || h > 23 || !in.Eat(':') || !in.Digits(2, mi) || mi > 59) return bad();
    if (in.Eat(':')) {
      if (!in.Digits(2, s) || s > 59) return bad();
      if ((in.Eat('.') || in.Eat(',')) && !in.FractionMs(ms)) return bad();
    }
    if (!ReadOffsetMinutes(in, offset) || !in.AtEnd()) return bad();
  } else if (!in.AtEnd()) {
    return bad();
  }
  int64_t day_ms = duration_cast<milliseconds>(sys_days{date}.time_since_epoch()).count();
  return day_ms + ((int64_t{h} * 60 + mi - offset) * 60 + s) * 1000 + ms;
}

}  // namespace nazar

#include <unicode/timezone.h>
#include <unicode/unistr.h>

namespace nazar {

bool IsKnownTimeZone(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  icu::UnicodeString id = icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), name.size()));
  icu::UnicodeString canonical;
  UBool is_system = false;
  UErrorCode status = U_ZERO_ERROR;
  icu::TimeZone::getCanonicalID(id, canonical, is_system, status);
  return U_SUCCESS(status) && is_system;
}

}  // namespace nazar

namespace nazar {

struct TimeZoneDays::Impl {
  std::unique_ptr<icu::TimeZone> zone;
};

Result<TimeZoneDays> TimeZoneDays::ForZone(std::string_view name) {
  if (!IsKnownTimeZone(name)) {
    return Fail(Error::InvalidArgument("unknown time zone " + std::string(name), "time_zone"));
  }
  TimeZoneDays days;
  days.impl_ = std::make_unique<Impl>();
  days.impl_->zone.reset(icu::TimeZone::createTimeZone(
      icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), name.size()))));
  days.name_ = std::string(name);
  return days;
}

TimeZoneDays::~TimeZoneDays() = default;
TimeZoneDays::TimeZoneDays(TimeZoneDays&&) noexcept = default;
TimeZoneDays& TimeZoneDays::operator=(TimeZoneDays&&) noexcept = default;

int64_t TimeZoneDays::OffsetMs(int64_t epoch_ms) const {
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  impl_->zone->getOffset(static_cast<UDate>(epoch_ms), /*local=*/false, raw, dst, status);
  return U_SUCCESS(status) ? int64_t{raw} + dst : 0;
}

int32_t TimeZoneDays::LocalDay(int64_t epoch_ms) const {
  constexpr int64_t kMsPerDay = 86'400'000;
  int64_t local = epoch_ms + OffsetMs(epoch_ms);
  int64_t day = local / kMsPerDay;
  if (local % kMsPerDay < 0) --day;
  return static_cast<int32_t>(day);
}

int64_t TimeZoneDays::LocalTimeMs(int32_t epoch_day, int64_t ms_of_day) const {
  constexpr int64_t kMsPerDay = 86'400'000;
  int64_t local = int64_t{epoch_day} * kMsPerDay + ms_of_day;
  // The offset in force at that local wall time; where midnight is skipped by a daylight
  // saving jump, ICU resolves the wall time forward, so the day still starts inside it.
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  impl_->zone->getOffset(static_cast<UDate>(local), /*local=*/true, raw, dst, status);
  return local - (U_SUCCESS(status) ? int64_t{raw} + dst : 0);
}

}  // namespace nazar
