"""trafilatura's boilerplate discard searches (`trafilatura.xpaths.OVERALL_DISCARD_XPATH`), done in a walk.

trafilatura deletes the elements its two discard expressions match (share bars, menus, cookie notices,
hidden elements, …) from the cleaned tree in every reading, and, in the precision reading, from the whole
page before it asks readability (`compare_extraction`): each expression over every element of the tree,
libxml2 calling back into Python for each `re:test` of an attribute. On the html pages of the speed
benchmark these searches were a tenth of an HTML ingest's CPU (issue 13), most of it the precision
reading's search of the whole page; the same tests in a walk of the tree in Python cost a fraction of it.

`boilerplate` and `hidden` are the two expressions' tests, transcribed from trafilatura's (`TRANSCRIBED`),
returning what they match: the elements below the one searched, in document order. The `re:test` patterns
are taken from the expressions as they are. The attribute tests follow XPath's: `re:test(@id, …)` reads a
missing attribute as '' (no pattern matches it: `usable`), `@id|@class` is the one of the two written first
on the element, `@class='x'` is false when there is no class. `patched` puts them in trafilatura's place
during a call; when trafilatura's expressions are not those (another version), nothing is replaced.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Iterator

from lxml import etree
from trafilatura import external as trafilatura_external, main_extractor as trafilatura_main, xpaths as trafilatura_xpaths

# trafilatura's expressions, white space runs as one space
TRANSCRIBED = (
    ".//*[self::div or self::item or self::list or self::p or self::section or self::span][ "
    "@data-lp-replacement-content or contains(translate(@role, 'N', 'n'), 'nav') or "
    "contains(@data-component, 'MostPopularStories') or re:test(@id|@class, 'cookie') or "
    "re:test(@id, '^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|author|"
    "^(?:jp-|dpsp-content)|bmdh|footer|Footer|share|Share|nav|Nav|menu|related|message-container|premium|^ad-') or "
    "re:test(@class, '^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|author|"
    "^(?:nav|post-nav|ZendeskForm)|subnav|avigation|navbar|navbox|menu|bar| ad |-ad-|(?:^| )ad-|dfp[Aa]d|outbrain|"
    "taboola|criteo|paid-?content|widget|footer|Footer|byline|Byline|share-|sociable|embedded|embed|tag-list|"
    "consent|modal-content|permission|elated|next-|-stories|most-popular|more-on|meta|rating|attachment|timestamp|"
    "user-info|user-profile|-icon|article-infos|message-container|slide|viewport|overlay|options|expand|obfuscated|"
    "blurred|mol-factbox|yin|zlylin|nfoline')]",
    ".//*[@class='comments-title' or starts-with(@id|@class, 'reply-') or re:test(@id|@style, 'hidden') or "
    "contains(@style, 'display:none') or contains(@style, 'display: none') or "
    "re:test(@id, 'reader-comments|akismet') or re:test(@class, '^hide-|comments-title|nocomments|-reply-|message|"
    "akismet|suggest-links|-hide-|hide-print| hidden| hide|noprint|notloaded') or @aria-hidden='true']",
)
_PATTERNS = [re.compile(p) for p in re.findall(r"re:test\(@[\w-]+(?:\|@[\w-]+)?, '([^']*)'\)", " ".join(TRANSCRIBED))]
_COOKIE, _ID, _CLASS, _HIDDEN, _HIDDEN_ID, _HIDDEN_CLASS = (p.search for p in _PATTERNS)
_BOX_TAGS = frozenset(("div", "item", "list", "p", "section", "span"))


def usable() -> bool:
    """trafilatura's discard expressions are the ones transcribed here (and no pattern matches '')."""
    paths = tuple(" ".join(x.path.split()) for x in trafilatura_xpaths.OVERALL_DISCARD_XPATH)
    return (paths == TRANSCRIBED and len(_PATTERNS) == 6 and not any(p.search("") for p in _PATTERNS)
            and trafilatura_external.OVERALL_DISCARD_XPATH is trafilatura_xpaths.OVERALL_DISCARD_XPATH
            and trafilatura_main.OVERALL_DISCARD_XPATH is trafilatura_xpaths.OVERALL_DISCARD_XPATH)


def _first(element, one: str, other: str, one_value: str | None, other_value: str | None) -> str:
    """XPath's string(@one|@other): the value of the one of the two attributes written first."""
    if one_value is None:
        return other_value or ""
    if other_value is None:
        return one_value
    keys = element.keys()
    return one_value if keys.index(one) < keys.index(other) else other_value


def boilerplate(tree) -> list:
    """The first expression's matches: boxes (div, item, list, p, section, span) named as a share bar, a
    menu, a sidebar, an ad, a cookie notice, …"""
    found = []
    for element in tree.iterdescendants(etree.Element):
        if element.tag not in _BOX_TAGS:
            continue
        get = element.get
        ident, cls = get("id"), get("class")
        if ((ident is not None and _ID(ident)) or (cls is not None and _CLASS(cls))
                or ((ident is not None or cls is not None) and _COOKIE(_first(element, "id", "class", ident, cls)))
                or get("data-lp-replacement-content") is not None
                or "nav" in (get("role") or "").replace("N", "n")
                or "MostPopularStories" in (get("data-component") or "")):
            found.append(element)
    return found


def hidden(tree) -> list:
    """The second expression's matches: any element hidden, or named as a comment's reply or title."""
    found = []
    for element in tree.iterdescendants(etree.Element):
        get = element.get
        ident, cls, style = get("id"), get("class"), get("style")
        if ident is None and cls is None and style is None:
            if get("aria-hidden") == "true":
                found.append(element)
            continue
        if (cls == "comments-title" or (ident is not None and _HIDDEN_ID(ident))
                or (cls is not None and _HIDDEN_CLASS(cls))
                or (style is not None and ("display:none" in style or "display: none" in style))
                or _first(element, "id", "class", ident, cls).startswith("reply-")
                or _HIDDEN(_first(element, "id", "style", ident, style))
                or get("aria-hidden") == "true"):
            found.append(element)
    return found


_WALKS = [boilerplate, hidden]
_USABLE = usable()


@contextmanager
def patched() -> Iterator[None]:
    """trafilatura's discard searches done by `boilerplate` and `hidden` during a call (when `usable`);
    what was there is put back."""
    if not _USABLE:
        yield
        return
    saved = trafilatura_external.OVERALL_DISCARD_XPATH, trafilatura_main.OVERALL_DISCARD_XPATH
    trafilatura_external.OVERALL_DISCARD_XPATH = trafilatura_main.OVERALL_DISCARD_XPATH = _WALKS
    try:
        yield
    finally:
        trafilatura_external.OVERALL_DISCARD_XPATH, trafilatura_main.OVERALL_DISCARD_XPATH = saved
