#include "core/jalali.h"

#include <gtest/gtest.h>
#include <unicode/calendar.h>
#include <unicode/datefmt.h>
#include <unicode/dtfmtsym.h>
#include <unicode/locid.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace nazar {

// Printers for readable failure messages.
void PrintTo(const GregorianDate& d, std::ostream* os) {
  *os << d.year << '-' << d.month << '-' << d.day;
}
void PrintTo(const JalaliDate& d, std::ostream* os) {
  *os << d.year << '/' << d.month << '/' << d.day;
}

namespace {

constexpr int64_t kMsPerDay = 86'400'000;

int64_t EpochDay(const GregorianDate& date) {
  auto day = EpochDayFromGregorian(date);
  EXPECT_TRUE(day.has_value()) << day.error().ToString();
  return day.value_or(0);
}

// --- Known dates ----------------------------------------------------------------------------

struct KnownDate {
  GregorianDate gregorian;
  JalaliDate jalali;
  const char* what;
};

class KnownDates : public ::testing::TestWithParam<KnownDate> {};

TEST_P(KnownDates, ConvertBothWays) {
  const KnownDate& c = GetParam();
  auto jalali = ToJalali(c.gregorian);
  ASSERT_TRUE(jalali.has_value()) << jalali.error().ToString();
  EXPECT_EQ(*jalali, c.jalali) << c.what;
  auto gregorian = ToGregorian(c.jalali);
  ASSERT_TRUE(gregorian.has_value()) << gregorian.error().ToString();
  EXPECT_EQ(*gregorian, c.gregorian) << c.what;
}

INSTANTIATE_TEST_SUITE_P(
    Table, KnownDates,
    ::testing::Values(KnownDate{{2024, 3, 20}, {1403, 1, 1}, "Nowruz 1403"},
                      KnownDate{{2025, 3, 21}, {1404, 1, 1}, "Nowruz 1404 (1403 is leap)"},
                      KnownDate{{2025, 3, 20}, {1403, 12, 30}, "last day of leap year 1403"},
                      KnownDate{{2021, 3, 20}, {1399, 12, 30}, "last day of leap year 1399"},
                      KnownDate{{2021, 3, 21}, {1400, 1, 1}, "Nowruz 1400"},
                      KnownDate{{2024, 3, 19}, {1402, 12, 29}, "last day of common year 1402"},
                      KnownDate{{1979, 2, 11}, {1357, 11, 22}, "22 Bahman 1357"},
                      KnownDate{{1970, 1, 1}, {1348, 10, 11}, "the Unix epoch"},
                      KnownDate{{2016, 4, 11}, {1395, 1, 23}, "jalaali-js README example"},
                      KnownDate{{2000, 2, 29}, {1378, 12, 10}, "Gregorian leap day"},
                      KnownDate{{2024, 9, 22}, {1403, 7, 1}, "1 Mehr: first 30-day month"},
                      KnownDate{
                          {2024, 9, 21}, {1403, 6, 31}, "31 Shahrivar: last 31-day month day"},
                      KnownDate{{622, 3, 22}, {1, 1, 1}, "first supported day"},
                      KnownDate{{3798, 3, 19}, {3176, 12, 29}, "last supported day"}));

TEST(Jalali, EpochDayIsDaysSince1970) {
  EXPECT_EQ(EpochDayFromGregorian({1970, 1, 1}).value(), 0);
  EXPECT_EQ(EpochDayFromJalali({1348, 10, 11}).value(), 0);
  // 2024-03-20T00:00:00Z is 1710892800000 ms.
  EXPECT_EQ(EpochDayFromJalali({1403, 1, 1}).value(), 1'710'892'800'000 / kMsPerDay);
  EXPECT_EQ(GregorianFromEpochDay(-1).value(), (GregorianDate{1969, 12, 31}));
  EXPECT_EQ(JalaliFromEpochDay(-1).value(), (JalaliDate{1348, 10, 10}));
}

// --- Every day of 1950..2100 ----------------------------------------------------------------

// The Jalali date after `date`, from the month lengths alone.
JalaliDate NextJalaliDay(const JalaliDate& date) {
  if (date.day < JalaliMonthLength(date.year, date.month).value()) {
    return {date.year, date.month, date.day + 1};
  }
  if (date.month < kMonthsPerYear) return {date.year, date.month + 1, 1};
  return {date.year + 1, 1, 1};
}

TEST(Jalali, RoundTripsEveryDayFrom1950To2100) {
  const int64_t first = EpochDay({1950, 1, 1});
  const int64_t last = EpochDay({2100, 12, 31});
  JalaliDate expected = JalaliFromEpochDay(first).value();
  EXPECT_EQ(expected, (JalaliDate{1328, 10, 11}));
  int failures = 0;
  for (int64_t day = first; day <= last && failures < 5; ++day) {
    const JalaliDate jalali = JalaliFromEpochDay(day).value();
    const GregorianDate gregorian = GregorianFromEpochDay(day).value();
    const bool ok = jalali == expected && EpochDayFromJalali(jalali).value() == day &&
                    ToGregorian(jalali).value() == gregorian &&
                    ToJalali(gregorian).value() == jalali && EpochDay(gregorian) == day;
    if (!ok) {
      ++failures;
      ADD_FAILURE() << "day " << day << ": " << ::testing::PrintToString(gregorian) << " -> "
                    << ::testing::PrintToString(jalali) << ", expected "
                    << ::testing::PrintToString(expected);
    }
    expected = NextJalaliDay(jalali);
  }
  EXPECT_EQ(JalaliFromEpochDay(last).value(), (JalaliDate{1479, 10, 10}));
}

// --- Leap years -----------------------------------------------------------------------------

TEST(Jalali, LeapYearsOf1370To1410) {
  // The 33-year cycle: a leap year every 4 years, the 8th after 5 (1370 -> 1375, 1403 -> 1408).
  const std::vector<int> leap = {1370, 1375, 1379, 1383, 1387, 1391, 1395, 1399, 1403, 1408};
  for (int year = 1370; year <= 1410; ++year) {
    const bool expected = std::find(leap.begin(), leap.end(), year) != leap.end();
    EXPECT_EQ(IsJalaliLeapYear(year).value(), expected) << year;
    EXPECT_EQ(JalaliMonthLength(year, 12).value(), expected ? 30 : 29) << year;
    const int64_t length =
        EpochDayFromJalali({year + 1, 1, 1}).value() - EpochDayFromJalali({year, 1, 1}).value();
    EXPECT_EQ(length, expected ? 366 : 365) << year;
  }
}

TEST(Jalali, LeapYearsFollowThe33YearRuleFrom1178To1633) {
  // 1799..2255 CE: 8 leap years in every 33, as in ICU's rule (25y + 11) mod 33 < 8. Year
  // 1634 is where they part: Borkowski starts a new phase at 1635, so 1634 is common.
  for (int year = 1178; year <= 1633; ++year) {
    EXPECT_EQ(IsJalaliLeapYear(year).value(), (25 * year + 11) % 33 < 8) << year;
  }
}

TEST(Jalali, MonthLengths) {
  for (int month = 1; month <= 6; ++month) EXPECT_EQ(JalaliMonthLength(1402, month).value(), 31);
  for (int month = 7; month <= 11; ++month) EXPECT_EQ(JalaliMonthLength(1402, month).value(), 30);
  EXPECT_EQ(GregorianMonthLength(2024, 2).value(), 29);
  EXPECT_EQ(GregorianMonthLength(2100, 2).value(), 28);
  EXPECT_EQ(GregorianMonthLength(2000, 2).value(), 29);
  EXPECT_TRUE(IsGregorianLeapYear(2000));
  EXPECT_FALSE(IsGregorianLeapYear(1900));
}

// --- Agreement with ICU ---------------------------------------------------------------------

// ICU's PersianCalendar is an independent implementation (a 33-year arithmetic rule).
class IcuPersian {
 public:
  IcuPersian() {
    UErrorCode status = U_ZERO_ERROR;
    calendar_.reset(icu::Calendar::createInstance(icu::TimeZone::createTimeZone("UTC"),
                                                  icu::Locale("fa_IR@calendar=persian"), status));
    EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  }

  JalaliDate At(int64_t epoch_day) {
    UErrorCode status = U_ZERO_ERROR;
    // Noon, well inside the day.
    calendar_->setTime(static_cast<UDate>(epoch_day * kMsPerDay + kMsPerDay / 2), status);
    JalaliDate date{calendar_->get(UCAL_EXTENDED_YEAR, status),
                    calendar_->get(UCAL_MONTH, status) + 1, calendar_->get(UCAL_DATE, status)};
    EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
    return date;
  }

 private:
  std::unique_ptr<icu::Calendar> calendar_;
};

// Every day from 1178/1/1 AP to 1634/12/29 AP (1799-03-21 .. 2256-03-19 CE), which covers
// 1900-2200 CE. Outside it Borkowski's re-phased cycles and ICU's single 33-year rule part
// ways by a day around some Nowruz, as designed.
TEST(Jalali, AgreesWithIcuOnEveryDayFrom1799To2256) {
  IcuPersian icu;
  // The adapter reads ICU's fields right (so the comparison below is not vacuous).
  ASSERT_EQ(icu.At(EpochDay({2024, 3, 20})), (JalaliDate{1403, 1, 1}));
  ASSERT_EQ(icu.At(EpochDay({2021, 3, 20})), (JalaliDate{1399, 12, 30}));
  const int64_t first = EpochDayFromJalali({1178, 1, 1}).value();
  const int64_t last = EpochDayFromJalali({1635, 1, 1}).value() - 1;
  EXPECT_EQ(GregorianFromEpochDay(first).value(), (GregorianDate{1799, 3, 21}));
  EXPECT_EQ(GregorianFromEpochDay(last).value(), (GregorianDate{2256, 3, 19}));
  int failures = 0;
  for (int64_t day = first; day <= last && failures < 5; ++day) {
    const JalaliDate ours = JalaliFromEpochDay(day).value();
    const JalaliDate theirs = icu.At(day);
    if (ours != theirs) {
      ++failures;
      ADD_FAILURE() << ::testing::PrintToString(GregorianFromEpochDay(day).value()) << ": ours "
                    << ::testing::PrintToString(ours) << ", ICU "
                    << ::testing::PrintToString(theirs);
    }
  }
}

// --- Invalid input --------------------------------------------------------------------------

struct BadDate {
  JalaliDate date;
  const char* field;
};

class BadJalaliDates : public ::testing::TestWithParam<BadDate> {};

TEST_P(BadJalaliDates, NameTheField) {
  auto day = EpochDayFromJalali(GetParam().date);
  ASSERT_FALSE(day.has_value());
  EXPECT_EQ(day.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(day.error().field, GetParam().field) << day.error().ToString();
}

INSTANTIATE_TEST_SUITE_P(Table, BadJalaliDates,
                         ::testing::Values(BadDate{{1402, 12, 30}, "date.day"},  // not leap
                                           BadDate{{1403, 7, 31}, "date.day"},
                                           BadDate{{1403, 1, 0}, "date.day"},
                                           BadDate{{1403, 0, 1}, "date.month"},
                                           BadDate{{1403, 13, 1}, "date.month"},
                                           BadDate{{0, 1, 1}, "date.year"},
                                           BadDate{{kMaxJalaliYear + 1, 1, 1}, "date.year"}));

TEST(Jalali, RejectsBadGregorianDates) {
  EXPECT_EQ(EpochDayFromGregorian({2023, 2, 29}).error().field, "date.day");
  EXPECT_EQ(EpochDayFromGregorian({2023, 4, 31}).error().field, "date.day");
  EXPECT_EQ(EpochDayFromGregorian({2023, 13, 1}).error().field, "date.month");
  EXPECT_EQ(EpochDayFromGregorian({622, 3, 21}).error().field, "date");
  EXPECT_EQ(EpochDayFromGregorian({3798, 3, 20}).error().field, "date");
  EXPECT_EQ(ToJalali({1, 1, 1}).error().field, "date");
  EXPECT_EQ(GregorianFromEpochDay(kMaxEpochDay + 1).error().field, "epoch_day");
  EXPECT_EQ(JalaliFromEpochDay(kMinEpochDay - 1).error().field, "epoch_day");
  EXPECT_EQ(IsJalaliLeapYear(0).error().field, "year");
  EXPECT_EQ(JalaliMonthLength(1403, 13).error().field, "month");
  EXPECT_EQ(GregorianMonthLength(2024, 0).error().field, "month");
}

// --- Month names ----------------------------------------------------------------------------

TEST(MonthNames, Jalali) {
  const std::vector<std::string> persian = {"فروردین", "اردیبهشت", "خرداد", "تیر",
                                            "مرداد",   "شهریور",   "مهر",   "آبان",
                                            "آذر",     "دی",       "بهمن",  "اسفند"};
  const std::vector<std::string> english = {"Farvardin", "Ordibehesht", "Khordad", "Tir",
                                            "Mordad",    "Shahrivar",   "Mehr",    "Aban",
                                            "Azar",      "Dey",         "Bahman",  "Esfand"};
  for (int month = 1; month <= kMonthsPerYear; ++month) {
    EXPECT_EQ(JalaliMonthNamePersian(month).value(), persian[month - 1]) << month;
    EXPECT_EQ(JalaliMonthNameEnglish(month).value(), english[month - 1]) << month;
  }
  EXPECT_EQ(JalaliMonthNamePersian(0).error().field, "month");
  EXPECT_EQ(JalaliMonthNameEnglish(13).error().field, "month");
}

TEST(MonthNames, Gregorian) {
  EXPECT_EQ(GregorianMonthNameEnglish(1).value(), "January");
  EXPECT_EQ(GregorianMonthNameEnglish(9).value(), "September");
  EXPECT_EQ(GregorianMonthNameEnglish(12).value(), "December");
  EXPECT_EQ(GregorianMonthNamePersian(1).value(), "ژانویه");
  EXPECT_EQ(GregorianMonthNamePersian(8).value(), "اوت");
  EXPECT_EQ(GregorianMonthNamePersian(12).value(), "دسامبر");
  EXPECT_EQ(GregorianMonthNameEnglish(13).error().field, "month");
  EXPECT_EQ(GregorianMonthNamePersian(-1).error().field, "month");
}

// ICU's locale data is an independent source for all four lists.
std::vector<std::string> IcuMonthNames(const char* locale) {
  // A date format honours the locale's @calendar keyword; its symbols are that calendar's.
  std::unique_ptr<icu::DateFormat> format(
      icu::DateFormat::createDateInstance(icu::DateFormat::kFull, icu::Locale(locale)));
  const auto* simple = dynamic_cast<const icu::SimpleDateFormat*>(format.get());
  if (simple == nullptr) {
    ADD_FAILURE() << locale << ": no SimpleDateFormat";
    return {};
  }
  int32_t count = 0;
  // Stand-alone names: the format context of fa adds the ezafe ("ژانویهٔ").
  const icu::UnicodeString* months = simple->getDateFormatSymbols()->getMonths(
      count, icu::DateFormatSymbols::STANDALONE, icu::DateFormatSymbols::WIDE);
  std::vector<std::string> names;
  for (int32_t i = 0; i < count; ++i) {
    std::string name;
    months[i].toUTF8String(name);
    names.push_back(name);
  }
  return names;
}

TEST(MonthNames, MatchIcuLocaleData) {
  const struct {
    const char* locale;
    Result<std::string_view> (*name)(int);
  } kLists[] = {{"fa_IR@calendar=persian", JalaliMonthNamePersian},
                {"en@calendar=persian", JalaliMonthNameEnglish},
                {"fa_IR@calendar=gregorian", GregorianMonthNamePersian},
                {"en@calendar=gregorian", GregorianMonthNameEnglish}};
  for (const auto& list : kLists) {
    const std::vector<std::string> icu_names = IcuMonthNames(list.locale);
    ASSERT_EQ(icu_names.size(), static_cast<std::size_t>(kMonthsPerYear)) << list.locale;
    for (int month = 1; month <= kMonthsPerYear; ++month) {
      EXPECT_EQ(list.name(month).value(), icu_names[month - 1]) << list.locale << " " << month;
    }
  }
}

// --- Digits ---------------------------------------------------------------------------------

struct DigitCase {
  int64_t value;
  const char* persian;
};

class PersianNumbers : public ::testing::TestWithParam<DigitCase> {};

TEST_P(PersianNumbers, FormatAndReadBack) {
  const DigitCase& c = GetParam();
  EXPECT_EQ(FormatPersianNumber(c.value), c.persian);
  EXPECT_EQ(ToAsciiDigits(c.persian), std::to_string(c.value));
}

INSTANTIATE_TEST_SUITE_P(
    Table, PersianNumbers,
    ::testing::Values(DigitCase{0, "۰"}, DigitCase{7, "۷"}, DigitCase{1403, "۱۴۰۳"},
                      DigitCase{1234567890, "۱۲۳۴۵۶۷۸۹۰"}, DigitCase{-5, "-۵"},
                      DigitCase{std::numeric_limits<int64_t>::min(), "-۹۲۲۳۳۷۲۰۳۶۸۵۴۷۷۵۸۰۸"}));

TEST(Digits, ReplaceOnlyDigits) {
  EXPECT_EQ(ToPersianDigits("1403/01/05"), "۱۴۰۳/۰۱/۰۵");
  EXPECT_EQ(ToPersianDigits("ساعت 09:30"), "ساعت ۰۹:۳۰");
  EXPECT_EQ(ToPersianDigits(""), "");
  EXPECT_EQ(ToAsciiDigits("۰۱۲۳۴۵۶۷۸۹"), "0123456789");
  EXPECT_EQ(ToAsciiDigits("٠١٢٣٤٥٦٧٨٩"), "0123456789");  // Arabic-Indic
  EXPECT_EQ(ToAsciiDigits("سال ۱۴۰۳، شماره 12"), "سال 1403، شماره 12");
  EXPECT_EQ(ToAsciiDigits("abc"), "abc");
  // U+06EF and U+06FA sit next to the Persian digits; U+065F and U+066A next to Arabic-Indic.
  EXPECT_EQ(ToAsciiDigits("ۯۺٟ٪"), "ۯۺٟ٪");
  // A lone lead byte at the end and invalid UTF-8 pass through unchanged.
  EXPECT_EQ(ToAsciiDigits("1\xDB"), "1\xDB");
  EXPECT_EQ(ToAsciiDigits("\xB0\xDB\xDB\xB1"), std::string("\xB0\xDB") + '1');
}

}  // namespace
}  // namespace nazar
