"""Language knowledge as data: one TOML file per language in this folder.

Each file (``id.toml``, ``en.toml``, ...) holds everything the engines need to
know about a language, in sections named after the stage that reads them most
(docs/languages.md has the table of every reader):

- ``[dates]``     month and weekday names, relative words, modifiers, tense cues;
                  its month and weekday names (``date_words``) are also read by the
                  cleaner, the event extractor and the timeline
- ``[clutter]``   section markers and line patterns of page furniture (its
                  ``time_words`` also by the event extractor)
- ``[stopwords]`` function words, for stopword density
- ``[events]``    event triggers mapped to short English labels, reporting verbs;
                  its summary cues are also read by the timeline
- ``[metadata]``  author and outlet cues in text dumps

Top-level keys: ``code`` (the file's name), ``name``, and in exactly one file each
``fallback = true`` (rules for a language without a file) and ``default = true``
(assumed before a document's language is detected).

Adding a language means adding a file; no engine code changes (see ``ms.toml``).
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any, Iterable

_HERE = Path(__file__).parent


def available() -> list[str]:
    """Language codes with a data file (the file names: ``<code>.toml``)."""
    return list(_available())


@cache
def _available() -> tuple[str, ...]:
    """The folder is listed once per process, as each file is read once (`load`): the text
    metadata asks for every article."""
    return tuple(sorted(p.stem for p in _HERE.glob("*.toml")))


def named(value: str) -> str | None:
    """The code of the language a record's language field names, if it has a file: its code in any case,
    with a region or script after it ("ms", "EN-gb", "id_ID", "zh-Hant"), or the file's `name`
    ("Malay"); None for anything else."""
    wanted = value.strip().lower()
    if not wanted:
        return None
    code = wanted.replace("_", "-").partition("-")[0]
    if code in _available():
        return code
    return next((c for c in _available() if str(load(c).get("name", "")).lower() == wanted), None)


@cache
def _flagged(flag: str) -> str:
    found = [code for code in available() if load(code).get(flag) is True]
    if len(found) != 1:
        raise RuntimeError(f"exactly one language file must say `{flag} = true`, found {found or 'none'}")
    return found[0]


def fallback() -> str:
    """The language whose rules apply when a text's language has no file (`fallback = true`)."""
    return _flagged("fallback")


def default() -> str:
    """The language assumed before a document's language is known (`default = true`)."""
    return _flagged("default")


@cache
def load(lang: str) -> dict[str, Any]:
    """The parsed data file of ``lang``; unknown languages get an empty dict."""
    path = _HERE / f"{lang}.toml"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


def word_alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first, any run of spaces between their words."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


def phrase_key(text: str) -> str:
    """How a matched phrase is looked up in a language table: lowercase, single spaces."""
    return re.sub(r"\s+", " ", text.lower())


def section(lang: str, name: str) -> dict[str, Any]:
    """One section of a language file (``{}`` when absent)."""
    return load(lang).get(name, {})


@cache
def clutter_words(lang: str, table: str, one_word: bool = False) -> frozenset[str]:
    """The entries of ``lang``'s ``[clutter]`` table ``table`` (``time_words``, ``furniture``), lower-cased; with
    ``one_word``, only those of one word (a site's links: "help", "share"): what the events and the timeline read
    of the cleaner's words around a time stamp."""
    return frozenset(w.lower() for w in section(lang, "clutter").get(table, []) if not (one_word and " " in w))


@cache
def date_words(lang: str, weekdays: bool = True) -> frozenset[str]:
    """The month names and abbreviations of ``lang``'s ``[dates]`` section, and its weekday names unless
    ``weekdays`` is false, lower-cased: what makes a token a date word (the cleaner's timestamps, the words
    that are no actor, the timeline's seams and time stamps)."""
    dates = section(lang, "dates")
    tables = ("months", "month_abbreviations", "weekdays") if weekdays else ("months", "month_abbreviations")
    return frozenset(w.lower() for table in tables for w in dates.get(table, {}))
