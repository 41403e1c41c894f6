"""Dates in text, resolved against the publication date (see `tagger.py` for why our own).

    tag(text, dct, lang)        -> [Timex]   every date expression, TIMEX3 values
    guess_dct(text, lang)       -> date      the publication date a text states
    infer_date(day, month, ...) -> date      the year of a date given without one
"""

from __future__ import annotations

from datetime import date

from .calendar import infer_date
from .tagger import tag


def guess_dct(text: str, lang: str, today: date | None = None) -> date | None:
    """The publication date a text states (see `corpus_tools.extract.pubdate`), never one of the
    story's history: a date header, a date beside "today"/"kemarin", a dateline whose weekday agrees.

    "SELASA, 12 NOVEMBER 2024 | 09:42 WIB" → 2024-11-12; "Selasa (12/11)" → the only
    12 November in the year up to `today` that is a Tuesday.
    """
    from ..extract.pubdate import stated_date  # the reading of a text's own date lives with extraction
    found = stated_date(text, lang, today or date.today())
    return found.day if found else None


__all__ = ["tag", "guess_dct", "infer_date"]
