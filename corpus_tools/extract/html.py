"""HTML pages: main text and metadata through trafilatura, and "is this an article?".

trafilatura (with htmldate for the date) is what the field trusts for main-text
extraction; it is called once per page with precision-leaning settings, and
its text then goes through our clutter classifier like any text dump, because
Indonesian pages leak "Baca juga" lines through every HTML extractor.

Home pages, index pages and feeds are refused: scraper folders hold them next
to articles, and their headline lists would otherwise become "articles".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlparse

import trafilatura
from lxml import html as lxml_html

INDEX_PATH = re.compile(r"^/?(?:[a-z-]{1,20}/?)?$", re.I)  # "/", "/indeks", "/engine/"
MIN_TEXT_CHARS = 40


@dataclass(frozen=True)
class HtmlPage:
    text: str
    title: str | None
    published: str | None  # YYYY-MM-DD
    author: str | None
    outlet: str | None
    url: str | None
    is_article: bool
    reason: str | None = None


def extract_html(html: str, url: str | None = None) -> HtmlPage:
    """Main text and metadata of a page; `is_article` False (with a reason) for home, index and feed pages."""
    head = html.lstrip()[:400].lower()
    if "<rss" in head or "<feed" in head or (head.startswith("<?xml") and "<html" not in html[:2000].lower()):
        return _refused("not an article: an RSS/XML feed")
    try:
        tree = lxml_html.fromstring(html.encode("utf-8", "replace"))
    except (ValueError, lxml_html.etree.ParserError) as exc:
        return _refused(f"unparseable HTML ({exc})")
    page_url = _first(tree, '//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content') or url
    og_type = (_first(tree, '//meta[@property="og:type"]/@content') or "").lower()
    if og_type and og_type != "article":
        return _refused(f"not an article: og:type is {og_type!r}")
    if page_url and INDEX_PATH.match(urlparse(page_url).path or "/"):
        return _refused(f"not an article: {page_url} is a home or index page")
    document = trafilatura.bare_extraction(tree, url=page_url, favor_precision=True, include_comments=False,
                                           include_tables=False, with_metadata=True, deduplicate=False)
    if document is None:
        return _refused("not an article: no main text found")
    meta = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = (meta.get("text") or "").strip()
    if len(text) < MIN_TEXT_CHARS:
        return _refused("not an article: no main text found")
    return HtmlPage(text=text, title=_strip_site(meta.get("title"), meta.get("sitename"), page_url), published=_iso_day(meta.get("date")),
                    author=meta.get("author") or None, outlet=_outlet(meta, page_url), url=page_url,
                    is_article=True)


_SITE_SUFFIX = re.compile(r"\s+[-|–—:]\s+([^-|–—]{1,40})$")
_SITE_PREFIX = re.compile(r"^([\w.-]+\.(?:com|co\.id|id|net|org|tv))\s*:\s+", re.I)


def _strip_site(title: str | None, sitename: str | None, url: str | None) -> str | None:
    """"Samsul Arif Tak Beban Lawan Arema - Kompas.com" → the headline alone: a trailing or
    leading segment that names the site (a domain, the site name, or part of the host) goes."""
    if not title:
        return None
    host = (urlparse(url).hostname or "") if url else ""
    names = {n.lower() for n in (sitename or "", host) if n}
    suffix = _SITE_SUFFIX.search(title)
    if suffix:
        part = suffix.group(1).strip().lower()
        if len(part.split()) <= 3 and ("." in part or any(part in n or n in part for n in names)):
            title = title[:suffix.start()].rstrip()
    return _SITE_PREFIX.sub("", title).strip() or None


def _refused(reason: str) -> HtmlPage:
    return HtmlPage("", None, None, None, None, None, is_article=False, reason=reason)


def _first(tree, *xpaths: str) -> str | None:
    for xpath in xpaths:
        found = [v.strip() for v in tree.xpath(xpath) if isinstance(v, str) and v.strip()]
        if found:
            return found[0]
    return None


def _iso_day(value: str | None) -> str | None:
    return value[:10] if value and re.match(r"\d{4}-\d{2}-\d{2}", value) else None


def _outlet(meta: dict, url: str | None) -> str | None:
    name = meta.get("sitename") or ""
    if name and not name.startswith("http"):
        return name
    return urlparse(url).hostname if url else None
