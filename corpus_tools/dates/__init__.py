"""Dates in text, resolved against the publication date (see `tagger.py` for why our own).

    tag(text, dct, lang)        -> [Timex]   every date expression, TIMEX3 values
    guess_dct(text, lang)       -> date      the publication date a text states
    infer_date(day, month, ...) -> date      the year of a date given without one
"""

from __future__ import annotations

from datetime import date

from .calendar import infer_date
from .tagger import scan, tag


WEEKDAY_WINDOW_YEARS = 6  # a weekday with a day and month names the year only this close before the reference
HEADER_OTHER_WORDS = 5  # a date line ("Kompas dunia | 12 November 2024, 14:15 WIB") holds few other words


def guess_dct(text: str, lang: str, today: date | None = None) -> date | None:
    """The publication date a text states (see `first_stated_date`).

    "SELASA, 12 NOVEMBER 2024 | 09:42 WIB" → 2024-11-12; "Selasa (12/11)" →
    the latest 12 November not after `today` that is a Tuesday.
    """
    found = first_stated_date(text, lang, today)
    return found[0] if found else None


def first_stated_date(text: str, lang: str, today: date | None = None) -> tuple[date, int, str] | None:
    """(date, offset, how) of the date a text states as its own, never one of the story's history.

    In order of trust: a date with its year that is the whole of its line, give or take a
    time, a zone and a few words (a header: how "year"), or whose weekday agrees
    ("Kamis (12/6/2025)", a dateline: how "year"); else a weekday beside a day and month
    ("Senin 30 Oktober", how "weekday"), its year the latest that agrees, not after `today`
    and at most WEEKDAY_WINDOW_YEARS before it. A date with a year in a sentence
    ("kerusuhan 27 Juli 1996") is history, not the date of the report.
    """
    reference = today or date.today()
    weekday_only = None
    for found in scan(text, reference, lang):
        if found.granularity != "day" or found.anchor is None or found.anchor > reference:
            continue
        weekday = _weekday(text[found.start:found.end], lang)
        if found.explicit_year:
            if (weekday is not None and found.anchor.weekday() == weekday) or \
                    (weekday is None and _alone_on_its_line(text, found.start, found.end)):
                return found.anchor, found.start, "year"
        elif weekday is not None and weekday_only is None \
                and (reference - found.anchor).days <= 366 * WEEKDAY_WINDOW_YEARS:
            weekday_only = (found.anchor, found.start, "weekday")
    return weekday_only


def _weekday(span: str, lang: str) -> int | None:
    from .tagger import lexicon
    if not any(c.isdigit() for c in span):
        return None
    days = lexicon(lang).weekdays
    for word in span.lower().replace(",", " ").replace("(", " ").split():
        if word in days:
            return days[word]
    return None


def _alone_on_its_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    rest = text[line_start:start] + " " + text[end:line_end if line_end >= 0 else len(text)]
    return sum(1 for word in rest.split() if any(c.isalpha() for c in word)) <= HEADER_OTHER_WORDS


__all__ = ["tag", "guess_dct", "first_stated_date", "infer_date", "WEEKDAY_WINDOW_YEARS"]
