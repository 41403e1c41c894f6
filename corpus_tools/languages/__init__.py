"""Language knowledge as data: one TOML file per language in this folder.

Each file (``id.toml``, ``en.toml``, ...) holds everything the engines need to
know about a language, in sections owned by the stage that reads them:

- ``[dates]``     month and weekday names, relative words, modifiers, tense cues
- ``[clutter]``   section markers and line patterns of page furniture
- ``[stopwords]`` function words, for stopword density
- ``[events]``    event triggers mapped to short English labels, reporting verbs
- ``[metadata]``  author and outlet cues in text dumps

Adding a language means adding a file; no engine code changes.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any, Iterable

_HERE = Path(__file__).parent


def available() -> list[str]:
    """Language codes with a data file, e.g. ['en', 'id']."""
    return sorted(p.stem for p in _HERE.glob("*.toml"))


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
