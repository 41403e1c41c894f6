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

from lxml import etree
from trafilatura import (core as trafilatura_core, external as trafilatura_external, main_extractor as trafilatura_main,
                         xpaths as trafilatura_xpaths)

from .stand_ins import StandIns

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

# trafilatura's raw-tree and comment prunes (`RAW_TREE_PRUNE_XPATH`, `REMOVE_COMMENTS_AND_LISTS_XPATH`,
# `REMOVE_COMMENTS_XPATH`), run over the whole page in every reading
PRUNES_TRANSCRIBED = (
    ".//*[self::div or self::section or self::aside][ re:test(@id, 'mvp-post-add-(?:box|wrap)|infinite-?scroll') or "
    "re:test(@class, 'mvp-post-add-(?:box|wrap)|infinite-?scroll')][ not(.//h1) or "
    "re:test(@id, 'mvp-post-add-(?:box|wrap)') or re:test(@class, 'mvp-post-add-(?:box|wrap)')]",
    ".//*[self::div or self::section or self::aside][contains(@class, 'elementor-share-buttons')]",
    ".//*[self::div or self::list or self::section or self::details or self::ol or self::ul][ "
    "re:test(@id, '^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)') or "
    "re:test(@class, '^[Cc]omment(?!ary)|(?:article|post)-comments')][ not(self::ol or self::ul) or "
    "re:test(@id, '^(?:[Cc]omment(?!ary)|comol)') or re:test(@class, '^[Cc]omment(?!ary)|(?:article|post)-comments')]",
    ".//*[self::div or self::list or self::section or self::details][ "
    "re:test(@id, '^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)') or "
    "re:test(@class, '^[Cc]omment(?!ary)|(?:article|post)-comments')]",
)
_PRUNE_PATTERNS = [re.compile(p) for p in re.findall(r"re:test\(@[\w-]+, '([^']*)'\)", " ".join(PRUNES_TRANSCRIBED))]
(_APPENDED_ID, _APPENDED_CLASS, _APPENDED_ONLY_ID, _APPENDED_ONLY_CLASS, _COMMENTS_ID, _COMMENTS_CLASS, _COMMENT_LIST_ID,
 _COMMENT_LIST_CLASS, _COMMENTS_BOX_ID, _COMMENTS_BOX_CLASS) = (p.search for p in _PRUNE_PATTERNS) \
    if len(_PRUNE_PATTERNS) == 10 else (None,) * 10
_RAW_TAGS = frozenset(("div", "section", "aside"))
_COMMENT_TAGS = frozenset(("div", "list", "section", "details", "ol", "ul"))
_COMMENT_BOX_TAGS = frozenset(("div", "list", "section", "details"))


def usable() -> bool:
    """trafilatura's discard expressions are the ones transcribed here (and no pattern matches '')."""
    paths = tuple(" ".join(x.path.split()) for x in trafilatura_xpaths.OVERALL_DISCARD_XPATH)
    return (paths == TRANSCRIBED and len(_PATTERNS) == 6 and not any(p.search("") for p in _PATTERNS)
            and trafilatura_external.OVERALL_DISCARD_XPATH is trafilatura_xpaths.OVERALL_DISCARD_XPATH
            and trafilatura_main.OVERALL_DISCARD_XPATH is trafilatura_xpaths.OVERALL_DISCARD_XPATH)


def prunes_usable() -> bool:
    """trafilatura's raw-tree and comment prunes are the ones transcribed here (no pattern matches '')."""
    names = ("RAW_TREE_PRUNE_XPATH", "REMOVE_COMMENTS_AND_LISTS_XPATH", "REMOVE_COMMENTS_XPATH")
    paths = tuple(" ".join(x.path.split()) for name in names for x in getattr(trafilatura_xpaths, name))
    return (paths == PRUNES_TRANSCRIBED and len(_PRUNE_PATTERNS) == 10 and not any(p.search("") for p in _PRUNE_PATTERNS)
            and all(getattr(trafilatura_core, name) is getattr(trafilatura_xpaths, name) for name in names))


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
    for element in tree.iterdescendants(*_BOX_TAGS):
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


def appended_articles(tree) -> list:
    """`RAW_TREE_PRUNE_XPATH`'s first expression: a box of articles appended by infinite scrolling (with no
    <h1> inside, unless it is named as a theme's appended post)."""
    found = []
    for element in tree.iterdescendants(*_RAW_TAGS):
        get = element.get
        ident, cls = get("id"), get("class")
        if ((ident is not None and _APPENDED_ID(ident)) or (cls is not None and _APPENDED_CLASS(cls))) and (
                next(element.iterdescendants("h1"), None) is None or (ident is not None and _APPENDED_ONLY_ID(ident))
                or (cls is not None and _APPENDED_ONLY_CLASS(cls))):
            found.append(element)
    return found


def share_buttons(tree) -> list:
    """`RAW_TREE_PRUNE_XPATH`'s second expression: a page builder's share buttons."""
    return [element for element in tree.iterdescendants(*_RAW_TAGS)
            if "elementor-share-buttons" in (element.get("class") or "")]


def comments_and_lists(tree) -> list:
    """`REMOVE_COMMENTS_AND_LISTS_XPATH`: a comment section (a list of comments only when named as one)."""
    found = []
    for element in tree.iterdescendants(*_COMMENT_TAGS):
        tag, get = element.tag, element.get
        ident, cls = get("id"), get("class")
        if ((ident is not None and _COMMENTS_ID(ident)) or (cls is not None and _COMMENTS_CLASS(cls))) and (
                (tag != "ol" and tag != "ul") or (ident is not None and _COMMENT_LIST_ID(ident))
                or (cls is not None and _COMMENT_LIST_CLASS(cls))):
            found.append(element)
    return found


def comments(tree) -> list:
    """`REMOVE_COMMENTS_XPATH`: a comment section."""
    found = []
    for element in tree.iterdescendants(*_COMMENT_BOX_TAGS):
        get = element.get
        ident, cls = get("id"), get("class")
        if (ident is not None and _COMMENTS_BOX_ID(ident)) or (cls is not None and _COMMENTS_BOX_CLASS(cls)):
            found.append(element)
    return found


_WALKS = [boilerplate, hidden]
_USABLE = usable()
_PRUNES = {"RAW_TREE_PRUNE_XPATH": [appended_articles, share_buttons],
           "REMOVE_COMMENTS_AND_LISTS_XPATH": [comments_and_lists], "REMOVE_COMMENTS_XPATH": [comments]}
_PRUNES_USABLE = prunes_usable()


# trafilatura's discard searches done by `boilerplate` and `hidden` (when `usable`), its raw-tree and comment prunes
# by `appended_articles`, `share_buttons`, `comments_and_lists` and `comments` (when `prunes_usable`), during a call:
# `with patched(): …` (what trafilatura held is put back when the last of the calls running ends: `StandIns`)
patched = StandIns(
    ([(trafilatura_external, "OVERALL_DISCARD_XPATH", _WALKS), (trafilatura_main, "OVERALL_DISCARD_XPATH", _WALKS)]
     if _USABLE else [])
    + ([(trafilatura_core, name, walks) for name, walks in _PRUNES.items()] if _PRUNES_USABLE else []))
