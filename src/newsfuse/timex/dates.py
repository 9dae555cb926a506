"""Calendar arithmetic for normalization: shifting by units, ISO weeks, quarters, holidays, and the
TIMEX3 value strings for each granularity."""

from __future__ import annotations

import datetime as dt

Date = dt.date


def shift_months(day: Date, months: int) -> Date:
    month0 = day.month - 1 + months
    year = day.year + month0 // 12
    month = month0 % 12 + 1
    last = _month_length(year, month)
    return Date(year, month, min(day.day, last))


def _month_length(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (Date(year, month + 1, 1) - Date(year, month, 1)).days


def safe_date(year: int, month: int, day: int) -> Date | None:
    try:
        return Date(year, month, day)
    except ValueError:
        return None


def day_value(day: Date) -> str:
    return day.isoformat()


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def year_value(year: int) -> str:
    return f"{year:04d}"


def week_value(day: Date) -> str:
    iso_year, week, _ = day.isocalendar()
    return f"{iso_year:04d}-W{week:02d}"


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def quarter_value(year: int, quarter: int) -> str:
    return f"{year:04d}-Q{quarter}"


def shift_quarter(year: int, quarter: int, by: int) -> tuple[int, int]:
    index = year * 4 + quarter - 1 + by
    return index // 4, index % 4 + 1


def weekday_near(anchor: Date, weekday: int, direction: str | None) -> Date:
    """The day with ISO `weekday` nearest `anchor` in `direction`.

    "past" and "future" include the anchor's own day ("said Friday" on a Friday is that Friday);
    "before"/"after" exclude it ("last Friday", "next Friday"); None takes the nearest either way,
    preferring the past on a tie.
    """
    back = (anchor.isoweekday() - weekday) % 7
    ahead = (weekday - anchor.isoweekday()) % 7
    if direction == "past":
        return anchor - dt.timedelta(days=back)
    if direction == "future":
        return anchor + dt.timedelta(days=ahead)
    if direction == "before":
        return anchor - dt.timedelta(days=back or 7)
    if direction == "after":
        return anchor + dt.timedelta(days=ahead or 7)
    return anchor - dt.timedelta(days=back) if back <= ahead else anchor + dt.timedelta(days=ahead)


def pick_year(anchor: Date, month: int, day: int | None, direction: str | None) -> int:
    """The year of a "September 24" or "May" without a year, seen from `anchor`.

    The nearest occurrence wins, but a date on the side the tense points away from counts as
    three times further ("on September 24" in a past-tense sentence of June is last September,
    "payable Dec. 15" in October is this December). Without a tense, later dates count 1.5 times
    further: news mostly reports what has happened.
    """
    best_year, best_cost = anchor.year, float("inf")
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        if day is not None:
            when = safe_date(year, month, min(day, _month_length(year, month)))
            if when is None:
                continue
            delta = (when - anchor).days
        else:
            delta = ((year - anchor.year) * 12 + month - anchor.month) * 30.5
        if direction == "past":
            cost = abs(delta) * (3 if delta > 2 else 1)
        elif direction == "future":
            cost = abs(delta) * (3 if delta < -2 else 1)
        else:
            cost = abs(delta) * (1.5 if delta > 0 else 1)
        if cost < best_cost:
            best_year, best_cost = year, cost
    return best_year


def easter(year: int) -> Date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return Date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> Date:
    """The n-th ISO `weekday` of a month; n = -1 for the last one."""
    if n > 0:
        first = Date(year, month, 1)
        offset = (weekday - first.isoweekday()) % 7
        return first + dt.timedelta(days=offset + 7 * (n - 1))
    last = Date(year, month, _month_length(year, month))
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)


def movable_holiday(name: str, year: int) -> Date | None:
    name = name.lower().replace("’", "'")
    if name.startswith("thanksgiving"):
        return nth_weekday(year, 11, 4, 4)
    if name in ("easter", "easter sunday"):
        return easter(year)
    if name == "good friday":
        return easter(year) - dt.timedelta(days=2)
    if name == "easter monday":
        return easter(year) + dt.timedelta(days=1)
    if name == "pentecost":
        return easter(year) + dt.timedelta(days=49)
    if name == "memorial day":
        return nth_weekday(year, 5, 1, -1)
    if name == "labor day":
        return nth_weekday(year, 9, 1, 1)
    if name == "election day":
        return nth_weekday(year, 11, 1, 1) + dt.timedelta(days=1)
    if name == "mother's day":
        return nth_weekday(year, 5, 7, 2)
    if name == "father's day":
        return nth_weekday(year, 6, 7, 3)
    if name == "martin luther king day":
        return nth_weekday(year, 1, 1, 3)
    if name == "presidents' day":
        return nth_weekday(year, 2, 1, 3)
    return None
