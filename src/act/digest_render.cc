// Writing a digest as an e-mail (act/digest.h): a plain-text part and an HTML part, in the
// member's language, dates in the organisation's calendar.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "act/digest.h"
#include "core/html.h"
#include "core/jalali.h"
#include "core/time.h"

namespace nazar::act {
namespace {

constexpr int64_t kDayMs = 86'400'000;

struct Words {
  bool fa;
  const char* pick(const char* f, const char* e) const { return fa ? f : e; }
};

// A number as the reader writes it: Persian digits and the Persian decimal separator in fa.
std::string Num(std::string latin, const Words& w) {
  if (!w.fa) return latin;
  std::string out;
  for (char c : latin) {
    if (c == '.') out += "\u066B";
    else if (c == '-') out += "\u2212";
    else out += c;
  }
  return ToPersianDigits(out);
}
std::string Int(int64_t v, const Words& w) { return Num(std::to_string(v), w); }
std::string Dec(double v, const Words& w) { return Num(fmt::format("{:.1f}", v), w); }

// "16 Azar 1405", "۱۶ آذر ۱۴۰۵", "7 December 2026"; with the local time when `with_time`.
std::string When(int64_t ms, const Digest& d, const Words& w, bool with_time) {
  auto zone = TimeZoneDays::ForZone(d.org.time_zone);
  const int64_t offset = zone ? zone->OffsetMs(ms) : 0;
  const int64_t local = ms + offset;
  const int64_t day = zone ? zone->LocalDay(ms) : (local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs);
  std::string date;
  if (d.org.calendar == Calendar::kJalali) {
    auto j = JalaliFromEpochDay(day);
    auto m = j ? (w.fa ? JalaliMonthNamePersian(j->month) : JalaliMonthNameEnglish(j->month))
               : Result<std::string_view>(std::string_view("?"));
    if (j && m) date = fmt::format("{} {} {}", j->day, *m, j->year);
  } else {
    auto g = GregorianFromEpochDay(day);
    auto m = g ? (w.fa ? GregorianMonthNamePersian(g->month) : GregorianMonthNameEnglish(g->month))
               : Result<std::string_view>(std::string_view("?"));
    if (g && m) date = fmt::format("{} {} {}", g->day, *m, g->year);
  }
  if (date.empty()) date = FormatIsoUtc(ms).substr(0, 10);
  if (with_time) {
    const int64_t in_day = ((local % kDayMs) + kDayMs) % kDayMs;
    date += fmt::format("{} {:02}:{:02}", w.fa ? "،" : ",", in_day / 3600'000, in_day / 60'000 % 60);
  }
  return w.fa ? ToPersianDigits(date) : date;
}

std::string TitleOf(const Json& title, const Words& w) {
  if (title.is_string()) return title.get<std::string>();
  if (title.is_object()) {
    for (const char* k : {w.fa ? "fa" : "en", "en", "fa"})
      if (title.contains(k) && title[k].is_string()) return title[k].get<std::string>();
  }
  return w.pick("هشدار", "Alert");
}

std::string StatusName(KpiStatus s, const Words& w) {
  switch (s) {
    case KpiStatus::kOnTrack: return w.pick("در مسیر", "on track");
    case KpiStatus::kAtRisk: return w.pick("در خطر", "at risk");
    case KpiStatus::kOffTrack: return w.pick("دور از هدف", "off track");
    case KpiStatus::kNotEnoughData: break;
  }
  return w.pick("پاسخ کافی نیست", "not enough responses");
}

const char* StatusColour(KpiStatus s) {
  switch (s) {
    case KpiStatus::kOnTrack: return "#1b7f3b";
    case KpiStatus::kAtRisk: return "#9a6700";
    case KpiStatus::kOffTrack: return "#b42318";
    case KpiStatus::kNotEnoughData: break;
  }
  return "#555";
}

// "12.3 ± 4.1" (NPS points) or "85.2% ± 3.0" (percent favourable); below the minimum n, why.
std::string Value(const KpiLine& l, const Words& w) {
  if (!l.reading.enough) return w.pick("پاسخ کافی نیست", "not enough responses");
  const std::string unit = KpiUnit(l.kpi.metric) == "percent" ? "%" : "";
  return fmt::format("{}{} ± {}", Dec(l.reading.actual, w), unit, Dec(l.reading.margin, w));
}

std::string Target(const KpiLine& l, const Words& w) {
  return Dec(l.kpi.target, w) + (KpiUnit(l.kpi.metric) == "percent" ? "%" : "");
}

std::string Trend(const KpiLine& l, const Words& w) {
  const std::string t = TrendOf(l.reading);
  if (t == "up") return w.pick("رو به بالا", "rising");
  if (t == "down") return w.pick("رو به پایین", "falling");
  if (t == "flat") return w.pick("بی‌تغییر", "flat");
  return "";
}

std::string CaseLine(const DigestCase& c, const Digest& d, const Words& w) {
  const std::string target = c.target == "first_response" ? w.pick("پاسخ نخست", "first response")
                                                          : w.pick("حل", "resolution");
  const std::string due = c.due_ms ? When(*c.due_ms, d, w, true) : "";
  if (c.state == "breached")
    return fmt::format("{} {}", w.pick("مهلت گذشت:", "deadline passed:"),
                       fmt::format("{} ({})", target, due));
  return fmt::format("{} {}", w.pick("نزدیک مهلت:", "deadline near:"), fmt::format("{} ({})", target, due));
}

std::string Link(std::string_view app_url, std::string_view path) {
  return app_url.empty() ? "" : fmt::format("{}{}", app_url, path);
}

std::string Subject(const Digest& d, const Words& w) {
  const char* kind = d.frequency == "daily"    ? w.pick("خلاصهٔ روزانهٔ نظر", "Your daily Nazar digest")
                     : d.frequency == "weekly" ? w.pick("خلاصهٔ هفتگی نظر", "Your weekly Nazar digest")
                                               : w.pick("خلاصهٔ نظر", "Your Nazar digest");
  return fmt::format("{} · {} · {}", kind, d.org.name, When(d.until_ms, d, w, false));
}

}  // namespace

DigestText RenderDigest(const Digest& d, std::string_view app_url) {
  const Words w{.fa = d.locale == "fa"};
  DigestText out;
  out.subject = Subject(d, w);
  const std::string period = fmt::format("{} {} {} {}", w.pick("از", "From"), When(d.since_ms, d, w, true),
                                         w.pick("تا", "to"), When(d.until_ms, d, w, true));
  std::string& t = out.text;
  std::string h;
  t += fmt::format("{} {},\n\n{} · {}\n", w.pick("سلام", "Hello"), d.user_name, d.org.name, period);
  h += fmt::format("<p>{} {}،</p><p style=\"color:#555\">{} · {}</p>", w.pick("سلام", "Hello"),
                   EscapeHtml(d.user_name), EscapeHtml(d.org.name), EscapeHtml(period));
  if (!w.fa) h.replace(h.find("،"), std::string("،").size(), ",");

  if (!d.kpis.empty()) {
    const char* head = w.pick("شاخص‌های برنامهٔ تجربهٔ مشتری", "CX program KPIs");
    t += fmt::format("\n{}\n", head);
    h += fmt::format("<h2 style=\"font-size:16px\">{}</h2><table style=\"border-collapse:collapse\">", head);
    h += fmt::format("<tr><th align=\"start\">{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
                     w.pick("شاخص", "KPI"), w.pick("اکنون", "Now"), w.pick("هدف", "Target"), w.pick("وضعیت", "Status"));
    for (const DigestKpi& k : d.kpis) {
      const std::string trend = Trend(k.line, w);
      const std::string status = StatusName(k.line.status, w) + (trend.empty() ? "" : " · " + trend);
      t += fmt::format("- {}: {} ({} {}) — {}\n", k.label, Value(k.line, w), w.pick("هدف", "target"),
                       Target(k.line, w), status);
      h += fmt::format(
          "<tr><td style=\"padding:4px 8px\"><bdi>{}</bdi></td><td style=\"padding:4px 8px\"><bdi>{}</bdi></td>"
          "<td style=\"padding:4px 8px\"><bdi>{}</bdi></td><td style=\"padding:4px 8px;color:{}\">{}</td></tr>",
          EscapeHtml(k.label), EscapeHtml(Value(k.line, w)), EscapeHtml(Target(k.line, w)),
          StatusColour(k.line.status), EscapeHtml(status));
    }
    h += "</table>";
  }

  const std::string alerts_head = fmt::format("{}: {}", w.pick("هشدارهای تازه", "New alerts"), Int(d.alerts, w));
  t += fmt::format("\n{}\n", alerts_head);
  h += fmt::format("<h2 style=\"font-size:16px\">{}</h2><ul>", EscapeHtml(alerts_head));
  for (const DigestAlert& a : d.newest_alerts) {
    const std::string title = TitleOf(a.title, w);
    const std::string link = a.case_id ? Link(app_url, fmt::format("/o/{}/cases/{}", d.org.id.value, *a.case_id)) : "";
    t += fmt::format("- {} ({}){}\n", title, When(a.at_ms, d, w, true), link.empty() ? "" : " " + link);
    const std::string item = link.empty() ? fmt::format("<bdi>{}</bdi>", EscapeHtml(title))
                                          : fmt::format("<a href=\"{}\"><bdi>{}</bdi></a>", EscapeHtml(link), EscapeHtml(title));
    h += fmt::format("<li>{} <span style=\"color:#555\">{}</span></li>", item, EscapeHtml(When(a.at_ms, d, w, true)));
  }
  h += "</ul>";

  // A case at both deadlines is one case: its lines are joined, in the order of urgency.
  std::vector<std::pair<const DigestCase*, std::string>> cases;
  for (const DigestCase& c : d.near_breach) {
    auto it = std::find_if(cases.begin(), cases.end(), [&](const auto& x) { return x.first->id == c.id; });
    if (it == cases.end()) cases.emplace_back(&c, CaseLine(c, d, w));
    else it->second += w.pick("؛ ", "; ") + CaseLine(c, d, w);
  }
  const std::string cases_head =
      fmt::format("{}: {} · {}: {}", w.pick("پرونده‌های باز شما", "Your open cases"), Int(d.open_cases, w),
                  w.pick("نزدیک یا گذشته از مهلت", "near or past their deadline"),
                  Int(static_cast<int64_t>(cases.size()), w));
  t += fmt::format("\n{}\n", cases_head);
  h += fmt::format("<h2 style=\"font-size:16px\">{}</h2><ul>", EscapeHtml(cases_head));
  for (const auto& [c, line] : cases) {
    const std::string link = Link(app_url, fmt::format("/o/{}/cases/{}", d.org.id.value, c->id));
    t += fmt::format("- #{} {} — {}{}\n", Int(c->id, w), c->title, line, link.empty() ? "" : " " + link);
    const std::string title = fmt::format("#{} <bdi>{}</bdi>", Int(c->id, w), EscapeHtml(c->title));
    h += fmt::format("<li>{} — <span style=\"color:{}\">{}</span></li>",
                     link.empty() ? title : fmt::format("<a href=\"{}\">{}</a>", EscapeHtml(link), title),
                     c->state == "breached" ? "#b42318" : "#9a6700", EscapeHtml(line));
  }
  h += "</ul>";
  if (d.unassigned) {
    const std::string line = fmt::format("{}: {}", w.pick("پرونده‌های باز بی‌مسئول", "Open cases without an owner"),
                                         Int(*d.unassigned, w));
    t += fmt::format("{}\n", line);
    h += fmt::format("<p>{}</p>", EscapeHtml(line));
  }

  const std::string open = Link(app_url, fmt::format("/o/{}/cases", d.org.id.value));
  const std::string change = Link(app_url, fmt::format("/o/{}/settings/digest", d.org.id.value));
  const char* footer = w.pick("برای تغییر یا توقف این خلاصه:", "To change or stop this digest:");
  if (!open.empty()) t += fmt::format("\n{} {}\n", w.pick("صندوق پرونده‌ها:", "The cases inbox:"), open);
  t += fmt::format("\n— {} {}\n", w.pick("نظر، برای", "Nazar, for"), d.org.name);
  if (!change.empty()) t += fmt::format("{} {}\n", footer, change);
  if (!open.empty())
    h += fmt::format("<p><a href=\"{}\">{}</a></p>", EscapeHtml(open), w.pick("صندوق پرونده‌ها", "The cases inbox"));
  h += fmt::format("<p style=\"color:#777;font-size:12px\">{} {}", w.pick("نظر، برای", "Nazar, for"), EscapeHtml(d.org.name));
  if (!change.empty()) h += fmt::format(" · <a href=\"{}\">{}</a>", EscapeHtml(change), footer);
  h += "</p>";

  out.html = fmt::format(
      "<!doctype html><html lang=\"{}\" dir=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>"
      "<body style=\"font-family:Vazirmatn,Tahoma,Arial,sans-serif;line-height:1.6\">{}</body></html>",
      w.fa ? "fa" : "en", w.fa ? "rtl" : "ltr", EscapeHtml(out.subject), h);
  return out;
}

}  // namespace nazar::act
