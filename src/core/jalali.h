// The Jalali (Persian solar hijri, هجری شمسی) calendar beside the Gregorian one: date
// conversions through day numbers, month names, and Persian digits for display (DESIGN rule 6:
// time is shown in the organisation's calendar, with Persian or Latin digits).
//
// Contract:
// - A day number ("epoch day") counts days since 1970-01-01 (Gregorian, proleptic), the
//   same origin as UTC milliseconds: epoch_day = floor(epoch_ms / 86 400 000) for a UTC
//   date. Dates here are calendar dates only; time zones are the caller's business.
// - The Jalali year begins on Nowruz (1 Farvardin). Months 1-6 have 31 days, months 7-11
//   have 30, Esfand (12) has 29, or 30 in a leap year.
// - Nowruz is computed with Borkowski's arithmetic algorithm (K. M. Borkowski, "The Persian
//   calendar for 3000 years", Earth, Moon and Planets 74 (1996) 223-230; the algorithm of
//   the jalaali-js library): 33-year cycles between tabulated break years, fitted to the
//   astronomical rule (Nowruz is the day of the March equinox if it falls before noon in
//   Tehran, else the next day). Tests check it against ICU's independent arithmetic (a single
//   33-year rule) on every day from 1799-03-21 (1178/1/1 AP) to 2256-03-19 CE: the leap years
//   of 1178-1633 AP agree. Outside that span the two differ by a day around some Nowruz
//   (first at the end of 1634 AP), and the far past and future are approximations either way.
// - Supported range: Jalali years kMinJalaliYear..kMaxJalaliYear, that is the epoch days
//   kMinEpochDay (622-03-22 CE, 1/1/1 AP) .. kMaxEpochDay (3798-03-19 CE, 3176/12/29 AP). The
//   Gregorian calendar is proleptic before 1582.
// - Errors are values: a date that does not exist or lies outside the range gives
//   InvalidArgument naming the field ("date.month", "date.day", "date", "epoch_day",
//   "year", "month").
//
// Thread safety: pure functions over constant tables; safe to call concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace nazar {

struct GregorianDate {
  int year = 1970;
  int month = 1;  // 1 = January .. 12 = December
  int day = 1;    // 1 .. 28-31
  friend bool operator==(const GregorianDate&, const GregorianDate&) = default;
};

struct JalaliDate {
  int year = 1348;
  int month = 10;  // 1 = Farvardin .. 12 = Esfand
  int day = 11;    // 1 .. 29-31
  friend bool operator==(const JalaliDate&, const JalaliDate&) = default;
};

inline constexpr int kMonthsPerYear = 12;
inline constexpr int kMinJalaliYear = 1;
inline constexpr int kMaxJalaliYear = 3176;
inline constexpr int64_t kMinEpochDay = -492'267;  // 622-03-22 = 1/1/1 AP
inline constexpr int64_t kMaxEpochDay = 667'741;   // 3798-03-19 = 3176/12/29 AP

// --- Gregorian ------------------------------------------------------------------------------

bool IsGregorianLeapYear(int year);

// Days in a Gregorian month. REQUIRES: nothing; month outside 1..12 gives InvalidArgument
// on "month".
[[nodiscard]] Result<int> GregorianMonthLength(int year, int month);

// Fails on "date.month" / "date.day" for a date that does not exist, on "date" outside the
// supported range.
[[nodiscard]] Result<int64_t> EpochDayFromGregorian(const GregorianDate& date);

// Fails on "epoch_day" outside kMinEpochDay..kMaxEpochDay.
[[nodiscard]] Result<GregorianDate> GregorianFromEpochDay(int64_t epoch_day);

// --- Jalali ---------------------------------------------------------------------------------

// A leap year has 366 days (Esfand 30 exists). Fails on "year" outside the supported range.
[[nodiscard]] Result<bool> IsJalaliLeapYear(int year);

// Days in a Jalali month: 31, 30, or 29/30 for Esfand. Fails on "year" or "month".
[[nodiscard]] Result<int> JalaliMonthLength(int year, int month);

// Fails on "date.month" / "date.day" for a date that does not exist, on "date.year" outside
// the supported range.
[[nodiscard]] Result<int64_t> EpochDayFromJalali(const JalaliDate& date);

// Fails on "epoch_day" outside kMinEpochDay..kMaxEpochDay.
[[nodiscard]] Result<JalaliDate> JalaliFromEpochDay(int64_t epoch_day);

// Gregorian <-> Jalali through the epoch day; errors as for EpochDayFrom*.
[[nodiscard]] Result<JalaliDate> ToJalali(const GregorianDate& date);
[[nodiscard]] Result<GregorianDate> ToGregorian(const JalaliDate& date);

// --- Names ----------------------------------------------------------------------------------
// All fail with InvalidArgument on "month" outside 1..12. The views point at static storage.

// "فروردین" .. "اسفند" (UTF-8), as in ICU's fa locale.
[[nodiscard]] Result<std::string_view> JalaliMonthNamePersian(int month);
// "Farvardin" .. "Esfand", the transliteration ICU's English locale uses.
[[nodiscard]] Result<std::string_view> JalaliMonthNameEnglish(int month);
// "January" .. "December".
[[nodiscard]] Result<std::string_view> GregorianMonthNameEnglish(int month);
// "ژانویه" .. "دسامبر", the Gregorian month names used in Iran (ICU's fa locale).
[[nodiscard]] Result<std::string_view> GregorianMonthNamePersian(int month);

// --- Digits ---------------------------------------------------------------------------------

// The decimal digits of `value` in Persian digits (U+06F0..U+06F9): 1403 -> "۱۴۰۳". A negative
// number keeps an ASCII '-' in front ("-۵"); no grouping separators.
std::string FormatPersianNumber(int64_t value);

// `text` with every ASCII digit replaced by its Persian digit ("1403/01/05" ->
// "۱۴۰۳/۰۱/۰۵"); every other byte is copied unchanged.
std::string ToPersianDigits(std::string_view text);

// `text` (UTF-8) with every Persian digit (U+06F0..U+06F9) and Arabic-Indic digit
// (U+0660..U+0669) replaced by its ASCII digit; every other byte, including invalid UTF-8,
// is copied unchanged. Use it on input before parsing numbers typed on a Persian keyboard.
std::string ToAsciiDigits(std::string_view text);

}  // namespace nazar
