"""The publication date a text states as its own, never a date of the story's history.

A text dump or a record without a date field still says when it was written, in a few
conventional places; everything else in it is the story's own chronology ("kerusuhan 27 Juli
1996", "tsunami Minggu, 26 Desember 2004", "diluncurkan pada Rabu (25/4/2018)", "mulai Senin
13 Juli 2020"). In order of trust:

1. header: a date with its year that is the whole of a short line on top (give or take a time,
   a zone and a few words: "SELASA, 12 NOVEMBER 2024 | 09:42 WIB"); on a whole page, the lines
   beside the headline the cleaner finds above the story are searched so first (`head` of
   `stated_date`: `pipeline.prepare` passes them, `CleanResult.head_lines`);
2. a date beside a word that names the day of writing ("kemarin (12/2/2020)", "hari ini
   (6/9/2019)", "yesterday"): the publication date is that date moved by the word's offset
   (`deictic_days` of the language file);
3. dateline: the latest date with its year whose weekday agrees ("…, kata Budi di Jakarta,
   Kamis (12/6/2025).") that is not the date of an event in its sentence: not after a word
   that makes it one ("pada", "sejak", "mulai": `dateline_blockers` in `[metadata]`), not
   marked past or future by the word after it ("lalu", "mendatang"), not in a sentence whose
   words before it point to the future ("rencananya", "akan");
   An opening dateline states it outright: a place in capitals, a comma and a date with its year opening a line,
   then at most an agency in brackets and a dash ("JAKARTA, March 4, 2025 (Reuters) - …", "PARIS,
   4 mars 2025 (AFP) – …"), the wire services' form in every language: taken before the others.
4. weekday: a weekday beside a day and month without a year ("Senin 30 Oktober"), not marked
   past or future as in 3, when exactly one year inside the window has that day on that
   weekday. The window is the four years up to the reference date (`--published-before`, else
   the file's date), or up to a year after the text's latest dateline whose weekday was mistyped
   ("…, Rabu (3/9/2020)." on a Thursday: no day to take, but the year it was written in, where a
   copied archive's file dates are years later). A writer leaves the year out only for a day close
   to the writing, so an event's day ("pada Senin 30 Oktober") is taken too.

Each is bounded by what the text tells of as past or to come: a report comes after every day,
month or year it marks as past ("sejak Maret 2024 lalu") and not after one it marks as to come
("pada tahun 2018 mendatang"); a header, dateline or weekday's year outside those bounds is a
day of the story's history and is not taken.

Nothing else: when none of these is found the publication date is left empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from .. import languages
from ..dates.tagger import lexicon, scan
from ..languages import phrase_key

# A weekday without a year is read only this close before the reference: a day and month fall
# on the same weekday again only after 5 or 6 years, so inside the window the year is unique.
WEEKDAY_WINDOW_DAYS = 4 * 365
HEADER_OTHER_WORDS = 5  # a date line ("Kompas dunia | 12 November 2024, 14:15 WIB") holds few other words
HEADER_LINE_CHARS = 120
PLACE_CHARS = 40  # an opening dateline's place and comma, from the line's start to the date
NEIGHBOUR_CHARS = 24  # how far a day word ("kemarin") may stand from the date it anchors
# compiled once (speed only: each date of a text is read with several of them)
_SENTENCE_ENDS = re.compile(r"[\s(),]*(?:[.!?;:]\s|\n|$)")
_OPENING = re.compile(r"^[\s(),.]+")
_WEEKDAY_SPLIT = re.compile(r"[\s,()]+")
_CLAUSE_SPLIT = re.compile(r"[,;:\"“”\n]|\.\s")
_NOT_WORD = re.compile(r"[^\w'’-]+")
_LETTER_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SPACES = re.compile(r"\s+")
# an opening dateline's place (a line's first words, a comma) and what follows its date (an agency, a dash)
_PLACE_BEFORE = re.compile(r"\s*[^\W\d_]{2,}(?:[ .'’-]{1,2}[^\W\d_]+){0,3},\s*")
_DASH_AFTER = re.compile(r"\s*(?:\([^()\n]{1,40}\)\s*)?[-–—]\s")


@dataclass(frozen=True)
class Stated:
    day: date
    how: str  # "header" | "dateline" | "weekday"
    start: int  # offset of the expression in the text


@dataclass(frozen=True)
class _Words:
    weekdays: dict[str, int]
    deictic: dict[str, int]
    directions: dict[str, str]
    future: tuple[str, ...]
    blockers: frozenset[str]
    prefixes: frozenset[str]  # "hari", "tanggal": words that may stand between a blocker and the date
    beside: tuple[tuple[int, re.Pattern[str], re.Pattern[str]], ...] = ()  # see `_beside_patterns`
    marked: re.Pattern[str] | None = None  # a digit, then a word marking past or future: a bound may be stated
    # (phrase, direction, `phrase` then a non-word character) for each of `directions`, in its order
    direction_ends: tuple[tuple[str, str, re.Pattern[str]], ...] = ()


@cache
def _words(lang: str) -> _Words:
    lex = lexicon(lang)
    data = lex.data
    deictic = {phrase_key(k): v for k, v in data.get("deictic_days", {}).items()}
    directions = {phrase_key(k): v for k, v in data.get("words_after", {}).items() if v in ("past", "future")}
    marked = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(directions, key=len, reverse=True))
    return _Words(
        weekdays=lex.weekdays,
        deictic=deictic,
        directions=directions,
        marked=re.compile(rf"\d[\s(),.]*(?:{marked})(?!\w)", re.I) if marked else None,
        future=tuple(phrase_key(w) for w in data.get("future_cues", [])),
        blockers=frozenset(phrase_key(w) for w in languages.section(lang, "metadata").get("dateline_blockers", [])),
        prefixes=frozenset(phrase_key(w) for w in data.get("day_prefixes", [])),
        beside=_beside_patterns(deictic, lex.weekdays),
        direction_ends=tuple((phrase, direction, re.compile(rf"{re.escape(phrase)}\W"))
                             for phrase, direction in directions.items()),
    )


def _beside_patterns(deictic: dict[str, int], weekdays: dict[str, int]
                     ) -> tuple[tuple[int, re.Pattern[str], re.Pattern[str]], ...]:
    """For each day word, longest first: (its offset, the pattern of the text just before a date
    that ends with it, the pattern of the text just after a date that starts with it)."""
    weekday = "|".join(re.escape(w) for w in weekdays)
    gap = rf"(?:\s*(?:{weekday})\b)?[\s(),]*" if weekday else r"[\s(),]*"
    return tuple((offset, re.compile(rf"(?:^|\W){re.escape(phrase)}{gap}$"),
                  re.compile(rf"[\s(),]*{re.escape(phrase)}(?!\w)"))
                 for phrase, offset in sorted(deictic.items(), key=lambda kv: -len(kv[0])))


def stated_date(text: str, lang: str, reference: date, head: list[str] | None = None) -> Stated | None:
    """The publication date `text` states (see the module docstring), not after `reference`.

    `head`: the first non-empty lines, where a header is looked for (default: the text's).
    """
    head = head if head is not None else [line.strip() for line in text.split("\n") if line.strip()][:12]
    found = header_date(head, lang, reference)
    if found is None:
        return body_date(text, lang, reference)
    marked = _words(lang).marked
    if marked is None or not marked.search(text):  # no past or future day stated: the body bounds nothing
        return found
    body, floor, ceiling = _body_date(text, lang, reference)
    return found if floor <= found.day <= ceiling else body


def header_date(head: list[str], lang: str, reference: date) -> Stated | None:
    """A date with its year alone on one of the short lines on top; `start` is the line's index."""
    words = _words(lang)
    short = [(index, line) for index, line in enumerate(head) if len(line) <= HEADER_LINE_CHARS]
    joined = "\n".join(line for _, line in short)
    for found in scan(joined, reference, lang):
        if found.granularity == "day" and found.explicit_year and found.anchor is not None \
                and found.anchor <= reference and _alone_on_its_line(joined, found.start, found.end) \
                and not _event_word_before(joined, found.start, words):
            return Stated(found.anchor, "header", short[joined.count("\n", 0, found.start)][0])
    return None


def body_date(text: str, lang: str, reference: date) -> Stated | None:
    return _body_date(text, lang, reference)[0]


def _body_date(text: str, lang: str, reference: date) -> tuple[Stated | None, date, date]:
    """The date the body states, and the earliest and latest day its past and future days allow."""
    words = _words(lang)
    anchored: list[Stated] = []
    opening: list[Stated] = []
    datelines: list[Stated] = []
    weekday_only: list[Stated] = []
    mistyped: list[date] = []  # dateline days whose weekday disagrees
    year_less: list[tuple[int, int, int, int, int]] = []  # weekday dates without a year, read once all are seen
    # a report comes after every day, month or year it tells of as past ("Maret 2024 lalu") and not
    # after one it tells of as to come ("Pemilu 2019 mendatang"); a weekday that disagrees is a typo
    floor, ceiling = date.min, date.max
    for found in scan(text, reference, lang):
        marked = _direction_after(text, found.end, words) if found.explicit_year else None
        if marked and _weekday(text[found.start:found.end], words) in (None, found.anchor and found.anchor.weekday()):
            period = _period(found.value)
            if period and marked == "past":
                floor = max(floor, period[0])
            elif period and marked == "future":
                ceiling = min(ceiling, period[1])
        if found.granularity != "day" or found.anchor is None:
            continue
        span = text[found.start:found.end]
        if not any(map(str.isdigit, span)):
            continue  # "Senin kemarin", "besok": no day of the month to anchor anything
        offset = _day_word_beside(text, found.start, found.end, words)
        weekday = _weekday(span, words)
        if offset is not None and _event_word_before(text, found.start, words):
            offset = None  # "pada 11 November 2019 kemarin": "recently", not "yesterday"
        if found.explicit_year:
            if found.anchor <= reference and _opens_dateline(text, found.start, found.end):
                opening.append(Stated(found.anchor, "dateline", found.start))
            elif offset is not None and weekday in (None, found.anchor.weekday()):
                day = found.anchor - timedelta(days=offset)
                if day <= reference:
                    anchored.append(Stated(day, "dateline", found.start))
            elif weekday == found.anchor.weekday() and found.anchor <= reference \
                    and _report_position(text, found.start, found.end, words):
                datelines.append(Stated(found.anchor, "dateline", found.start))
            elif weekday is not None and found.anchor <= reference \
                    and _report_position(text, found.start, found.end, words):
                mistyped.append(found.anchor)  # "Rabu (3/9/2020)" on a Thursday: no day, but its year's
            continue
        if weekday is None:
            continue  # a day and month alone name no year, even beside "besok"
        # A writer leaves the year out only for a day close to the writing: an event's day
        # ("pada Senin 30 Oktober") then dates the report too, unless it is marked past or future.
        if offset is None and not _report_position(text, found.start, found.end, words, event_words=False):
            continue
        year_less.append((found.anchor.month, found.anchor.day, weekday, offset or 0, found.start))
    end = _weekday_reference(reference, mistyped)
    for month, day_of_month, weekday, offset, start in year_less:
        day = _only_year_in_window(month, day_of_month, weekday, offset, end)
        if day is not None:
            weekday_only.append(Stated(day, "weekday", start))
    # a date before the floor is one of the story's history, whatever its form: "(5/4/2017)" or a
    # weekday's year is not the day of writing of a text that tells of "Desember 2018 lalu"
    opening, anchored, datelines, weekday_only = ([one for one in kind if floor <= one.day <= ceiling]
                                                  for kind in (opening, anchored, datelines, weekday_only))
    if opening:
        return opening[0], floor, ceiling
    if anchored:
        return anchored[0], floor, ceiling
    if datelines:
        return max(datelines, key=lambda s: s.day), floor, ceiling  # a report comes after every day it reports
    return (weekday_only[0] if weekday_only else None), floor, ceiling


def _period(value: str | None) -> tuple[date, date] | None:
    """The first and last day of a TIMEX value with its year ("2016", "2018-12", "2019-03-03"; a
    week, quarter or season counts as its whole year)."""
    match = re.match(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?!\d)", value or "")
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if day:
            return date(year, month, day), date(year, month, day)
        if month:
            return date(year, month, 1), date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def _direction_after(text: str, end: int, words: _Words) -> str | None:
    """"past" or "future" when the word after a date marks it so ("lalu", "silam", "mendatang"); a
    word after the sentence's end ("(23/8/2019).\nSebelumnya …") marks nothing."""
    if _SENTENCE_ENDS.match(text[end:end + 30]):
        return None
    following = _OPENING.sub("", _key(text[end:end + 30]))
    for phrase, direction, ends in words.direction_ends:
        if following == phrase or following.startswith(phrase + " ") or ends.match(following):
            return direction
    return None


def _weekday_reference(reference: date, mistyped: list[date]) -> date:
    """The end of a year-less weekday's window: the reference, or a year after the text's latest dateline
    whose weekday was mistyped ("…, Rabu (3/9/2020)." on a Thursday): not a day to take, but the text's own
    word on when it was written, where the reference (a file's date, a copied archive's) may be years later."""
    return min(reference, max(mistyped) + timedelta(days=366)) if mistyped else reference


def _only_year_in_window(month: int, day: int, weekday: int | None, offset: int, reference: date) -> date | None:
    """The publication day when exactly one (day, month) inside the window has `weekday` (any
    weekday when None, with a day word beside it), moved back by the day word's `offset`."""
    start = reference - timedelta(days=WEEKDAY_WINDOW_DAYS)
    fits = []
    for year in range(start.year, reference.year + 1):
        try:
            named = date(year, month, day)
        except ValueError:
            continue
        published = named - timedelta(days=offset)
        if start < published <= reference and (weekday is None or named.weekday() == weekday):
            fits.append(published)
    return fits[0] if len(fits) == 1 else None


def _weekday(span: str, words: _Words) -> int | None:
    for word in _WEEKDAY_SPLIT.split(span.lower()):
        if word in words.weekdays:
            return words.weekdays[word]
    return None


def _day_word_beside(text: str, start: int, end: int, words: _Words) -> int | None:
    """The offset of a day word ("kemarin" -1, "hari ini" 0) written right beside the date:
    only spaces, brackets, commas and a weekday name between them."""
    if not words.deictic:
        return None
    before = _key(text[max(0, start - NEIGHBOUR_CHARS):start])
    after = _key(text[end:end + NEIGHBOUR_CHARS])
    for offset, ends_before, starts_after in words.beside:
        if ends_before.search(before) or starts_after.match(after):
            return offset
    return None


def _report_position(text: str, start: int, end: int, words: _Words, event_words: bool = True) -> bool:
    """Whether a date stands where a report dates itself rather than an event it tells of
    (`event_words`: the word before it, "pada", "sejak", counts)."""
    if event_words and _event_word_before(text, start, words):
        return False
    if _direction_after(text, end, words) is not None:
        return False
    clause = _CLAUSE_SPLIT.split(text[max(0, start - 200):start])[-1]  # a quote's "akan" is not the date's
    before = " " + _key(_NOT_WORD.sub(" ", clause)) + " "
    return not any(f" {cue} " in before for cue in words.future)


def _event_word_before(text: str, start: int, words: _Words) -> bool:
    """"pada", "sejak", … right before the date (a day prefix such as "hari" may stand between)."""
    previous = [w for w in _LETTER_WORD.findall(text[max(0, start - 30):start].lower())
                if w not in words.prefixes]
    return bool(previous) and previous[-1] in words.blockers


def _opens_dateline(text: str, start: int, end: int) -> bool:
    """Whether the date at `start`–`end` is an opening dateline's: a place and a comma before it from the
    line's start, at most an agency in brackets and then a dash after it."""
    line_start = text.rfind("\n", 0, start) + 1
    if start - line_start > PLACE_CHARS or not _DASH_AFTER.match(text, end):
        return False
    place = _PLACE_BEFORE.fullmatch(text, line_start, start)
    return place is not None and place.group().isupper()  # the wire's place in capitals: "JAKARTA,", "NEW YORK,"


def _key(text: str) -> str:
    return _SPACES.sub(" ", text.lower()).strip() if text.strip() else ""


def _alone_on_its_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    rest = text[line_start:start] + " " + text[end:line_end if line_end >= 0 else len(text)]
    return sum(1 for word in rest.split() if any(map(str.isalpha, word))) <= HEADER_OTHER_WORDS


__all__ = ["Stated", "stated_date", "header_date", "body_date", "WEEKDAY_WINDOW_DAYS"]
