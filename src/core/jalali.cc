#include "core/jalali.h"

#include <fmt/format.h>

#include <array>
#include <cstddef>

namespace nazar {
namespace {

// --- Gregorian day numbers (H. Hinnant, "chrono-compatible low-level date algorithms") ------
// The year is shifted to start on 1 March so that the leap day is the last day of the year.

constexpr int64_t kDaysPer400Years = 146'097;
// Days from 0000-03-01 (the start of the shifted era) to 1970-01-01.
constexpr int64_t kEpochShift = 719'468;

constexpr int64_t DaysFromCivil(int64_t year, int64_t month, int64_t day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;  // 0..399
  const int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;  // 0..146096
  return era * kDaysPer400Years + day_of_era - kEpochShift;
}

constexpr GregorianDate CivilFromDays(int64_t epoch_day) {
  epoch_day += kEpochShift;
  const int64_t era =
      (epoch_day >= 0 ? epoch_day : epoch_day - (kDaysPer400Years - 1)) / kDaysPer400Years;
  const int64_t day_of_era = epoch_day - era * kDaysPer400Years;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t shifted_month = (5 * day_of_year + 2) / 153;  // 0 = March .. 11 = February
  const int64_t day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  const int64_t month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return {static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

constexpr bool IsLeapGregorian(int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

constexpr int DaysInGregorianMonth(int64_t year, int month) {
  constexpr std::array<int, kMonthsPerYear> kDays = {31, 28, 31, 30, 31, 30,
                                                     31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapGregorian(year) ? 29 : kDays[month - 1];
}

// --- Nowruz (Borkowski's algorithm) ---------------------------------------------------------

// Jalali years at which the pattern of 33-year cycles is re-phased (Borkowski 1996); the
// algorithm is defined for kBreaks.front() <= year < kBreaks.back().
constexpr std::array<int64_t, 20> kBreaks = {-61,  9,    38,   199,  426,  686,  756,
                                             818,  1111, 1181, 1210, 1635, 2060, 2097,
                                             2192, 2262, 2324, 2394, 2456, 3178};
static_assert(kMaxJalaliYear + 1 < kBreaks.back(), "Nowruz of the year after the last is needed");

// Jalali year y begins in Gregorian year y + kGregorianYearOffset (in March).
constexpr int64_t kGregorianYearOffset = 621;
constexpr int64_t kCycleYears = 33;        // a cycle holds 8 leap years...
constexpr int64_t kLeapYearsPerCycle = 8;  // ...one every 4 years, the 8th after 5
constexpr int64_t kYearsPerLeapYear = 4;
// Calibration of the count of Jalali leap years before kBreaks.front() and of Gregorian leap
// years before 621 CE, so that March day = 20 + Jalali leaps - Gregorian leaps (Borkowski).
constexpr int64_t kJalaliLeapsAtFirstBreak = -14;
constexpr int64_t kGregorianLeapsBefore621 = 150;
constexpr int64_t kMarchDayBase = 20;

// Day of March (Gregorian year year + 621) on which Jalali year `year` begins.
// REQUIRES: kBreaks.front() <= year < kBreaks.back() (the callers keep to the supported range).
constexpr int64_t NowruzDayOfMarch(int64_t year) {
  int64_t jalali_leaps = kJalaliLeapsAtFirstBreak;
  int64_t segment_start = kBreaks.front();
  int64_t jump = 0;
  for (std::size_t i = 1; i < kBreaks.size(); ++i) {
    jump = kBreaks[i] - segment_start;
    if (year < kBreaks[i]) break;
    jalali_leaps +=
        jump / kCycleYears * kLeapYearsPerCycle + jump % kCycleYears / kYearsPerLeapYear;
    segment_start = kBreaks[i];
  }
  const int64_t years_into_segment = year - segment_start;
  jalali_leaps += years_into_segment / kCycleYears * kLeapYearsPerCycle +
                  (years_into_segment % kCycleYears + 3) / kYearsPerLeapYear;
  // A segment whose last partial cycle is 4 years long ends on a leap year.
  if (jump % kCycleYears == kYearsPerLeapYear && jump - years_into_segment == kYearsPerLeapYear) {
    ++jalali_leaps;
  }
  const int64_t gregorian_year = year + kGregorianYearOffset;
  const int64_t gregorian_leaps =
      gregorian_year / 4 - (gregorian_year / 100 + 1) * 3 / 4 - kGregorianLeapsBefore621;
  return kMarchDayBase + jalali_leaps - gregorian_leaps;
}

constexpr int kMarch = 3;

constexpr int64_t NowruzEpochDay(int64_t year) {
  return DaysFromCivil(year + kGregorianYearOffset, kMarch, NowruzDayOfMarch(year));
}

constexpr int kLongMonths = 6;  // Farvardin .. Shahrivar have 31 days
constexpr int kLongMonthDays = 31;
constexpr int kShortMonthDays = 30;  // Mehr .. Bahman; Esfand 29, 30 in a leap year
constexpr int64_t kDaysInLongMonths = kLongMonths * kLongMonthDays;  // 186
constexpr int64_t kDaysInLeapYear = 366;

constexpr int DaysBeforeJalaliMonth(int month) {
  return month <= kLongMonths ? (month - 1) * kLongMonthDays
                              : kDaysInLongMonths + (month - 1 - kLongMonths) * kShortMonthDays;
}

constexpr JalaliDate JalaliFromDay(int64_t epoch_day) {
  int64_t year = CivilFromDays(epoch_day).year - kGregorianYearOffset;
  int64_t nowruz = NowruzEpochDay(year);
  if (epoch_day < nowruz) {
    --year;
    nowruz = NowruzEpochDay(year);
  }
  const int64_t day_of_year = epoch_day - nowruz;  // 0-based
  if (day_of_year < kDaysInLongMonths) {
    return {static_cast<int>(year), static_cast<int>(1 + day_of_year / kLongMonthDays),
            static_cast<int>(1 + day_of_year % kLongMonthDays)};
  }
  const int64_t rest = day_of_year - kDaysInLongMonths;
  return {static_cast<int>(year), static_cast<int>(kLongMonths + 1 + rest / kShortMonthDays),
          static_cast<int>(1 + rest % kShortMonthDays)};
}

static_assert(NowruzEpochDay(kMinJalaliYear) == kMinEpochDay);
static_assert(NowruzEpochDay(kMaxJalaliYear + 1) - 1 == kMaxEpochDay);
static_assert(DaysFromCivil(1970, 1, 1) == 0);
static_assert(DaysFromCivil(2024, 3, 20) == NowruzEpochDay(1403));

bool InJalaliRange(int64_t year) { return year >= kMinJalaliYear && year <= kMaxJalaliYear; }

Error YearOutOfRange(std::string field) {
  return Error::InvalidArgument(
      fmt::format("Jalali year must be between {} and {}", kMinJalaliYear, kMaxJalaliYear),
      std::move(field));
}

Error MonthOutOfRange(int month, std::string field) {
  return Error::InvalidArgument(fmt::format("month {} is not between 1 and 12", month),
                                std::move(field));
}

Error EpochDayOutOfRange() {
  return Error::InvalidArgument(
      fmt::format("day number must be between {} and {}", kMinEpochDay, kMaxEpochDay), "epoch_day");
}

bool ValidMonth(int month) { return month >= 1 && month <= kMonthsPerYear; }

int JalaliMonthDays(int64_t year, int month) {
  if (month <= kLongMonths) return kLongMonthDays;
  if (month < kMonthsPerYear) return kShortMonthDays;
  return static_cast<int>(NowruzEpochDay(year + 1) - NowruzEpochDay(year) -
                          DaysBeforeJalaliMonth(kMonthsPerYear));
}

using MonthNames = std::array<std::string_view, kMonthsPerYear>;

constexpr MonthNames kJalaliMonthsPersian = {"فروردین", "اردیبهشت", "خرداد", "تیر",
                                             "مرداد",   "شهریور",   "مهر",   "آبان",
                                             "آذر",     "دی",       "بهمن",  "اسفند"};
constexpr MonthNames kJalaliMonthsEnglish = {"Farvardin", "Ordibehesht", "Khordad", "Tir",
                                             "Mordad",    "Shahrivar",   "Mehr",    "Aban",
                                             "Azar",      "Dey",         "Bahman",  "Esfand"};
constexpr MonthNames kGregorianMonthsEnglish = {"January",   "February", "March",    "April",
                                                "May",       "June",     "July",     "August",
                                                "September", "October",  "November", "December"};
constexpr MonthNames kGregorianMonthsPersian = {"ژانویه",  "فوریه", "مارس",   "آوریل",
                                                "مه",      "ژوئن",  "ژوئیه",  "اوت",
                                                "سپتامبر", "اکتبر", "نوامبر", "دسامبر"};

Result<std::string_view> MonthName(const MonthNames& names, int month) {
  if (!ValidMonth(month)) return Fail(MonthOutOfRange(month, "month"));
  return names[month - 1];
}

// UTF-8 of the Persian digits U+06F0..U+06F9 and Arabic-Indic digits U+0660..U+0669: a lead
// byte, then a continuation byte that runs through ten consecutive values.
constexpr char kArabicScriptLead = '\xDB';      // U+06C0..U+06FF
constexpr char kPersianZeroTrail = '\xB0';      // U+06F0 = DB B0
constexpr char kArabicIndicLead = '\xD9';       // U+0640..U+067F
constexpr char kArabicIndicZeroTrail = '\xA0';  // U+0660 = D9 A0
constexpr int kDecimalDigits = 10;

// The ASCII digit that the two bytes `lead`, `trail` encode, or 0 if they are not a digit.
char AsciiDigitOf(char lead, char trail) {
  const auto in_run = [&](char run_lead, char zero_trail) {
    const int offset = static_cast<unsigned char>(trail) - static_cast<unsigned char>(zero_trail);
    return lead == run_lead && offset >= 0 && offset < kDecimalDigits ? offset : -1;
  };
  int digit = in_run(kArabicScriptLead, kPersianZeroTrail);
  if (digit < 0) digit = in_run(kArabicIndicLead, kArabicIndicZeroTrail);
  return digit < 0 ? '\0' : static_cast<char>('0' + digit);
}

}  // namespace

bool IsGregorianLeapYear(int year) { return IsLeapGregorian(year); }

Result<int> GregorianMonthLength(int year, int month) {
  if (!ValidMonth(month)) return Fail(MonthOutOfRange(month, "month"));
  return DaysInGregorianMonth(year, month);
}

Result<int64_t> EpochDayFromGregorian(const GregorianDate& date) {
  if (!ValidMonth(date.month)) return Fail(MonthOutOfRange(date.month, "date.month"));
  const int days = DaysInGregorianMonth(date.year, date.month);
  if (date.day < 1 || date.day > days) {
    return Fail(Error::InvalidArgument(
        fmt::format("day {} is not between 1 and {}", date.day, days), "date.day"));
  }
  const int64_t epoch_day = DaysFromCivil(date.year, date.month, date.day);
  if (epoch_day < kMinEpochDay || epoch_day > kMaxEpochDay) {
    return Fail(Error::InvalidArgument(
        "date is outside the supported range 622-03-22 .. 3798-03-19", "date"));
  }
  return epoch_day;
}

Result<GregorianDate> GregorianFromEpochDay(int64_t epoch_day) {
  if (epoch_day < kMinEpochDay || epoch_day > kMaxEpochDay) return Fail(EpochDayOutOfRange());
  return CivilFromDays(epoch_day);
}

Result<bool> IsJalaliLeapYear(int year) {
  if (!InJalaliRange(year)) return Fail(YearOutOfRange("year"));
  return NowruzEpochDay(year + 1) - NowruzEpochDay(year) == kDaysInLeapYear;
}

Result<int> JalaliMonthLength(int year, int month) {
  if (!InJalaliRange(year)) return Fail(YearOutOfRange("year"));
  if (!ValidMonth(month)) return Fail(MonthOutOfRange(month, "month"));
  return JalaliMonthDays(year, month);
}

Result<int64_t> EpochDayFromJalali(const JalaliDate& date) {
  if (!InJalaliRange(date.year)) return Fail(YearOutOfRange("date.year"));
  if (!ValidMonth(date.month)) return Fail(MonthOutOfRange(date.month, "date.month"));
  const int days = JalaliMonthDays(date.year, date.month);
  if (date.day < 1 || date.day > days) {
    return Fail(Error::InvalidArgument(
        fmt::format("day {} is not between 1 and {}", date.day, days), "date.day"));
  }
  return NowruzEpochDay(date.year) + DaysBeforeJalaliMonth(date.month) + date.day - 1;
}

Result<JalaliDate> JalaliFromEpochDay(int64_t epoch_day) {
  if (epoch_day < kMinEpochDay || epoch_day > kMaxEpochDay) return Fail(EpochDayOutOfRange());
  return JalaliFromDay(epoch_day);
}

Result<JalaliDate> ToJalali(const GregorianDate& date) {
  auto epoch_day = EpochDayFromGregorian(date);
  if (!epoch_day) return Fail(std::move(epoch_day.error()));
  return JalaliFromDay(*epoch_day);
}

Result<GregorianDate> ToGregorian(const JalaliDate& date) {
  auto epoch_day = EpochDayFromJalali(date);
  if (!epoch_day) return Fail(std::move(epoch_day.error()));
  return CivilFromDays(*epoch_day);
}

Result<std::string_view> JalaliMonthNamePersian(int month) {
  return MonthName(kJalaliMonthsPersian, month);
}
Result<std::string_view> JalaliMonthNameEnglish(int month) {
  return MonthName(kJalaliMonthsEnglish, month);
}
Result<std::string_view> GregorianMonthNameEnglish(int month) {
  return MonthName(kGregorianMonthsEnglish, month);
}
Result<std::string_view> GregorianMonthNamePersian(int month) {
  return MonthName(kGregorianMonthsPersian, month);
}

std::string FormatPersianNumber(int64_t value) { return ToPersianDigits(fmt::format("{}", value)); }

std::string ToPersianDigits(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 2);
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      out += kArabicScriptLead;
      out += static_cast<char>(static_cast<unsigned char>(kPersianZeroTrail) + (c - '0'));
    } else {
      out += c;
    }
  }
  return out;
}

std::string ToAsciiDigits(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i + 1 < text.size()) {
      if (const char digit = AsciiDigitOf(text[i], text[i + 1]); digit != '\0') {
        out += digit;
        ++i;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace nazar
