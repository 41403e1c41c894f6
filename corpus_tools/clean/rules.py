"""Clutter knowledge of a language, compiled from the `[clutter]`, `[stopwords]`
and `[dates]` sections of its data file. No language words live in code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .. import languages
from ..firstchar import WordsPattern, guarded
from ..languages import word_alternation as _alternation

_PUNCT = re.compile(r"[^\w\s]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


class _PunctuationToSpace(dict):
    """`str.translate`'s table for `fold`: a character `_PUNCT` matches (neither a word character, as
    `\\w` reads it: alphanumeric or "_", nor whitespace) → a space, any other → itself; filled as
    characters are met (speed only: the same text as `_PUNCT.sub(" ", …)` once spaces are collapsed)."""

    def __missing__(self, code: int) -> int:
        char = chr(code)
        kept = self[code] = code if char.isalnum() or char == "_" or char.isspace() else 32
        return kept


_PUNCT_TO_SPACE = _PunctuationToSpace()


@lru_cache(maxsize=4096)  # the classifier folds each line several times
def fold(text: str) -> str:
    """Lowercase, punctuation to spaces, single spaces: how markers are compared.

    `_SPACES.sub(" ", _PUNCT.sub(" ", text.lower())).strip()`, written with `str.translate` and `split`
    (a third of the time): a run of punctuation becomes a run of spaces instead of one, which the
    collapsing of whitespace makes one; `split` and `\\s` know the same whitespace."""
    return " ".join(text.lower().translate(_PUNCT_TO_SPACE).split())


@dataclass(frozen=True)
class Rules:
    block_markers: frozenset[str]
    furniture: frozenset[str]
    furniture_words: frozenset[str]  # one-word furniture: a line of nothing else is a share bar
    stopwords: frozenset[str]
    own_stopwords: bool  # the language has a file with stopwords (else: all files merged, density unreliable)
    timestamp_words: frozenset[str]  # time words, month and weekday names
    clock_words: frozenset[str]  # time words only ("menit", "lalu", "WIB"): page furniture, not a date in prose
    link_at_start: re.Pattern[str]  # "Baca juga: …" at the start of a line
    link_inline: re.Pattern[str]  # "… Baca juga: …" inside a line
    promo: WordsPattern | None  # a compiled pattern (see firstchar.WordsPattern)
    promo_tail: WordsPattern | None
    byline_cues: frozenset[str] = frozenset()  # "by", "oleh", "pewarta": `author_cues` of `[metadata]`; a byline is no headline
    # a credit table row: an author cue or an `author_stops` word ("Editor") in its first cell, a few words in the
    # second ("| Penulis | : Nabilla Tashandra |")
    credit_row: re.Pattern[str] | None = None


def rules_for(lang: str) -> Rules:
    """The rules of `lang`; for an unknown or undetermined language, all languages merged (one
    set of rules, shared by every such language)."""
    return _rules(lang if languages.section(lang, "clutter") else None)


@cache
def _rules(lang: str | None) -> Rules:
    codes = [lang] if lang is not None else languages.available()
    clutter: dict[str, set[str]] = {}
    stopwords: set[str] = set()
    timestamp_words: set[str] = set()
    byline_cues: set[str] = set()
    credit_cues: set[str] = set()
    for code in codes:
        byline_cues.update(fold(cue) for cue in languages.section(code, "metadata").get("author_cues", []))
        credit_cues.update(languages.section(code, "metadata").get("author_cues", []))
        credit_cues.update(languages.section(code, "metadata").get("author_stops", []))
        for key, words in languages.section(code, "clutter").items():
            clutter.setdefault(key, set()).update(w.lower() for w in words)
        stopwords.update(languages.section(code, "stopwords").get("words", "").split())
        timestamp_words.update(languages.date_words(code))
    timestamp_words.update(clutter.get("time_words", set()))
    links = clutter.get("link_markers", set())
    # Multi-word markers may run straight into the headline; one-word ones need a colon.
    multi = _alternation(w for w in links if " " in w) or "(?!)"
    single = _alternation(w for w in links if " " not in w) or "(?!)"
    marker = rf"(?:(?:{multi})\s*[:\-–]?|(?:{single})\s*:)"
    promo = clutter.get("promo", set())
    tails = clutter.get("promo_tail", set()) | clutter.get("promo_tails", set())
    return Rules(
        block_markers=frozenset(fold(m) for m in clutter.get("block_markers", set())),
        furniture=frozenset(fold(m) for m in clutter.get("furniture", set())),
        furniture_words=frozenset(fold(m) for m in clutter.get("furniture", set()) if " " not in fold(m)),
        stopwords=frozenset(stopwords),
        own_stopwords=codes == [lang] and bool(stopwords),
        timestamp_words=frozenset(timestamp_words),
        clock_words=frozenset(clutter.get("time_words", set())),
        link_at_start=re.compile(rf"^\W*{marker}\s*", re.I),
        link_inline=re.compile(rf"(?<=[.!?\"”)])\s+(?:{multi})\s*:\s*\S.*$", re.I),
        # searched in every line: skipped where none of the words is, else failing fast where none can start
        promo=WordsPattern(guarded(_alternation(promo), re.I), promo) if promo else None,
        promo_tail=WordsPattern(guarded(rf"\s*(?:{_alternation(tails)})\W*$", re.I), tails) if tails else None,
        byline_cues=frozenset(byline_cues),
        credit_row=re.compile(rf"\|\s*(?:{_alternation(credit_cues)})\s*:?\s*\|\s*[:\-–—]?\s*[^\W\d_][^|.!?]{{0,60}}\|", re.I)
        if credit_cues else None,
    )
