"""Metadata of a plain-text dump: title, publication date, author, outlet.

No library reads these: trafilatura and htmldate need the HTML that a text dump
has lost. What is left are conventions every Indonesian outlet shares: a
headline line, a date header ("SELASA, 12 NOVEMBER 2024 | 09:42 WIB"), an author
cue ("LAPORAN: …", "Penulis : …"), and a dateline opening the first paragraph
("MerahPutih.com - …", "SEOUL, KOMPAS.TV — …"), else a copyright notice naming the site. Cue words are
language data (`[metadata]` of the language files); outlet spellings are in `outlets.toml`, with the
sites that carry others' posts (`[hosts]`: "© Instagram.com" is a photo's credit), never an outlet.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from .. import languages
from ..clean.rules import fold, rules_for
from ..clean.span import menu_line
from ..dateline import DATELINE as _DATELINE, DOMAIN as _DOMAIN, WIRE_DATELINE as _WIRE_DATELINE

HEADER_LINES = 12  # the date header and byline sit above the story
WIRE_OPENING = 80  # a wire's bracketed name opens its line within this many characters ("TRIPOLI, Libya (CNN)")
# the site's notice ("© 2024 detik.com"), not a photo's credit ("© instagram.com/username": a path follows)
_COPYRIGHT = re.compile(rf"(?:copyright|©)\s*(?:©\s*)?(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?\s*)?(?P<outlet>{_DOMAIN})"
                        r"(?![\w-]|[./]\w)", re.I)  # ("© 2003-2016 Kapanlagi.com": a span of years)
_SITE = re.compile(rf"\b{_DOMAIN}\b")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_MARKUP = re.compile(r"[<>{}]|://|\bwww\.")  # a line of markup or an address is no headline
_SLUG_ID = re.compile(r"^\d{5,}[a-z]?$", re.I)  # an id in a slug ("20161112230644")


@dataclass(frozen=True)
class TextMetadata:
    title: str | None
    published: str | None  # YYYY-MM-DD
    published_from: str | None  # "header" | "dateline" | "weekday"
    author: str | None
    outlet: str | None


def extract_text_metadata(text: str, lang: str, today: date | None = None, *,
                          with_date: bool = True) -> TextMetadata:
    """Read the metadata conventions of a news text dump (see module docstring).

    `with_date=False` skips looking for the publication date (a record that states it).
    """
    lines = [line.strip() for line in text.split("\n")]
    head = [line for line in lines if line][:HEADER_LINES]
    published, provenance, header_index = _published(head, text, lang, today) if with_date else (None, None, None)
    return TextMetadata(
        title=_title(head, header_index, lang),
        published=published,
        published_from=provenance,
        author=_author(head + [line for line in lines if line][-HEADER_LINES:], lang),
        outlet=_outlet(lines),
    )


def _published(head: list[str], text: str, lang: str, today: date | None
               ) -> tuple[str | None, str | None, int | None]:
    """A date header among the short lines on top, else a date the text states as the day of
    writing, else nothing (see `pubdate.py`); the header's line index places the headline."""
    from .pubdate import stated_date  # imported where used, with the date tagger it needs
    found = stated_date(text, lang, today or date.today(), head)
    if found is None:
        return None, None, None
    return found.day.isoformat(), found.how, found.start if found.how == "header" else None


def looks_like_headline(line: str) -> bool:
    """A headline: 4–30 words, not a sentence ending in '.', mostly letters."""
    words = _WORD.findall(line)
    if not 4 <= len(words) <= 30 or len(line) > 220 or _MARKUP.search(line) or menu_line(line, glued=False):
        return False  # (a row of links — "首页|新闻|图片|评论", "Home > News > World" — is no headline)
    if line.endswith((".", ":", ";", ",")) and not line.endswith("..."):
        return False
    if len(_SITE.findall(line)) >= 2:  # "KOMPAS.COM KOMPASIANA.COM TRIBUNNEWS.COM": the network's sites, a menu
        return False
    return sum(map(str.isalpha, line)) >= 0.6 * len(line)


def _title(head: list[str], header_index: int | None, lang: str) -> str | None:
    """The headline among the text's first lines; none in a text of one line (no story stands below it: a promo
    or teaser saved as an article is its text, not its headline)."""
    if len(head) < 2:
        return None
    furniture = rules_for(lang).furniture  # "Skip to main content": the page's furniture is no headline
    if header_index is not None:
        # The headline sits just above the date header.
        for line in reversed(head[:header_index]):
            if looks_like_headline(line) and fold(line) not in furniture:
                return _headline(line)
    for line in head[:4]:
        if looks_like_headline(line) and fold(line) not in furniture:
            return _headline(line)
        if len(_WORD.findall(line)) >= 8 and line.endswith("."):  # the story has started: no headline here
            return None
    return None


_SPEAKER_QUOTE = re.compile(r"\s?:\s*(?:``|''|[\"“])")  # "… Dr Steven Shafer : '' ` Yes ' is not …": a quote's speaker
_FULL_DATE = re.compile(r"\b[0-3]?\d\s+([^\W\d_]+)\s+(?:19|20)\d\d\b")  # "29 June 2010": a day, a month, a year
HEADLINE_MIN = 4  # words a headline keeps before a caption's quote glued after it
STAMP_OPENING = 3  # a page's stamp opens the line: its date starts among its first words ("Last updated : 29 June")


@cache
def _byline_cues() -> frozenset[str]:
    """Every language file's `byline_cues` (a dump's language is not known yet when its metadata is read)."""
    return frozenset(w.lower() for code in languages.available()
                     for w in languages.section(code, "events").get("byline_cues", []))


@cache
def _months() -> frozenset[str]:
    """Every language file's month words."""
    return frozenset().union(*(languages.date_words(code, weekdays=False) for code in languages.available()))


def _headline(line: str) -> str | None:
    """A headline line as a reader reads it, or None when it is none: a byline opening it ("By Damian Kahya Business
    reporter , BBC News Is investing …": a `byline_cues` word and two capitalised ones), or a page's stamp opening it
    (a full date among its first words: "Monday 28 February 2005 00.53 GMT Who would have thought …", "Last updated :
    29 June 2010 Are you …"), tells the story's text has begun;
    a caption's quote glued after it ("Conrad Murray ` responsible ' for Michael Jackson 's death Dr Steven Shafer
    : '' ` Yes ' is …") is cut with its speaker when HEADLINE_MIN words stay before them."""
    words = line.split()
    if len(words) > 2 and words[0].lower() in _byline_cues() and all(w[:1].isupper() for w in words[1:3]):
        return None
    months = _months()
    opening = " ".join(words[:STAMP_OPENING + 3])  # the date's three words may end the first STAMP_OPENING
    if any(date.group(1).lower() in months and date.end() < len(line) for date in _FULL_DATE.finditer(opening)):
        return None
    quote = _SPEAKER_QUOTE.search(line)
    if quote:
        words = line[:quote.start()].split()
        k = len(words)
        while k > 0 and words[k - 1][:1].isupper():
            k -= 1  # the speaker's capitalised words before the colon
        if HEADLINE_MIN <= k < len(words):
            return " ".join(words[:k])
    return line


def title_from_url(url: str | None) -> str | None:
    """The headline a URL spells in its slug ("/2024/11/12/korut-ratifikasi-pakta.html" →
    "Korut ratifikasi pakta"): the longest path segment of three or more words."""
    if not url:
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.strip(), flags=re.I).split("?")[0].split("#")[0]
    best: list[str] = []
    for segment in path.split("/"):
        segment = re.sub(r"\.(?:s?html?|php|aspx?)$", "", segment, flags=re.I)
        words = [w for w in re.split(r"[-_+]|%20", segment) if w and not _SLUG_ID.match(w)]
        if len(words) >= 3 and sum(any(c.isalpha() for c in w) for w in words) >= 3 and len(words) > len(best):
            best = words
    if not best:
        return None
    text = " ".join(best)
    return text[:1].upper() + text[1:]


@cache
def _author_pattern(lang: str) -> re.Pattern[str] | None:
    data = languages.section(lang, "metadata")
    cues = data.get("author_cues", [])
    if not cues:
        return None
    stops = "|".join(re.escape(s) for s in data.get("author_stops", []))
    cue = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
    name = r"(?P<name>[^\W\d_][\w'’.-]*(?:[ ][^\W\d_][\w'’.-]*){0,4}?)"
    stop = rf"(?=\s*(?:\||$|,|\s(?:{stops})\b))" if stops else r"(?=\s*(?:\||$|,))"
    return re.compile(rf"(?:^|\|\s*)(?:{cue})\s*(?::\s*|\s+){name}{stop}", re.I | re.M)


@cache
def _author_cues() -> str:
    """Every language file's `author_cues` ("Pewarta", "Penulis", "By") as a regex alternation, longest first."""
    cues = {c for code in languages.available() for c in languages.section(code, "metadata").get("author_cues", [])}
    return "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True)) or "(?!)"


@cache
def _author_cue() -> re.Pattern[str]:
    return re.compile(rf"(?:{_author_cues()})(?:\s*[:\-–—]\s*|\s+)(?=[^\W\d_])", re.I)


def without_author_cue(name: str | None) -> str | None:
    """A page's author credit without the word introducing it ("Pewarta Budi Santoso" → "Budi Santoso"): a cue
    of any language file's `author_cues` opening it, with a name after it."""
    if not name:
        return name
    cue = _author_cue().match(name)
    return name[cue.end():].strip() if cue else name


def without_date_tail(name: str | None) -> str | None:
    """A page's author credit without the date words a byline's date left behind ("Joshua Sokol May" of "Joshua
    Sokol May 20, 2019", whose numbers the author search drops; "Joe Wee Monday; February"): in each of its
    ";"-separated names, trailing month and weekday names of any language file, when two words of the name stay
    ("Brian May" stays); a name of date words only goes."""
    if not name:
        return name
    dated = _date_names()
    kept = []
    for part in name.split(";"):
        words = part.split()
        while len(words) > 2 and words[-1].lower().strip(".,") in dated:
            words.pop()
        if words and not all(w.lower().strip(".,") in dated for w in words):
            kept.append(" ".join(words))
    return "; ".join(kept) or name


@cache
def _date_names() -> frozenset[str]:
    """Every language file's month and weekday names, lower-cased (no abbreviations: "Jan" is a first name too)."""
    return frozenset(w.lower() for code in languages.available() for table in ("months", "weekdays")
                     for w in languages.section(code, "dates").get(table, {}))


@cache
def _credit_row() -> re.Pattern[str]:
    """A credit table row with an author cue of any language file in its first cell ("| Penulis | : Nabilla
    Tashandra |"), the name in the second."""
    return re.compile(rf"^\|\s*(?:{_author_cues()})\s*:?\s*\|\s*[:\-–—]?\s*(?P<name>[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){{0,4}})"
                      r"\s*\|$", re.I | re.M)


def credit_row_author(text: str) -> str | None:
    """The name of a credit table row with an author cue in the text ("| Penulis | : Nabilla Tashandra |")."""
    match = _credit_row().search(text)
    return match.group("name").strip(" .-") if match else None


_NAME_WORD = re.compile(r"[^\W\d_]{4,}")


def publisher_like(name: str, outlet: str | None, url: str | None) -> bool:
    """A credit naming the publisher, not a person: one of its words (four letters or more) in the outlet's name
    or the URL's host ("Kompas Cyber Media" on kompas.com)."""
    host = (url or "").split("//", 1)[-1].split("/", 1)[0]
    where = f"{outlet or ''} {host}".lower()
    return any(word.lower() in where for word in _NAME_WORD.findall(name))


def credited_author(lines: list[str] | tuple[str, ...], lang: str) -> str | None:
    """The author a credit line among `lines` names ("Penulis : Nabilla Tashandra"): the lines a whole page
    prints right below its story, which neither its first nor its last HEADER_LINES lines reach."""
    return _author(list(lines), lang)


def _credit_match(pattern: re.Pattern[str], line: str) -> re.Match[str] | None:
    """`pattern.search(line)` for an `_author_pattern`, which opens at a line's start or after a "|": a line
    holding neither a "|" nor a line break is matched at its start alone (speed only: the same match, without
    trying every position of the line)."""
    return pattern.search(line) if "|" in line or "\n" in line else pattern.match(line)


def _author(lines: list[str], lang: str) -> str | None:
    for code in dict.fromkeys([lang, *languages.available()]):
        pattern = _author_pattern(code)
        if pattern is None:
            continue
        for line in lines:
            if len(line) > 160:
                continue
            match = _credit_match(pattern, line)
            if match:
                name = (match.group("name") or "").strip(" .-")
                if not name[:1].isupper():
                    continue  # "By the end of the year …", "Oleh karena itu": the cue's word in prose, no credit
                if len(name.split()) >= 2 or name.isupper():
                    return name.title() if name.isupper() else _without_outlet(name)
    return None


def _without_outlet(name: str) -> str:
    """An author's credit without the outlet glued after the name ("Peter Bowes BBC News" → "Peter Bowes"): the
    words from the first of them that, with all after it, spell an outlet of outlets.toml (with its generic
    trailing words, "News", "Agency"); two words of the name at least stay."""
    words = name.split()
    for k in range(2, len(words)):
        tail = " ".join(words[k:])
        bare = _trailing_words().sub("", tail)
        if _fold(tail) in _outlet_names() or (bare and _fold(bare) in _outlet_names()):
            return " ".join(words[:k])
    return name


@cache
def _outlet_names() -> frozenset[str]:
    """Every outlet's name as outlets.toml spells it (its canonical names, wires, aliases and a domain's first
    label naming one outlet), folded (`_fold`)."""
    data = _outlets()
    names = {*data.get("aliases", {}).values(), *data.get("wires", {}).get("names", [])}
    return frozenset({_fold(n) for n in names} | set(_aliases()) | set(_first_labels()))


@cache
def _outlets() -> dict:
    with (Path(__file__).with_name("outlets.toml")).open("rb") as fh:
        return tomllib.load(fh)


@cache
def _aliases() -> dict[str, str]:
    """Alias → canonical name, keyed by `_fold`: 'VIVA.co.id', 'viva.co.id' and the handle 'VIVAcoid' agree."""
    return {_fold(k): v for k, v in _outlets().get("aliases", {}).items()}


@cache
def _first_labels() -> dict[str, str]:
    """A listed domain's first label → its outlet ('republika' → 'Republika'), for labels naming one outlet."""
    named: dict[str, set[str]] = {}
    for alias, outlet in _outlets().get("aliases", {}).items():
        if "." in alias:
            named.setdefault(_fold(alias.split(".")[0]), set()).add(outlet)
    return {label: next(iter(outlets)) for label, outlets in named.items() if len(outlets) == 1}


@cache
def _trailing_words() -> re.Pattern[str]:
    words = sorted(_outlets().get("generic", {}).get("trailing", []), key=len, reverse=True)
    alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) or "(?!)"
    return re.compile(rf"(?i)(?:\s+(?:{alternation}))+\s*$")


def _fold(name: str) -> str:
    """Letters and digits only, lower-cased: what is left when a site's name loses its dots."""
    return re.sub(r"[\W_]+", "", name.lower())


# a site's address, a path after it; "//host/…" is an address without its scheme (a page's scheme-relative link)
_ADDRESS = re.compile(r"(?i)(?:(?:https?:)?//[\w.-]+|(?:[\w-]+\.)+[a-z]{2,})(?::\d+)?/")
_ASIDE = re.compile(r"\s*\([^()]*\)")  # a bracketed aside in a site name, with the space before it
_SITE_SEPARATOR = re.compile(r"\s+[|•·]\s*|\s*[|•·]\s+")  # between a site name's parts: "Site | By: Name"


def canonical_outlet(name: str | None) -> str | None:
    """The canonical spelling of an outlet name, domain or handle ('KOMPAS.TV', '@VIVAcoid' → 'VIVA', 'Detik' →
    'detikcom', 'Antara News Agency' → 'ANTARA': see outlets.toml); for an address of a site the language
    files don't name, its host without `www.` ('https://www.example.com/news/1' → 'example.com')."""
    if not name:
        return None
    name = name.strip().lstrip("@").strip()
    if _SITE_SEPARATOR.search(name):  # "SIMPLYFOUND.COM | BY: JOE WEE": an author's credit is no part of the site
        kept = [part for part in _SITE_SEPARATOR.split(name) if part and not _author_cue().match(part)]
        name = " | ".join(kept) or name
    if "(" in name:  # "Bradley M. Kuhn ( Brad ) ( bkuhn )": a blog's nicknames in brackets are no part of its name
        name = _ASIDE.sub("", name).strip() or name
    key = re.sub(r"^(?:(?:https?:)?//)?(?:www\d?\.|m\.)?", "", name.lower()).split("/")[0].split(":")[0]
    aliases = _aliases()
    parts = key.split(".")
    for i in range(len(parts) - 1 if len(parts) > 2 else 1):  # finance.detik.com → detik.com
        found = aliases.get(_fold(".".join(parts[i:])))
        if found:
            return found
    if _ADDRESS.match(name):  # its site is the outlet, not the whole URL (one outlet per site)
        return key
    found = _first_labels().get(_fold(name))  # "Detik" → detik.com's "detikcom"
    bare = _trailing_words().sub("", name)  # "Antara News Agency" → "Antara"
    if not found and bare and bare != name:
        found = aliases.get(_fold(bare)) or _first_labels().get(_fold(bare))
    return found or name or None


def site_outlet(name: str | None, url: str | None) -> str | None:
    """The outlet of a page or record that names itself `name` (og:site_name, a record's outlet field) at
    `url`: `name`'s canonical spelling (`canonical_outlet`), except for a sub-brand of the outlet whose
    domain `url` is on ("detikfinance" at finance.detik.com, "BBC Sport" at bbc.com): a name outlets.toml
    does not list, holding the domain's first label or one of the host's own labels ("detik", "finance"),
    takes the domain's outlet ('detikcom'), so one outlet is not counted under two names. A name
    outlets.toml lists stands (one group's site may carry another of its outlets), and so does a name
    unrelated to the address; without a name, the address's outlet."""
    named = canonical_outlet(name)
    host = re.sub(r"^(?:https?://)?", "", url.strip().lower()).split("/")[0].split(":")[0] if url else ""
    site = canonical_outlet(host) if host else None
    if named is None:
        return site
    listed = _listed()
    if site in listed and named not in listed:
        labels = [label for label in host.split(".") if len(label) >= 3 and label not in ("www", "com", "net", "org")]
        folded = _fold(named)
        if any(_fold(label) in folded for label in labels):
            return site
    return named


@cache
def _listed() -> frozenset[str]:
    """The canonical names outlets.toml gives."""
    return frozenset(_outlets().get("aliases", {}).values())


@cache
def _hosts() -> frozenset[str]:
    """Folded domains of the sites that carry others' posts and media (`[hosts]` of outlets.toml)."""
    return frozenset(_fold(domain) for domain in _outlets().get("hosts", {}).get("domains", []))


def _host(name: str) -> bool:
    """Whether `name` is a site carrying others' posts ("Instagram.com", "m.youtube.com"): a photo's credit
    or an embed names it, never the page's outlet."""
    parts = re.sub(r"^(?:www\d?\.|m\.)", "", name.lower()).split(".")
    return any(_fold(".".join(parts[i:])) in _hosts() for i in range(max(1, len(parts) - 1)))


def _outlet(lines: list[str]) -> str | None:
    """The outlet a site's dateline opening a line names ("JAKARTA, KOMPAS.com - …"), else the site's copyright
    notice near the end, else a wire's or network's dateline in brackets ("TRIPOLI, Libya (CNN) -- …") when
    outlets.toml lists the name ("Joko Widodo (Jokowi) - …" names none): a site carrying a wire's story is its
    outlet (its clutter is the site's), a text naming no site is the wire's."""
    for line in lines:
        match = _DATELINE.match(line)
        if match and not _host(match.group("outlet")):
            return canonical_outlet(match.group("outlet"))
    for line in reversed(lines):
        match = _COPYRIGHT.search(line) if len(line) < 120 else None  # a long line is no copyright notice
        if match and not _host(match.group("outlet")):
            return canonical_outlet(match.group("outlet"))
    for line in lines:
        match = _WIRE_DATELINE.match(line) if line.find("(", 0, WIRE_OPENING) >= 0 else None
        if match and _fold(match.group("outlet")) in _outlet_names():
            return canonical_outlet(match.group("outlet"))
    return None
