"""An outlet's article ids grow with time: a date read from a text is checked against them.

A news site numbers its articles in the order it publishes them, and writes the number in the
article's URL (`…/d-7961581/slug`, `…/read/2019/06/29/081500/4567890/slug`). When an article's
date comes only from its text (a header, a dateline, a weekday's year: `WEAK`), the articles of
the same site and id pattern whose dates come from strong evidence (the record's date field,
structured metadata, the URL: `STRONG`) and whose ids are the nearest below and above its id say
between which days it appeared. A text date outside that bracket, by more than `BRACKET_DAYS`,
is a day of the story's history, not the day of writing: it is not taken, and the article is
stored undated with `published_from = "id-order"` (the bracket's days are not given as its
date: nothing says where inside the bracket it falls).

A bracket needs ids on both sides. With a strong neighbour on one side only (the article is older
or newer than every strong one of its series), the bound holds only when clearly broken, by more
than `ONE_SIDE_DAYS`: an article older than the first dated id may well be years older ("2017"
for an id below the first one dated 2018 is right), and a site may renumber. Neighbours whose
own dates run backwards (the ids are not in date order there) bound nothing.

Ingest checks the text-dated articles of a batch when the batch is stored, against everything
in the store then: the strong articles stored earlier (other runs included) and the whole batch.
A strong article stored later does not reopen a text-dated one stored before it; the next
ingest of that record's file (when it changed) checks it again.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

__all__ = ["STRONG", "WEAK", "BRACKET_DAYS", "ONE_SIDE_DAYS", "url_id", "contradicts"]

STRONG = ("record", "html", "url")  # the record's date field, structured metadata, the URL's date
WEAK = ("header", "dateline", "weekday")  # read in the text
BRACKET_DAYS = 7  # a dateline a few days off its id's neighbours (a late report, a time zone) is no contradiction
ONE_SIDE_DAYS = 366  # one neighbour only: the bound must be broken by more than a year

# a path segment that is the article's number: digits alone, or after a short letter prefix
# ("d-7961581"), with an optional extension; five digits at least (a year or a day is no id)
_ID_SEGMENT = re.compile(r"(?:[a-z]{1,2}[-_])?(\d{5,})(?:\.[a-z]{2,5})?", re.I)
_DATE_SEGMENTS = re.compile(r"/(?:19|20)\d\d/[01]?\d/[0-3]?\d(?=/|$)")


def url_id(url: str | None) -> tuple[str, int] | None:
    """(series, number): the site and the shape of its id, and the article's number in its URL
    (the last such segment: `/read/2019/06/29/081500/4567890/` is 4567890, the time before it
    has fewer digits), or None. The series is the host without `www.` and the id's digit count: a
    site that changed its URL style kept its numbering (`/read/2019/…/4567890/` and later
    `/d-7961581/`), so the prefix is not part of it; a count of another length is another scheme."""
    if not url or "://" not in url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    path = _DATE_SEGMENTS.sub("/", parts.path)
    for segment in reversed(path.split("/")):
        match = _ID_SEGMENT.fullmatch(segment)
        if match:
            return f"{host} {len(match.group(1))}", int(match.group(1))
    return None


def contradicts(day: str, before: str | None, after: str | None) -> bool:
    """Whether a text date `day` (ISO) falls outside what the strong neighbours allow: not before
    the one with the nearest lower id (`before`, its date) and not after the nearest higher one."""
    if before and after and after < before:
        return False  # the ids are not in date order here: they bound nothing
    slack = timedelta(days=BRACKET_DAYS if before and after else ONE_SIDE_DAYS)
    stated = date.fromisoformat(day)
    if before and stated < date.fromisoformat(before) - slack:
        return True
    return bool(after and stated > date.fromisoformat(after) + slack)
