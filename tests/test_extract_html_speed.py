"""extract/html.py's checks written out for speed (issue 13) must find what their first-written forms found."""

from __future__ import annotations

import re

import pytest


def _dev_readability() -> list:
    """The readability pages of the development split: every fourth by sorted name is held out (as in
    benchmarks/web_eval.py) and is never read here."""
    from .conftest import DEV_DATA
    return [p for n, p in enumerate(sorted((DEV_DATA / "dumps" / "readability").glob("*/source.html.gz")))
            if n % 4 != 3]


def _dev_html_id() -> list:
    """html-id's pages but the held-out sites' (okezone, republika)."""
    from .conftest import DEV_DATA
    return [p for p in sorted((DEV_DATA / "html-id").glob("*/*.html")) if p.parent.name not in ("okezone", "republika")]


def test_control_characters_found_by_bytes_are_those_the_pattern_finds():
    """extract_html looks for the characters XML does not allow in the page's UTF-8 bytes, one byte
    search each, instead of a regular expression over its text: the same pages must be found."""
    from corpus_tools.extract import html
    pattern = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
    characters = [chr(c) for c in range(0x80)] + ["é", "\u0b0b", "\u1f1f", "漢", "\U0001f600", "\ud800"]
    samples = [f"<p>a{c}b</p>" for c in characters] + ["", "plain", "ä\x0cö", "\x1f", "text\tand\nlines\r"]
    found = 0
    for text in samples:
        by_bytes = any(c in text.encode("utf-8", "replace") for c in html._NOT_IN_XML_BYTES)
        assert by_bytes == bool(pattern.search(text)), repr(text)
        found += by_bytes
    assert found == 29 + 2  # every control character but tab, line feed and carriage return, and two more


def _cut_inside(blocks, found: str) -> bool:
    """The cut check as the precision reading's fallback first asked it: a block of the story's flow
    (`_story_flow`, which `_cuts_inside` now reads) is missing from the reading `found`."""
    from corpus_tools.extract import html
    return not all(is_held for _, _, is_held in html._story_flow(blocks, html._NOT_WORD.sub("", found).lower()))


def _cut_inside_as_first_written(tree, found: str) -> bool:
    """The cut check as first written: every block's "cleaned" flag from a set of the blocks under each
    element the tree cleaning deletes, and every ancestor of every held block walked."""
    from corpus_tools.extract import html
    cleaned = {block for element in tree.iter(*html._ALWAYS_CLEANED)
               if element.tag != "figure" or element.find(".//table") is None
               for block in element.iter(*html._STORY_BLOCKS)}
    kept = html._NOT_WORD.sub("", found).lower()
    keyed = [(element, key) for element in tree.iter(*html._STORY_BLOCKS)
             if len(key := html._NOT_WORD.sub("", element.text_content()).lower()) >= html.INNER_BLOCK_CHARS]
    held = [key in kept for _, key in keyed]
    if True not in held:
        return False
    holders = {ancestor for (element, _), is_held in zip(keyed, held) if is_held for ancestor in element.iterancestors()}
    inside = [is_held for (element, _), is_held in zip(keyed, held)
              if is_held or (element not in cleaned and html._box(element) in holders)]
    first, last = inside.index(True), len(inside) - inside[::-1].index(True)
    return not all(inside[first:last])


@pytest.mark.devdata
def test_cut_check_finds_what_it_found_as_first_written():
    """The cut check asks whether a block lies under an element the tree cleaning deletes only of the
    blocks it looks at twice, and walks each held block's ancestors only up to one already walked."""
    import gzip
    from corpus_tools.decode import decode_html
    from corpus_tools.extract import html
    sources = _dev_readability()[:40]
    assert len(sources) == 40
    verdicts = []
    for source in sources:
        tree = html.lxml_html.fromstring(decode_html(gzip.decompress(source.read_bytes()))[0].encode(),
                                         parser=html._PARSER)
        found = html._trafilatura(tree, None, favor_precision=True).get("text", "")
        blocks = html._story_blocks(tree)
        # the reading itself, and the reading without its every third line (cut inside the story)
        for text in (found, "\n".join(line for n, line in enumerate(found.split("\n")) if n % 3 != 1)):
            verdicts.append(_cut_inside(blocks, text))
            assert verdicts[-1] == _cut_inside_as_first_written(tree, text), source.parent.name
    assert True in verdicts and False in verdicts


def _first(tree, *xpaths: str) -> str | None:
    """What the page says of itself as first read: one XPath search of the whole page per field."""
    for xpath in xpaths:
        found = [v.strip() for v in tree.xpath(xpath) if isinstance(v, str) and v.strip()]
        if found:
            return found[0]
    return None


def _head_as_first_written(tree) -> tuple:
    return (_first(tree, '//link[@rel="canonical"]/@href'), _first(tree, '//meta[@property="og:url"]/@content'),
            _first(tree, '//meta[@property="og:type"]/@content'),
            list(tree.xpath('//script[@type="application/ld+json"]/text()')))


_HEADS = [
    "<html><head><title>t</title></head><body><p>nothing stated</p></body></html>",
    # blank values first, then the ones read; a canonical link with another rel; og:url in the body
    '<html><head><link rel="canonical" href="  "><link rel="Canonical" href="http://x/upper">'
    '<link rel="canonical alternate" href="http://x/two"><link rel="canonical" href=" http://x/a ">'
    '<meta property="og:type" content=""><meta name="og:type" content="named">'
    '<meta property="og:type" content=" article "><meta property="og:type" content="website"></head>'
    '<body><meta property="og:url" content="http://x/og"><p>text</p>'
    '<script type="application/ld+json">{"@type": "NewsArticle"}</script>'
    '<script type="application/json">{"@type": "Other"}</script>'
    '<script type="application/ld+json"></script>'
    '<script type="application/ld+json">{"@type": ["WebPage"]}</script></body></html>',
    # no canonical link, no og:type; a link without href, a meta without content
    '<html><head><link rel="canonical"><meta property="og:url"><meta property="og:url" content="http://y/">'
    '</head><body><div><p>one</p></div></body></html>',
    # a fragment: lxml gives the element, the XPath searches its whole document
    '<link rel="canonical" href="http://z/"><div><meta property="og:type" content="article"><p>x</p></div>',
    '<div><p>a lone fragment</p></div>',
]


def test_one_walk_finds_what_the_xpath_searches_found():
    """extract_html reads the canonical link, og:url, og:type and the JSON-LD scripts in one walk of the
    page's elements (issue 13), not one XPath search of the whole page each: the same values."""
    from corpus_tools.extract import html
    seen = []
    for page in _HEADS:
        tree = html.lxml_html.fromstring(page.encode(), parser=html._PARSER)
        head = html._head(tree)
        got = (head.canonical, head.og_url, head.og_type, head.ld_json)
        assert got == _head_as_first_written(tree), page
        seen.append(got)
    assert seen[1] == ("http://x/a", "http://x/og", "article", ['{"@type": "NewsArticle"}', '{"@type": ["WebPage"]}'])
    assert seen[3][0] == "http://z/" and seen[3][2] == "article"  # outside the element the fragment gave


@pytest.mark.devdata
def test_one_walk_finds_on_the_speed_pages_what_the_xpath_searches_found():
    import gzip
    from corpus_tools.decode import decode_html
    from corpus_tools.extract import html
    sources = [gzip.decompress(p.read_bytes()) for p in _dev_readability()] + [p.read_bytes() for p in _dev_html_id()]
    assert len(sources) > 80
    stated = 0
    for source in sources:
        tree = html.lxml_html.fromstring(decode_html(source)[0].encode(), parser=html._PARSER)
        head = html._head(tree)
        assert (head.canonical, head.og_url, head.og_type, head.ld_json) == _head_as_first_written(tree)
        stated += bool(head.canonical or head.og_url)
    assert stated > 20


def test_paragraph_share_is_what_it_was_measured_as_each_time():
    """The <p> text of a page is measured once for both of extract_html's questions (`FALLBACK_SHARE`,
    then `SPLICE_SHARE`): the same answers as measuring it for each."""
    from corpus_tools.extract import html

    def as_first_written(blocks, found, share):
        texts = [block.text for block in blocks if block.tag == "p"]
        if found >= share * sum(map(len, texts)):
            return False
        return found < share * sum(len(" ".join(t.split())) for t in texts)

    page = ("<html><body>" + "".join(f"<p>{'word   ' * n}\n\t end</p><li>{'item ' * n}</li>" for n in range(1, 40))
            + "</body></html>")
    blocks = html._story_blocks(html.lxml_html.fromstring(page.encode(), parser=html._PARSER))
    paragraphs = html._Paragraphs(blocks)
    answers = []
    for found in range(0, 4000, 37):
        for share in (html.FALLBACK_SHARE, html.SPLICE_SHARE):
            answers.append(html._little_of_paragraphs(paragraphs, found, share))
            assert answers[-1] == as_first_written(blocks, found, share), (found, share)
    assert True in answers and False in answers
    assert paragraphs.spaced < paragraphs.raw  # spacing counted once: the raw length is only a bound


def _metadata_passes(monkeypatch, page: str, **kwargs):
    """extract_html on `page`, and how many times trafilatura's metadata pass ran."""
    import trafilatura.core
    from corpus_tools.extract import html
    calls = []
    original = trafilatura.core.extract_metadata

    def counted(*args, **kw):
        calls.append(1)
        return original(*args, **kw)
    monkeypatch.setattr(trafilatura.core, "extract_metadata", counted)
    return html.extract_html(page, **kwargs), len(calls)


_HOME = ("<html><head><title>Kabar</title></head><body><ul>"
         + "".join(f'<li><a href="/berita/{n}">Berita nomor {n} tentang banjir di kota hari ini</a></li>'
                   for n in range(30)) + "</ul></body></html>")
_STORY = ('<html><head><title>Harbour closed - Coast News</title><meta property="og:site_name" content="Coast News">'
          '<meta property="article:published_time" content="2024-03-05T08:00:00Z"></head><body><article>'
          + "".join(f"<p>The strait stays closed to ferries until the wind drops below force six, the pilots said "
                    f"on day {n}, and the harbour master agreed with them.</p>" for n in range(12))
          + "</article></body></html>")


def test_metadata_is_read_once_for_a_kept_page_and_never_for_a_refused_one(monkeypatch):
    """The metadata does not depend on the readings' settings and a refused page needs none: one pass
    of its own, after the article check (before, inside the precision reading, and again in the default
    reading when the precision reading found nothing)."""
    page, passes = _metadata_passes(monkeypatch, _HOME)
    assert not page.is_article and passes == 0
    page, passes = _metadata_passes(monkeypatch, _HOME, check=False)
    assert page.is_article and passes == 1
    page, passes = _metadata_passes(monkeypatch, _STORY)
    assert page.is_article and passes == 1
    assert (page.title, page.published, page.outlet) == ("Harbour closed", "2024-03-05", "Coast News")


_AUTHOR_CASES = [
    '<div class="author">Ann Lee</div>', '<span rel="author">Bo Chan</span>', '<p id="author">Cy Dee</p>',
    '<strong itemprop="author name">Di Eng</strong>', '<a data-testid="AuthorCard">Ed Fox</a>',
    '<span class="post-author-name x">Fay Gu</span>', '<span class="AuthorName">Gil Ho</span>',
    '<author>Hal Ivy</author>', '<div><rel>me</rel>Ida Jo</div>', '<h3 class="byline">By Jo Kay</h3>',
    '<h4 class="BBL">Kim Lu</h4>', '<span itemprop="creator author">Lu Ma</span>', '<p id="bianji-1">Mo Ng</p>',
    '<div class="journalist-name">Ned Oh</div>', '<li data-component="Byline">Oz Pi</li>',
    '<b id="mainAuthor">Pia Qu</b>', '<em class="screenname">Qi Ro</em>', '<i class="Byline">Ray Su</i>',
    '<div class="author"><time>5 May</time>Sam<figure>x</figure>Tan</div>', '<span class="author">X</span>',
    '<section class="comments"><span class="author">Una Vo</span></section>',
    '<div class="sidebar-left"><span class="author">Val Wu</span></div>', '<div class="Comments"><p id="author">Wes</p></div>',
    '<span id="comment-list"><span class="author">Xi Ya</span></span>', '<a class="writer" data-component="HeroFigure">Yu</a>',
    '<div class="meta-date author">Zed Ali</div>', '<span class="byl">Amy Bo</span><span class="author">Ben Cy</span>',
]


def test_author_search_in_one_walk_finds_what_trafilatura_finds():
    """author.extract_author (trafilatura's author search, its XPath searches done in one walk) finds the
    same elements, in the same order, and the same author as trafilatura.metadata.extract_author."""
    from copy import deepcopy
    from lxml import html as lxml_html
    from trafilatura import metadata, xpaths
    from corpus_tools.extract import author, html
    assert author.usable()
    found = 0
    for n in range(len(_AUTHOR_CASES)):
        for body in (_AUTHOR_CASES[n], _AUTHOR_CASES[n] + _AUTHOR_CASES[-1 - n], "<div>" + _AUTHOR_CASES[n] + "</div>"):
            tree = lxml_html.fromstring(f"<html><body><p>Story text.</p>{body}</body></html>".encode(), parser=html._PARSER)
            copy = deepcopy(tree)
            assert [e for e in author._discarded(copy)] == xpaths.AUTHOR_DISCARD_XPATHS[0](copy)
            assert list(author._matching(copy)) == [x(copy) for x in xpaths.AUTHOR_XPATHS]
            expected = metadata.extract_author(tree)
            assert author.extract_author(tree) == expected, body
            found += expected is not None
    assert found >= 60


def _described(elements) -> list:
    return [(e.tag, sorted(e.attrib.items()), " ".join(e.itertext())) for e in elements]


def test_author_search_without_the_copy_finds_what_the_pruned_copy_finds():
    """When the pruning cannot change what the author search finds, it reads the page's tree itself, not a
    pruned copy (issue 13: the copy and a second walk were half of the search): the same matches, with the
    same text, as on the pruned copy; and the copy when an element the pruning deletes lies inside a match
    (its text would change) or a <rel> element is on the page."""
    from copy import deepcopy
    from lxml import html as lxml_html
    from trafilatura.htmlprocessing import delete_element
    from trafilatura import xpaths
    from corpus_tools.extract import author, html
    cases = [*_AUTHOR_CASES, '<div class="comments"><div class="sidebar"><span class="author">Abe</span></div></div>',
             '<figure><span class="byline">Cat Dow</span></figure>', '<p class="byline">By <span class="date">x</span> Ed</p>',
             '<div id="authors"><span itemprop="author">Flo</span><time>May</time></div>']
    read_alone = copied = 0
    for n in range(len(cases)):
        for body in (cases[n], cases[n] + cases[-1 - n], "<div>" + cases[n] + "</div>"):
            tree = lxml_html.fromstring(f"<html><body><p>Story text.</p>{body}</body></html>".encode(), parser=html._PARSER)
            pruned = deepcopy(tree)
            for element in author._discarded(pruned):
                delete_element(element)
            for element in xpaths.AUTHOR_DISCARD_XPATHS[1](pruned):
                delete_element(element)
            got = author._unpruned(tree)
            if got is None:
                copied += 1
                assert "<rel>" in body or any(e is not None for e in (tree.find(".//time"), tree.find(".//figure"),
                                                                      tree.find(".//*[@class]"))), body
                continue
            read_alone += 1
            assert [_described(m) for m in got] == [_described(m) for m in author._matching(pruned)], body
    assert read_alone >= 60 and copied >= 8


@pytest.mark.devdata
def test_author_search_in_one_walk_on_the_readability_pages():
    import gzip
    from lxml import html as lxml_html
    from trafilatura import metadata
    from corpus_tools.decode import decode_html
    from corpus_tools.extract import author, html
    found = 0
    for source in _dev_readability():
        page = decode_html(gzip.decompress(source.read_bytes()))[0]
        tree = lxml_html.fromstring(page.encode("utf-8", "replace"), parser=html._PARSER)
        expected = metadata.extract_author(tree)
        assert author.extract_author(tree) == expected, source
        found += expected is not None
    assert found >= 40


_DISCARD_CASES = [
    '<div class="share-bar">a</div>', '<p id="social-1">b</p>', '<span class="x ad y">c</span>', '<div class="ad-slot">d</div>',
    '<section id="ad-top">e</section>', '<div role="Navigation">f</div>', '<div role="NAV">g</div>',
    '<div data-lp-replacement-content="">h</div>', '<div data-component="MostPopularStories">i</div>',
    '<div id="cookie-bar" class="story">j</div>', '<div class="story" id="cookie-bar">k</div>',
    '<div class="cookie" id="main">l</div>', '<div id="main" class="cookie">m</div>', '<td class="sidebar">n</td>',
    '<div class="comments-title">o</div>', '<a id="reply-3" class="x">p</a>', '<a class="x" id="reply-3">q</a>',
    '<b class="reply-3">r</b>', '<i id="hidden-box" style="color: red">s</i>', '<i style="color: red" id="hidden-box">t</i>',
    '<i style="hidden">u</i>', '<em style="display:none">v</em>', '<em style="a; display: none">w</em>',
    '<span id="akismet-x">x</span>', '<span class="a hidden">y</span>', '<span class="hide-me">z</span>',
    '<span aria-hidden="true">1</span>', '<span aria-hidden="false">2</span>', '<div class="">3</div>', '<div id="">4</div>',
    '<p class="byline">5</p>', '<div class="Story">6</div>', '<div><p class="meta"><span class="hidden x">7</span></p></div>',
]


def test_discard_walks_find_what_trafilatura_discard_searches_find():
    """trafilatura's two boilerplate discard searches, done in a walk of the tree (`discard.boilerplate`,
    `discard.hidden`; issue 13: a tenth of an HTML ingest's CPU), find the same elements in the same order;
    the first of two attributes is the one written first, as XPath reads `@id|@class`."""
    from lxml import html as lxml_html
    from trafilatura import xpaths
    from corpus_tools.extract import discard, html
    assert discard.usable()
    matched = [0, 0]
    for n in range(len(_DISCARD_CASES)):
        for body in (_DISCARD_CASES[n], "<div>" + _DISCARD_CASES[n] + _DISCARD_CASES[-1 - n] + "</div>"):
            tree = lxml_html.fromstring(f"<html><body><p>Story.</p>{body}</body></html>".encode(), parser=html._PARSER)
            for index, (expression, walk) in enumerate(zip(xpaths.OVERALL_DISCARD_XPATH, (discard.boilerplate,
                                                                                         discard.hidden))):
                for root in (tree, tree.find("body")):
                    expected = expression(root)
                    assert walk(root) == expected, (index, body)
                    matched[index] += len(expected)
    assert min(matched) >= 40


@pytest.mark.devdata
def test_discard_walks_on_the_development_pages():
    """The same elements as trafilatura's discard searches on the development pages, and the same readings."""
    import gzip
    from trafilatura import xpaths
    from corpus_tools.decode import decode_html
    from corpus_tools.extract import discard, html
    sources = [gzip.decompress(p.read_bytes()) for p in _dev_readability()] + [p.read_bytes() for p in _dev_html_id()]
    found = 0
    for source in sources:
        tree = html.lxml_html.fromstring(decode_html(source)[0].encode(), parser=html._PARSER)
        for expression, walk in zip(xpaths.OVERALL_DISCARD_XPATH, (discard.boilerplate, discard.hidden)):
            expected = expression(tree)
            assert walk(tree) == expected
            found += len(expected)
    assert found > 1000


def test_discard_walks_stand_in_only_during_a_reading():
    from trafilatura import external, main_extractor, xpaths
    from corpus_tools.extract import discard, html
    page = "<html><body>" + "".join(f"<p>Paragraph {n} of a story long enough to be read.</p>" for n in range(20))
    page += '<div class="share-bar"><p>Share this story on every network you know of today.</p></div></body></html>'
    from trafilatura import core
    with discard.patched():
        assert external.OVERALL_DISCARD_XPATH == [discard.boilerplate, discard.hidden]
        assert main_extractor.OVERALL_DISCARD_XPATH == [discard.boilerplate, discard.hidden]
        assert core.REMOVE_COMMENTS_XPATH == [discard.comments]
    assert external.OVERALL_DISCARD_XPATH is main_extractor.OVERALL_DISCARD_XPATH is xpaths.OVERALL_DISCARD_XPATH
    assert core.RAW_TREE_PRUNE_XPATH is xpaths.RAW_TREE_PRUNE_XPATH
    assert core.REMOVE_COMMENTS_AND_LISTS_XPATH is xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH
    text = html.extract_html(page).text
    assert "Paragraph 19" in text and "Share this story" not in text
    assert external.OVERALL_DISCARD_XPATH is xpaths.OVERALL_DISCARD_XPATH


_PRUNE_CASES = [
    '<div id="infinite-scroll">a</div>', '<section class="infinitescroll"><h1>Next</h1></section>',
    '<aside class="mvp-post-add-box"><h1>Appended</h1></aside>', '<div id="mvp-post-add-wrap"><h1>x</h1></div>',
    '<span id="infinite-scroll">b</span>', '<div class="x elementor-share-buttons y">c</div>',
    '<p class="elementor-share-buttons">d</p>', '<div id="comments">e</div>', '<div id="commentary">f</div>',
    '<section class="Comments">g</section>', '<details id="comol">h</details>', '<div class="post-comments">i</div>',
    '<ul id="comment-list"><li>j</li></ul>', '<ol id="disqus_thread"><li>k</li></ol>', '<ul class="article-comments">l</ul>',
    '<div id="dsq-comments">m</div>', '<span id="comments">n</span>', '<div class="no-comments">o</div>',
]


def test_prune_walks_find_what_trafilatura_prunes_find():
    """trafilatura's raw-tree and comment prunes, done in walks of the tree (issue 13), find the same
    elements in the same order as its XPath expressions."""
    from lxml import html as lxml_html
    from trafilatura import xpaths
    from corpus_tools.extract import discard, html
    assert discard.prunes_usable()
    matched = {}
    cases = _PRUNE_CASES + _DISCARD_CASES[:5]
    for n in range(len(cases)):
        for body in (cases[n], "<div>" + cases[n] + cases[-1 - n] + "</div>", f"<div id='comments'>{cases[n]}</div>"):
            tree = lxml_html.fromstring(f"<html><body><p>Story.</p>{body}</body></html>".encode(), parser=html._PARSER)
            for name, walks in discard._PRUNES.items():
                for expression, walk in zip(getattr(xpaths, name), walks):
                    for root in (tree, tree.find("body")):
                        expected = expression(root)
                        assert walk(root) == expected, (walk.__name__, body)
                        matched[walk.__name__] = matched.get(walk.__name__, 0) + len(expected)
    assert min(matched.values()) >= 4 and len(matched) == 4


@pytest.mark.devdata
def test_prune_walks_on_the_development_pages():
    import gzip
    from trafilatura import xpaths
    from corpus_tools.decode import decode_html
    from corpus_tools.extract import discard, html
    sources = [gzip.decompress(p.read_bytes()) for p in _dev_readability()] + [p.read_bytes() for p in _dev_html_id()]
    found = 0
    for source in sources:
        tree = html.lxml_html.fromstring(decode_html(source)[0].encode(), parser=html._PARSER)
        for name, walks in discard._PRUNES.items():
            for expression, walk in zip(getattr(xpaths, name), walks):
                expected = expression(tree)
                assert walk(tree) == expected, walk.__name__
                found += len(expected)
    assert found > 100


def test_pages_parsed_with_lxmls_own_class_lookup_read_as_with_lxml_html_s():
    """The page's elements are all HtmlElement, found by lxml's own class lookup, not lxml.html's Python
    one (issue 13: asked for each element a walk meets): a page with a form, inputs, a label, a select and
    a text area reads the same, text and metadata, as when parsed with lxml.html's lookup."""
    from lxml import html as lxml_html
    from corpus_tools.extract import html
    page = ("<html><head><title>Form page - Site</title><meta name='author' content='Ann Lee'></head><body><article>"
            + "".join(f"<p>Paragraph {n} of the story, long enough to be kept by every reading of it.</p>" for n in range(12))
            + "<form action='/s'><label for='q'>Search the archive</label><input name='q' value='x'>"
              "<select name='s'><option>One</option></select><textarea name='t'>Write here</textarea></form>"
              "<p>The closing paragraph after the form, as long as the others are.</p></article></body></html>")
    ours = lxml_html.fromstring(page.encode(), parser=html._PARSER)
    assert {type(element) for element in ours.iter()} == {lxml_html.HtmlElement}
    own_parser = lxml_html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                                      remove_comments=True, remove_pis=True)
    theirs = lxml_html.fromstring(page.encode(), parser=own_parser)
    assert {type(element).__name__ for element in theirs.iter()} >= {"FormElement", "InputElement", "LabelElement"}
    for settings in ({"favor_precision": True}, {}):
        assert html._trafilatura(ours, None, **settings) == html._trafilatura(theirs, None, **settings)
    assert html._metadata(ours, None) == html._metadata(theirs, None)
    assert "closing paragraph" in html._trafilatura(ours, None)["text"]


def test_overlapping_readings_leave_trafilaturas_own_searches_in_place():
    """Two readings whose calls overlap (threads) put back trafilatura's own expressions, not a stand-in
    the second one found in place when it began."""
    from trafilatura import core, external, main_extractor, xpaths
    from corpus_tools.extract import discard
    first, second = discard.patched(), discard.patched()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    second.__exit__(None, None, None)
    assert external.OVERALL_DISCARD_XPATH is main_extractor.OVERALL_DISCARD_XPATH is xpaths.OVERALL_DISCARD_XPATH
    assert core.REMOVE_COMMENTS_XPATH is xpaths.REMOVE_COMMENTS_XPATH
    assert core.RAW_TREE_PRUNE_XPATH is xpaths.RAW_TREE_PRUNE_XPATH


def test_the_lede_search_keys_the_pages_paragraphs_only_as_far_as_it_reads():
    """The lede's search for the <p> a line of the reading opens (`_with_lede`) keys the page's paragraphs as
    far as the first that opens with the line (issue 13: every <p> of the page was keyed first), and finds
    the paragraph the search over all of them found."""
    from corpus_tools.extract import html
    page = "<html><body>" + "".join(f"<p>Paragraph number {n}: words of the page, {'x' * n}.</p>" for n in range(30))
    page += "<p>Paragraph number 3: again</p></body></html>"
    tree = html.lxml_html.fromstring(page.encode(), parser=html._PARSER)
    every = [(element, html._NOT_WORD.sub("", element.text_content()).lower()) for element in tree.iter("p")]
    keyed = html._Keyed(tree.iter("p"))
    assert keyed.first_opening("paragraphnumber3wor") is every[3][0] and len(keyed.keyed) == 4
    assert keyed.first_opening("paragraphnumber1wor") is every[1][0] and len(keyed.keyed) == 4
    for element, held in every:
        key = held[:html.INNER_BLOCK_CHARS]
        assert keyed.first_opening(key) is next(e for e, h in every if h.startswith(key))
    assert keyed.first_opening("nosuchparagraphhere!") is None and len(keyed.keyed) == len(every)


def test_two_overlapping_metadata_calls_leave_trafilaturas_own_helpers_in_place():
    """`_without_unread_fields` puts trafilatura's own metadata helpers back after a call: two calls that overlap
    (two threads of a library user: the first to end puts them back while the second still runs, then the second
    ends) left the stand-ins in trafilatura for good when each put back what it had found in place."""
    from trafilatura import metadata as trafilatura_metadata
    from corpus_tools.extract import html
    before = {name: getattr(trafilatura_metadata, name) for name in html._STAND_INS}
    first, second = html._without_unread_fields(), html._without_unread_fields()
    first.__enter__()
    assert trafilatura_metadata.extract_domain is html._STAND_INS["extract_domain"]
    second.__enter__()  # the second call begins while the first still runs: it finds the stand-ins in place
    first.__exit__(None, None, None)
    second.__exit__(None, None, None)
    assert {name: getattr(trafilatura_metadata, name) for name in html._STAND_INS} == before
    assert trafilatura_metadata.extract_domain is not html._STAND_INS["extract_domain"]
