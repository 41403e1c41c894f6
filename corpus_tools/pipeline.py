"""One document through the stages, with no database in sight.

read → decode → extract → language → clean → dates → events → fingerprint

(`store` is the writer's job, in `ingest.py`.) Language is judged before
cleaning because the cleaner weighs stopword density in the article's own
language; it is judged on prose lines only, so clutter does not sway it.

`process` is a pure function of the document and a `Context`, which is what
makes `--workers N` give the same results as `--workers 1`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date

from . import clean, fingerprint, id_order, languages, stories
from .decode import DecodeError
from .errors import ArticleRejected
from .extract import Extracted, NotAnArticle, extract
from .extract.text import credited_author
from .language import detect_language
from .record import Article, EventMention, SourceDocument, Timex
from .timing import NO_TIMER


__all__ = ["ArticleRejected", "Context", "dates_and_events", "prepare", "process", "read_in_language"]


@dataclass(frozen=True)
class Context:
    """What every worker needs to know about the run, fixed at its start."""

    today: date
    recurring: dict[str, frozenset[str]] = field(default_factory=dict)  # outlet → recurring line keys
    params: fingerprint.FingerprintParams = fingerprint.DEFAULT_PARAMS
    all_pages: bool = False  # store every HTML page with a main text, whatever the article check says
    window_end: date | None = None  # latest possible publication date (default: each file's mtime)
    language: str | None = None  # every document's language (`--lang`); None: detected for each


# where a date read in the text came from (or none found): these readings depend on the language's words
_TEXT_DATES = (None, *id_order.WEAK)


def read_in_language(doc: SourceDocument, ctx: Context, lang: str | None = None, timer=NO_TIMER
                     ) -> tuple[Extracted, str, float]:
    """Extract and judge the language: `lang` if given (`--lang`), else the language a record names
    (one with a language file), else detected. A text's own date (header, dateline, weekday) is read
    in its language: when the language found is not the one the text was first read in, the text is
    read again in it (a record naming its language: its date field, title and author cues too).
    `triage dates` takes its reference here too."""
    hint = lang or languages.default()
    extracted = _extract(doc, ctx, hint, timer)
    stated = None if lang else extracted.language
    with timer("language"):
        language, probability = (lang or stated, 1.0) if lang or stated else detect_language(extracted.text)
    if language != hint and language in languages.available() and not extracted.located \
            and (extracted.published_from in _TEXT_DATES or stated):
        extracted = _extract(doc, ctx, language, timer)
    return extracted, language, probability


def _extract(doc: SourceDocument, ctx: Context, lang: str, timer) -> Extracted:
    try:
        with timer("decode+extract"):
            extracted = extract(doc, lang, ctx.today, all_pages=ctx.all_pages, window_end=ctx.window_end)
        wordless = _wordless(extracted.text, doc.kind)
        if wordless:  # a file refused as an empty one is (failed: its scraper wrote nothing); a record's text skipped
            raise ArticleRejected(wordless, skipped=doc.kind != "text")
        return extracted
    except ArticleRejected:
        raise
    except DecodeError as exc:
        raise ArticleRejected(str(exc)) from None
    except NotAnArticle as exc:
        raise ArticleRejected(str(exc), skipped=True) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ArticleRejected(f"cannot read: {exc}") from None


# two letters in a row: a word in any script (a lone letter, digits and punctuation are none)
_WORD = re.compile(r"[^\W\d_]{2}")


def _wordless(text: str, kind: str) -> str | None:
    """Why a document's text holds no word to store ("x", "1", "...", white space of any script), or None. Before
    (session 22), a 1-byte file, or a record whose text was, was stored as an article in language `und`; a file of
    non-ASCII white space (no-break or ideographic spaces, after a byte order mark) was skipped as `nothing left
    after removing clutter`."""
    if _WORD.search(text):
        return None
    shown = "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf"))
    what = "file" if kind == "text" else "record's text" if kind != "html" else "page's main text"
    if not shown:
        return f"empty {what} (white space only)"
    cut = shown if len(shown) <= 20 else shown[:20] + "…"
    return f"no words: the {what} is {len(shown)} character{'s' if len(shown) != 1 else ''} ({cut!r})"


def prepare(doc: SourceDocument, ctx: Context, lang: str | None = None, timer=NO_TIMER
            ) -> tuple[Extracted, str, float, clean.CleanResult]:
    """Extract, judge the language (unless `lang` is given) and clean one document."""
    extracted, language, probability = read_in_language(doc, ctx, lang, timer)
    with timer("clean"):
        cleaned = clean.clean_text(extracted.text, language, title=extracted.title,
                                   recurring=ctx.recurring.get(extracted.outlet or "", frozenset()),
                                   located=extracted.located, table_rows=extracted.table_rows)
    if cleaned.no_story:  # a home or section page saved as text: refused like its HTML would be
        raise ArticleRejected(f"not an article: {cleaned.no_story_why}", skipped=True, cleaned=cleaned)
    if cleaned.headline and not extracted.title_given:  # a whole page's headline, just above its story
        extracted = replace(extracted, title=cleaned.headline)
    if cleaned.tail_lines and not extracted.author:  # a whole page's credit right below its story
        extracted = replace(extracted, author=credited_author(cleaned.tail_lines, language))
    if cleaned.head_lines and extracted.published_from in _TEXT_DATES:
        extracted = _dated_by_headline(doc, ctx, extracted, language, cleaned.head_lines)
    return extracted, language, probability, cleaned


def _dated_by_headline(doc: SourceDocument, ctx: Context, extracted: Extracted, language: str,
                       head: tuple[str, ...]) -> Extracted:
    """A whole page's date line beside its headline (the byline's "on 16 Feb 2016 at 09:20 WIB", a
    timestamp under it) is its publication date, before a date its text states (an event's day in the
    first paragraph, the page's own date on top); read as a header is (`extract.pubdate`), within the
    bounds the text sets."""
    from .extract import reference_date
    from .extract.pubdate import stated_date
    found = stated_date(extracted.text, language, reference_date(doc, ctx.today, ctx.window_end), list(head))
    if found is None or found.how != "header":
        return extracted
    return replace(extracted, published=found.day.isoformat(), published_from="header")


def dates_and_events(body: str, published: str | None, language: str, timer=NO_TIMER
                     ) -> tuple[list[Timex], list[EventMention]]:
    """The body's date expressions, resolved against `published` (ISO; None: no document date), and the
    event mentions they date."""
    from . import dates, events  # imported where used: `triage clean` needs neither
    with timer("dates"):
        timexes = dates.tag(body, date.fromisoformat(published) if published else None, language)
    with timer("events"):
        mentions = events.extract_events(body, timexes, language)
    return timexes, mentions


def process(doc: SourceDocument, ctx: Context, timer=NO_TIMER) -> Article:
    """Run every stage on one document; raises ArticleRejected with a one-line reason."""
    extracted, language, probability, cleaned = prepare(doc, ctx, ctx.language, timer=timer)
    body = cleaned.body
    if not body.strip():
        raise ArticleRejected("nothing left after removing clutter", skipped=True)
    published = extracted.published
    timexes, mentions = dates_and_events(body, published, language, timer)
    with timer("fingerprint"):
        signature, hashes = fingerprint.sign(body, ctx.params)
        body_hash = fingerprint.body_hash(body)
        lsh_keys = fingerprint.keyed_bands(signature, ctx.params)  # the writer's work, done here (see Article)
    with timer("story terms"):
        story_terms = stories.counted_terms(extracted.title, body, mentions, language)
    return Article(
        source=doc,
        text=extracted.text,
        title=extracted.title,
        published=published,
        published_from=extracted.published_from,
        author=extracted.author,
        outlet=extracted.outlet,
        url=extracted.url,
        external_id=extracted.external_id,
        language=language,
        language_prob=probability,
        body=body,
        body_hash=body_hash,
        dropped=list(cleaned.dropped),
        repaired=extracted.repaired,
        dates=timexes,
        events=mentions,
        minhash=signature,
        shingle_hashes=hashes,
        story_terms=story_terms,
        lsh_keys=lsh_keys,
    )
