"""trafilatura's author search (`trafilatura.metadata.extract_author`), its XPath searches done in one walk.

trafilatura looks for a page's author in a copy of its tree, pruned of comments, sidebars, dates and
figures (`AUTHOR_DISCARD_XPATHS`), with three XPath searches in turn (`AUTHOR_XPATHS`), each over every
element of the page, and takes the first element whose text has the right length. libxml2 evaluates each
search's attribute tests element by element, which made the author search a tenth of an HTML ingest's
CPU (issue 13), more than any stage of ours after extraction; the same tests in one walk of the tree in
Python cost a fraction of it.

`extract_author` is trafilatura's function with the searches replaced by `_matching` (the pruning by
trafilatura's own `delete_element`, in the same order; the candidates' text by its own `extract_metainfo`
and `normalize_authors`), so it finds what trafilatura finds: the same elements, in document order, on the
same pruned copy. Its tests are transcribed from trafilatura's XPath expressions (`TRANSCRIBED`); the
`re:test` patterns are taken from them as they are, and the attribute tests follow XPath's (`@class='x'`
is false when there is no class, `contains(@itemprop, 'author')` reads a missing attribute as ''). When
trafilatura's expressions are not those (another version), `usable()` is False and trafilatura's own
function runs.
"""

from __future__ import annotations

import re
from copy import deepcopy

from lxml import etree
from trafilatura import metadata as trafilatura_metadata, xpaths as trafilatura_xpaths
from trafilatura.htmlprocessing import delete_element

# trafilatura's expressions, white space runs as one space: `AUTHOR_XPATHS`, then `AUTHOR_DISCARD_XPATHS`
TRANSCRIBED = (
    "//*[self::a or self::address or self::div or self::link or self::p or self::span or self::strong][ "
    "@rel='author' or @id='author' or @class='author' or @itemprop='author name' or rel='me' or "
    "@data-testid='AuthorCard' or @data-testid='AuthorURL' or re:test(@class, 'author-?name|AuthorName|authorName')]"
    "|//author",
    "//*[self::a or self::div or self::h3 or self::h4 or self::p or self::span][ @class='byline' or "
    "@class='username' or @class='byl' or @class='BBL' or contains(@itemprop, 'author') or "
    "re:test(@id, 'author|zuozhe|bianji|xiaobian') or re:test(@class, "
    "'author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name')]",
    "//*[ contains(@data-component, 'Byline') or contains(@itemprop, 'author') or re:test(@id, '[Aa]uthor') or "
    "re:test(@class, '[Aa]uthor|screenname|writer|[Bb]yline')]",
    ".//*[self::a or self::div or self::section or self::span][ @id='comments' or @class='comments' or "
    "@class='title' or @class='date' or re:test(@id, '^comments|comment-?list|ProductReviews') or "
    "re:test(@class, '^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
    "article-(?:share|support)|print|category|meta-date|meta-reviewer') or contains(@data-component, 'Figure')]",
    "//time|//figure",
)
_PATTERNS = [re.compile(p) for p in re.findall(r"re:test\(@[\w-]+, '([^']*)'\)", " ".join(TRANSCRIBED))]
_NAME_CLASS, _BYLINE_ID, _BYLINE_CLASS, _ANY_ID, _ANY_CLASS, _DISCARD_ID, _DISCARD_CLASS = (
    p.search for p in _PATTERNS)
_NAME_TAGS = frozenset(("a", "address", "div", "link", "p", "span", "strong"))
_BYLINE_TAGS = frozenset(("a", "div", "h3", "h4", "p", "span"))
_DISCARD_TAGS = frozenset(("a", "div", "section", "span"))
_REL_IS_ME = etree.XPath("string() = 'me'")


def usable() -> bool:
    """trafilatura's author and discard expressions are the ones transcribed here."""
    paths = [" ".join(x.path.split()) for x in (*trafilatura_xpaths.AUTHOR_XPATHS,
                                                *trafilatura_xpaths.AUTHOR_DISCARD_XPATHS)]
    return tuple(paths) == TRANSCRIBED and len(_PATTERNS) == 7


def extract_author(tree) -> str | None:
    """`trafilatura.metadata.extract_author`, with `_discarded` and `_matching` for its XPath searches.

    Read on the page's own tree when the pruning cannot change what it finds (`_unpruned`); else, as
    trafilatura does, on a pruned copy."""
    found = _unpruned(tree)
    if found is not None:
        return _author_of(found)
    subtree = deepcopy(tree)
    for element in _discarded(subtree):  # prune_unwanted_nodes: each expression's matches, then deleted
        delete_element(element)
    for element in trafilatura_xpaths.AUTHOR_DISCARD_XPATHS[1](subtree):  # //time|//figure (cheap)
        delete_element(element)
    return _author_of(_matching(subtree))


def _author_of(found) -> str | None:
    """The author trafilatura reads from each expression's matches (`found`), in turn."""
    author = trafilatura_metadata.extract_metainfo(None, [lambda _, m=m: m for m in found], len_limit=120)
    return trafilatura_metadata.normalize_authors(None, author) if author else author


def _unpruned(root) -> tuple[list, list, list] | None:
    """`_matching` of the pruned copy, found on the page's tree itself in one walk, without the copy: the
    matches not under (nor themselves) an element the pruning deletes. None when the pruning could change
    a match's text (it deletes an element inside one: its text goes, its tail joins its neighbour's) or
    which elements match (a `<rel>` element, whose text the first expression reads), and the copy is
    needed. (The pruning deletes the first discard expression's matches, then every `<time>` and `<figure>`
    left; one under a deleted element went with it, which this reading needs not tell apart.) The tests
    are `_discarded`'s and `_matching`'s, each attribute read once."""
    deleted, names, bylines, anything = [], [], [], []
    for element in root.iter(etree.Element):
        get, tag = element.get, element.tag
        ident, cls, itemprop = get("id"), get("class"), get("itemprop")
        if tag == "rel":
            return None
        if tag == "time" or tag == "figure":
            deleted.append(element)
        elif tag in _DISCARD_TAGS and element is not root and (
                ident == "comments" or cls in ("comments", "title", "date")
                or (ident is not None and _DISCARD_ID(ident)) or (cls is not None and _DISCARD_CLASS(cls))
                or "Figure" in (get("data-component") or "")):
            deleted.append(element)
        if ident is None and cls is None and itemprop is None and tag != "author":
            if not (tag in _NAME_TAGS and (get("rel") == "author" or get("data-testid") in ("AuthorCard", "AuthorURL"))
                    or "Byline" in (get("data-component") or "")):
                continue
        _sort_match(element, tag, ident, cls, itemprop, (), names, bylines, anything)
    found = (names, bylines, anything)
    if not deleted or not (names or bylines or anything):
        return found
    deleted_set = set(deleted)
    kept = tuple([element for element in matches
                  if element not in deleted_set and not any(a in deleted_set for a in element.iterancestors())]
                 for matches in found)
    for matches in kept:
        for element in matches:
            if any(inner in deleted_set for inner in element.iterdescendants()):
                return None
    return kept


def _discarded(root) -> list:
    """The first discard expression's matches (`.//*`: below `root`), in document order."""
    found = []
    for element in root.iterdescendants(etree.Element):
        if element.tag not in _DISCARD_TAGS:
            continue
        get = element.get
        ident, cls = get("id"), get("class")
        if (ident == "comments" or cls in ("comments", "title", "date")
                or (ident is not None and _DISCARD_ID(ident)) or (cls is not None and _DISCARD_CLASS(cls))
                or "Figure" in (get("data-component") or "")):
            found.append(element)
    return found


def _matching(root) -> tuple[list, list, list]:
    """Each author expression's matches (`//*`: `root` and below), in document order."""
    rel_me = {rel.getparent() for rel in root.iter("rel") if _REL_IS_ME(rel)}
    names, bylines, anything = [], [], []
    for element in root.iter(etree.Element):
        get, tag = element.get, element.tag
        _sort_match(element, tag, get("id"), get("class"), get("itemprop"), rel_me, names, bylines, anything)
    return names, bylines, anything


def _sort_match(element, tag, ident, cls, itemprop, rel_me, names: list, bylines: list, anything: list) -> None:
    """Add `element` to the matches of each author expression it meets (names, bylines, anything); `rel_me`:
    the parents of the page's `<rel>` elements that say "me" (none where the walk reads the page itself)."""
    get = element.get
    if tag == "author" or (tag in _NAME_TAGS and (
            get("rel") == "author" or ident == "author" or cls == "author" or itemprop == "author name"
            or element in rel_me or get("data-testid") in ("AuthorCard", "AuthorURL")
            or (cls is not None and _NAME_CLASS(cls)))):
        names.append(element)
    said = itemprop is not None and "author" in itemprop
    if tag in _BYLINE_TAGS and (cls in ("byline", "username", "byl", "BBL") or said
                                or (ident is not None and _BYLINE_ID(ident))
                                or (cls is not None and _BYLINE_CLASS(cls))):
        bylines.append(element)
    if ("Byline" in (get("data-component") or "") or said or (ident is not None and _ANY_ID(ident))
            or (cls is not None and _ANY_CLASS(cls))):
        anything.append(element)
