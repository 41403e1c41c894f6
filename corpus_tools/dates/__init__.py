"""Dates in text, resolved against the publication date (see `tagger.py` for why our own).

    tag(text, dct, lang)        -> [Timex]   every date expression, TIMEX3 values
    guess_dct(text, lang)       -> date      the publication date a text states
    infer_date(day, month, ...) -> date      the year of a date given without one
"""

from __future__ import annotations

from datetime import date

from .calendar import infer_date
from .tagger import scan, tag


def guess_dct(text: str, lang: str, today: date | None = None) -> date | None:
    """The first fully stated date of `text` (with a year, or a weekday beside a day and month).

    "SELASA, 12 NOVEMBER 2024 | 09:42 WIB" → 2024-11-12; "Selasa (12/11)" →
    the latest 12 November not after `today` that is a Tuesday.
    """
    found = first_stated_date(text, lang, today)
    return found[0] if found else None


def first_stated_date(text: str, lang: str, today: date | None = None) -> tuple[date, int] | None:
    """`guess_dct` with the offset where the date was found."""
    reference = today or date.today()
    for found in scan(text, reference, lang):
        if found.granularity != "day" or found.anchor is None or found.anchor > reference:
            continue
        if found.explicit_year or _has_weekday(text[found.start:found.end], lang):
            return found.anchor, found.start
    return None


def _has_weekday(span: str, lang: str) -> bool:
    from .tagger import lexicon
    words = span.lower().replace(",", " ").replace("(", " ").split()
    return any(w in lexicon(lang).weekdays for w in words) and any(c.isdigit() for c in span)


__all__ = ["tag", "guess_dct", "first_stated_date", "infer_date"]
