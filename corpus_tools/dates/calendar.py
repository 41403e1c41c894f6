"""Calendar arithmetic for resolving dates: year inference, shifts, TIMEX3 values."""

from __future__ import annotations

from datetime import date, timedelta

NEAR_FUTURE_DAYS = 45  # how far ahead a date without a year may still be read as upcoming
WEEKDAY_CYCLE_YEARS = 28  # the Gregorian weekday pattern repeats (within a century) every 28 years


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def infer_date(day: int, month: int, reference: date, weekday: int | None = None,
               future: bool = False, near_future: bool = True) -> date | None:
    """The year of a day and month given without one.

    News reports the past: the latest such date not after `reference`, unless the
    sentence is about the future (then the earliest not before it), or the date
    falls within NEAR_FUTURE_DAYS ahead — TimeBank shows such dates are upcoming
    far more often than eleven months old. A weekday given beside the date
    (0 = Monday; "Selasa (12/11)") must agree. `near_future=False`: the date is said to
    be past ("28 Desember lalu", "last December 28"), never a few weeks ahead.
    """
    if not future and near_future:
        # A date a few weeks ahead is likelier than one eleven months back ("the deadline is Jan. 14";
        # "in an editorial on Monday, Oct. 26" the day after publication).
        for year in (reference.year, reference.year + 1):
            ahead = safe_date(year, month, day)
            if ahead and 0 < (ahead - reference).days <= NEAR_FUTURE_DAYS \
                    and (weekday is None or ahead.weekday() == weekday):
                return ahead
    step = 1 if future else -1
    for offset in range(WEEKDAY_CYCLE_YEARS * 2 + 1):
        candidate = safe_date(reference.year + step * offset, month, day)
        if candidate is None:
            continue
        if (candidate > reference) if not future else (candidate < reference):
            continue
        if weekday is None or candidate.weekday() == weekday:
            return candidate
    return None


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def day_value(value: date) -> str:
    return value.isoformat()


def week_value(value: date) -> str:
    year, week, _ = value.isocalendar()
    return f"{year}-W{week:02d}"


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def year_value(year: int) -> str:
    return f"{year:04d}"


def weekday_before(reference: date, weekday: int, strictly: bool) -> date:
    """The latest `weekday` on or before `reference` (strictly before if asked)."""
    back = (reference.weekday() - weekday) % 7
    if back == 0 and strictly:
        back = 7
    return reference - timedelta(days=back)


def weekday_after(reference: date, weekday: int) -> date:
    ahead = (weekday - reference.weekday()) % 7 or 7
    return reference + timedelta(days=ahead)
