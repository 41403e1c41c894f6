"""The temporal tagger: find date expressions and resolve them to TIMEX3 values.

Why our own: dateparser's `search_dates` finds many spans but resolves weekday
and relative expressions against "now" with no notion of the article's date,
of "Minggu" the weekday vs "minggu" the week, or of an anaphoric "sehari
sebelumnya"; HeidelTime does all this but needs Java and has no Indonesian
resources. So: a small rule engine in the HeidelTime manner, driven entirely by
the `[dates]` section of the language files.

How it works: every pattern family proposes candidate spans; each candidate is
resolved against the document creation time (DCT) or rejected by its family's
rules; overlapping candidates are settled longest-first; finally anaphoric
expressions are resolved against the date mentioned last.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, partial
from string import ascii_letters as _ASCII_LETTERS
from typing import Callable

from .. import languages
from ..firstchar import Segmentable, folds_to_ascii, guarded, lowered_twin
from ..languages import phrase_key as _key
from ..languages import word_alternation as _alternation
from ..record import Timex
from .calendar import (day_value, infer_date, month_value, safe_date, shift_month, week_value,
                       weekday_after, weekday_before, year_value)

YEAR = r"(?P<y>(?:1[89]|20)\d\d)"
# a year before those YEAR reads, right after a day and month or a month ("born in September 1709"): the date is
# that year's, which no value here writes, never the one the publication date would put it in
_UNREAD_YEAR = re.compile(r"\s*,?\s+1[0-7]\d\d(?![\d,.]?\d)")
NEAR_FUTURE_MONTHS = 2  # a month name this close ahead is read as upcoming (see calendar.infer_date)
RECENT_EVENT_DAYS = 90  # "the Aug. 7 bombings" this close after is the day; later, the event's name
FUTURE_WINDOW = 80  # a future cue counts only this close before the expression
HEADLINE_CHARS = 150  # a first line longer than this is no headline (see `_headline_weekdays`)
_SENTENCE_STOP = re.compile(r"[.!?]\s")
_LAST_WORD = re.compile(r"([\w-]+)\s*$")
_QUARTER_VALUE = re.compile(r"\d{4}-Q[1-4]")
_CALENDAR_VALUE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-\d{2})?")
_CLAUSE_AFTER = re.compile(r"\s+(?P<verb>[\w'’-]+)")  # see `Lexicon._past_verb_after`
_YEAR_BEFORE_COMMA = re.compile(r"(?<![\w/$.,])(?:1[89]|20)\d\d\s*,$")  # "in 1994, 1995 and 1997"
_OPENING_CLAUSE = re.compile(r"\s*,((?:\s+[\w'’-]+){1,3})")  # its main clause's first three words


def _sentence_start(text: str, start: int) -> int:
    """Where the sentence holding `start` begins: after the last line break, or full stop, "!" or "?"
    followed by a space, before it; a stop after a single letter ("a.m.", "U.S.", "Daniel P.
    Davison") ends no sentence."""
    line = text.rfind("\n", 0, start)
    at = start
    while True:
        stop = max(text.rfind(". ", 0, at), text.rfind("! ", 0, at), text.rfind("? ", 0, at))
        if stop <= line:
            return line + 1
        if stop >= 1 and text[stop - 1].isalpha() and (stop < 2 or not text[stop - 2].isalnum()):
            at = stop  # a single letter's stop
            continue
        return stop + 1


_WORD_AFTER = re.compile(r"[ \t]+\w")  # a word follows on the same line, no punctuation between
_OPENING_QUOTES = ("\"", "“", "‘", "'")


def _opens_sentence(text: str, start: int) -> bool:
    """Whether `start` opens a sentence: only spaces and quotes between it and a full stop, "!", "?", a line
    break or the text's start ('withdraw." Now, he says')."""
    before = text[max(0, start - 12):start].rstrip(" \t\"'“”‘’`")
    return before[-1:] in (".", "!", "?", "\n") or (not before and start <= 12)


@dataclass(frozen=True)
class Found:
    """A candidate before overlap resolution."""

    start: int
    end: int
    priority: int
    value: str | None  # None: anaphoric, resolved later with `offset`
    granularity: str
    mod: str | None = None
    anchor: date | None = None  # the day it names, to anchor later anaphora
    offset: int = 0
    explicit_year: bool = False
    year_shift: int | None = None  # "a year ago": re-read against a quarter under discussion
    quarter_year: int | None = None  # "the 1988 period": that year's quarter under discussion
    quarter_number: int | None = None  # "the year-ago third quarter": this quarter, a year shifted
    period_shift: tuple[str, int] | None = None  # "the following year": year/month after the one mentioned last
    weekday_shift: tuple[int, int] | None = None  # "the following Monday": (weekday, ±1) from the day mentioned last
    plan: tuple[int, int, int | None] | None = None  # a past plan's (month, day, weekday): see `_resolve_anaphora`
    bare_weekday: bool = False  # a weekday read as past for want of any word saying otherwise: see `_headline_weekdays`
    bare_day: bool = False  # a day and month alone, no year, weekday or direction word: see `_years_written_elsewhere`


def optional_from(table: dict, name: str) -> str:
    """An optional word from `table[name]` followed by spaces, as a regex ('' when there is none)."""
    return rf"(?:(?:{_alternation(table[name])})\s+)?" if table.get(name) else ""


class Lexicon:
    """The compiled patterns of one language."""

    def __init__(self, lang: str, data: dict | None = None):
        """`lang`'s patterns, from its file's `[dates]` section (or from `data`, a section not in a file)."""
        data = languages.section(lang, "dates") if data is None else data
        self.lang = lang
        self.data = data
        # Tables are keyed as matches are looked up: lowercase, single spaces.
        def table(name: str) -> dict:
            return {_key(k): v for k, v in data.get(name, {}).items()}

        def words(name: str) -> set[str]:
            return {_key(w) for w in data.get(name, [])}

        self.months = table("months")
        self.month_abbr = table("month_abbreviations")
        self.weekdays = table("weekdays")
        self.units = table("units")
        self.numbers = table("numbers")
        self.modifiers = table("modifiers")
        self.words_before = table("words_before")
        self.words_after = table("words_after")
        self.number_words_before = table("number_words_before")  # "il y a trois jours", "hace tres días"
        self.week_words = words("week_words")
        self.plural_units = words("plural_units")  # "coming months" is the future, not next month
        self.weekday_markers = words("weekday_markers")
        self.month_cues = words("month_cues")
        # cues written against the month, no space between: "d'août" (a word that ends in an apostrophe or a hyphen)
        self.month_cues_joined = tuple(w for w in self.month_cues if not w[-1].isalnum())
        self.year_cues = words("year_cues")
        self.deictic = table("deictic_days")
        self.anaphoric = table("anaphoric_days")
        self.anaphoric_after = table("anaphoric_words_after")  # "two days later": from the date mentioned last
        self.references = table("references")
        self.current_periods = table("current_periods")
        self.seasons = table("seasons")
        self.quarter_ordinals = table("quarter_ordinals")
        self.anaphoric_periods = table("anaphoric_periods")
        self.holidays = table("holidays")
        self.weekend = table("weekend")
        self.century_ordinals = table("century_ordinals")
        self.spelled_years = data.get("spelled_years", {})
        self.reference_blockers = words("reference_blockers")
        self.discourse_references = words("discourse_references")
        self.clause_final = words("clause_final_anaphora")  # "the day before" only where its clause ends
        self.day_first = data.get("numeric_order", "dmy") == "dmy"
        self.bare_month_abbreviations = data.get("bare_month_abbreviations", False)  # "Nov 9" without a dot
        self.weekdays_capitalised = data.get("weekdays_capitalised", False)  # "monday" is then not a date
        self.inclusive_past = words("inclusive_past_words")  # "Senin kemarin" may be today's Monday
        self.possessives = tuple(data.get("possessive_suffixes", []))  # "December's figures"
        self.month_alone_needs_cue = data.get("month_alone_needs_cue", False)
        self.month_alone_capitalised = data.get("month_alone_capitalised", False)  # "may" is then not a month
        self.future_cue = re.compile(rf"\b(?:{_alternation(data.get('future_cues', []))})\b", re.I) \
            if data.get("future_cues") else None
        self.past_verb = re.compile(data["past_verb_pattern"], re.I) if data.get("past_verb_pattern") else None
        self.past_plan = re.compile(rf"\b(?:{_alternation(data['past_plan_cues'])})\b", re.I) \
            if data.get("past_plan_cues") else None
        # "the following Monday", "Senin berikutnya": from the day mentioned last (words before or after)
        self.anaphoric_weekday = table("anaphoric_weekday_words")
        self.anaphoric_weekday_before = re.compile(rf"\b({_alternation(self.anaphoric_weekday)})\s+$", re.I) \
            if self.anaphoric_weekday else None
        self.families = self._compile()
        # "fall" is also a common word: as a season it needs a calendar context (see `_season`)
        self.common_seasons = {_key(w) for w in data.get("common_word_seasons", [])}
        self.season_cues = {_key(w) for w in data.get("season_cues", [])}
        self.season_of = re.compile(rf"\s+(?:{_alternation(data['links'])})\s", re.I) if data.get("links") else None
        # "September 11 attacks", "tragedi 11 September": a day and month naming an event, no date
        after, before = data.get("event_nouns_after"), data.get("event_nouns_before")
        self.event_after = re.compile(rf"\s+(?:{_alternation(after)})(?!\w)", re.I) if after else None
        self.event_before = {_key(w) for w in before or []}
        self.day_month_after = {_key(w) for w in data.get("day_month_words_after", [])}  # "lalu", "kemarin"
        # "the attacks of September 11": an event noun (of either list) and one of these links before the day
        self.event_links = {_key(w) for w in data.get("event_noun_links", [])}
        self.event_nouns = {_key(w) for w in (after or []) + (before or []) if " " not in w.strip()}
        # "UU Nomor 1 Tahun 1946": a numbered document's name, not its year as a date
        numbered, links = data.get("document_number_words"), data.get("document_year_links")
        self.document_number = re.compile(rf"(?<!\w)(?:{_alternation(numbered)})\s*\d+[\w./-]*\s+(?:{_alternation(links)})\s+$",
                                          re.I) if numbered and links else None
        # ranges: "4-8 Desember 2024", "22 April-21 Mei 2025", "between April 16 and May 28 2004"
        links = _alternation(data.get("range_links", [])) or "(?!)"
        ordinal = rf"(?:{_alternation(data['ordinal_suffixes'])})?" if data.get("ordinal_suffixes") else ""
        link = rf"(?:\s*[-\u2013\u2014]\s*|\s+(?:{links})\s+)"
        self.range_link = re.compile(rf"{link}", re.I)  # all that stands between a range's two dates
        self.range_start_day = re.compile(rf"(?<![\w/.,:-])(?P<d>[0-3]?\d){ordinal}{link}$", re.I)  # "4-" of "4-8 Desember"
        self.range_end_day = re.compile(rf"{link}(?P<d>[0-3]?\d){ordinal}(?![\w/:-]|[.,]\d)"
                                        rf"(?:\s*,?\s+{YEAR}(?![\w/])|(?=\s*(?:[.,;:)]|$)))", re.I)
        # "-8, 2024" of "December 4-8, 2024"; a number the sentence goes on after is a count ("April 4 and 12 others")

    def month_number(self, word: str) -> int | None:
        key = word.lower().rstrip(".")
        return self.months.get(key) or self.month_abbr.get(key)

    def _compile(self) -> list[tuple[int, re.Pattern[str], Callable]]:
        d = self.data
        month_full = _alternation(self.months)
        month_any = rf"(?:{month_full}|(?:{_alternation(self.month_abbr)})\.?)" if self.month_abbr else month_full
        wd = _alternation(self.weekdays)
        day_pre = _alternation(d.get("day_prefixes", [])) or "(?!)"
        month_pre = _alternation(d.get("month_prefixes", [])) or "(?!)"
        year_pre = _alternation(d.get("year_prefixes", [])) or "(?!)"
        mod = _alternation(self.modifiers) or "(?!)"
        rel = _alternation(self.words_after) or "(?!)"
        relpre = _alternation(self.words_before) or "(?!)"
        units = _alternation(self.units) or "(?!)"
        article = optional_from(d, "articles")

        ordinal_suffix = rf"(?:{_alternation(d['ordinal_suffixes'])})?" if d.get("ordinal_suffixes") else ""
        of = optional_from(d, "links")  # "19th of June", "summer of 1998"
        year_units = _alternation([w for w, unit in self.units.items() if unit == "year"]) or "(?!)"
        week_units = _alternation([w for w, unit in self.units.items() if unit == "week"]) or "(?!)"
        number = rf"(?:\d{{1,3}}|{_alternation(self.numbers)})" if self.numbers else r"\d{1,3}"
        flags = re.I
        b = r"(?<![\w/])"  # a date never starts inside a word or a number
        e = r"(?![\w/])"
        # a direction word a day and month may carry instead of a year: "28 Desember lalu", "last December 28"
        day_rel = _alternation(d.get("day_month_words_after", [])) or "(?!)"
        day_relpre = _alternation(d.get("day_month_words_before", [])) or "(?!)"
        # a word between a month (or a day and month) and its year: "12 de julio de 2024" (none: nothing, the
        # patterns of a language without the key are as before)
        year_link = rf"(?:(?:{_alternation(d['month_year_links'])})\s+)?" if d.get("month_year_links") else ""
        families = [
            # 19 Juni 2024 · Selasa, 12 November 2024 · tanggal 6 November · 19 June · 25 June , 2009 (tokenised)
            # · 28 Desember lalu
            (1, rf"{b}(?:(?P<wd>{wd})\s*,?\s+)?(?:(?P<pre>{day_pre})\s+)?(?P<d>[0-3]?\d){ordinal_suffix}\s+{of}"
                rf"(?P<m>{month_any})(?:\s*,?\s+{year_link}{YEAR}|\s+(?P<rel>{day_rel}))?{e}", self._day_month),
            # June 19, 2024 · Nov. 9 · Monday, June 3 · last December 28
            (1, rf"{b}(?:(?P<wd>{wd})\s*,?\s+)?(?:(?P<relpre>{day_relpre})\s+)?(?P<m>{month_any})\s+(?P<d>[0-3]?\d)"
                rf"{ordinal_suffix}(?!\d)(?:\s*,?\s+{YEAR})?{e}", self._day_month),
            # Selasa (12/11/2024) · (12/11) · 12/11/2024 · 2024-11-12
            (1, rf"(?:(?P<wd>{wd})\s*,?\s*)?(?P<open>\()?{b}(?P<a>[0-3]?\d)[/.-](?P<b>[01]?\d)"
                rf"(?:[/.-](?P<y>(?:19|20)\d\d|\d\d))?(?!\d)(?P<close>\))?", self._numeric),
            (1, rf"{b}(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d){e}", self._iso),
            # Agustus 2023 · akhir Juni 2024 · bulan Juni 2024 · June, 2009 · June , 2009 (tokenised)
            (2, rf"{b}(?:(?P<mod>{mod})\s+)?(?:(?P<pre>{month_pre})\s+)?(?P<m>{month_any})\s*,?\s+{year_link}{YEAR}{e}",
             self._month_year),
            # bulan Juni · Juni lalu · in June · last March
            (3, rf"{b}(?:(?P<mod>{mod})(?:\s+|-))?(?:(?P<pre>{month_pre})\s+)?(?:(?P<relpre>{relpre})\s+)?"
                rf"(?P<m>{month_full})(?:\s+(?P<rel>{rel}))?{e}", self._month_alone),
            # Juni tahun lalu · 5 Maret tahun ini · July last year · in April next year
            (1, rf"{b}(?:(?P<mod>{mod})\s+)?(?:(?P<pre>{month_pre})\s+)?(?:(?P<d>[0-3]?\d)\s+)?(?P<m>{month_full})\s+"
                rf"(?:(?P<relpre>{relpre})\s+(?:{year_units})|(?:{year_units})\s+(?P<rel>{rel})){e}", self._month_relative_year),
            # tahun 2023 · in 1998 · akhir 2023
            (3, rf"(?<![\w/$.,])(?:(?P<mod>{mod})\s+)?(?:(?P<pre>{year_pre})\s+)?{YEAR}(?![\w/%]|[.,]\d)", self._year),
            # tiga hari lalu · two days ago · dua pekan lalu
            (2, rf"{b}(?:(?P<mod>{mod})\s+)?(?P<n>{number})\s+(?P<u>{units})\s+"
                rf"(?P<rel>{_alternation({**self.words_after, **self.anaphoric_after})}){e}", self._n_units),
            # minggu lalu · bulan ini · akhir bulan lalu · last week · earlier this month
            (2, rf"{b}(?:(?P<mod>{mod})\s+)?(?:(?P<relpre>{relpre})\s+)?(?P<u>{units})(?:\s+(?P<rel>{rel}))?{e}",
             self._unit_relative),
            # Senin pekan depan · Rabu minggu lalu · Monday next week · Tuesday of last week
            (1, rf"{b}(?:(?P<pre>{day_pre})\s+)?(?P<wd>{wd})\s*,?\s+{of}(?:(?P<relpre>{relpre})\s+)?(?P<u>{week_units})"
                rf"(?:\s+(?P<rel>{rel}))?{e}", self._weekday_of_week),
            # hari Senin · Senin kemarin · Sabtu lalu · on Monday · last Tuesday
            (2, rf"{b}(?:(?P<pre>{day_pre})\s+)?(?:(?P<relpre>{relpre})\s+)?(?P<wd>{wd})(?:\s+(?P<rel>{rel}))?{e}",
             self._weekday),
        ]
        if self.number_words_before:
            # il y a trois jours · hace tres días · dans deux semaines: the direction word before the number
            families.append((2, rf"{b}(?P<numpre>{_alternation(self.number_words_before)})\s+"
                                rf"(?P<n>{number})\s+(?P<u>{units}){e}", self._n_units))
        if self.references:
            families.append((3, rf"{b}(?P<w>{_alternation(self.references)}){e}", self._reference))
        if self.current_periods:
            families.append((3, rf"{b}(?P<w>{_alternation(self.current_periods)}){e}", self._current_period))
        if self.seasons:
            article_group = rf"(?P<art>(?:{_alternation(d['articles'])})\s+)?" if d.get("articles") else "(?P<art>(?!))?"
            families.append((2, rf"{b}{article_group}(?:(?P<mod>{mod})\s+)?(?:(?P<relpre>{relpre})\s+)?(?P<s>{_alternation(self.seasons)})"
                                rf"(?:\s+(?P<rel>{rel}))?(?:\s+{of}{YEAR})?{e}", self._season))
        if d.get("quarter_words") and self.quarter_ordinals:
            words, ordinal = _alternation(d["quarter_words"]), _alternation(self.quarter_ordinals)
            ordinal_prefix = rf"(?:{_alternation(d['ordinal_prefixes'])})?" if d.get("ordinal_prefixes") else ""
            quarter = (rf"{article}(?P<q>{ordinal})[-\s]+(?:{words})" if d.get("quarter_ordinal_first")
                       else rf"(?:{words})\s+{ordinal_prefix}(?P<q>{ordinal})")
            families.append((1, rf"{b}{quarter}(?:\s+{optional_from(d, 'quarter_year_links')}{YEAR})?{e}", self._quarter))
        if d.get("year_ago_words"):
            # the year-ago quarter · the comparable year-earlier period · year-earlier (results)
            ordinal = _alternation(self.quarter_ordinals) or "(?!)"
            families.append((1, rf"{b}{article}{optional_from(d, 'comparison_words')}"
                                rf"(?:{_alternation(d['year_ago_words'])})(?:\s+(?:(?P<q>{ordinal})[-\s]+)?"
                                rf"(?P<n>{_alternation(d.get('period_words', []))}))?{e}", self._year_ago))
        if d.get("period_words") and d.get("quarter_year_first"):
            # the 1988 second quarter · the 1989 period · next year's first quarter · last year's quarter
            ordinal = _alternation(self.quarter_ordinals) or "(?!)"
            possessive = _alternation(d.get("year_possessives", [])) or "(?!)"
            families.append((1, rf"{b}{article}(?:{YEAR}|(?P<relpre>{relpre})\s+(?:{possessive}))\s+(?:(?P<q>{ordinal})[-\s]+)?"
                                rf"(?P<n>{_alternation(d['period_words'])}){e}", self._year_quarter))
        if d.get("halves"):
            # the first half of 1989 · the first two quarters of 1990 · semester pertama 2024
            families.append((1, rf"{b}{article}(?P<h>{_alternation(d['halves'])})\s+(?:(?:{_alternation(d.get('half_links', []))})\s+)?{YEAR}{e}",
                             self._half))
        if self.weekend:
            families.append((2, rf"{b}(?:(?P<relpre>{relpre})\s+)?(?P<w>{_alternation(self.weekend)})"
                                rf"(?:\s+(?P<rel>{rel}))?{e}", self._weekend))
        if d.get("decade_pattern"):
            families.append((2, rf"{b}{article}(?:(?P<mod>{mod})\s*)?{d['decade_pattern']}{e}", self._decade))
        if d.get("spelled_decades") and d.get("articles"):
            # the nineties · the early sixties (after an article: "in his sixties" is an age)
            families.append((2, rf"{b}(?:{_alternation(d['articles'])})\s+(?:(?P<mod>{mod})\s+)?"
                                rf"(?P<w>{_alternation(d['spelled_decades'])}){e}", self._spelled_decade))
        if self.century_ordinals and d.get("century_pattern"):
            pattern = d["century_pattern"].replace("{ordinal}", _alternation(self.century_ordinals))
            families.append((2, rf"{b}{article}(?:(?P<mod>{mod})\s*)?{pattern}{e}", self._century))
        if self.spelled_years:
            tens, ones = _alternation(self.spelled_years["tens"]), _alternation(self.spelled_years["ones"])
            first = _alternation(self.spelled_years["centuries"])
            lead = _alternation(self.spelled_years.get("prefixes", [])) or "(?!)"
            link = optional_from(self.spelled_years, "links")
            # a month or a season before the year read aloud: "January nineteen ninety-seven", "the winter of
            # nineteen ninety-four" (the families of a month or a season and a year take digits only), looked
            # for before a year found (`_named_before`)
            seasons = rf"|{article}(?P<s>{_alternation(self.seasons)})\s+{of}" if self.seasons else ""
            self.named_before = re.compile(rf"(?:(?P<m>{month_full})\s*,?\s+{seasons})$", re.I)
            families.append((1, rf"{b}(?:(?P<relpre>{lead})\s+)?(?:(?P<c>{first})\s+(?P<t>{tens})(?:[-\s](?P<o>{ones}))?"
                                rf"|(?P<th>{_alternation(self.spelled_years['thousands'])})(?:\s+{link}(?P<o2>{ones}))?){e}",
                             self._spelled_year))
        if self.holidays:
            families.append((2, rf"{b}(?:(?P<relpre>{relpre})\s+)?(?P<w>{_alternation(self.holidays)})"
                                rf"(?:\s+(?P<rel>{rel}))?(?:,?\s+{YEAR})?{e}", self._holiday))
        if self.anaphoric_periods:
            families.append((1, rf"{b}(?P<w>{_alternation(self.anaphoric_periods)}){e}", self._anaphoric_period))
        if d.get("day_alone_prefixes"):
            # "tanggal 24 kemarin": a day of the month named alone
            families.append((3, rf"{b}(?:{_alternation(d['day_alone_prefixes'])})\s+(?P<d>[0-3]?\d)"
                                rf"(?:\s+(?P<rel>{rel}))?(?![\w/.,:-]\w)", self._day_alone))
        if self.deictic:
            families.append((2, rf"{b}(?P<w>{_alternation(self.deictic)}){e}", self._deictic))
        if self.anaphoric:
            families.append((2, rf"{b}(?P<w>{_alternation(self.anaphoric)}){e}", self._anaphoric))
        needles = self._needles(year_units)
        compiled = [(p, guarded(rx, flags), fn, needles.get(fn.__name__)) for p, rx, fn in families]
        self._segmenting(compiled)
        # each pattern without re.I, for the lower-cased text `_in_windows` scans (None: no such twin),
        # built when first needed (`twin`): a one-document command compiles only the few it uses
        self.twins: list = [_UNBUILT] * len(compiled)
        return compiled

    def twin(self, index: int) -> re.Pattern[str] | None:
        """Family `index`'s pattern without re.I (`firstchar.lowered_twin`), or None."""
        twin = self.twins[index]
        if twin is _UNBUILT:
            twin = self.twins[index] = lowered_twin(self.families[index][1])
        return twin

    def _segmenting(self, families) -> None:
        """Where a text can be cut so that each family need scan only the pieces it may match in
        (speed only): at characters no family consumes, a match never crosses the cut.

        `self.shapes[i]`: (what family i consumes, tests a piece must pass to hold a match: a
        tuple of words one of which it holds, or a pattern it holds a match of), or None when
        the family is scanned whole."""
        shapes = [Segmentable.of(pattern) for _, pattern, _, _ in families]
        self.cuts = None
        self.shapes: list = [None] * len(families)
        self.windows: list = [None] * len(families)  # see `_in_windows`
        # whether family i's window anchor is its needles written whole (a frozenset of them): where the
        # family is scanned in windows, the anchor's occurrences then do what the needles' test does
        self.anchored: list = [False] * len(families)
        if any(shape is None for shape in shapes):
            return
        candidates = "".join(chr(c) for c in range(0x21, 0x7f) if not chr(c).isalnum()) \
            + "\u201c\u201d\u2018\u2019\u00ab\u00bb\u2026\u2013\u2014"
        consumed = [shape.consumed(candidates + _ASCII_LETTERS) for shape in shapes]
        cuts = [c for c in candidates if not any(c in chars for chars in consumed)]
        if not cuts:
            return
        self.cuts = re.compile("[" + "".join(re.escape(c) for c in cuts) + "]+")
        # What a family's pattern cannot match without, beyond the needles above: one word of
        # a required alternation, a number shaped as it requires. Looked for in a piece only,
        # where a character that re.I folds to ASCII lets any word through.
        def words(table) -> tuple[str, ...] | None:
            found = {max(str(k).lower().split(), key=len) for k in table if str(k).strip()}
            return tuple(sorted(found)) if found and all(w.isascii() for w in found) else None

        def whole(found: tuple[str, ...] | None) -> tuple[str, ...] | frozenset[str] | None:
            """One of the words written whole (a frozenset: see `_passing`, `_in_windows`). Every
            family writes the word it requires (a month, weekday or unit, or the longest word of
            one of its cue phrases) after the start of the expression (`(?<![\\w/])`), a space or
            a hyphen, and before a space, a dot, a comma or its end (`(?![\\w/])`): never inside a
            longer word. "des" and "mar" are in most pieces of Indonesian prose ("desa", "marah"),
            whole in few. A word that does not begin and end with a word character stays a tuple."""
            if not found or not all(w.isascii() and _WORD_EDGES.fullmatch(w) for w in found):
                return found
            return frozenset(found)

        months, any_month = whole(words(self.months)), whole(words({**self.months, **self.month_abbr}))
        units, weekdays = whole(words(self.units)), whole(words(self.weekdays))
        numeric, year = re.compile(r"\d[/.-]\d"), re.compile(r"(?:1[89]|20)\d\d")
        required = {"_month_alone": [months], "_weekday": [weekdays], "_unit_relative": [units],
                    "_n_units": [units], "_weekday_of_week": [weekdays, units], "_day_month": [any_month], "_month_year": [any_month, year],
                    "_month_relative_year": [months], "_numeric": [numeric], "_iso": [numeric], "_year": [year]}
        own_cuts: dict[str, re.Pattern[str]] = {}
        for index, (shape, chars, (_, _, resolve, needles)) in enumerate(zip(shapes, consumed, families)):
            # needles of a vocabulary, not the strings a decade or century holds ("0s" of "1980s")
            cue = needles if resolve.__name__ in ("_decade", "_century") else whole(needles)
            tests = tuple(test for test in [cue, *required.get(resolve.__name__, [])] if test)
            if shape.needs_digit or tests:
                self.shapes[index] = (shape, tests)
            # the test whose occurrences `_in_windows` scans around: a whole word, else a string, else a pattern
            anchor = next((test for kind in (frozenset, tuple, re.Pattern) for test in tests if type(test) is kind), None)
            if anchor is not None:
                # The windows of `_in_windows`: the family's own cut characters (all it does not
                # consume, not only those no family consumes) around each occurrence of `anchor`:
                # punctuation, and the ASCII letters none of its words holds ("y" of "yang" ends a
                # window of the numeric dates, whose only letters are the weekdays').
                own = "".join(re.escape(c) for c in candidates + _ASCII_LETTERS if c not in chars)
                self.windows[index] = (own_cuts.setdefault(own, re.compile(f"[{own}]")), anchor)
                self.anchored[index] = anchor is cue and type(cue) is frozenset and cue == frozenset(needles or ())

    def _needles(self, year_units: str) -> dict[str, tuple[str, ...]]:
        """Words one of which must be in the text for a family to be worth a scan (speed only).

        A family whose expressions all contain a word from its list is skipped when the
        lower-cased text contains none of them; one word of each multi-word entry suffices.
        """
        d = self.data

        def words(entries) -> tuple[str, ...]:
            return tuple({max(str(k).lower().split(), key=len) for k in entries if str(k).strip()})

        return {name: found for name, found in {
            "_reference": words(self.references), "_current_period": words(self.current_periods),
            "_season": words(self.seasons), "_quarter": words(d.get("quarter_words", [])),
            "_year_ago": words(d.get("year_ago_words", [])), "_year_quarter": words(d.get("period_words", [])),
            "_half": words(d.get("halves", {})), "_weekend": words(self.weekend),
            "_decade": tuple(d.get("decade_needles", [])), "_spelled_decade": words(d.get("spelled_decades", {})), "_century": tuple(d.get("century_needles", [])),
            "_spelled_year": words([*self.spelled_years.get("centuries", {}), *self.spelled_years.get("thousands", {})]),
            "_holiday": words(self.holidays), "_anaphoric_period": words(self.anaphoric_periods),
            "_day_alone": words(d.get("day_alone_prefixes", [])), "_deictic": words(self.deictic),
            "_anaphoric": words(self.anaphoric),
            "_month_relative_year": words(w for w, unit in self.units.items() if unit == "year"),
        }.items() if found}

    # -- helpers ------------------------------------------------------------------------
    def _is_future(self, text: str, start: int, end: int | None = None) -> bool:
        """Whether a future cue before the date at `start` (ending at `end`), in its sentence, puts
        it in the future: not when a past verb stands between them, nor when one is the verb right
        after the date ("a service planned for Saturday was cancelled"; "until Thursday, they had not")."""
        if self.future_cue is None:
            return False
        sentence_start = max(_sentence_start(text, start), start - FUTURE_WINDOW, 0)
        cues = list(self.future_cue.finditer(text, sentence_start, start))
        opening = len(text[sentence_start:start].split()) <= 2  # "Until Thursday, they had not …"
        if not cues:
            return False
        # "they would appeal the decision, announced Wednesday": a past verb after the cue governs the date
        if self.past_verb and self.past_verb.search(text, cues[-1].end(), start):
            return False
        return end is None or not self._past_verb_after(text, end, opening)

    def _past_plan(self, text: str, start: int) -> bool:
        """A plan told in the past before the date, in its sentence ("which was due to start on 13 July",
        "sedianya digelar"): the date is ahead of the time told, not of the publication day."""
        if self.past_plan is None:
            return False
        sentence_start = max(_sentence_start(text, start), start - FUTURE_WINDOW, 0)
        return self.past_plan.search(text, sentence_start, start) is not None

    def _past_verb_after(self, text: str, end: int, opening: bool) -> bool:
        """The date's clause goes on with a past verb: the word right after it, or, when the date opens
        its sentence, one of the first three words after its comma ("Until Monday, the ministry had
        refused"; not "…, officials said" after a date inside the sentence: an attribution). (An "-ed"
        participle passes too: "a hearing on Thursday devoted to the spill"; measured, any past verb
        does better than auxiliaries alone: docs/history/stories.md, twelfth round.)"""
        if self.past_verb is None:
            return False
        after = _CLAUSE_AFTER.match(text, end)
        if after and self.past_verb.fullmatch(after.group("verb")):
            return True
        clause = _OPENING_CLAUSE.match(text, end) if opening else None
        return bool(clause) and any(self.past_verb.fullmatch(word) for word in clause.group(1).split())

    def _word_before(self, text: str, start: int) -> str:
        match = _LAST_WORD.search(text[max(0, start - 30):start])
        return match.group(1).lower() if match else ""

    def _joined_cue(self, text: str, start: int) -> bool:
        """Whether a month cue written against the month ends right before `start` ("d'août"), as a word of its own."""
        before = text[max(0, start - 12):start].lower()
        return any(before.endswith(cue) and not before[:-len(cue)][-1:].isalnum() for cue in self.month_cues_joined)

    def _direction(self, m: re.Match) -> str | None:
        groups = m.groupdict()
        for group, table in (("rel", self.words_after), ("relpre", self.words_before), ("numpre", self.number_words_before)):
            word = groups.get(group)
            if word and (word := _key(word)) in table:
                return table[word]
        return None

    def _mod(self, m: re.Match) -> str | None:
        word = (m.groupdict().get("mod") or "").lower()
        return self.modifiers.get(_key(word)) if word else None

    # -- resolvers: (match, text, dct) → Found | None --------------------------------------
    def _day_month(self, m, text, dct, pr):
        month = self.month_number(m.group("m"))
        day = int(m.group("d"))
        if month is None or not 1 <= day <= 31:
            return None
        weekday = self.weekdays.get((m.group("wd") or "").lower())
        if not m.group("y") and _UNREAD_YEAR.match(text, m.end()):
            return Found(m.start(), m.end(), pr, None, "name")  # "born on 18 September 1709": that year's, not ours
        if m.group("y"):
            found = safe_date(int(m.group("y")), month, day)
            explicit = True
        else:
            if dct is None or (m.group("m").lower().rstrip(".") in self.month_abbr and not m.group("m").endswith(".")
                               and m.group("m").lower() not in self.months and not m.group("wd")
                               and not m.groupdict().get("pre") and not self.bare_month_abbreviations):
                return None
            direction = self._direction(m)
            if direction == "this":  # "17 Agustus ini": this year's
                found = safe_date(dct.year, month, day)
                if found is not None and weekday is not None and found.weekday() != weekday:
                    found = None
            else:
                future = direction == "future" or (direction is None and self._is_future(text, m.start(), m.end()))
                found = infer_date(day, month, dct, weekday, future, near_future=direction is None)
            explicit = False
        if found is None:
            return None
        if not explicit and self._direction(m) is None and not m.group("wd") and not m.groupdict().get("pre") \
                and not 0 <= (dct - found).days <= RECENT_EVENT_DAYS and self._names_event(text, m):
            # a name ("the September 11 attacks", "peristiwa 30 September" years on): its span is taken, with no
            # date; a few weeks after, the same words are the day ("the Aug. 7 bombings" on 17 August)
            return Found(m.start(), m.end(), pr, None, "name")
        plan = (month, day, weekday) if not explicit and self._past_plan(text, m.start()) else None
        bare = not explicit and self._direction(m) is None and not m.group("wd") and not m.groupdict().get("pre")
        return Found(m.start(), m.end(), pr, day_value(found), "day", anchor=found, explicit_year=explicit, plan=plan,
                     bare_day=bare)

    def _names_event(self, text: str, m: re.Match) -> bool:
        """A day and month without a year as the name of an event: before an event noun ("September
        11 attacks"), or after one ("tragedi 11 September", "Gerakan 30 September"), or after one and a
        link (`event_noun_links`: "the attacks of September 11")."""
        if self.event_after and self.event_after.match(text, m.end()):
            return True
        word = self._word_before(text, m.start())
        if word in self.event_links:  # "the attacks of September 11"
            link = _LAST_WORD.search(text, max(0, m.start() - 30), m.start())
            return bool(link) and self._word_before(text, link.start()) in self.event_nouns
        return bool(self.event_before) and word in self.event_before

    def _numeric(self, m, text, dct, pr):
        a, b = int(m.group("a")), int(m.group("b"))
        year_text = m.group("y")
        weekday = self.weekdays.get((m.group("wd") or "").lower())
        parenthesised = bool(m.group("open") and m.group("close"))
        if not (year_text or weekday is not None or parenthesised):
            return None  # a bare 12/11 is as likely a score or a fraction
        if not year_text and dct is None:
            return None
        # the language's order first; with a weekday beside it, the other order too, taken when only
        # it agrees with the weekday ("Monday (4/6/2018)" is 4 June, a Monday, not 6 April, a Friday)
        orders = [(a, b), (b, a)] if self.day_first else [(b, a), (a, b)]
        if weekday is None or a == b:
            orders = orders[:1]
        found = None
        for index, (day, month) in enumerate(orders):
            if not 1 <= month <= 12 or not 1 <= day <= 31:
                continue
            if year_text:
                year = int(year_text) + (2000 if len(year_text) == 2 else 0)
                candidate = safe_date(year, month, day)
                agrees = candidate is not None and (weekday is None or candidate.weekday() == weekday)
                if index == 0 and not agrees and candidate is not None and any(
                        (near := safe_date(year + step, month, day)) and near.weekday() == weekday for step in (-1, 1)):
                    agrees = True  # the weekday is right a year off: "Rabu (9/4/2024)" written in 2025, a slip of the year
            else:  # the weekday agrees with some year: it must be one near the publication date
                candidate = infer_date(day, month, dct, weekday, False)
                agrees = candidate is not None and abs((candidate - dct).days) <= 366
            if agrees:
                found = candidate
                break
            if index == 0:
                found = candidate  # kept when neither order agrees
        if found is None:
            return None
        opened, closed = bool(m.group("open")), bool(m.group("close"))
        start, end = m.start(), m.end()
        if opened and not closed and not m.group("wd"):
            start = m.start("a")
        if closed and not opened:
            end -= 1
        return Found(start, end, pr, day_value(found), "day", anchor=found, explicit_year=bool(year_text))

    def _iso(self, m, text, dct, pr):
        found = safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        return Found(m.start(), m.end(), pr, day_value(found), "day", anchor=found, explicit_year=True) if found else None

    def _month_year(self, m, text, dct, pr):
        month = self.month_number(m.group("m"))
        if month is None:
            return None
        return Found(m.start(), m.end(), pr, month_value(int(m.group("y")), month), "month", self._mod(m),
                     explicit_year=True)

    def _month_alone(self, m, text, dct, pr):
        month = self.month_number(m.group("m"))
        if month is None or dct is None:
            return None
        if not m.group("rel") and _UNREAD_YEAR.match(text, m.end()):
            return Found(m.start(), m.end(), pr, None, "name")  # "born in September 1709": that year's month
        direction = self._direction(m)
        if self.month_alone_needs_cue and not (m.group("mod") or m.group("relpre") or m.group("rel")) \
                and self._word_before(text, m.start()) not in self.month_cues \
                and not (self.month_cues_joined and self._joined_cue(text, m.start())) \
                and not (self.possessives and text.startswith(self.possessives, m.end())):  # "December's figures"
            return None
        if self.month_alone_capitalised and m.group("m")[0].islower():
            return None
        if direction == "future" or (direction is None and self._is_future(text, m.start(), m.end())):
            year = dct.year if month >= dct.month else dct.year + 1
            if direction == "future" and month == dct.month:
                year += 1
        elif direction == "this":
            year = dct.year
        elif direction is None and 0 < (month - dct.month) % 12 <= NEAR_FUTURE_MONTHS:
            year = dct.year if month > dct.month else dct.year + 1  # "January" in a November story
        else:
            year = dct.year if month <= dct.month else dct.year - 1
            if direction == "past" and month == dct.month:
                year -= 1
        start = m.start()
        return Found(start, m.end(), pr, month_value(year, month), "month", self._mod(m))

    def _year(self, m, text, dct, pr):
        if not (m.group("pre") or m.group("mod")) and self._word_before(text, m.start()) not in self.year_cues \
                and not self._year_by_its_neighbour(text, m.start()):
            return None
        if self.document_number and not m.group("mod") \
                and self.document_number.search(text, max(0, m.start("y") - 40), m.start("y")):
            return None  # "UU Nomor 1 Tahun 1946", "PKPU nomor 8 tahun 2024": a document's name
        return Found(m.start(), m.end(), pr, year_value(int(m.group("y"))), "year", self._mod(m),
                     explicit_year=True)

    def _year_by_its_neighbour(self, text: str, start: int) -> bool:
        """A year with no cue word before it that is still one by what stands before it: a possessive noun
        ("the company's 1989 results", as "its 1989 results") or another year and a comma ("in 1994, 1995
        and 1997")."""
        before = text[max(0, start - 12):start].rstrip()
        if self.possessives and before.endswith(self.possessives) and len(before) > 2 and before[-3].isalpha():
            return True
        return before.endswith(",") and _YEAR_BEFORE_COMMA.search(before) is not None

    def _number(self, word: str) -> int | None:
        word = _key(word)
        return int(word) if word.isdigit() else self.numbers.get(word)

    def _shift(self, dct: date, unit: str, amount: int) -> tuple[str, str, date | None]:
        if unit == "day":
            day = dct + timedelta(days=amount)
            return day_value(day), "day", day
        if unit == "week":
            return week_value(dct + timedelta(weeks=amount)), "week", None
        if unit == "month":
            return month_value(*shift_month(dct.year, dct.month, amount)), "month", None
        if unit == "quarter":  # the quarter containing the DCT
            index = dct.year * 4 + (dct.month - 1) // 3 + amount
            return f"{index // 4}-Q{index % 4 + 1}", "quarter", None
        if unit == "latest_quarter":  # the quarter news reports on
            year, number = _latest_quarter(dct)
            return f"{year}-Q{number}", "quarter", None
        return year_value(dct.year + amount), "year", None

    def _n_units(self, m, text, dct, pr):
        amount = self._number(m.group("n"))
        unit = self.units.get(m.group("u").lower())
        sign = self.anaphoric_after.get(_key(m.groupdict().get("rel") or ""))
        if sign is not None and unit in ("day", "week") and amount is not None and amount <= 100:
            return Found(m.start(), m.end(), pr, None, "day", offset=sign * amount * (7 if unit == "week" else 1))
        direction = self._direction(m)
        if dct is None or amount is None or unit is None or direction not in ("past", "future") or amount > 100:
            return None
        shift = -amount if direction == "past" else amount
        value, granularity, anchor = self._shift(dct, unit, shift)
        return Found(m.start(), m.end(), pr, value, granularity, self._mod(m), anchor=anchor,
                     year_shift=shift if unit == "year" else None)

    def _unit_relative(self, m, text, dct, pr):
        if not (m.group("relpre") or m.group("rel")):
            return None  # a unit with no direction word ("the quarter", "a year"): no date of this family
        unit_word = m.group("u").lower()
        unit = self.units.get(unit_word)
        direction = self._direction(m)
        if dct is None or unit is None or direction is None:
            return None
        if m.group("relpre") and m.group("rel"):
            return None
        if m.group("relpre") and m.group("relpre")[0].isupper() and m.group("u")[0].isupper() \
                and text[m.start() - 1:m.start()] in _OPENING_QUOTES and not _opens_sentence(text, m.start() - 1):
            return None  # 'speaking on ABC\'s "This Week"': a quoted title inside a sentence names a programme
        if unit_word in self.week_words and m.group("u")[0].isupper() and m.start() > 0:
            # "Minggu lalu" mid-sentence after "pada"/"hari" is Sunday, not last week.
            if self._word_before(text, m.start()) in self.weekday_markers:
                return None
        if unit_word in self.plural_units:  # "in coming months", "several years ago": no one period
            if direction == "this" or m.group("mod"):
                return None
            return Found(m.start(), m.end(), pr, "PAST_REF" if direction == "past" else "FUTURE_REF", "reference")
        amount = {"past": -1, "future": 1, "this": 0}[direction]
        value, granularity, anchor = self._shift(dct, unit, amount)
        return Found(m.start(), m.end(), pr, value, granularity, self._mod(m), anchor=anchor)

    def _weekday(self, m, text, dct, pr):
        word = m.group("wd")
        weekday = self.weekdays.get(word.lower())
        if dct is None or weekday is None:
            return None
        if word.lower() in self.week_words:
            marked = m.group("pre") or self._word_before(text, m.start()) in self.weekday_markers
            if not marked and (word[0].islower() or m.group("rel")):
                return None  # "minggu lalu", "Minggu lalu, ..." are weeks
        if self.weekdays_capitalised and word[0].islower():
            return None
        start = m.start()
        shift = self.anaphoric_weekday.get(_key(m.group("rel") or ""))
        if shift is None and self.anaphoric_weekday_before and not m.group("pre"):
            before = self.anaphoric_weekday_before.search(text, max(0, m.start("wd") - 40), m.start("wd"))
            if before:
                shift, start = self.anaphoric_weekday[_key(before.group(1))], before.start(1)
        if shift is not None:  # "the following Monday", "Senin berikutnya": from the day mentioned last
            return Found(start, m.end(), pr, None, "day", weekday_shift=(weekday, shift))
        direction = self._direction(m)
        if direction == "future":
            found = weekday_after(dct, weekday)
        elif direction is None and self._is_future(text, m.start(), m.end()):
            found = weekday_after(dct - timedelta(days=1), weekday)  # "until Thursday" on a Thursday: today
        elif direction == "this":
            found = weekday_before(dct, weekday, strictly=False)
        else:
            found = weekday_before(dct, weekday, strictly=direction == "past"
                                   and _key(m.group("rel") or "") not in self.inclusive_past)
        return Found(m.start(), m.end(), pr, day_value(found), "day", anchor=found, bare_weekday=direction is None)

    def _weekday_of_week(self, m, text, dct, pr):
        """"Senin pekan depan", "Monday next week": that weekday of the week before, after or of the DCT."""
        weekday = self.weekdays.get(m.group("wd").lower())
        direction = self._direction(m)
        if dct is None or weekday is None or direction is None or (m.group("relpre") and m.group("rel")):
            return None
        if self.weekdays_capitalised and m.group("wd")[0].islower():
            return None
        week = dct + timedelta(weeks={"past": -1, "future": 1, "this": 0}[direction])
        found = week + timedelta(days=weekday - week.weekday())
        return Found(m.start(), m.end(), pr, day_value(found), "day", anchor=found)

    def _current_period(self, m, text, dct, pr):
        if dct is None:
            return None
        unit = self.current_periods[_key(m.group("w"))]
        value, granularity, anchor = self._shift(dct, unit, 0)
        return Found(m.start(), m.end(), pr, value, granularity)

    def _season(self, m, text, dct, pr):
        code = self.seasons[_key(m.group("s"))]
        direction = self._direction(m)
        if _key(m.group("s")) in self.common_seasons and not (m.group("y") or direction or m.group("mod")):
            # "the fall of Saddam", "the fall guy": a season only with a year, a direction, a part of it, or
            # after a calendar word ("in the fall", "during the fall"), and then not as "fall of" a thing
            if self._word_before(text, m.start()) not in self.season_cues \
                    or (self.season_of is not None and self.season_of.match(text, m.end())):
                return None
        if m.group("y"):
            year = int(m.group("y"))
        elif dct is None or (direction is None and not m.group("art")):
            return None  # "summer" alone is too often not a date; "over the summer" is the latest one
        elif direction is None:
            starts = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
            year = dct.year if dct.month >= starts else dct.year - 1
        else:
            ends = {"SP": 5, "SU": 8, "FA": 11, "WI": 2}[code]
            year = dct.year
            if direction == "past" and dct.month <= ends and code != "WI":
                year -= 1
            elif direction == "future" and dct.month > ends:
                year += 1
        return Found(m.start(), m.end(), pr, f"{year}-{code}", "season", self._mod(m))

    def _reference(self, m, text, dct, pr):
        if self._word_before(text, m.start()) in self.reference_blockers:
            return None  # "terlebih dahulu" is "first", not the past
        word = _key(m.group("w"))
        if word in self.discourse_references and text.startswith(",", m.end()) \
                and _opens_sentence(text, m.start()):
            return None  # "Now, he says, …": opening its sentence before a comma, a turn of the argument
        return Found(m.start(), m.end(), pr, self.references[word], "reference")

    def _quarter(self, m, text, dct, pr):
        """"the third quarter" → the latest third quarter begun by the DCT; "the quarter" → the latest one."""
        ordinal = self.quarter_ordinals.get(_key(m.group("q")))
        if ordinal is None:
            return None
        if m.group("y"):
            return Found(m.start(), m.end(), pr, f"{m.group('y')}-Q{ordinal}", "quarter") if 1 <= ordinal <= 4 else None
        if dct is None:
            return None
        reference = dct - timedelta(days=45)  # the quarter news reports on has ended
        latest = reference.year * 4 + (reference.month - 1) // 3
        if 1 <= ordinal <= 4:
            current = dct.year * 4 + (dct.month - 1) // 3
            index = current - ((current % 4) - (ordinal - 1)) % 4
        else:
            index = latest + ordinal
        return Found(m.start(), m.end(), pr, f"{index // 4}-Q{index % 4 + 1}", "quarter")

    def _year_ago(self, m, text, dct, pr):
        """"the year-ago quarter": the quarter under discussion a year back; "year-earlier" alone: last year."""
        if dct is None:
            return None
        ordinal = self.quarter_ordinals.get((m.group("q") or "").lower())
        ordinal = ordinal if ordinal and 1 <= ordinal <= 4 else None
        if m.group("n") and not ordinal:  # "the year-ago quarter" with none under discussion: the latest, a year back
            latest = _latest_quarter(dct)
            return Found(m.start(), m.end(), pr, f"{latest[0] - 1}-Q{latest[1]}", "quarter", year_shift=-1)
        return Found(m.start(), m.end(), pr, year_value(dct.year - 1), "year", year_shift=-1,
                     quarter_number=ordinal)

    def _month_relative_year(self, m, text, dct, pr):
        """"Juni tahun lalu", "July last year": the month (or day) of the year before, this or next."""
        month = self.month_number(m.group("m"))
        direction = self._direction(m)
        if dct is None or month is None or direction is None:
            return None
        year = dct.year + {"past": -1, "future": 1, "this": 0}[direction]
        if m.group("d"):
            found = safe_date(year, month, int(m.group("d")))
            if found is None:
                return None
            return Found(m.start(), m.end(), pr, day_value(found), "day", anchor=found, explicit_year=True)
        return Found(m.start(), m.end(), pr, month_value(year, month), "month", self._mod(m), explicit_year=True)

    def _half(self, m, text, dct, pr):
        half = self.data["halves"][_key(m.group("h"))]
        return Found(m.start(), m.end(), pr, f"{m.group('y')}-H{half}", "half")

    def _year_quarter(self, m, text, dct, pr):
        """"the 1988 second quarter", "next year's first quarter", "the 1989 period"."""
        if m.group("y"):
            year = int(m.group("y"))
        elif dct is None:
            return None
        else:
            year = dct.year + {"past": -1, "future": 1, "this": 0}.get(self._direction(m) or "this", 0)
        ordinal = self.quarter_ordinals.get((m.group("q") or "").lower())
        if ordinal and 1 <= ordinal <= 4:
            return Found(m.start(), m.end(), pr, f"{year}-Q{ordinal}", "quarter")
        return Found(m.start(), m.end(), pr, year_value(year), "year", quarter_year=year)

    def _weekend(self, m, text, dct, pr):
        """"over the weekend" → the latest weekend begun by the DCT (TIMEX3 YYYY-Www-WE)."""
        if dct is None:
            return None
        stands_alone = self.weekend[_key(m.group("w"))]
        if not (stands_alone or m.group("relpre") or m.group("rel")):
            return None  # "a weekend trip"
        direction = self._direction(m) or ("future" if self._is_future(text, m.start(), m.end()) else None)
        saturday = weekday_before(dct, 5, strictly=False)
        if direction == "future":
            saturday = weekday_after(dct - timedelta(days=1), 5)
        elif direction == "past" and dct.weekday() >= 5:
            saturday -= timedelta(days=7)
        return Found(m.start(), m.end(), pr, week_value(saturday) + "-WE", "week")

    def _decade(self, m, text, dct, pr):
        """"the 1980s", "tahun 90-an" → 198, 199 (TIMEX3 decades)."""
        digits = m.group("dec")
        if len(digits) == 1:  # "the '80s", "90-an": the century of the DCT, or the last one if ahead
            return self._decade_of_century(m, dct, pr, int(digits))
        return Found(m.start(), m.end(), pr, f"{int(digits):03d}", "decade", self._mod(m))

    def _spelled_decade(self, m, text, dct, pr):
        """"the nineties" → 199: a decade named in words, of the DCT's century or the last one if ahead."""
        return self._decade_of_century(m, dct, pr, self.data["spelled_decades"][_key(m.group("w"))])

    def _decade_of_century(self, m, dct, pr, digit: int):
        if dct is None:
            return None
        decade = dct.year // 100 * 10 + digit
        if decade * 10 > dct.year:
            decade -= 10
        return Found(m.start(), m.end(), pr, f"{decade:03d}", "decade", self._mod(m))

    def _century(self, m, text, dct, pr):
        ordinal = self.century_ordinals.get(m.group("c").lower())
        if ordinal is None and m.group("c").isdigit():
            ordinal = int(m.group("c"))
        if not ordinal or not 1 <= ordinal <= 30:
            return None
        return Found(m.start(), m.end(), pr, f"{ordinal - 1:02d}", "century", self._mod(m))

    def _spelled_year(self, m, text, dct, pr):
        table = self.spelled_years
        if m.group("c"):
            year = table["centuries"][m.group("c").lower()] * 100 + table["tens"][m.group("t").lower()]
            year += table["ones"][m.group("o").lower()] if m.group("o") else 0
        else:
            year = table["thousands"][m.group("th").lower()] + (table["ones"][m.group("o2").lower()] if m.group("o2") else 0)
            if not m.group("relpre"):
                return None  # "two thousand" alone is as likely a count
        named = None if m.group("relpre") else self._named_before(text, m.start())
        if named is not None and named.group("m"):
            return Found(named.start(), m.end(), pr, month_value(year, self.month_number(named.group("m"))), "month",
                         explicit_year=True)
        if named is not None:
            return Found(named.start(), m.end(), pr, f"{year}-{self.seasons[_key(named.group('s'))]}", "season")
        return Found(m.start(), m.end(), pr, year_value(year), "year", explicit_year=True)

    def _named_before(self, text: str, start: int) -> re.Match | None:
        """A month or a season (and "of") right before a year read aloud, starting a word."""
        named = self.named_before.search(text, max(0, start - 40), start)
        if named is None or (named.start() > 0 and (text[named.start() - 1].isalnum() or text[named.start() - 1] == "/")):
            return None
        return named

    def _holiday(self, m, text, dct, pr):
        """Fixed-date holidays ("12-25") and nth weekdays of a month ("11-4-3": fourth Thursday)."""
        if dct is None and not m.group("y"):
            return None
        rule = self.holidays[_key(m.group("w"))]
        parts = [int(p) for p in rule.split("-")]

        def on(year: int) -> date | None:
            if len(parts) == 2:
                return safe_date(year, parts[0], parts[1])
            month, nth, weekday = parts
            first = date(year, month, 1)
            return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))

        if m.group("y"):
            found = on(int(m.group("y")))
        else:
            direction = self._direction(m) or ("future" if self._is_future(text, m.start(), m.end()) else "past")
            found = on(dct.year)
            if direction == "future" and found is not None and found < dct:
                found = on(dct.year + 1)
            elif direction != "future" and found is not None and found > dct:
                found = on(dct.year - 1)
        if found is None:
            return None
        return Found(m.start(), m.end(), pr, day_value(found), "day", anchor=found, explicit_year=bool(m.group("y")))

    def _anaphoric_period(self, m, text, dct, pr):
        word = _key(m.group("w"))
        if word in self.clause_final and _WORD_AFTER.match(text, m.end()):
            return None  # "the year before he left": "before" opens a clause
        unit, offset = self.anaphoric_periods[word]
        return Found(m.start(), m.end(), pr, None, unit, period_shift=(unit, offset))

    def _day_alone(self, m, text, dct, pr):
        """"tanggal 24 kemarin": the latest 24th not after the DCT (or the next, said of the future)."""
        day = int(m.group("d"))
        if dct is None or not 1 <= day <= 31:
            return None
        future = self._direction(m) == "future" or (self._direction(m) is None and self._is_future(text, m.start(), m.end()))
        year, month = dct.year, dct.month
        for _ in range(12):
            found = safe_date(year, month, day)
            if found is not None and ((found >= dct) if future else (found <= dct)):
                return Found(m.start(), m.end(), pr, day_value(found), "day", anchor=found)
            year, month = shift_month(year, month, 1 if future else -1)
        return None

    def _deictic(self, m, text, dct, pr):
        if dct is None:
            return None
        offset = self.deictic[_key(m.group("w"))]
        found = dct + timedelta(days=offset)
        return Found(m.start(), m.end(), pr, day_value(found), "day", anchor=found)

    def _anaphoric(self, m, text, dct, pr):
        word = _key(m.group("w"))
        if word in self.clause_final and _WORD_AFTER.match(text, m.end()):
            return None  # "last seen Nov. 3, the day before authorities issued a warrant": "before" opens a clause
        offset = self.anaphoric[word]
        return Found(m.start(), m.end(), pr, None, "day", offset=offset)


def _latest_quarter(dct: date) -> tuple[int, int]:
    """The quarter news reports on: the latest one ended some weeks before the DCT."""
    reference = dct - timedelta(days=45)
    return reference.year, (reference.month - 1) // 3 + 1


def lexicon(lang: str | Lexicon) -> Lexicon:
    """`lang`'s patterns; a language without a dates section shares the fallback language's (a Lexicon
    given, built from a section not in a file, is itself)."""
    if isinstance(lang, Lexicon):
        return lang
    return _lexicon(lang if languages.section(lang, "dates") else languages.fallback())


@cache
def _lexicon(code: str) -> Lexicon:
    return Lexicon(code)


def scan(text: str, dct: date | None, lang: str | Lexicon) -> list[Found]:
    """Resolved, non-overlapping candidates in text order (anaphora resolved too)."""
    candidates: list[Found] = []
    for priority, resolve, match in _matches(text, lexicon(lang)):
        found = resolve(match, text, dct, priority)
        if found is not None and found.end > found.start:
            candidates.append(found)
    candidates.sort(key=lambda f: (-(f.end - f.start), f.priority, f.start))
    chosen: list[Found] = []
    starts: list[int] = []  # the chosen spans, sorted: disjoint and non-empty, so their ends are sorted too
    ends: list[int] = []
    for found in candidates:
        # the span overlaps a chosen one iff the last chosen span starting before its end ends after its start
        i = bisect_left(starts, found.end)
        if i == 0 or ends[i - 1] <= found.start:
            chosen.append(found)
            starts.insert(i, found.start)
            ends.insert(i, found.end)
    chosen.sort(key=lambda f: f.start)
    chosen = _years_written_elsewhere(_directions_after_dates(text, chosen, lexicon(lang)), dct)
    return _resolve_anaphora(_headline_weekdays(text, _ranges(text, chosen, lexicon(lang)), dct), dct)


def _years_written_elsewhere(found: list[Found], dct: date | None) -> list[Found]:
    """A day and month alone that the text also writes with one year ("This war reached our shores on September 11
    2001 … After September 11 , I made a commitment", written in 2005) is that year's day, when the year the
    publication date gives it is not a recent one (more than RECENT_EVENT_DAYS before it, or after it): a story
    names a past day again without its year, and one of the last weeks ("March 17" beside "March 17 2003" in a
    2005 story written on 20 March) is the recent one."""
    if dct is None or not any(item.bare_day for item in found):
        return found
    years: dict[tuple[int, int], set[int]] = {}
    for item in found:
        if item.explicit_year and item.granularity == "day" and item.anchor is not None:
            years.setdefault((item.anchor.month, item.anchor.day), set()).add(item.anchor.year)
    if not years:
        return found
    out = []
    for item in found:
        if item.bare_day and item.anchor is not None and not 0 <= (dct - item.anchor).days <= RECENT_EVENT_DAYS:
            written = years.get((item.anchor.month, item.anchor.day), set())
            if len(written) == 1 and item.anchor.year not in written:
                day = item.anchor.replace(year=next(iter(written)))
                item = replace(item, value=day_value(day), anchor=day, explicit_year=True, plan=None)
        out.append(item)
    return out


def _directions_after_dates(text: str, found: list[Found], lex: Lexicon) -> list[Found]:
    """A direction word a day and month may carry (`day_month_words_after`: "lalu", "kemarin") read as a day of
    its own ("kemarin": yesterday) right after a whole day ("11 November 2019 kemarin", "Jumat (26/6) kemarin"):
    it says that day is past, and names no day of its own."""
    if not lex.day_month_after or len(found) < 2:
        return found
    out: list[Found] = []
    for item in found:
        previous = out[-1] if out else None
        if previous is not None and previous.granularity == "day" and previous.value and item.granularity == "day" \
                and _key(text[item.start:item.end]) in lex.day_month_after \
                and not text[previous.end:item.start].strip():
            continue  # the date keeps its span: what reads the words beside it (pubdate) still sees the word
        out.append(item)
    return out


def _headline_weekdays(text: str, found: list[Found], dct: date | None) -> list[Found]:
    """A headline's bare weekday is the day the body gives that weekday ahead of the publication date:
    "Cawapres Prabowo Diumumkan Senin atau Selasa" over "akan diumumkan pada hari Senin atau Selasa"
    (a headline drops the words that say it is to come). The headline: the text's first line, when more follow,
    short and with no sentence ending inside."""
    line_end = text.find("\n")
    if dct is None or not 0 < line_end <= HEADLINE_CHARS or _SENTENCE_STOP.search(text, 0, line_end) \
            or not any(item.bare_weekday and item.end <= line_end for item in found):
        return found  # no headline: a first line that is long, or holds a sentence's end, is a paragraph
    ahead = {}
    for item in found:
        if item.start > line_end and item.granularity == "day" and item.anchor is not None and item.anchor > dct \
                and not item.explicit_year:
            ahead.setdefault(item.anchor.weekday(), item.anchor)
    out = []
    for item in found:
        if item.bare_weekday and item.end <= line_end and item.anchor is not None and item.anchor.weekday() in ahead:
            day = ahead[item.anchor.weekday()]
            item = replace(item, value=day_value(day), anchor=day)
        out.append(item)
    return out


def _dated(found: Found) -> date | None:
    """The day, or the first day of the month, a candidate names (None for other granularities)."""
    if found.granularity not in ("day", "month") or not found.value:
        return None
    match = _CALENDAR_VALUE.fullmatch(found.value)
    if not match or not match[2]:
        return None
    return date.fromisoformat(found.value) if found.granularity == "day" else date(int(match[1]), int(match[2]), 1)


def _ranges(text: str, found: list[Found], lex: Lexicon) -> list[Found]:
    """A range's start takes its end's year, and month, when it names none: "4-8 Desember 2024" (the
    start day alone: 4 December 2024), "22 April-21 Mei 2025" (22 April 2025, not the 22 April the
    publication date puts it in), "between April 16 and May 28 2004"; "December 4-8, 2024" (the end
    day alone, and the year, after the start)."""
    out: list[Found] = []
    for index, item in enumerate(found):
        end = _dated(item)
        previous_end = out[-1].end if out else 0
        # the start day alone, before a day-first date: "4-" of "4-8 Desember 2024", "4 hingga" of "4 hingga 8 Desember"
        if end is not None and item.granularity == "day" and text[item.start:item.start + 1].isdigit():
            before = lex.range_start_day.search(text, max(previous_end, item.start - 40), item.start)
            if before and int(before["d"]) < end.day:
                day = end.replace(day=int(before["d"]))
                out.append(Found(before.start(), before.start("d") + len(before["d"]), item.priority, day_value(day),
                                 "day", anchor=day, explicit_year=item.explicit_year))
        # a start with no year of its own, before an end with one: "22 April-21 Mei 2025"
        if end is not None and not item.explicit_year and index + 1 < len(found):
            follower = found[index + 1]
            last = _dated(follower)
            if last is not None and follower.explicit_year and lex.range_link.fullmatch(text, item.end, follower.start):
                year = last.year - (1 if end.month > last.month else 0)
                if item.granularity == "day":
                    moved = safe_date(year, end.month, end.day)
                    if moved is not None:
                        item = replace(item, value=day_value(moved), anchor=moved, explicit_year=True)
                else:
                    item = replace(item, value=month_value(year, end.month), explicit_year=True)
        out.append(item)
        # the end day alone, after a month-first date: "-8, 2024" of "December 4-8, 2024"
        if end is not None and item.granularity == "day" and text[item.end - 1:item.end].isdigit():
            following = found[index + 1].start if index + 1 < len(found) else len(text)
            after = lex.range_end_day.match(text, item.end, following)
            if after and int(after["d"]) > end.day:
                start = end
                if after["y"] and not item.explicit_year:
                    start = safe_date(int(after["y"]), end.month, end.day)
                    if start is None:
                        continue
                    out[-1] = item = replace(item, value=day_value(start), anchor=start, explicit_year=True)
                last_day = safe_date(start.year, start.month, int(after["d"]))
                if last_day is not None:
                    out.append(Found(after.start("d"), after.end(), item.priority, day_value(last_day), "day",
                                     anchor=last_day, explicit_year=item.explicit_year))
    return out


_last_matches: tuple = (None, None, ())  # (text, lexicon, its matches) of the last scan: see `_matches`


def _matches(text: str, lex: Lexicon) -> list | tuple:
    """(priority, resolver, match) of every family's matches in `text`, family by family: what a scan
    finds before it resolves anything against a reference date. Kept for the last text scanned: the
    publication date is read from a text, then its body (often the same text) is tagged against that
    date, and the patterns need not be run on it twice. (One tuple, read once: threads may scan at once.)"""
    global _last_matches
    last_text, last_lex, last = _last_matches
    if last_lex is lex and (last_text is text or last_text == text):
        return last
    found: list = []
    lowered = text.lower()
    contains = lowered.__contains__
    pieces = None
    passed: dict = {}  # a test → whether each piece passes it (families share their tests)
    # `lowered` keeps every character at its offset (lower-casing turns no character into two;
    # a final sigma is lower-cased by its context): pieces are lower-cased as slices of it, and
    # words are found in it for `_in_windows`, unless a character re.I folds to ASCII is there.
    aligned = len(lowered) == len(text) and "\u03a3" not in text
    windowed = {} if aligned and not folds_to_ascii(text) else None
    for index, ((priority, pattern, resolve, needles), shape, window, anchored) in enumerate(zip(
            lex.families, lex.shapes, lex.windows, lex.anchored)):
        # (a family scanned in windows around its needles written whole skips this test: a text without
        # any of them holds no whole occurrence of one either, and its windows are then none)
        if needles and not (anchored and windowed is not None) and not any(map(contains, needles)):
            continue
        if shape is None:
            matches = pattern.finditer(text)
        elif window is not None and windowed is not None:
            if not _anchor_occurrences(lowered, window[1], windowed):
                continue  # no window to scan (speed only: `_in_windows` would find none)
            matches = _in_windows(pattern, text, lowered, shape[0], shape[1], window, windowed, partial(lex.twin, index))
        else:
            if pieces is None:
                pieces = _pieces(text, lex.cuts, lowered if aligned else None)
            matches = _in_pieces(pattern, text, pieces, *shape, passed)
        found += [(priority, resolve, match) for match in matches]
    _last_matches = (text, lex, found)
    return found


_UNBUILT = object()  # a twin not compiled yet (see `Lexicon.twin`)
_DIGIT = re.compile(r"\d")
_WORD_EDGES = re.compile(r"\w(?:.*\w)?", re.S)  # a word character first and last ("jum'at")
_RUN = re.compile(r"[^\W_]+")  # letters and digits: a word of them alone is one of these runs when it stands whole
_NOT_RUN = str.maketrans({c: " " for c in range(128) if not chr(c).isalnum()})  # ASCII outside `_RUN`: a space


def _runs(text: str) -> set[str]:
    """`set(_RUN.findall(text))`; an ASCII text's runs are its words once everything else is a space (speed only)."""
    return set(text.translate(_NOT_RUN).split()) if text.isascii() else set(_RUN.findall(text))


def _pieces(text: str, cuts: re.Pattern[str], lowered: str | None = None) -> list[tuple[int, int, bool, str | None]]:
    """The stretches between cut characters: (start, end, holds a digit, lower-cased), the
    last None when the piece holds a character `re.I` matches to an ASCII letter (any word may
    then match in it). `lowered`: the text lower-cased with every character kept at its offset,
    of which each piece's lower-casing is a slice."""
    pieces = []
    start = 0
    ends = [(cut.start(), cut.end()) for cut in cuts.finditer(text)] + [(len(text), len(text))]
    digit = _DIGIT.search
    folds = folds_to_ascii(text)
    for end, next_start in ends:
        if end > start:
            if folds or lowered is None:
                piece = text[start:end]
                low = piece.lower() if not folds_to_ascii(piece) else None
            else:
                low = lowered[start:end]
            pieces.append((start, end, digit(text, start, end) is not None, low))
        start = next_start
    return pieces


def _passing(pieces, test) -> list[bool]:
    """Whether each piece passes `test`: holds one of a tuple's words, one of a frozenset's as a
    whole word (no word character beside it in the piece), or a match of a pattern. A piece
    whose lower-casing is None passes every test."""
    if type(test) is tuple:
        return [lowered is None or any(word in lowered for word in test) for _, _, _, lowered in pieces]
    if type(test) is frozenset:
        return [lowered is None or bool(_occurrences(lowered, test)) for _, _, _, lowered in pieces]
    search = test.search
    return [lowered is None or search(lowered) is not None for _, _, _, lowered in pieces]


def _in_pieces(pattern: re.Pattern[str], text: str, pieces, shape: Segmentable, tests, passed: dict | None = None):
    """`pattern.finditer(text)`, scanning only the runs of pieces a match may lie in: a match
    consumes no cut character, so it lies in one piece, which holds a digit when every match
    does and passes `tests` (see `Lexicon._segmenting`). Lookbehinds see the text before a run
    (`pos` does not hide it); lookaheads see `shape.reach` characters past its end.
    `passed` keeps each test's verdicts on the pieces for the other families of the scan."""
    digit = shape.needs_digit
    margin = shape.reach + 1
    size = len(text)
    passed = {} if passed is None else passed
    verdicts = []
    for test in tests:
        found = passed.get(test)
        if found is None:
            found = passed[test] = _passing(pieces, test)
        verdicts.append(found)
    run_start = run_end = -1
    for index, (start, end, has_digit, _) in enumerate(pieces):
        if (has_digit or not digit) and all(verdict[index] for verdict in verdicts):
            if run_start < 0:
                run_start = start
            run_end = end
            continue
        if run_start >= 0:
            for match in pattern.finditer(text, run_start, min(size, run_end + margin)):
                if match.start() >= run_end:
                    break
                yield match
            run_start = -1
    if run_start >= 0:
        for match in pattern.finditer(text, run_start, min(size, run_end + margin)):
            if match.start() >= run_end:
                break
            yield match


def _occurrences(lowered: str, test, runs: set[str] | None = None) -> list[tuple[int, int]]:
    """(start, end) of each occurrence of `test` in `lowered`, in text order, overlapping ones
    too: of a frozenset's words with no word character (`\\w`: a letter, a digit, an underscore)
    before or after, of a tuple's strings, or each position a pattern's match starts at (its
    end then one past it: whether the match fits a piece is judged on the piece).
    `runs`: the runs of letters and digits of `lowered`, when known: a word of letters and digits
    alone is looked for only when it is one of them (standing whole, it is a whole run)."""
    where = []
    if type(test) is not frozenset and type(test) is not tuple:
        found = test.search(lowered)
        while found is not None:
            where.append((found.start(), found.start() + 1))
            found = test.search(lowered, found.start() + 1)
        return where
    whole = type(test) is frozenset
    size = len(lowered)
    find = lowered.find
    if runs is not None and whole:  # a word of letters and digits not a run of the text is nowhere whole in it
        alone, others = _unrun(test)
        test = [*(alone & runs), *others] if others else alone & runs
    for word in test:
        length = len(word)
        at = find(word)
        while at >= 0:
            end = at + length
            if not whole or ((not at or not (lowered[at - 1].isalnum() or lowered[at - 1] == "_"))
                             and (end == size or not (lowered[end].isalnum() or lowered[end] == "_"))):
                where.append((at, end))
            at = find(word, at + 1)
    where.sort()
    return where


@cache
def _unrun(words: frozenset[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """`words` parted into those of letters and digits alone (each whole only as a run of a text) and the others."""
    return frozenset(w for w in words if w.isalnum()), tuple(w for w in words if not w.isalnum())


def _anchor_occurrences(lowered: str, anchor, found: dict) -> list[tuple[int, int]]:
    """`_occurrences` of a family's window anchor in `lowered`, kept in `found` (see `_in_windows`) for
    the other families of the scan, with the text's runs of letters and digits for a whole word."""
    where = found.get(anchor)
    if where is None:
        runs = None
        if type(anchor) is frozenset:
            runs = found.get(_RUN)
            if runs is None:
                runs = found[_RUN] = _runs(lowered)
            alone, others = _unrun(anchor)
            if not others and alone.isdisjoint(runs):  # none of its words is a run of the text: none stands whole
                where = found[anchor] = []  # (what `_occurrences` finds then, without its set and loop: speed only)
                return where
        where = found[anchor] = _occurrences(lowered, anchor, runs)
    return where


def _in_windows(pattern: re.Pattern[str], text: str, lowered: str, shape: Segmentable, tests, window,
                found: dict, twin: re.Pattern[str] | Callable[[], re.Pattern[str] | None] | None = None):
    """`pattern.finditer(text)`, scanning only the stretch around each occurrence of the family's
    anchor test (`window`: its own cut characters, the test) between two of its own cut
    characters: a match consumes none of them, so it lies in one such stretch, which holds a
    digit when every match does and passes every test of the family (the anchor's by
    construction: a word or string found in it whole; a pattern is tried on it).
    `lowered` is the text lower-cased, character for character, with no character that re.I
    folds to an ASCII letter. `found` keeps each anchor's occurrences, and the text reversed,
    for the other families of the scan. `twin`: the pattern without re.I (`firstchar.lowered_twin`),
    which finds the same matches in `lowered` sooner; each is then matched again in `text`, at its
    start, for the match of `text` the resolvers read. (A callable: asked for the twin when a window
    is to be scanned.)"""
    cut, anchor = window
    where = _anchor_occurrences(lowered, anchor, found)
    if not where:
        return
    if callable(twin):
        twin = twin()
    backwards = found.get(None)
    if backwards is None:
        backwards = found[None] = text[::-1]
    others = tests if type(anchor) is not frozenset and type(anchor) is not tuple else \
        [test for test in tests if test is not anchor]
    digit = shape.needs_digit
    margin = shape.reach + 1
    size = len(text)
    last = -1
    for at, until in where:
        if at < last:
            continue  # in the stretch just scanned
        after = cut.search(text, at)
        end = after.start() if after else size
        if end < until:
            continue  # the occurrence holds one of the cut characters: no match holds it
        before = cut.search(backwards, size - at)  # the last cut character before `at`
        start = size - before.start() if before else 0
        last = end
        if digit and _DIGIT.search(text, start, end) is None:
            continue
        if others:
            piece = [(start, end, True, lowered[start:end])]
            if not all(_passing(piece, test)[0] for test in others):
                continue
        stop = min(size, end + margin)
        if twin is None:
            for match in pattern.finditer(text, start, stop):
                if match.start() >= end:
                    break
                yield match
            continue
        for match in twin.finditer(lowered, start, stop):
            if match.start() >= end:
                break
            yield pattern.match(text, match.start(), stop)


def _resolve_anaphora(found: list[Found], dct: date | None) -> list[Found]:
    """Anaphoric days against the date mentioned last; "a year ago" against a quarter under discussion.

    "the following year" and "later that year" count from the year (or month) mentioned last; so does a day
    named without its year right before such a year ("died on 25 June that year": that year's 25 June, not
    the one the publication date puts it in).
    """
    out: list[Found] = []
    anchor = dct
    period: tuple[int, int | None] | None = (dct.year, dct.month) if dct else None
    quarter: str | None = None
    found = list(found)  # a day's anaphoric year is resolved with the day
    for index, item in enumerate(found):
        if item.granularity == "name":
            continue  # a date's words naming an event: no date (see `Lexicon._names_event`)
        if item.granularity == "day" and item.value and not item.explicit_year and period is not None \
                and index + 1 < len(found):
            follower = found[index + 1]
            if follower.period_shift and follower.period_shift[0] == "year" and follower.start - item.end <= 1:
                named = date.fromisoformat(item.value)
                moved = safe_date(period[0] + follower.period_shift[1], named.month, named.day)
                if moved is not None:
                    item = replace(item, value=day_value(moved), anchor=moved, explicit_year=True)
                    found[index + 1] = replace(follower, value=year_value(moved.year), period_shift=None)
        relative_quarter = item.year_shift is not None or item.quarter_year is not None
        if item.granularity == "quarter" and not relative_quarter and _QUARTER_VALUE.fullmatch(item.value or ""):
            quarter = item.value  # the quarter under discussion; "the year-ago quarter" does not change it
        elif item.year_shift is not None and (quarter is not None or item.quarter_number):
            base = int(quarter[:4]) if quarter else (dct.year if dct else None)
            number = item.quarter_number or (int(quarter[-1]) if quarter else None)
            if base is not None and number:
                item = replace(item, value=f"{base + item.year_shift}-Q{number}", granularity="quarter")
        elif item.quarter_year is not None and quarter is not None:
            item = replace(item, value=f"{item.quarter_year}-Q{quarter[-1]}", granularity="quarter")
        if item.period_shift is not None:
            if period is None:
                continue
            unit, offset = item.period_shift
            if unit == "year":
                item = replace(item, value=year_value(period[0] + offset), granularity="year")
            elif period[1] is not None:
                item = replace(item, value=month_value(*shift_month(period[0], period[1], offset)), granularity="month")
            else:
                continue
        elif item.weekday_shift is not None:
            if anchor is None:
                continue
            weekday, sign = item.weekday_shift
            day = weekday_after(anchor, weekday) if sign > 0 else weekday_before(anchor, weekday, strictly=True)
            item = replace(item, value=day_value(day), anchor=day)
        elif item.value is None:
            if anchor is None:
                continue
            day = anchor + timedelta(days=item.offset)
            item = replace(item, value=day_value(day), granularity="day", anchor=day)
        elif item.plan is not None and anchor is not None and dct is not None and anchor < dct:
            # a plan told in the past, in a passage about an earlier day: ahead of that day, if that is past too
            month, day, weekday = item.plan
            planned = infer_date(day, month, anchor, weekday, True)
            if planned is not None and planned <= dct:
                item = replace(item, value=day_value(planned), anchor=planned)
        if item.anchor is not None:
            anchor = item.anchor
        if item.value and (match := _CALENDAR_VALUE.fullmatch(item.value)):
            period = (int(match[1]), int(match[2]) if match[2] else None)
        out.append(item)
    return out


def tag(text: str, dct: date | str | None, lang: str | Lexicon) -> list[Timex]:
    """Date expressions of `text` as Timex values (offsets into `text`); `dct`, the day the text was written
    (a date or "YYYY-MM-DD"), resolves relative ones."""
    if isinstance(dct, str):
        dct = date.fromisoformat(dct)
    return [Timex(f.start, f.end, text[f.start:f.end], f.value, f.granularity, mod=f.mod)
            for f in scan(text, dct, lang) if f.value]
