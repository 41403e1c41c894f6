"""Clutter removal: the story of a scraped page without its navigation.

    clean_text(text, lang, title=..., recurring=..., located=...) -> CleanResult
    line_keys(text)              -> set of keys of a text's short lines (corpus evidence)
    recurring_lines(texts, n)    -> keys of short lines found in at least n of the texts

The engine is in `classify.py` (why our own is explained there); the words it
looks for are in the `[clutter]` and `[stopwords]` sections of the language files.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from ..record import DroppedLine
from .classify import classify, line_key
from .rules import rules_for
from .span import DATE_ABOVE, DATE_BELOW, HOME_STORY_WORDS, flattened_feed

SHORT_LINE_WORDS = 15  # corpus evidence concerns furniture, not prose


@dataclass(frozen=True)
class CleanResult:
    """Stage clean's output: the body (the lines kept), each dropped line with the rule that dropped it
    (`DroppedLine.reason`, what `triage clean --explain` shows), and in a whole-page dump where the
    story was found."""

    body: str  # kept lines, one paragraph each, separated by blank lines
    kept: list[str]
    dropped: list[DroppedLine]
    story: tuple[int, int] | None = None  # first and last input line number of the story span
    story_words: int = 0  # prose words in the story's core
    no_story: bool = False  # a whole page of headline lists with no story, or a feed saved as text: not an article
    no_story_why: str = ""  # which of the two (what ingest and `triage clean` report)
    # on a page of headline lists: the input line numbers of its lines shaped like headlines, lists or furniture
    no_story_lines: frozenset[int] = frozenset()
    headline: str | None = None  # a whole page's headline just above the story (span.find_headline), not in the body
    # the headline with the lines just above and below it, before the story: where its byline and date are
    head_lines: tuple[str, ...] = ()
    # the lines just below the story, before the lists that follow it: where a whole page's credit sits
    # ("Penulis : Nabilla Tashandra", "Editor : Bayu Galih")
    tail_lines: tuple[str, ...] = ()


HEADLINES_WHY = "a page of headline lists with no story in it"
FEED = "a news feed saved as text"  # each line's reason
FEED_WHY = "a news feed (RSS) saved as text: its items' addresses and dates run together, no story in it"
CREDIT_BELOW = 3  # a whole page's credit lines (author, editor, source) follow its story within this many lines


def clean_text(text: str, lang: str, *, title: str | None = None,
               recurring: frozenset[str] = frozenset(), located: bool = False,
               table_rows: frozenset[int] = frozenset()) -> CleanResult:
    """Drop the clutter lines of `text`; `recurring` holds keys of lines common in the outlet.

    `located`: `text` is the main text an HTML extractor found with the page's markup, not a
    whole page's text, so the story's span is not searched for again: only lines the rules
    drop go (a reference list or a document's page headers are no page around a story).
    Whether it reads as a page of headline lists (`no_story`) is judged all the same."""
    if flattened_feed(text):  # a feed's items run together: no line of it is a story's
        return CleanResult(body="", kept=[], dropped=[DroppedLine(line, FEED, number)
                                                       for number, line in enumerate(text.split("\n"), start=1)
                                                       if line.strip()], no_story=True, no_story_why=FEED_WHY)
    kept, dropped, span, numbers = classify(text, rules_for(lang), title, recurring, located, table_rows)
    lines = [line for _, line in kept]
    story = (numbers[span.start], numbers[span.end - 1]) if span.end > span.start else None
    headline = head = None
    texts = _lines(text) if span.headline is not None or (story and not located) else []
    if span.headline is not None:
        headline = texts[span.headline]
        head = tuple(texts[max(0, span.headline - DATE_ABOVE):min(span.opening, span.headline + 1 + DATE_BELOW)])
    tail = tuple(texts[span.end:span.end + CREDIT_BELOW]) if story and not located else ()
    return CleanResult(body="\n\n".join(lines), kept=lines, dropped=dropped, story=story,
                       story_words=span.story_words, no_story=span.no_story,
                       no_story_why=_headlines_why(span.headline_share, span.story_words) if span.no_story else "",
                       no_story_lines=frozenset(numbers[i] for i in span.shaped) if span.no_story else frozenset(),
                       headline=headline,
                       head_lines=head or (), tail_lines=tail)


def _headlines_why(share: float, words: int) -> str:
    """Why a page of headline lists is no article, with the two figures that say so."""
    return (f"{HEADLINES_WHY} ({share:.0%} of its lines are headlines, lists or page furniture; its best run of "
            f"prose holds {words} words, a story {HOME_STORY_WORDS} or more)")


def _lines(text: str) -> list[str]:
    """The non-empty lines of a text, stripped: what the span's indexes count."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def line_keys(text: str) -> set[str]:
    """Keys of the short lines of a text, to count how often an outlet repeats them."""
    return {line_key(line) for line in text.split("\n")
            if line.strip() and len(line.split()) <= SHORT_LINE_WORDS}


def recurring_lines(texts: Iterable[str], min_articles: int = 3) -> frozenset[str]:
    """Keys of short lines found in at least `min_articles` of `texts` (one outlet's articles)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(line_keys(text))
    return frozenset(key for key, count in counts.items() if count >= min_articles)


__all__ = ["CleanResult", "clean_text", "line_key", "line_keys", "recurring_lines"]
