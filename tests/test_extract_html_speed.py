"""extract/html.py's checks written out for speed (issue 13) must find what their first-written forms found."""

from __future__ import annotations

import re

import pytest


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
    from .conftest import DEV_DATA
    sources = sorted((DEV_DATA / "dumps" / "readability").glob("*/source.html.gz"))[:40]
    assert len(sources) == 40
    verdicts = []
    for source in sources:
        tree = html.lxml_html.fromstring(decode_html(gzip.decompress(source.read_bytes()))[0].encode(),
                                         parser=html._PARSER)
        found = html._trafilatura(tree, None, favor_precision=True, with_metadata=False).get("text", "")
        blocks = html._story_blocks(tree)
        # the reading itself, and the reading without its every third line (cut inside the story)
        for text in (found, "\n".join(line for n, line in enumerate(found.split("\n")) if n % 3 != 1)):
            verdicts.append(_cut_inside(blocks, text))
            assert verdicts[-1] == _cut_inside_as_first_written(tree, text), source.parent.name
    assert True in verdicts and False in verdicts
