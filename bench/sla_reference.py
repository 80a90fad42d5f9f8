"""The reference for bench/sla.sh: the SLA of a case computed the plain way, in Python.

Reads the sample cases sla_bench wrote (JSON lines: inputs and Nazar's status), recomputes
each status by stepping local days with zoneinfo (Debian's python3 and tzdata), and prints
one JSON object: how many statuses agree, the first disagreements, and the speed.

It shares no code with Nazar: the working intervals of a local day are built from the
calendar as written in the sample (the JSON of act/business_hours.h), holidays of the
Gregorian calendar by their month and day, those of the Jalali calendar from the table
below (dates of the Iranian preset's holidays, 2025-2028, from the official calendar).
The SLA rules are those of act/sla.h: working time outside pauses, due at the first instant
the target has passed, warning at round(target * fraction), met late when due <= met.
"""
import datetime as dt
import json
import sys
import time
from zoneinfo import ZoneInfo

# The fixed solar holidays of 1404-1407 (Nowruz 1-4 Farvardin, 12-13 Farvardin, 14-15
# Khordad, 22 Bahman, 29 Esfand) as Gregorian dates.
IRAN_HOLIDAYS = {dt.date.fromisoformat(d) for d in [
    "2025-02-10", "2025-03-19",  # 22 Bahman, 29 Esfand 1403
    "2025-03-21", "2025-03-22", "2025-03-23", "2025-03-24", "2025-04-01", "2025-04-02",
    "2025-06-04", "2025-06-05", "2026-02-11", "2026-03-20",  # 1404
    "2026-03-21", "2026-03-22", "2026-03-23", "2026-03-24", "2026-04-01", "2026-04-02",
    "2026-06-04", "2026-06-05", "2027-02-11", "2027-03-20",  # 1405
    "2027-03-21", "2027-03-22", "2027-03-23", "2027-03-24", "2027-04-01", "2027-04-02",
    "2027-06-04", "2027-06-05", "2028-02-11", "2028-03-19",  # 1406
]}
IRAN_TABLE = (dt.date(2025, 1, 1), dt.date(2028, 3, 1))
DAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]  # date.weekday() order
MS = 1000


class Calendar:
    def __init__(self, spec):
        self.zone = ZoneInfo(spec["time_zone"])
        self.week = {k: [(self._minutes(a), self._minutes(b)) for a, b in spec["week"].get(k, [])]
                     for k in DAY_KEYS}
        self.gregorian = set()
        self.jalali = False
        for h in spec.get("holidays", []):
            if h["calendar"] == "gregorian":
                self.gregorian.add((h["month"], h["day"]))
            else:
                self.jalali = True  # the Iranian preset: from the table

    @staticmethod
    def _minutes(text):
        h, m = text.split(":")
        return int(h) * 60 + int(m)

    def is_holiday(self, day):
        if (day.month, day.day) in self.gregorian:
            return True
        if self.jalali:
            assert IRAN_TABLE[0] <= day < IRAN_TABLE[1], f"{day} is outside the holiday table"
            return day in IRAN_HOLIDAYS
        return False

    def local_day(self, ms):
        return dt.datetime.fromtimestamp(ms / MS, self.zone).date()

    def utc_ms(self, day, minutes):
        midnight = dt.datetime(day.year, day.month, day.day, tzinfo=self.zone)
        wall = midnight + dt.timedelta(minutes=minutes)  # wall-clock arithmetic in zoneinfo
        return round(wall.timestamp() * MS)

    def intervals_from(self, ms):
        """The working intervals [a, b) in UTC ms, day by day, from the local day of `ms` on."""
        day = self.local_day(ms)
        while True:
            if not self.is_holiday(day):
                for a, b in self.week[DAY_KEYS[day.weekday()]]:
                    yield self.utc_ms(day, a), self.utc_ms(day, b)
            day += dt.timedelta(days=1)


def merged_pauses(pauses, start, end):
    spans = sorted((max(f, start), min(end if t is None else t, end)) for f, t in pauses)
    out = []
    for f, t in spans:
        if t <= f:
            continue
        if out and f <= out[-1][1]:
            out[-1][1] = max(out[-1][1], t)
        else:
            out.append([f, t])
    return out


def counted_pieces(calendar, start, pauses):
    """Working intervals from `start`, minus the pauses, as (a, b) pieces in order."""
    for a, b in calendar.intervals_from(start):
        a = max(a, start)
        if b <= a:
            continue
        for f, t in pauses:
            if t <= a or f >= b:
                continue
            if f > a:
                yield a, f
            a = max(a, t)
            if a >= b:
                break
        if a < b:
            yield a, b


def evaluate(calendar, case, now):
    start, target, fraction = case["started_ms"], case["target_ms"], case["warn_fraction"]
    met = case["met_ms"]
    end = max(met if met is not None else now, start)
    pauses = merged_pauses(case["pauses"], start, end)
    warn_at = round(target * fraction) if 0 < fraction < 1 else None
    elapsed, due, warn = 0, None, None
    counted = 0
    for a, b in counted_pieces(calendar, start, pauses):
        for threshold, name in ((target, "due"), (warn_at, "warn")):
            if threshold is None or (due if name == "due" else warn) is not None:
                continue
            if threshold <= 0:
                value = start
            elif counted + (b - a) >= threshold:
                value = a + threshold - counted
            else:
                continue
            if name == "due":
                due = value
            else:
                warn = value
        if a < end:
            elapsed += min(b, end) - a
        counted += b - a
        if due is not None and (warn is not None or warn_at is None) and b >= end:
            break
    breached = elapsed >= target
    paused = met is None and now >= start and any(
        f <= now and (t is None or t > now) for f, t in case["pauses"])
    if met is not None:
        state = "met_late" if breached else "met"
    elif breached:
        state = "breached"
    elif paused:
        state = "paused"
    else:
        state = "warning" if warn_at is not None and elapsed >= warn_at else "running"
    if state == "paused":
        due = None
        if not (warn_at is not None and elapsed >= warn_at):
            warn = None
    return {"state": state, "elapsed_ms": elapsed, "due_ms": due, "warn_ms": warn,
            "remaining_ms": target - elapsed}


def main():
    sample_path, calendars_path, now = sys.argv[1], sys.argv[2], int(sys.argv[3])
    calendars = [Calendar(c) for c in json.load(open(calendars_path))]
    cases = [json.loads(line) for line in open(sample_path)]
    t0 = time.perf_counter()
    ours = [evaluate(calendars[c["calendar"]], c, now) for c in cases]
    seconds = time.perf_counter() - t0
    keys = ["state", "elapsed_ms", "due_ms", "warn_ms", "remaining_ms"]
    differences = [{"case": i, "nazar": {k: c[k] for k in keys}, "python": o}
                   for i, (c, o) in enumerate(zip(cases, ours)) if any(c[k] != o[k] for k in keys)]
    print(json.dumps({
        "cases": len(cases), "seconds": round(seconds, 3),
        "evaluations_per_s": round(len(cases) / seconds, 1),
        "agree": len(cases) - len(differences), "differences": differences[:5],
        "python": sys.version.split()[0],
        "method": "local days stepped one by one with zoneinfo; each working interval minus the pauses",
    }))


if __name__ == "__main__":
    main()
