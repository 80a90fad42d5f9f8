// Digests, the pure parts: when a member's digest is due (daily and weekly, in the
// organisation's zone, across a daylight-saving change, within the grace and not before the
// choice was saved), and how it reads in Persian and English.
#include <gtest/gtest.h>

#include "act/digest.h"
#include "act/digest_schedule.h"
#include "core/time.h"

namespace nazar::act {
namespace {

int64_t At(const char* iso) { return ParseTimestamp(iso).value(); }

TimeZoneDays Zone(const char* name) { return TimeZoneDays::ForZone(name).value(); }

DigestPref Daily(int hour) { return {.frequency = "daily", .hour = hour, .updated_ms = 0}; }

TEST(DigestSchedule, DailyAtTheMembersHourInTehran) {
  const TimeZoneDays tehran = Zone("Asia/Tehran");  // UTC+03:30
  const DigestSlot s = LatestSlot(Daily(8), tehran, At("2026-12-07T05:30:00Z"));  // 09:00 local
  EXPECT_EQ(s.period, "d2026-12-07");
  EXPECT_EQ(s.due_ms, At("2026-12-07T04:30:00Z"));
  EXPECT_EQ(s.since_ms, At("2026-12-06T04:30:00Z"));
  // Before the hour, the latest slot is yesterday's.
  EXPECT_EQ(LatestSlot(Daily(8), tehran, At("2026-12-07T03:29:00Z")).period, "d2026-12-06");
  EXPECT_EQ(NextSlot(Daily(8), tehran, At("2026-12-07T05:30:00Z")).due_ms, At("2026-12-08T04:30:00Z"));
  EXPECT_EQ(NextSlot(Daily(8), tehran, At("2026-12-07T03:29:00Z")).due_ms, At("2026-12-07T04:30:00Z"));
}

TEST(DigestSchedule, WeeklyOnTheChosenWeekday) {
  const TimeZoneDays tehran = Zone("Asia/Tehran");
  DigestPref weekly{.frequency = "weekly", .hour = 8, .weekday = 0 /* Saturday */};
  // Monday 2026-12-07: the latest Saturday is the 5th.
  const DigestSlot s = LatestSlot(weekly, tehran, At("2026-12-07T05:30:00Z"));
  EXPECT_EQ(s.period, "w2026-12-05");
  EXPECT_EQ(s.due_ms, At("2026-12-05T04:30:00Z"));
  EXPECT_EQ(s.since_ms, At("2026-11-28T04:30:00Z"));
  EXPECT_EQ(NextSlot(weekly, tehran, At("2026-12-07T05:30:00Z")).due_ms, At("2026-12-12T04:30:00Z"));
  // On the Saturday itself, before the hour: the Saturday before.
  EXPECT_EQ(LatestSlot(weekly, tehran, At("2026-12-05T04:00:00Z")).period, "w2026-11-28");
  weekly.weekday = 2;  // Monday
  EXPECT_EQ(LatestSlot(weekly, tehran, At("2026-12-07T05:30:00Z")).period, "w2026-12-07");
}

TEST(DigestSchedule, EightStaysEightAcrossADaylightSavingChange) {
  const TimeZoneDays ny = Zone("America/New_York");  // EDT ends 2026-11-01 02:00
  const DigestSlot s = LatestSlot(Daily(8), ny, At("2026-11-01T14:00:00Z"));
  EXPECT_EQ(s.period, "d2026-11-01");
  EXPECT_EQ(s.due_ms, At("2026-11-01T13:00:00Z")) << "08:00 EST";
  EXPECT_EQ(s.since_ms, At("2026-10-31T12:00:00Z")) << "08:00 EDT: a 25-hour day";
}

TEST(DigestSchedule, DueOnlyWithinTheGraceAndAfterTheChoice) {
  const TimeZoneDays tehran = Zone("Asia/Tehran");
  const int64_t due = At("2026-12-07T04:30:00Z");
  auto slot = DueSlot(Daily(8), tehran, due);
  ASSERT_TRUE(slot.has_value());
  EXPECT_EQ(slot->period, "d2026-12-07");
  EXPECT_TRUE(DueSlot(Daily(8), tehran, due + kDigestGraceMs).has_value()) << "late, within the grace";
  EXPECT_FALSE(DueSlot(Daily(8), tehran, due + kDigestGraceMs + 1).has_value()) << "too stale to send";
  DigestPref chosen_later = Daily(8);
  chosen_later.updated_ms = due + 1;  // chosen at 08:00:00.001 for 08:00
  EXPECT_FALSE(DueSlot(chosen_later, tehran, due + 60'000).has_value());
  EXPECT_TRUE(DueSlot(chosen_later, tehran, due + 86'400'000).has_value()) << "tomorrow's is sent";
}

Digest Sample(std::string locale, Calendar calendar) {
  Digest d{.frequency = "daily", .locale = std::move(locale), .user_name = "Mina"};
  d.org = {.id = OrgId{1}, .name = "Tak Shop", .time_zone = "Asia/Tehran", .calendar = calendar};
  d.since_ms = At("2026-12-06T04:30:00Z");
  d.until_ms = At("2026-12-07T04:30:00Z");
  d.shows_kpis = true;
  KpiLine nps{.kpi = {.id = 1, .metric = "nps", .target = 30}};
  nps.reading = {.enough = true, .actual = 12.345, .margin = 4.2, .previous = 10.0};
  nps.status = KpiStatus::kAtRisk;
  KpiLine csat{.kpi = {.id = 2, .metric = "csat", .target = 85}};
  csat.status = KpiStatus::kNotEnoughData;
  d.kpis = {{.label = "Relationship · NPS", .line = nps}, {.label = "Support · CSAT · Call centre", .line = csat}};
  d.alerts = 3;
  d.newest_alerts = {{.title = Json{{"fa", "مشتری ناراضی <b>"}, {"en", "Unhappy <b>"}}, .case_id = 12,
                      .at_ms = At("2026-12-06T10:00:00Z")}};
  d.open_cases = 5;
  d.near_breach = {{.id = 12, .title = "Late delivery", .priority = "high", .target = "resolution",
                    .state = "breached", .due_ms = At("2026-12-07T03:00:00Z")}};
  d.unassigned = 2;
  return d;
}

TEST(DigestRender, PersianReadsRightToLeftWithPersianDigitsAndJalaliDates) {
  const DigestText t = RenderDigest(Sample("fa", Calendar::kJalali), "https://cx.example");
  EXPECT_NE(t.subject.find("خلاصهٔ روزانهٔ نظر"), std::string::npos) << t.subject;
  EXPECT_NE(t.subject.find("۱۶ آذر ۱۴۰۵"), std::string::npos) << t.subject;
  EXPECT_NE(t.html.find("dir=\"rtl\""), std::string::npos);
  EXPECT_NE(t.html.find("lang=\"fa\""), std::string::npos);
  EXPECT_NE(t.text.find("۱۲٫۳ ± ۴٫۲"), std::string::npos) << t.text;
  EXPECT_NE(t.text.find("در خطر"), std::string::npos);
  EXPECT_NE(t.text.find("رو به بالا"), std::string::npos) << "12.3 against 10: rising";
  EXPECT_NE(t.text.find("پاسخ کافی نیست"), std::string::npos) << "no number below the minimum n";
  EXPECT_NE(t.text.find("هشدارهای تازه: ۳"), std::string::npos) << t.text;
  EXPECT_NE(t.text.find("پرونده‌های باز شما: ۵"), std::string::npos);
  EXPECT_NE(t.text.find("مهلت گذشت"), std::string::npos);
  EXPECT_NE(t.text.find("۱۶ آذر ۱۴۰۵، ۰۶:۳۰"), std::string::npos) << "due 03:00Z = 06:30 Tehran";
  EXPECT_NE(t.text.find("https://cx.example/o/1/cases/12"), std::string::npos) << "links keep Latin digits";
  EXPECT_NE(t.html.find("مشتری ناراضی &lt;b&gt;"), std::string::npos) << "stored text is escaped";
  EXPECT_EQ(t.html.find("<b>"), std::string::npos);
}

TEST(DigestRender, EnglishInTheGregorianCalendar) {
  const DigestText t = RenderDigest(Sample("en", Calendar::kGregorian), "");
  EXPECT_NE(t.subject.find("Your daily Nazar digest · Tak Shop · 7 December 2026"), std::string::npos) << t.subject;
  EXPECT_NE(t.html.find("dir=\"ltr\""), std::string::npos);
  EXPECT_NE(t.text.find("Relationship · NPS: 12.3 ± 4.2 (target 30.0) — at risk · rising"), std::string::npos) << t.text;
  EXPECT_NE(t.text.find("Support · CSAT · Call centre: not enough responses"), std::string::npos);
  EXPECT_NE(t.text.find("New alerts: 3"), std::string::npos);
  EXPECT_NE(t.text.find("Unhappy <b>"), std::string::npos) << "plain text is not HTML";
  EXPECT_NE(t.text.find("Open cases without an owner: 2"), std::string::npos);
  EXPECT_EQ(t.text.find("http"), std::string::npos) << "no links without the app's address";
}

TEST(DigestRender, JalaliMonthsInEnglish) {
  const DigestText t = RenderDigest(Sample("en", Calendar::kJalali), "");
  EXPECT_NE(t.subject.find("16 Azar 1405"), std::string::npos) << t.subject;
}

}  // namespace
}  // namespace nazar::act
