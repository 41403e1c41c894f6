"""Stories: articles grouped by content into one news story across outlets and days.

Streaming clustering after Miranda et al. (2018, "Multilingual clustering of
streaming news"): each story keeps a centroid (the sum of its articles' unit
TF-IDF vectors, its strongest CENTROID_TERMS terms kept); a new article is
compared with the stories active within WINDOW_DAYS of its date, joins the most
similar one when the cosine reaches THRESHOLD, else starts a story of its own.
A cron run therefore adds to the stories earlier runs made, and a story's id
never changes.

The article is compared through its known terms only: the terms some earlier
article of the store used. A word no stored article has (a name first seen, a
rare turn of phrase) cannot be in any story's centroid; left in, it only adds to
the article's norm, so that a long article rich in words of its own reads as far
from its story however many of the story's words it shares. Its full vector is
what goes into the centroid: a later article that shares the word meets it there.

The vector covers what says what a story is about: the title (counted twice),
the lead (the first LEAD_CHARS of the cleaned body) and the names the events
stage found (each multi-word name also as one term, "vladimir putin").
Tokenising is scikit-learn's word analyzer (`CountVectorizer.build_analyzer`, with
the language file's stopwords), reproduced in `_analyzer` because importing
scikit-learn takes seconds; the weighting is done here because scikit-learn's
TfidfVectorizer needs the whole corpus up front: the document frequencies live
in the store and grow with it, so the IDF of a term is the same for every run
that reads the same store.

Cost does not grow with the store: the candidates come from an inverted index
on each story's top INDEX_TERMS terms, restricted by the story's last date
(an index range), looked up with the article's QUERY_TERMS strongest terms and
capped at MAX_CANDIDATES; no article is compared with all others.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date, timedelta
from functools import cache, lru_cache
from itertools import repeat
from operator import mul, neg
from typing import TYPE_CHECKING, Any, Callable, Iterable

from . import languages
from .record import Article

if TYPE_CHECKING:  # annotations only: the pipeline's workers import this module and never open a store
    from .store import Store

WINDOW_DAYS = 30  # a story is active while its last article is at most this old
THRESHOLD = 0.1  # cosine of the known terms to the centroid an article needs to join a story
UNDATED_THRESHOLD = 0.3  # ... when the article has no date: the time window does not narrow its candidates
KNOWN_FLOOR = 0.5  # the least norm the known terms are divided by (1: no renormalising)
LEAD_CHARS = 1500
CENTROID_TERMS = 100
INDEX_TERMS = 40
QUERY_TERMS = 30
QUERY_REPEATED = 20  # ... and its this many most repeated known terms (what the article is about)
MAX_CANDIDATES = 12
LINK_DAYS = 365  # a quiet story still takes an article this long after its last one ...
LINK_THRESHOLD = 0.3  # ... when the article is at least this close to it
MERGE_THRESHOLD = 0.15  # stories whose centroids are this close (met through one article) become one ...
MERGE_DAYS = 7  # ... when they ran at the same time: their spans come within this many days of each other
TITLE_WEIGHT = 2
DIFFUSE = 0.25  # a story whose articles are on average less close than this to its centroid (its cohesion) ...
DIFFUSE_FLOOR = 0.6  # ... is joined at a threshold lowered in proportion, to this share of it at the least
PRUNE_MARGIN = 30  # days below the link window of a batch's oldest article that the term index keeps (`prune_index`)


TOKEN_PATTERN = r"(?u)\b[^\W\d_][\w'-]+\b"


@cache
def _analyzer(lang: str) -> Callable[[str], list[str]]:
    """scikit-learn's word analyzer (`CountVectorizer(lowercase=True, stop_words=…, token_pattern=…)
    .build_analyzer()`): lowercase, the token pattern's matches, stopwords removed. Written out here
    because importing scikit-learn costs seconds (scipy) and the timeline runs this for every mention;
    tests/test_stories.py checks that the two agree. The words of event sentences are stored made by it
    (migration 0020) under `timeline.terms_key`, a hash of TOKEN_PATTERN and the language files: a change
    here that alters the words otherwise must change that key too, or stores keep words made the old way."""
    stop = frozenset(languages.section(lang, "stopwords").get("words", "").split())
    findall = re.compile(TOKEN_PATTERN).findall

    def analyze(text: str) -> list[str]:
        return [t for t in findall(text.lower()) if t not in stop]
    return analyze


def term_counts(title: str | None, body: str, names: Iterable[str], lang: str) -> Counter:
    """Raw term counts of title (×TITLE_WEIGHT), lead and names."""
    analyze = _analyzer(lang)
    counts: Counter = Counter()
    for _ in range(TITLE_WEIGHT):
        counts.update(analyze(title or ""))
    counts.update(analyze(body[:LEAD_CHARS]))
    for name in dict.fromkeys(names):  # in the order given: a set's order changes with the hash seed
        words = analyze(name)
        if len(words) > 1:
            counts[" ".join(words)] += 1
    return counts


def counted_terms(title: str | None, body: str, events: Iterable, lang: str) -> tuple[tuple, dict[str, int]]:
    """`term_counts` of a title, body and the names of its event mentions, with what they were counted from:
    the pipeline counts them in the worker (`Article.story_terms`), so that the writer, which places articles
    one at a time, does not (`article_terms`). A plain dict: a Counter costs the writer more to unpickle."""
    names = tuple(a for e in events for a in e.actors)
    return (title, body, lang, names), dict(term_counts(title, body, names, lang))


def article_terms(article: Article) -> dict[str, int]:
    """The article's `term_counts`: those the pipeline counted (`counted_terms`) while the article holds the
    title, body, language and event names they were counted from (the same objects, as a process's result
    arrives: an O(1) comparison), else counted here."""
    names = tuple(a for e in article.events for a in e.actors)
    counted = article.story_terms
    if counted is not None and counted[0] == (article.title, article.body, article.language, names):
        return counted[1]
    return term_counts(article.title, article.body, names, article.language)


def weigh(counts: dict[str, int], documents: int, df: dict[str, int], extra: int = 0) -> dict[str, float]:
    """Unit TF-IDF vector: sublinear tf, smoothed idf (scikit-learn's formula) from the store's counts, each
    count in `df` raised by `extra` (the article itself, when it is counted in). Each distinct count's tf and
    each distinct document frequency's idf is computed once: most of an article's terms share a handful."""
    tfs = list(map(sublinear, counts.values()))
    idf: dict[int, float] = {}
    weights = []
    for found in map(df.get, counts, repeat(0)):
        found += extra
        value = idf.get(found)
        if value is None:
            value = idf[found] = math.log((1 + documents) / (1 + found)) + 1
        weights.append(value)
    values = list(map(mul, tfs, weights))
    norm = math.sqrt(sum(map(mul, values, values))) or 1.0
    return dict(zip(counts, [v / norm for v in values]))


def cosine(vector: dict[str, float], centroid: dict[str, float], norm: float | None = None) -> float:
    """Cosine of a unit `vector` and a centroid (whose norm may be given)."""
    norm = norm or math.sqrt(sum(v * v for v in centroid.values()))
    if not norm:
        return 0.0
    small, large = (vector, centroid) if len(vector) < len(centroid) else (centroid, vector)
    # sum(v * large.get(t, 0.0) for t, v in small.items()), the same products added in the same order
    return sum(map(mul, small.values(), map(large.get, small, repeat(0.0)))) / norm


def _top(vector: dict[str, float], n: int) -> list[str]:
    """The `n` strongest terms, strongest first (ties: in term order). `sorted(...)[:n]` is what
    `heapq.nsmallest(n, ...)` is documented to equal (the terms are distinct: no two items tie), and on a
    vector of some 80 terms the C sort costs less than nsmallest's Python loop (the writer calls this three
    times an article)."""
    return [t for _, t in sorted(zip(map(neg, vector.values()), vector))[:n]]


def article_vector(store: Store, article: Article, count: bool = True
                   ) -> tuple[dict[str, float], dict[str, float], dict[str, int]]:
    """The article's unit TF-IDF vector against the store's document frequencies (counted in if `count`),
    the same restricted to its known terms (those an earlier article used) and made a unit vector again, and
    its raw term counts."""
    counts = article_terms(article)
    terms = list(counts)
    documents, df = store.document_frequencies(terms)
    if count:
        store.count_terms(terms)
    vector = weigh(counts, documents + int(count), df, int(count))
    return vector, known_terms(vector, df), counts


def known_terms(vector: dict[str, float], df: dict[str, int]) -> dict[str, float]:
    """`vector` restricted to the terms with a document frequency (before this article), divided by their norm
    or KNOWN_FLOOR, whichever is larger: an article of which little is known is not judged by those few words
    alone. `vector` itself when no term is known (a first article: nothing to compare with anyway)."""
    known = {t: v for t, v in vector.items() if df.get(t, 0) > 0}
    norm = max(math.sqrt(sum(v * v for v in known.values())), KNOWN_FLOOR)
    return {t: v / norm for t, v in known.items()} if known else vector


def assign(store: Store, article_id: int, article: Article, today: date, *, new: bool = False,
           copy: bool = True) -> int:
    """Put a stored article into a story (the kept article's, for a copy); returns the story id.

    `new`: the article's row was created by this writer's open batch (it has no story yet), and `copy` is
    what `dedup.assign` answered for it: a new article that is no copy points at no kept article, so the
    store is not asked for either story. The same result either way."""
    current = store.article_story(article_id) if not new else None
    if current is not None:
        return current  # stable: an article stays in its story when its file is ingested again
    day = article.published or today.isoformat()
    kept = store.kept_story(article_id) if not new or copy else None
    vector, probe, counts = article_vector(store, article, count=kept is None)
    candidates: dict[int, dict[str, Any]] = {}
    close: set[int] = set()
    if kept is not None:
        story_id = kept
    else:
        story_id, candidates, close = best_story(store, probe, day,
                                                 THRESHOLD if article.published else UNDATED_THRESHOLD,
                                                 query_terms(probe, counts))
    stored = store.story_centroids([story_id]).get(story_id) if story_id is not None else None
    if stored is None:
        story_id = store.save_story(None, first_date=day, last_date=day, articles=1,
                                    centroid=_rounded(vector), title=article.title, title_score=0.0,
                                    top_terms=_top(vector, INDEX_TERMS))
    else:
        centroid = Counter(stored["centroid"])
        if kept is None:
            centroid.update(vector)
        first, last = _dates_with(stored, story_id, day, article.published is not None, store)
        story = dict(stored, centroid=dict(centroid), first_date=first, last_date=last, articles=stored["articles"] + 1,
                     title=stored["title"] or article.title)
        merged = _merge_alike(story_id, story, candidates, close, store, span=stored)
        if merged:
            story_id, story = merged
        _save(store, story_id, story, None if merged else stored)
    store.set_article_story(article_id, story_id)
    return story_id


def release(store: Store, updated: Iterable[tuple[dict[str, Any], Article]], removed: Iterable[dict[str, Any]],
            today: date) -> None:
    """Take out of their stories the articles whose content changed and those about to be removed, before a
    batch is placed (`ingest._settle`): each story left is made again from the articles still in it
    (`_rebuild`), or emptied when none is; each article leaves the document frequencies it was counted in.
    An updated article is then placed by `assign` as a new one would be. `updated`: (what the stored article
    was, `Store.story_contents`; the article now); one whose story terms and date did not change keeps its
    story. `removed`: `story_contents` of stored articles about to be deleted."""
    leaving = [old for old, article in updated if old["published"] != article.published or
               _old_counts(old) != article_terms(article)]
    leaving += [old for old in removed if old["story_id"] is not None]
    touched: dict[int, bool] = {}  # story → whether a dated article left it
    for old in leaving:
        if old["duplicate_of"] is None:  # counted in when it was placed (a copy joins its kept article's story uncounted)
            store.uncount_terms(list(_old_counts(old)))
        store.set_article_story(old["id"], None)
        touched[old["story_id"]] = touched.get(old["story_id"], False) or old["published"] is not None
    for story_id in sorted(touched):
        _rebuild(store, story_id, touched[story_id], today)


def _old_counts(old: dict[str, Any]) -> dict[str, int]:
    """`term_counts` of a stored article (`Store.story_contents`), counted once."""
    counts = old.get("counts")
    if counts is None:
        counts = old["counts"] = dict(term_counts(old["title"], old["body"] or "", old["names"],
                                                  old["language"] or "und"))
    return counts


def _rebuild(store: Store, story_id: int, dated_left: bool, today: date) -> None:
    """A story some articles left, made again from those still in it: its centroid the sum of their unit vectors
    (a copy of one of them counts in its articles, not its centroid, as when it joined), weighed against the
    store's document frequencies now; its dates those of its dated articles (when a dated one left: else they
    stand), the run's day when none is (as for a story begun by an undated article); its title its first
    article's. Emptied when no article is left in it (`Store.empty_story`)."""
    ids = store.story_article_ids(story_id)
    if not ids:
        store.empty_story(story_id)
        return
    stored = store.story_centroids([story_id])[story_id]
    rows = store.story_contents(ids)
    members = set(ids)
    counted = [_old_counts(row) for row in rows if row["duplicate_of"] not in members]
    documents, df = store.document_frequencies(sorted({t for counts in counted for t in counts}))
    centroid: Counter = Counter()
    for counts in counted:
        centroid.update(weigh(counts, documents, df))
    first, last = stored["first_date"], stored["last_date"]
    if dated_left:
        days = [row["published"] for row in rows if row["published"]]
        first, last = (min(days), max(days)) if days else (today.isoformat(), today.isoformat())
    title = next((row["title"] for row in rows if row["title"]), None)
    _save(store, story_id, dict(stored, centroid=dict(centroid), first_date=first, last_date=last,
                                articles=len(ids), title=title), stored)


def _dates_with(stored: dict[str, Any], story_id: int, day: str, dated: bool, store: Store) -> tuple[str, str]:
    """A story's first and last dates once an article of `day` joins it. An undated article (`day` is the day
    of the run) leaves them alone, and the first dated article of a story begun by undated ones replaces them:
    dated by the day of a run, a years-old story would stay active for every article after it and gather
    unrelated ones (a catch-all story)."""
    if not dated:
        return stored["first_date"], stored["last_date"]
    if stored["first_date"] == stored["last_date"] != day and not store.story_has_dated_article(story_id):
        return day, day
    return min(stored["first_date"], day), max(stored["last_date"], day)


def _save(store: Store, story_id: int, story: dict[str, Any], before: dict[str, Any] | None) -> None:
    """Write a story's new state: its centroid cut to CENTROID_TERMS, reindexed if its top terms or last date moved."""
    centroid = dict(sorted(story["centroid"].items(), key=lambda kv: -kv[1])[:CENTROID_TERMS])
    top = _top(centroid, INDEX_TERMS)
    reindex = before is None or story["last_date"] != before["last_date"] or \
        set(top) != set(_top(before["centroid"], INDEX_TERMS))
    store.save_story(story_id, first_date=story["first_date"], last_date=story["last_date"],
                     articles=story["articles"], centroid=_rounded(centroid), title=story["title"],
                     title_score=story["title_score"], top_terms=top, reindex=reindex)


def _merge_alike(story_id: int, story: dict[str, Any], candidates: dict[int, dict[str, Any]], close: set[int],
                 store, span: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
    """Merge into one the story an article joined and the candidates whose centroid is as close as
    MERGE_THRESHOLD to it and that ran at the same time (two stories begun apart that turned out to tell
    one news); the oldest id stays. "At the same time": the candidate's first to last date comes within
    MERGE_DAYS of the joined story's `span` as it was before the article (and of the stories merged with it):
    the article itself, which may reach a story quiet for months (LINK_DAYS), does not make them concurrent.
    Only the candidates `close` to the article itself (cosine ≥ its joining threshold) are compared: the
    article ties them. For a diffuse joined story MERGE_THRESHOLD is lowered as the joining threshold is
    (`_threshold`): its own articles' centroids are that far from its own.
    Returns the merged story's id and state, None when nothing merged."""
    merged, unit, members = False, None, {story_id}
    for other_id, other in sorted(candidates.items(), key=lambda kv: kv[0]):
        if other_id in members or other_id not in close or not _near_in_time(span, other, MERGE_DAYS):
            continue
        if unit is None:
            norm = math.sqrt(sum(v * v for v in story["centroid"].values())) or 1.0
            unit = {t: v / norm for t, v in story["centroid"].items()}
            needed = _threshold(dict(story, norm=norm), MERGE_THRESHOLD)  # lower for a diffuse story
        if cosine(unit, other["centroid"], other["norm"]) < needed:
            continue
        keep, gone = (other_id, story_id) if other_id < story_id else (story_id, other_id)
        centroid = Counter(story["centroid"])
        centroid.update(other["centroid"])
        first = other if keep == other_id else story
        story = dict(first, id=keep, centroid=dict(centroid),
                     first_date=min(story["first_date"], other["first_date"]),
                     last_date=max(story["last_date"], other["last_date"]),
                     articles=story["articles"] + other["articles"])
        store.merge_story(gone, keep)
        story_id, merged, unit = keep, True, None
        span = {"first_date": min(span["first_date"], other["first_date"]),
                "last_date": max(span["last_date"], other["last_date"])}
        members.add(other_id)
    return (story_id, story) if merged else None


def _near_in_time(a: dict[str, Any], b: dict[str, Any], days: int) -> bool:
    """The two stories' spans (first to last date) come within `days` of each other."""
    try:
        gap = max(date.fromisoformat(b["first_date"]) - date.fromisoformat(a["last_date"]),
                  date.fromisoformat(a["first_date"]) - date.fromisoformat(b["last_date"]))
    except ValueError:
        return False
    return gap.days <= days


def query_terms(probe: dict[str, float], counts: dict[str, int]) -> list[str]:
    """The terms a story is looked up by: the QUERY_TERMS strongest of the article's known terms (the rarest:
    a name two articles share) and its QUERY_REPEATED most repeated ones (ties: the stronger). The strongest
    alone miss a long story: its index holds the words its articles share (a country, its capital), which
    in each article weigh less than that article's own rare words."""
    strongest = _top(probe, QUERY_TERMS)
    # heapq.nsmallest(QUERY_REPEATED, probe, key=lambda t: (-counts[t], -probe[t], t)), on the keys themselves,
    # as the sort it equals (see `_top`)
    repeated = [t for _, _, t in sorted(zip(map(neg, map(counts.__getitem__, probe)),
                                            map(neg, probe.values()), probe))[:QUERY_REPEATED]]
    return list(dict.fromkeys(strongest + repeated))


def _shifted(when: date, days: int) -> str:
    """`when` moved by `days`, as ISO text; the calendar's first or last day past its ends (a record dated
    9999-12-31, a common "no date", must not stop the run)."""
    try:
        return (when + timedelta(days=days)).isoformat()
    except OverflowError:
        return (date.max if days > 0 else date.min).isoformat()


def best_story(store: Store, vector: dict[str, float], day: str, threshold: float = THRESHOLD,
               terms: list[str] | None = None) -> tuple[int | None, dict[int, dict[str, Any]], set[int]]:
    """The story most similar to `vector` among those active (`threshold`) or quiet for less than
    LINK_DAYS (LINK_THRESHOLD), every candidate read (with its centroid), and those at least `threshold` close.
    An undated article (dated today) is held to UNDATED_THRESHOLD: its date says nothing about its story."""
    try:
        when = date.fromisoformat(day)
    except ValueError:
        return None, {}, set()
    since, active, until = _shifted(when, -LINK_DAYS), _shifted(when, -WINDOW_DAYS), _shifted(when, WINDOW_DAYS)
    candidates = store.story_candidates(terms or _top(vector, QUERY_TERMS), since, MAX_CANDIDATES)
    best, best_score, close = None, 0.0, set()
    read = store.story_centroids(candidates)
    for story_id, story in read.items():
        if story["first_date"] > until:
            continue  # a story that began after this article's window
        score = cosine(vector, story["centroid"], story["norm"])
        needed = _threshold(story, threshold)
        if score >= needed:
            close.add(story_id)
        if score >= (needed if story["last_date"] >= active else max(needed, LINK_THRESHOLD)) \
                and score >= best_score:
            best, best_score = story_id, score
    return best, read, close


def prune_index(store: Store, days: Iterable[str]) -> int:
    """After a batch (its articles' dates or ingest days, `days`): the term index keeps the stories an article as
    old as the batch's oldest could look up (LINK_DAYS) and PRUNE_MARGIN days more, so that the next batches,
    most often no older, find them there; the rows of the stories quiet for longer move to a cold table
    (`Store.prune_story_terms`), where a lookup that reaches below that horizon (an older article) finds them
    again: every lookup returns what it would without pruning. Returns the stories moved."""
    oldest = None
    for day in days:
        try:
            when = date.fromisoformat(day)
        except (TypeError, ValueError):
            continue  # `best_story` looks nothing up for it
        oldest = when if oldest is None else min(oldest, when)
    if oldest is None:
        return 0
    return store.prune_story_terms(_shifted(oldest, -(LINK_DAYS + PRUNE_MARGIN)))


def _threshold(story: dict[str, Any], threshold: float) -> float:
    """The cosine an article needs to join `story`: `threshold`, lowered for a diffuse story (one told over
    many articles that each share only part of its words) in proportion to its cohesion below DIFFUSE —
    the mean cosine of its articles to its centroid (the centroid's norm over its articles: it sums their
    unit vectors) — and never below DIFFUSE_FLOOR of `threshold`."""
    if not DIFFUSE or not story["norm"]:
        return threshold
    cohesion = story["norm"] / story["articles"]
    return threshold * min(1.0, max(DIFFUSE_FLOOR, cohesion / DIFFUSE))


def _rounded(vector: dict[str, float]) -> dict[str, float]:
    return dict(zip(vector, map(round, vector.values(), repeat(4))))  # {t: round(v, 4) for t, v in …}


def _full_date(value: str | None, end: bool) -> str | None:
    if not value:
        return None
    if len(value) == 4:
        return value + ("-12-31" if end else "-01-01")
    if len(value) == 7:
        return value + ("-31" if end else "-01")
    return value


def list_stories(store: Store, *, date_from: str | None = None, date_to: str | None = None, query: str | None = None,
                 min_articles: int = 1, terms: int = 6) -> list[dict[str, Any]]:
    """Stories for people: id, first and last date, independent articles, outlets, central headline, top terms."""
    rows = store.list_stories(date_from=_full_date(date_from, False), date_to=_full_date(date_to, True),
                              query=query, min_articles=min_articles)
    out = []
    titles = store.stories_titles([row["id"] for row in rows])
    for row in rows:
        if not row.pop("dated"):  # its dates are days of runs, which date no story
            row["first_date"] = row["last_date"] = None
        centroid = row.pop("centroid")
        row["title"] = central_title(store, row["id"], centroid, titles[row["id"]]) or row["title"]
        row["terms"] = _top(centroid, terms)
        out.append(row)
    return out


def current_story(store: Store, story_id: int) -> int | None:
    """The story `story_id` is now: itself, or the story it was merged into since its id was noted; None when
    the store holds no such story."""
    root = store.story_root(story_id)
    return root if store.story_centroids([root]) else None


HEADING_TERMS = 4  # a story without a headline is named by this many of its terms


def story_headlines(store: Store, story_ids: Iterable[int]) -> dict[int, str]:
    """The headline `list_stories` gives each of `story_ids` (`central_title`, else the stored title): what the
    timeline's page titles its story groups with, the same as `triage stories` prints. A story none of whose
    articles has a headline (records of text alone) is named by its strongest terms, the first of those
    `triage stories` lists, "amman, jordanian, belt, detonated": its id alone tells a reader nothing."""
    out = {}
    centroids = store.story_centroids(sorted(set(story_ids)))
    titles = store.stories_titles(list(centroids))
    for story_id, story in centroids.items():
        title = central_title(store, story_id, story["centroid"], titles[story_id]) or story["title"]
        named = title or ", ".join(_top(story["centroid"], HEADING_TERMS))
        if named:
            out[story_id] = named
    return out


HEADLINE_WORDS = 20  # a "headline" of more words is a standfirst or a review's blurb read as one


def central_title(store: Store, story_id: int, centroid: dict[str, float],
                  titles: list[tuple[str, str]] | None = None) -> str | None:
    """The headline closest to the story's centroid (ties: the earliest article); `titles`: the story's
    (title, language) pairs when already read (`Store.stories_titles` reads many stories' at once).
    One of more than HEADLINE_WORDS words is a standfirst or a review's blurb taken for a headline ("Ewen
    MacAskill explores two very different angles on the war in Iraq with … ?"): it names the story only
    when no headline of the story is shorter, whatever its score.

    The centroid's norm is computed once, not once a headline (`cosine`'s own expression, so the same
    float), and a headline met again (copies, series) is not weighed again: its score is the same, and
    only a higher one replaces the best (issue 13: `triage stories` on a 100k store weighed 34k headlines
    against 300 centroids, 2.1 of its 2.4 s)."""
    best, best_score = None, (False, -1.0)
    norm = math.sqrt(sum(v * v for v in centroid.values()))
    seen: set[tuple[str, str | None]] = set()
    for title, lang in store.stories_titles([story_id])[story_id] if titles is None else titles:
        if (title, lang) in seen:
            continue
        seen.add((title, lang))
        counts = Counter(_analyzer(lang or "und")(title))
        score = (len(title.split()) <= HEADLINE_WORDS,
                 cosine({t: 1 + math.log(n) for t, n in counts.items()}, centroid, norm) /
                 (math.sqrt(sum((1 + math.log(n)) ** 2 for n in counts.values())) or 1.0))
        if score > best_score:
            best, best_score = title, score
    return best


def text_vector(texts: Iterable[str], lang: str) -> Counter:
    """Plain sublinear term weights of some sentences (for comparing rows and sentences of one timeline)."""
    counts: Counter = Counter()
    analyze = _analyzer(lang)
    for text in texts:
        counts.update(analyze(text))
    return Counter({t: sublinear(n) for t, n in counts.items()})


@lru_cache(maxsize=256)
def sublinear(count: int) -> float:
    """`text_vector`'s weight of a term found `count` times: 1 + log(count) (one float per count)."""
    return 1 + math.log(count)

