"""Stage 3, extract: from a decoded document to text plus metadata.

- text dumps: the text as is, metadata by the conventions in `text.py`;
- HTML pages: trafilatura's main text and metadata (`html.py`); a home or list
  page is refused as "not an article";
- JSON records: the fields newsroom scrapers use (`RECORD_FIELDS`), falling
  back to the text-dump conventions for what the record lacks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from .. import languages
from ..decode import DecodeError, decode_bytes, decode_html, normalise, repair_mojibake, table_rows
from ..errors import NotAnArticle
from ..fields import FIELDS, DateOrder, iso_date, lower_keys, own_export
from ..record import SourceDocument
from .text import (canonical_outlet, credit_row_author, extract_text_metadata, publisher_like, site_outlet, title_from_url,
                   without_author_cue, without_date_tail)

# Field names scrapers use, in order of preference (shared with CSV input).
RECORD_FIELDS = FIELDS


@dataclass(frozen=True)
class Extracted:
    """Stage extract's output for one document: its text (a page's main text, a record's text field,
    or a whole dump), and the metadata found beside it; where the publication date came from is
    `published_from` (a field, the URL, the page's markup, the text)."""

    text: str
    title: str | None = None
    published: str | None = None
    published_from: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    external_id: str | None = None
    # the main text an HTML extractor located with the page's markup, not a whole page's text:
    # the cleaner does not search it again for where the story is (see clean_text)
    located: bool = False
    # numbers of the text's lines whose cells were separated by tabs (a table's rows, as a browser's
    # innerText writes them), which normalising folded to spaces: for the cleaner
    table_rows: frozenset[int] = frozenset()
    language: str | None = None  # the language a record names (a code with a language file), else None
    repaired: bool = False  # its text or title was UTF-8 read as cp1252 or Latin-1, read back (`repair_mojibake`)
    # the title is a record's title field or an HTML page's own, not one read from a text's lines or a URL's
    # slug: a headline the cleaner finds above the story of a whole-page dump does not replace it
    title_given: bool = False


def extract(doc: SourceDocument, lang_hint: str | None = None, today: date | None = None, *,
            all_pages: bool = False, window_end: date | None = None) -> Extracted:
    """Dispatch on the document kind; raises DecodeError or NotAnArticle with a reason.

    `all_pages`: keep an HTML page with a main text even when the article check refuses it.
    `window_end`: the latest possible publication date, which a weekday without a year is
    read against (default: the file's modification time, else `today`); see `reference_date`.
    `lang_hint` (default: the language files' `default`) is the language its header is read in.
    """
    lang_hint = lang_hint or languages.default()
    today = reference_date(doc, today, window_end)
    if doc.kind == "text":
        raw, repaired = repair_mojibake(decode_bytes(doc.payload)[0])
        return _from_text(normalise(raw), lang_hint, today, rows=table_rows(raw), repaired=repaired)
    if doc.kind == "html":
        return _from_html(decode_html(doc.payload)[0], None, all_pages, today)  # markup keeps its own spacing
    return _from_record(doc.payload, lang_hint, today, all_pages)


def _from_text(text: str, lang: str, today: date | None, with_date: bool = True,
               rows: frozenset[int] = frozenset(), repaired: bool = False) -> Extracted:
    meta = extract_text_metadata(text, lang, today, with_date=with_date)
    return Extracted(text=text, title=meta.title, published=meta.published, published_from=meta.published_from,
                     author=meta.author, outlet=meta.outlet, table_rows=rows, repaired=repaired)


def reference_date(doc: SourceDocument, today: date | None = None, window_end: date | None = None) -> date:
    """The date a document's dates are read against: `window_end` if given, else the file's
    modification time (a scrape is saved soon after publication), else `today`."""
    if window_end is not None:
        return window_end
    if doc.mtime:
        return datetime.fromtimestamp(doc.mtime, tz=timezone.utc).date()
    return today or date.today()


def _from_html(html: str, url: str | None, all_pages: bool = False, reference: date | None = None) -> Extracted:
    from .html import extract_html  # trafilatura is heavy: import only when a page comes
    page = extract_html(html, url, check=not all_pages)
    if not page.is_article:
        raise NotAnArticle(page.reason or "not an article")
    text, repaired = repair_mojibake(page.text)
    text = normalise(text)
    title, title_repaired = repair_mojibake(page.title) if page.title else (None, False)
    if not text.strip():
        raise NotAnArticle("no main text found in the page")
    published, provenance = (page.published, "html") if page.published else (url_date(page.url or url, reference),
                                                                              "url")
    author = without_date_tail(without_author_cue(page.author))
    if not author or publisher_like(author, page.outlet, page.url or url):
        author = credit_row_author(text) or author  # "| Penulis | : Nabilla Tashandra |" over "Kompas Cyber Media"
    return Extracted(text=text, title=title, title_given=bool(title), published=published,
                     published_from=provenance if published else None, author=author,
                     outlet=canonical_outlet(page.outlet), url=page.url or url, located=page.located,
                     repaired=repaired or title_repaired)


# /2017/07/29/ · 2017-07-29 · /20170729… and 14-digit timestamps (20161112230644), not inside a longer number
_URL_DATE = re.compile(r"(?<![\d])((?:19|20)\d\d)(?:/([01]?\d)/([0-3]?\d)(?=/|$|[-_.])|-([01]\d)-([0-3]\d)(?!\d)"
                       r"|([01]\d)([0-3]\d)(?:\d{6})?(?!\d))")


# a URL's date may be a day after the reference: a story of 00:30 local time saved at once has a UTC file date
URL_ZONE_DAYS = 1


def url_date(url: str | None, reference: date | None = None) -> str | None:
    """The publication date a URL's path states, if any. With `reference` (the latest possible
    publication date), a number that reads as a later date is an id, not a date ("/20301122")."""
    if not url:
        return None
    latest = reference + timedelta(days=URL_ZONE_DAYS) if reference else date.max
    path = re.sub(r"^[a-z]+://[^/]+", "", url.strip(), flags=re.I)
    for match in _URL_DATE.finditer(path):
        year, *parts = match.groups()
        month, day = next((parts[i], parts[i + 1]) for i in (0, 2, 4) if parts[i])
        try:
            stated = date(int(year), int(month), int(day))
        except ValueError:
            continue
        if stated <= latest:
            return stated.isoformat()
    return None


def _field(record: dict, name: str) -> str | None:
    for key in RECORD_FIELDS[name]:
        value = record.get(key)
        if value not in (None, ""):
            return value if isinstance(value, str) else str(value) if not isinstance(value, (dict, list)) else None
    return None


def _not_text(record: dict, name: str) -> str | None:
    """"'text' is a number (123)" when the record's first non-empty field for `name` holds no string
    (a number, true/false, a list, an object), else None: `_field` would read 123 as the text "123"."""
    for key in RECORD_FIELDS[name]:
        value = record.get(key)
        if value in (None, ""):
            continue
        if isinstance(value, str):
            return None
        kind = ("true/false" if isinstance(value, bool) else "a number" if isinstance(value, (int, float))
                else "a list" if isinstance(value, list) else "an object")
        shown = json.dumps(value, ensure_ascii=False)
        return f"{key!r} is {kind} ({shown if len(shown) <= 40 else shown[:39] + '…'})"
    return None


def _inside_hint(record: dict, name: str) -> str:
    """For a field holding an object (WordPress's `"content": {"rendered": "<p>…"}`): how to read a string inside
    it (`--field text=content.rendered`, `fields.apply_mapping`); '' otherwise."""
    for key in RECORD_FIELDS[name]:
        value = record.get(key)
        if isinstance(value, dict):
            inner = next((k for k, v in value.items() if isinstance(v, str) and v.strip()), "NAME")
            return f" (read a string inside it with --field {name}={key}.{inner})"
        if value not in (None, ""):
            return ""
    return ""


def record_id(payload: bytes) -> str | None:
    """A record's own identifier as it is stored (`external_id`): its `id` field (`fields.toml`; a `--field id=…`
    mapping is applied as the record is read); None without one."""
    try:
        record = json.loads(payload)
    except (ValueError, RecursionError):
        return None
    return _field(lower_keys(record), "id") if isinstance(record, dict) else None


def _from_record(payload: bytes, lang: str, today: date | None, all_pages: bool = False) -> Extracted:
    record = own_export(lower_keys(json.loads(payload)))
    url = _field(record, "url")
    raw_html = _field(record, "html")
    raw_text = _field(record, "text")
    if raw_text is not None and not raw_text.strip():  # white space only: as empty as ""
        raw_text = None
    for name, raw in (("text", raw_text), ("html", raw_html)):
        not_text = _not_text(record, name)
        if not_text and (name == "html" or not isinstance(raw_html, str) or _not_text(record, "html")):
            raise NotAnArticle(f"record's {name} field {not_text}: expected a string{_inside_hint(record, name)}")
    published = parse_published(_field(record, "published"), lang, today)
    provenance = "record" if published else None
    if raw_text:
        if not published and url_date(url, today):
            published, provenance = url_date(url, today), "url"
        raw_text, repaired = repair_mojibake(raw_text)
        base = _from_text(normalise(raw_text), lang, today, with_date=published is None, rows=table_rows(raw_text),
                          repaired=repaired)
    elif raw_html:
        base = _from_html(raw_html, url, all_pages, today)
    else:
        empty = next((key for name in ("text", "html") for key in RECORD_FIELDS[name] if key in record), None)
        if empty is not None:  # the field is there: --field would not help, the scraper got no text
            raise NotAnArticle(f"record's text field {empty!r} is empty")
        raise NotAnArticle("record has no text field (" + ", ".join(RECORD_FIELDS["text"][:4] + RECORD_FIELDS["html"][:1])
                           + ", … or a mapped field)")
    outlet = site_outlet(_field(record, "outlet"), url) or base.outlet or canonical_outlet(url)
    title, title_repaired = repair_mojibake(_field(record, "title") or "")
    title = normalise(title)
    return Extracted(
        text=base.text,
        title=title or base.title or title_from_url(url),
        title_given=bool(title) or base.title_given,
        published=published or base.published,
        published_from=provenance or base.published_from,
        author=_field(record, "author") or base.author,
        outlet=outlet,
        url=url or base.url,
        external_id=_field(record, "id"),
        located=base.located,
        table_rows=base.table_rows,
        language=languages.named(_field(record, "language") or ""),
        repaired=base.repaired or title_repaired,
    )


_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def parse_published(value: str | None, lang: str, reference: date | None = None) -> str | None:
    """A record's date field: ISO 8601, epoch seconds or milliseconds, or a written date; a weekday
    without a year ("Senin, 30 Oktober") is read in the window ending at `reference` (the document's
    reference date, see `reference_date`; default today), as in a text. A date more than FUTURE_DAYS
    after `reference` is no publication date ("9999-12-31" is a common way of writing none): None, and
    the text decides."""
    found = _parse_published(value, lang, reference)
    if found and not EARLIEST_PUBLICATION.isoformat() <= found <= _latest_publication(reference):
        return None  # "0001-01-01" is another common way of writing none
    return found


FUTURE_DAYS = 366  # a record's date this far after today (or the reference) says it has none
EARLIEST_PUBLICATION, LATEST_PUBLICATION = date(1000, 1, 1), date(9000, 12, 31)  # bounds of any reference date


def _latest_publication(reference: date | None) -> str:
    try:
        return ((reference or date.today()) + timedelta(days=FUTURE_DAYS)).isoformat()
    except OverflowError:
        return date.max.isoformat()


def _parse_published(value: str | None, lang: str, reference: date | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d{9,13}(?:\.\d+)?", value):
        seconds = float(value) / (1000 if float(value) > 1e11 else 1)
        return datetime.fromtimestamp(seconds, tz=timezone.utc).date().isoformat()
    unambiguous = DateOrder()  # '10/21/2025 20:43' can only be month-first (a CSV column decides for all)
    unambiguous.add(value)
    if unambiguous.day_first or unambiguous.month_first:
        found = iso_date(value, unambiguous.order)
        return found if _ISO.match(found) else None
    match = _ISO.match(value)
    if match:
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    from .. import dates  # the date tagger is imported where used: an HTML page may never need it
    found = dates.guess_dct(value, lang, reference)
    return found.isoformat() if found else None


__all__ = ["EARLIEST_PUBLICATION", "LATEST_PUBLICATION", "Extracted", "NotAnArticle", "DecodeError", "extract", "parse_published", "reference_date", "url_date",
           "RECORD_FIELDS"]
