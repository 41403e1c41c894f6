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
from datetime import date, datetime, timezone

from .. import dates, languages
from ..decode import DecodeError, decode, decode_bytes, normalise
from ..errors import NotAnArticle
from ..record import SourceDocument
from .text import canonical_outlet, extract_text_metadata

# Field names scrapers use, in order of preference.
RECORD_FIELDS = {
    "text": ("text", "content", "body", "isi_berita"),
    "html": ("html", "raw_html"),
    "published": ("published", "date", "time", "published_at", "tanggal"),
    "url": ("url", "source_url", "link", "tautan"),
    "title": ("title", "judul"),
    "outlet": ("outlet", "source", "site"),
    "id": ("id",),
    "author": ("author", "penulis"),
}


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str | None = None
    published: str | None = None
    published_from: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    external_id: str | None = None


def extract(doc: SourceDocument, lang_hint: str | None = None, today: date | None = None) -> Extracted:
    """Dispatch on the document kind; raises DecodeError or NotAnArticle with a reason.

    `lang_hint` (default: the language files' `default`) is the language its header is read in."""
    lang_hint = lang_hint or languages.default()
    if doc.kind == "text":
        return _from_text(decode(doc.payload), lang_hint, today)
    if doc.kind == "html":
        return _from_html(decode_bytes(doc.payload)[0], None)  # markup keeps its own spacing
    return _from_record(doc.payload, lang_hint, today)


def _from_text(text: str, lang: str, today: date | None, with_date: bool = True) -> Extracted:
    meta = extract_text_metadata(text, lang, today, with_date=with_date)
    return Extracted(text=text, title=meta.title, published=meta.published, published_from=meta.published_from,
                     author=meta.author, outlet=meta.outlet)


def _from_html(html: str, url: str | None) -> Extracted:
    from .html import extract_html  # trafilatura is heavy: import only when a page comes
    page = extract_html(html, url)
    if not page.is_article:
        raise NotAnArticle(page.reason or "not an article")
    text = normalise(page.text)
    if not text.strip():
        raise NotAnArticle("no main text found in the page")
    return Extracted(text=text, title=page.title, published=page.published,
                     published_from="html" if page.published else None, author=page.author,
                     outlet=canonical_outlet(page.outlet), url=page.url or url)


def _field(record: dict, name: str) -> str | None:
    for key in RECORD_FIELDS[name]:
        value = record.get(key)
        if value not in (None, ""):
            return value if isinstance(value, str) else str(value) if not isinstance(value, (dict, list)) else None
    return None


def _from_record(payload: bytes, lang: str, today: date | None) -> Extracted:
    record = json.loads(payload)
    url = _field(record, "url")
    raw_html = _field(record, "html")
    raw_text = _field(record, "text")
    published = parse_published(_field(record, "published"), lang)
    if raw_text:
        base = _from_text(normalise(raw_text), lang, today, with_date=published is None)
    elif raw_html:
        base = _from_html(raw_html, url)
    else:
        raise NotAnArticle("record has no text (" + "|".join(RECORD_FIELDS["text"] + RECORD_FIELDS["html"]) + ")")
    outlet = canonical_outlet(_field(record, "outlet")) or base.outlet or canonical_outlet(url)
    return Extracted(
        text=base.text,
        title=normalise(_field(record, "title") or "") or base.title,
        published=published or base.published,
        published_from="record" if published else base.published_from,
        author=_field(record, "author") or base.author,
        outlet=outlet,
        url=url or base.url,
        external_id=_field(record, "id"),
    )


_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def parse_published(value: str | None, lang: str) -> str | None:
    """A record's date field: ISO 8601, epoch seconds or milliseconds, or a written date."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d{9,13}(?:\.\d+)?", value):
        seconds = float(value) / (1000 if float(value) > 1e11 else 1)
        return datetime.fromtimestamp(seconds, tz=timezone.utc).date().isoformat()
    match = _ISO.match(value)
    if match:
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    found = dates.guess_dct(value, lang)
    return found.isoformat() if found else None


__all__ = ["Extracted", "NotAnArticle", "DecodeError", "extract", "parse_published", "RECORD_FIELDS"]
