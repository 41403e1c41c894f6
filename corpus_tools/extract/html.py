"""HTML pages: main text and metadata through trafilatura, and "is this an article?".

trafilatura (with htmldate for the date) is what the field trusts for main-text
extraction; it is called once per page with precision-leaning settings, and
its text then goes through our clutter classifier like any text dump, because
Indonesian pages leak "Baca juga" lines through every HTML extractor.

trafilatura runs first with `favor_precision` (less clutter). On some layouts that pass
loses the story, or cuts inside it (a list, a sub-heading, a short paragraph between two
it keeps), so trafilatura's default settings read the page again when the precision pass
found little (under `LONG_TEXT_CHARS`), under a fifth of the text of the page's <p>
elements, or too little for the article check. The precision reading is then kept unless it
is under a fifth of the default's (`FALLBACK_SHARE`), with the lines the default reading has
between two of its lines (never above its first or below its last: what surrounds a story is
what the precision pass is for). When a paragraph, list item or heading lies between two blocks
the precision reading holds but is missing from it (not one inside an element trafilatura's tree
cleaning deletes in every reading, nor one in a box that holds nothing the precision pass kept,
nor one it gives differently: see `_cuts_inside`), the block comes back from the page's tree, in
its place (`_spliced`), with no second reading, unless the precision reading holds under half of
the page's <p> text (`SPLICE_SHARE`: what it left out may be the story, and the default reading
tells). About one page in seven needs both passes. The metadata (htmldate's date search is the
costly part: a third of a pass) does not depend on those settings: it is read in a pass of its own,
once, and only for a page that is kept (`_metadata`); the fields nothing here reads (hostname,
categories, tags, license) are not searched. The page is parsed once, with trafilatura's own parser settings
(comments dropped).

The article check refuses only what clearly is not an article: a home or
section page, i.e. many headline links and no body (no prose outside link
texts). og:type `website` or a short URL path alone are not reasons (many real
articles have both). Feeds are refused too. `check=False` keeps every page.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate
from typing import Iterator
from urllib.parse import urlparse

import trafilatura
from trafilatura import core as trafilatura_core, metadata as trafilatura_metadata, settings as trafilatura_settings
from trafilatura.settings import MANUALLY_CLEANED
from lxml import html as lxml_html

from . import author, discard
from .stand_ins import StandIns
from .text import site_outlet
from ..clean.span import size

# trafilatura's own parser settings (trafilatura.utils.HTML_PARSER): comments and processing
# instructions are dropped at parse time, as when trafilatura parses a page itself
_PARSER = lxml_html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                               remove_comments=True, remove_pis=True)
# … and its elements all `HtmlElement`s, found by lxml's own lookup: lxml.html's asks a Python method for
# the class of each element a walk of the tree meets (a <form>'s, an <input>'s, a <label>'s classes, whose
# form-filling methods nothing here nor in trafilatura and htmldate calls); a twentieth of an HTML
# page's CPU (issue 13)
_PARSER.set_element_class_lookup(lxml_html.etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment, pi=lxml_html.HtmlProcessingInstruction))
# control characters XML does not allow; a vertical tab or form feed (a page break in a <pre>
# document) becomes a line break, the others go
_NOT_IN_XML = [*range(0x09), 0x0b, 0x0c, *range(0x0e, 0x20)]
_CONTROLS_OUT = {c: ("\n" if c in (0x0b, 0x0c) else None) for c in _NOT_IN_XML}
# … as UTF-8 bytes: each is its own byte, which no other character's encoding holds; a byte search
# for each is several times cheaper than one regular expression over the page's text
_NOT_IN_XML_BYTES = [bytes([c]) for c in _NOT_IN_XML]
MIN_TEXT_CHARS = 40
FALLBACK_SHARE = 0.2  # the precision pass is kept when it finds at least this share of the default's text
SPLICE_SHARE = 0.5  # what it cuts inside the story is put back from the page when it holds this share of the <p> text
LONG_TEXT_CHARS = 1000  # … and the default is not read when the precision pass finds this much (and the share)
INNER_BLOCK_CHARS = 20  # a paragraph, list item or heading of this many letters and digits missing inside the story
MANY_HEADLINE_LINKS = 10  # a home or section page: at least this many links reading like headlines …
HEADLINE_WORDS = 4
MIN_BODY_WORDS = 80  # … and fewer words of prose than this outside link texts
BODY_LINE_WORDS = 25  # a line of prose, longer than a headline or a teaser


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
    located: bool = True  # the text is the story trafilatura found; False: a page's lines, the story among them


def extract_html(html: str, url: str | None = None, *, check: bool = True) -> HtmlPage:
    """Main text and metadata of a page; `is_article` False (with a reason) for home, index and feed pages.

    `check=False` keeps any page with a main text, whatever the article check says.
    """
    head = html.lstrip()[:400].lower()
    if "<rss" in head or "<feed" in head or (head.startswith("<?xml") and "<html" not in html[:2000].lower()):
        return _refused("not an article: an RSS/XML feed")
    # Text in, UTF-8 bytes with the encoding stated to the parser: lxml must not guess (it reads
    # undeclared bytes as Latin-1) nor obey a <meta charset> the decoder has already applied.
    data = html.encode("utf-8", "replace")
    if any(c in data for c in _NOT_IN_XML_BYTES):  # lxml keeps them, and trafilatura then gives up on the page
        data = html.translate(_CONTROLS_OUT).encode("utf-8", "replace")
    try:
        tree = lxml_html.fromstring(data, parser=_PARSER)
    except (ValueError, lxml_html.etree.ParserError) as exc:
        return _refused(f"unparseable HTML ({exc})")
    head = _head(tree)
    page_url = head.canonical or head.og_url or url
    signals = _signals(tree, page_url, head)
    # the text alone: the metadata is read once, below, and only for a page that is kept
    precise = _trafilatura(tree, page_url, favor_precision=True)  # bare_extraction works on a copy of the tree
    found = precise.get("text", "")
    # The precision pass loses more than clutter on some layouts: trafilatura's default settings
    # read the page again only when it found little, little of the page's paragraph text, or too
    # little for the article check. When it left out paragraphs, list items or headings inside the
    # story, they come back from the page's tree, unless it holds under half of the page's paragraph
    # text (then what it left out may be the story: the default reading tells).
    blocks = _story_blocks(tree) if len(found) >= LONG_TEXT_CHARS else []
    paragraphs = _Paragraphs(blocks)
    cuts: list[_Cut] = []
    if (len(found) < LONG_TEXT_CHARS or _little_of_paragraphs(paragraphs, len(found))
            or (check and _not_an_article(signals, found, page_url))
            or ((cuts := _cuts_inside(blocks, found)) and _little_of_paragraphs(paragraphs, len(found), SPLICE_SHARE))):
        default = _trafilatura(tree, page_url)
    elif cuts:
        precise = default = {**precise, "text": _spliced(found, cuts)}
        found = precise["text"]
    else:
        default = precise
    # when the precision pass finds less than a fifth of the default's text, the default is kept
    chosen = precise if len(found) >= FALLBACK_SHARE * len(default.get("text", "")) else default
    if chosen is precise and default is not precise:  # what the precision pass cut inside the story
        chosen = {**precise, "text": with_inner_lines(found, default.get("text", ""))}
    text = (chosen.get("text") or "").strip()
    located = True
    if len(text) > HUGE_LINE_CHARS and "\n" not in text:
        lines = _lines_by_markup(tree, text)  # a reading that ran blocks into one line: its lines by markup
        if lines:
            text, located = lines, False  # the cleaner finds the story among them, as in a page's dump
    if text:
        text = _with_lede(tree, text)
    if len(text) < (1 if not check else MIN_TEXT_CHARS):
        return _refused("not an article: no main text found")
    if check:
        # body is judged on the default reading: the precision pass may drop prose with the clutter
        reason = _not_an_article(signals, default.get("text") or text, page_url)
        if reason:
            return _refused(f"not an article: {reason}")
    meta = _metadata(tree, page_url)
    published = _iso_day(meta.get("date"))
    if published and published.endswith("-01-01") and not _stated_new_year(tree, page_url, published):
        published = None  # a bare year's 1 January ("©1998–2015"): no day the page states
    return HtmlPage(text=text, title=_strip_site(meta.get("title"), meta.get("sitename"), page_url),
                    published=published, author=meta.get("author") or None,
                    outlet=_outlet(meta, page_url), url=page_url, is_article=True, located=located)


class _Paragraphs:
    """The text of the page's <p> elements (of `blocks`), wherever they are: its raw length, and its
    length with white space runs counted as one space, measured once, when first asked."""

    def __init__(self, blocks: list[_Block]):
        self.texts = [block.text for block in blocks if block.tag == "p"]
        self.raw = sum(map(len, self.texts))

    @cached_property
    def spaced(self) -> int:
        return sum(len(" ".join(t.split())) for t in self.texts)


def _little_of_paragraphs(paragraphs: _Paragraphs, found: int, share: float = FALLBACK_SHARE) -> bool:
    """`found` characters are under `share` of the text of the page's <p> elements (white space runs
    counted as one space). Their raw length, an upper bound, settles most pages without normalising
    the spacing; a page asked twice (`FALLBACK_SHARE`, then `SPLICE_SHARE`) is measured once."""
    if found >= share * paragraphs.raw:
        return False
    return found < share * paragraphs.spaced


_STORY_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6")
_NOT_WORD = re.compile(r"[\W_]+")
# what trafilatura's tree cleaning deletes with its content whatever the settings (an <aside>, a
# <figure>, a <nav>, a <footer>, …); a form is kept when it wraps the page, a figure when it holds a table
_ALWAYS_CLEANED = tuple(tag for tag in MANUALLY_CLEANED if tag != "form")


@dataclass(frozen=True, slots=True)
class _Block:
    element: object  # the lxml element
    text: str

    @property
    def tag(self) -> str:
        return self.element.tag

    @property
    def cleaned(self) -> bool:
        """Inside an element trafilatura's tree cleaning deletes in every reading (asked only of the
        few blocks the cut check looks at twice)."""
        return any(element.tag in _ALWAYS_CLEANED_SET and (element.tag != "figure" or element.find(".//table") is None)
                   for element in self.element.iterancestors())


_ALWAYS_CLEANED_SET = frozenset(_ALWAYS_CLEANED)


MARKUP_GAP_CHARS = 3  # characters of the reading between two lines of the page that follow on in it
HUGE_LINE_CHARS = 2000  # a reading of one line this long ran a page's blocks together (a fallback's whole page)
_LINE_BREAKING = frozenset({"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
                            "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
                            "main", "nav", "ol", "p", "section", "table", "td", "th", "tr", "ul"})
_NOT_READ = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "iframe", "select"})
_SPACES = re.compile(r"\s+")


def _lines_by_markup(tree, line: str) -> str | None:
    """A reading of one `line` split as the page's markup splits it: a line for each block (a paragraph, a list
    item, a cell, a <div>, a <br>), from the page's line it opens with to the one it ends with (None when
    none matches: the line kept)."""
    from lxml import etree
    parts: list[str] = []
    skipping = 0
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _NOT_READ:
                skipping += 1
            elif not skipping:
                if tag in _LINE_BREAKING:
                    parts.append("\n")
                if element.text:
                    parts.append(element.text)
        else:
            if tag in _NOT_READ:
                skipping -= 1
            elif not skipping and tag in _LINE_BREAKING:
                parts.append("\n")
            if not skipping and element.tail:
                parts.append(element.tail)
    lines = [kept for kept in (_SPACES.sub(" ", each).strip() for each in "".join(parts).split("\n")) if kept]
    whole = _SPACES.sub(" ", line).strip()
    best: list[str] = []
    for first, opening in enumerate(lines):
        if not whole.startswith(opening):
            continue
        run, at = [opening], len(opening)
        for each in lines[first + 1:]:  # the page's lines that follow on in the reading, in order
            found = whole.find(each, at)
            if found < 0 or found - at > MARKUP_GAP_CHARS:
                if found < 0:
                    continue  # a line the reading left out (a menu, a script's text)
                break
            run.append(each)
            at = found + len(each)
        if sum(map(len, run)) > sum(map(len, best)):
            best = run
    return "\n".join(best) if len(best) > 1 and sum(map(len, best)) >= 0.8 * len(whole) - len(best) else None


def _story_blocks(tree) -> list[_Block]:
    """The page's paragraphs, list items and headings in document order, with their text."""
    return [_Block(element, element.text_content()) for element in tree.iter(*_STORY_BLOCKS)]


def _story_flow(blocks: list[_Block], kept: str) -> list[tuple[_Block, str, bool]]:
    """The paragraphs, list items and headings of the page (of `INNER_BLOCK_CHARS` letters and digits or
    more) from the first to the last that the precision reading holds (`kept`: its letters and digits,
    lower-cased; the reading's spacing is its own), each with its key and whether it is held, but only
    the missing blocks in the story's flow: its box (the element two levels up) holds a block the
    reading holds. A box holding none (a related-links list, a teaser box) was left out whole, as the
    default reading leaves it; a block inside an element trafilatura's tree cleaning deletes (an
    <aside>, a <figure>, a <nav>) is missing from every reading. Neither is a cut by the precision pass."""
    keyed = [(block, key) for block in blocks if len(block.text) >= INNER_BLOCK_CHARS  # (a key is no longer)
             and len(key := _NOT_WORD.sub("", block.text).lower()) >= INNER_BLOCK_CHARS]
    held = [key in kept for _, key in keyed]
    if True not in held:
        return []
    holders: set = set()  # every ancestor of a held block; a walk up stops where an earlier one went
    for (block, _), is_held in zip(keyed, held):
        if is_held:
            for ancestor in block.element.iterancestors():
                if ancestor in holders:
                    break
                holders.add(ancestor)
    inside = [(block, key, is_held) for (block, key), is_held in zip(keyed, held)
              if is_held or (_box(block.element) in holders and not block.cleaned)]
    flags = [is_held for _, _, is_held in inside]
    first, last = flags.index(True), len(flags) - flags[::-1].index(True)
    return inside[first:last]


def _cuts_inside(blocks: list[_Block], found: str) -> list[_Cut]:
    """The blocks of the story's flow (see `_story_flow`) that the precision reading `found` cut, each
    with the keys of the held blocks around it (where it goes back). A block holding another block is
    left to the blocks it holds; a block trafilatura reads differently (what it reads of it, without
    what its tree cleaning deletes, is held, or its start or its end: a formula, a quoted title the
    precision pass gives without its markup) was not cut."""
    kept = _NOT_WORD.sub("", found).lower()
    flow = _story_flow(blocks, kept)
    following, after = [], ""  # the key of the first held block after each block
    for _, key, is_held in reversed(flow):
        following.append(after)
        after = key if is_held else after
    cuts, anchor = [], ""
    for (block, key, is_held), then in zip(flow, reversed(following)):
        if is_held:
            anchor = key
        elif next(block.element.iterdescendants(*_STORY_BLOCKS), None) is None:
            text = " ".join(_read_text(block.element).split())
            seen = _NOT_WORD.sub("", text).lower()
            if len(seen) >= INNER_BLOCK_CHARS and not any(part in kept for part in (
                    seen, seen[:INNER_BLOCK_CHARS], seen[-INNER_BLOCK_CHARS:])):
                cuts.append(_Cut(_Block(block.element, text), anchor, then))
    return cuts


@dataclass(frozen=True, slots=True)
class _Cut:
    block: _Block  # its text as trafilatura reads it, spacing normalised
    before: str  # the key of the last block before it that the precision reading holds
    after: str  # … and of the first after it


_UNREAD_TAGS = frozenset(MANUALLY_CLEANED)


def _read_text(element) -> str:
    """The text of `element` without what trafilatura's tree cleaning deletes inside it (a <style>,
    a <math>, a <script>, …)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in _UNREAD_TAGS:
            parts.append(_read_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _spliced(found: str, cuts: list[_Cut]) -> str:
    """The precision reading with the blocks it cut inside the story put back, each on a line of
    its own after the line where the held block before it ends, when the held block after it comes
    later in the reading (a block lies between two of its lines in the reading's order too, not only
    in the page's); a list item as trafilatura writes one, "- " first."""
    lines = found.split("\n")
    keys = [_NOT_WORD.sub("", line).lower() for line in lines]
    kept = "".join(keys)
    ends = list(accumulate(map(len, keys)))  # where each line's letters and digits end in `kept`
    put: dict[int, list[str]] = {}
    start = 0
    for cut in cuts:
        at = kept.find(cut.before, start)
        if at < 0:
            at = kept.find(cut.before)
        end = at + len(cut.before)
        if kept.find(cut.after, end) < 0:
            continue
        start = end
        text = cut.block.text
        put.setdefault(bisect_right(ends, end - 1), []).append(f"- {text}" if cut.block.tag == "li" else text)
    out: list[str] = []
    for index, line in enumerate(lines):
        out.append(line)
        out += put.get(index, [])
    return "\n".join(out)


# elements that flow inside a line of text; any other element holding text is a block of its own
_INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark",
                     "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var"})
LEDE_LINES = 5  # the lede goes above the first of the reading's first lines that is a <p> of the page
LEDE_WORDS = 8  # a line of the lede: at least this many words, ending with a sentence's stop
_BREAK = "\u2029"  # where the page breaks the lede's lines (a source line's end is a space)
_LEDE_END = re.compile(r"[.!?][\"”’')\]]*$")


def _with_lede(tree, text: str) -> str:
    """`text` with the lede put back: the paragraphs a page writes as text directly in the story's
    element, split by <br>, before its first <p> ("<div><b>Kapanlagi.com</b> - Pesona … <br><br>
    Menanggapi … <p>…"). trafilatura reads paragraphs, list items and headings, and drops that text
    in every setting (favor_recall reads it, with the page's header and captions around it). The
    element is the parent of the first <p> that one of `text`'s first `LEDE_LINES` lines comes from
    (its first `INNER_BLOCK_CHARS` letters and digits open the paragraph's); its text and inline
    elements right before that <p> are read (a block with text between, a caption or a box, starts
    the run again; a <script> or a <style> is not read), and each line of them of `LEDE_WORDS` words
    or more that ends a sentence and is not in `text` already goes in above that line, in the page's
    order. Nothing else is taken: a line of the page's furniture (a date, a share bar,
    "Advertisement") is short or no sentence; nothing comes back from <body> itself."""
    lines = text.split("\n")
    paragraphs = _Keyed(tree.iter("p"))
    for index, line in enumerate(lines[:LEDE_LINES]):
        key = _NOT_WORD.sub("", line).lower()[:INNER_BLOCK_CHARS]
        if len(key) < INNER_BLOCK_CHARS:
            continue
        start = paragraphs.first_opening(key)
        if start is not None:
            break
    else:
        return text
    container = start.getparent()
    if container is None or container.tag in ("body", "html"):
        return text
    parts = [container.text or ""]
    for child in container:
        if child is start:
            break
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _INLINE:
            parts.append(_read_text(child))
        elif tag == "br" or not tag or tag in _UNREAD_TAGS or not child.text_content().strip():
            parts.append(_BREAK)  # a line break, a script, an empty paragraph
        else:
            parts = [_BREAK]  # a block with text of its own: the run before the story starts after it
        parts.append(child.tail or "")
    kept = _NOT_WORD.sub("", text).lower()
    lede = [line for line in (" ".join(raw.split()) for raw in "".join(parts).split(_BREAK))
            if len(line.split()) >= LEDE_WORDS and _LEDE_END.search(line)
            and _NOT_WORD.sub("", line).lower() not in kept]
    if not lede:
        return text
    # a line of the reading above is a piece of the lede (trafilatura keeps the last source line of such
    # text on some pages): the whole lede stands for it
    whole = "\n".join(_NOT_WORD.sub("", line).lower() for line in lede)
    above = [line for line in lines[:index] if not (key := _NOT_WORD.sub("", line).lower()) or key not in whole]
    return "\n".join([*above, *lede, *lines[index:]])


class _Keyed:
    """Elements with their letters and digits lower-cased (their key), keyed as far as a search needs:
    the page's <p> elements after the one the lede search finds are not read (speed only)."""

    def __init__(self, elements: Iterator):
        self.elements = elements
        self.keyed: list[tuple[object, str]] = []

    def first_opening(self, key: str):
        """The first element whose key opens with `key`, in the elements' order; None when none does."""
        for element, held in self.keyed:
            if held.startswith(key):
                return element
        for element in self.elements:
            held = _NOT_WORD.sub("", element.text_content()).lower()
            self.keyed.append((element, held))
            if held.startswith(key):
                return element
        return None


def _box(element):
    parent = element.getparent()
    return parent.getparent() if parent is not None else None


def with_inner_lines(precise: str, default: str) -> str:
    """The precision reading with the lines the default reading has between two of its lines:
    what the precision pass cut inside the story. Lines the default reading has above the
    first or below the last line of the precision reading (what surrounds the story) stay out.
    Where the two readings give a passage inside the story differently, the precision reading's
    stands unless the default's holds all its words and more (the precision pass cut words out
    of a line: a quoted title in a reference, a table cell)."""
    ours, theirs = precise.split("\n"), default.split("\n")
    if not default or ours == theirs:
        return precise
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, ours, theirs)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        inside = 0 < i1 and i2 < len(ours)  # between two lines of the precision reading
        if inside and (tag == "insert" or (tag == "replace" and _NOT_WORD.sub("", " ".join(ours[i1:i2])).lower()
                                           in _NOT_WORD.sub("", " ".join(theirs[j1:j2])).lower())):
            out += theirs[j1:j2]
        else:
            out += ours[i1:i2]
    return "\n".join(out)


def _trafilatura(tree, url: str | None, **settings) -> dict:
    """trafilatura's reading of the main text ("text", "raw_text"), without its metadata pass (`_metadata`)."""
    with discard.patched():  # its boilerplate discard searches in a walk of the tree: the same elements
        document = trafilatura.bare_extraction(tree, url=url, include_comments=False, include_tables=True,
                                               with_metadata=False, deduplicate=False, **settings)
    return _fields(document) if document is not None else {}


def _metadata(tree, url: str | None) -> dict:
    """trafilatura's metadata of the page, as `bare_extraction(with_metadata=True)` reads it (same call,
    same options; on the page's tree, which it only reads: htmldate and the author search copy what they
    prune). Its own pass, not the text readings': it does not depend on their settings, and a page the
    article check refuses needs none (a precision reading that found nothing made the default reading
    read the metadata a second time before: issue 13)."""
    options = trafilatura_settings.Extractor(url=url, with_metadata=True)
    with _without_unread_fields():
        document = trafilatura_core.extract_metadata(tree, options.url, options.date_params, options.fast,
                                                     options.author_blacklist)
    return _fields(document)


def _stated_new_year(tree, url: str | None, day: str) -> bool:
    """Whether the page states `day`, a 1 January, where htmldate looks before its extensive search (its date
    fields, its URL, its time elements): that search's last resort reads a bare year, a copyright's
    ("©1998–2015"), as the year's 1 January. Asked of such a date alone (speed only)."""
    import htmldate
    try:
        found = htmldate.find_date(tree, url=url, extensive_search=False, original_date=True)
    except Exception:  # noqa: BLE001 — htmldate on a malformed tree: the date is not confirmed
        return False
    return bool(found) and found[:10] == day


def _fields(document) -> dict:
    meta = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    return {k: v for k, v in meta.items() if isinstance(v, str) and v}


def _no_hostname(url: str, blacklist: set[str] | None = None, fast: bool = False) -> None:
    return None


def _no_categories(metatype: str, tree) -> list[str]:
    return []


def _no_license(tree) -> None:
    return None


# trafilatura's metadata helpers whose output fields nothing here reads, and what replaces them; and its
# author search, by the same search in one walk of the tree (`author.py`) when its expressions are the ones
# transcribed there
_STAND_INS = {"extract_domain": _no_hostname, "extract_catstags": _no_categories, "extract_license": _no_license,
           **({"extract_author": author.extract_author} if author.usable() else {})}
# trafilatura's metadata pass skips the fields nothing here reads: `hostname`, `categories`, `tags` and
# `license` (title, author, date, site name and URL are what is kept), and searches for the author in one
# walk of the tree (`author.extract_author`: the same elements, 2.6× less CPU). courlan fills `hostname`
# with the public suffix list (the tld package) whenever its regular expression misses, as it does for a
# short domain (bbc.com, cnn.com): loading that list was a sixth of `triage clean page.html`, once per
# process. The category, tag and license searches (XPath over the page's links) were an eighth of the
# metadata pass. trafilatura reads these fields nowhere else (they are output fields, like `sitename`,
# which stays), and its helpers only read the tree. Only during our own calls, `with
# _without_unread_fields(): …` (what was there is put back when the last of the calls running ends:
# `StandIns`); if trafilatura's module moves, nothing is replaced.
_without_unread_fields = StandIns(
    [(trafilatura_metadata, name, stand_in) for name, stand_in in _STAND_INS.items()]
    if all(getattr(trafilatura_metadata, name, None) is not None for name in _STAND_INS) else [])


@dataclass(frozen=True)
class _Signals:
    says_article: bool  # og:type article, JSON-LD *Article / *Posting, or an article-like URL
    headline_links: int  # links whose text reads like a headline
    link_texts: frozenset[str]


_ARTICLE_TYPE = re.compile(r"article|posting|report", re.I)
_LD_TYPE = re.compile(r'"@type"\s*:\s*\[?\s*"([^"]+)"')
# /2017/07/29/, /20161112…, a numeric id, or a slug of three words or more
_ARTICLE_PATH = re.compile(r"/(?:19|20)\d\d/[01]?\d/|(?:19|20)\d{6}|\d{5,}|[^/]*\w[-_.+]\w+[-_.+]\w+[-_.+]\w[^/]*")


@dataclass(frozen=True, slots=True)
class _Head:
    """What the page states about itself: the first non-blank value of `<link rel="canonical" href>`,
    of `<meta property="og:url" content>` and of `<meta property="og:type" content>` (stripped), and
    the text of its `<script type="application/ld+json">` elements, in document order."""
    canonical: str | None
    og_url: str | None
    og_type: str | None
    ld_json: list[str]


def _head(tree) -> _Head:
    """`_Head` of the page in one walk of its elements (one XPath search of the whole page per field
    read each field before: issue 13); wherever they are, as `//link`, `//meta` and `//script` find them."""
    canonical = og_url = og_type = None
    ld_json: list[str] = []
    for element in tree.getroottree().iter("link", "meta", "script"):
        tag = element.tag
        if tag == "meta":
            kind = element.get("property")
            if kind == "og:url":
                if og_url is None:
                    og_url = _stripped(element.get("content"))
            elif kind == "og:type":
                if og_type is None:
                    og_type = _stripped(element.get("content"))
        elif tag == "link":
            if canonical is None and element.get("rel") == "canonical":
                canonical = _stripped(element.get("href"))
        elif element.get("type") == "application/ld+json":
            ld_json += element.xpath("text()")
    return _Head(canonical, og_url, og_type, ld_json)


def _stripped(value: str | None) -> str | None:
    return (value.strip() or None) if value else None


def _signals(tree, url: str | None, head: _Head) -> _Signals:
    og_type = head.og_type or ""
    ld_types = [t for script in head.ld_json for t in _LD_TYPE.findall(script)]
    path = urlparse(url).path if url else ""
    says_article = bool(_ARTICLE_TYPE.search(og_type) or any(_ARTICLE_TYPE.search(t) for t in ld_types)
                        or (path and _ARTICLE_PATH.search(path)))
    texts = [" ".join(a.text_content().split()) for a in tree.iter("a")]
    # (a script written without spaces: a headline of 8 characters or more)
    headlines = [t for t in texts if len(t.split()) >= HEADLINE_WORDS or (len(t) >= 8 and not t.isascii()
                                                                           and " " not in t)]
    return _Signals(says_article, len(headlines), frozenset(texts))


def _words(line: str) -> int:
    """Words of a line; a script written without spaces counts one word per two characters
    (CJK characters two to a word wherever they are: a story in a layout table shares its
    line with padding spaces)."""
    spaced = size(line, len(line.split()))
    return max(spaced, len(line) // 2) if not line.isascii() and line.count(" ") * 10 < len(line) // 2 else spaced


def _not_an_article(signals: _Signals, text: str, url: str | None) -> str | None:
    """Clearly not an article: many headline links and no body (prose that is not link text).

    A page that says it is an article (og:type, JSON-LD, its URL) is refused only at the site's root.
    """
    if signals.headline_links < MANY_HEADLINE_LINKS:
        return None
    lines = [line.strip() for line in text.split("\n") if line.strip() not in signals.link_texts]
    body = sum(n for n in map(_words, lines) if n >= BODY_LINE_WORDS)
    if body >= MIN_BODY_WORDS:
        return None
    root = url is not None and urlparse(url).path.strip("/") in ("", "index.html", "index.php")
    if root:
        return f"{url} is a home page ({signals.headline_links} headline links, no body)"
    if not signals.says_article:
        return f"{signals.headline_links} headline links and no body (a home or section page)"
    return None


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


def _iso_day(value: str | None) -> str | None:
    return value[:10] if value and re.match(r"\d{4}-\d{2}-\d{2}", value) else None


def _outlet(meta: dict, url: str | None) -> str | None:
    """The page's outlet: its site name, a sub-brand's as its domain's outlet (`site_outlet`), else its host."""
    name = meta.get("sitename") or ""
    return site_outlet(name if not name.startswith("http") else None, url) or (urlparse(url).hostname if url else None)
