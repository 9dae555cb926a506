"""Calendar arithmetic for normalization: shifting by units, ISO weeks, quarters, holidays, and the
TIMEX3 value strings for each granularity. The year of a date written without one and weekdays
counted from an anchor are `year_for` and `weekday_date` in `text.calendar`."""

from __future__ import annotations

import datetime as dt

from newsfuse.text.calendar import month_length

Date = dt.date


def shift_months(day: Date, months: int) -> Date:
    month0 = day.month - 1 + months
    year = day.year + month0 // 12
    month = month0 % 12 + 1
    last = month_length(year, month)
    return Date(year, month, min(day.day, last))


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
    last = Date(year, month, month_length(year, month))
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
