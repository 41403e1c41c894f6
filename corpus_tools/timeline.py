"""The timeline: event mentions from many articles merged into one row per event.

Pure functions over mention rows (the store supplies them). Merging rules:
- day-level mentions of one day merge when they share a label or an actor;
- coarser mentions (a week, a month, a year) support a day row inside their
  span when they share its label or at least two actor words, and otherwise
  form rows of their own;
- near-identical copies count once: support is counted over `cluster_id`
  (the kept article of a duplicate group);
- two day rows with the same label and actors within `CONFLICT_DAYS` are one
  event told with different dates: the better supported row stays, the other
  is listed in its `conflicts`.
Ranking (what `limit` keeps): a row's `support` is the number of independent
articles behind it, day-level evidence weighted above week, month and year and
report dates below events. Its `score` adds how much the day itself stood out
in the coverage, the signals date-selection work on news timelines relies on
(Tran et al. 2015; Ghalandari & Ifrim 2020): how many independent articles
mention the day, how many of those were written after it (`LATER_DAYS`: the
day was reported or recalled, not announced ahead or reported as it unfolded), and how many articles were
published that day (a burst of coverage). Each count enters as log(1 + n), so
that no single signal swamps the others; the day's share goes to its best
supported row only, so `limit` spends its rows on different days.
`benchmarks/timeline_eval.py` measures this ranking on Timeline17.
"""

from __future__ import annotations

import calendar
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, timedelta
from typing import Any, Iterable, Mapping

WEIGHTS = {"day": 1.0, "week": 0.6, "month": 0.5, "quarter": 0.3, "season": 0.3, "year": 0.2}
REPORT_WEIGHT = 0.5
LATER_DAYS = 0  # a mention written more than this many days after the day it names is a later reference
CONFLICT_DAYS = 14
SUMMARY_CHARS = 220
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class MentionRow:
    article_id: int
    cluster_id: int
    outlet: str | None
    published: str | None
    label: str
    trigger: str
    actors: tuple[str, ...]
    value: str
    granularity: str
    sentence: str
    is_report: bool = False
    title: str | None = None
    url: str | None = None

    @cached_property
    def actor_words(self) -> frozenset[str]:
        return frozenset(w.lower() for a in self.actors for w in _TOKEN.findall(a))


@dataclass
class TimelineRow:
    """One event; `add` keeps the sets that merging consults up to date (merging must stay linear)."""

    date: str
    granularity: str
    mentions: list[MentionRow] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)
    actor_words: set[str] = field(default_factory=set)
    clusters: set[int] = field(default_factory=set)
    rank: float = 0.0  # the ranking score `limit` uses (support plus the day's salience), set by build_timeline

    def add(self, mention: MentionRow) -> None:
        self.mentions.append(mention)
        self.labels.add(mention.label)
        self.actor_words |= mention.actor_words
        self.clusters.add(mention.cluster_id)

    def absorb(self, other: "TimelineRow") -> None:
        for mention in other.mentions:
            self.add(mention)

    @property
    def articles(self) -> int:
        return len(self.clusters)

    @property
    def score(self) -> float:
        best: dict[int, float] = {}
        for m in self.mentions:
            weight = WEIGHTS.get(m.granularity, 0.2) * (REPORT_WEIGHT if m.is_report else 1.0)
            best[m.cluster_id] = max(best.get(m.cluster_id, 0.0), weight)
        return sum(best.values())

    @property
    def label(self) -> str:
        """The label most independent articles give at the row's own granularity (ties: alphabetical)."""
        own = [m for m in self.mentions if m.granularity == self.granularity] or self.mentions
        clusters: dict[str, set[int]] = defaultdict(set)
        for m in own:
            clusters[m.label].add(m.cluster_id)
        return min(clusters, key=lambda label: (-len(clusters[label]), label))

    @property
    def actors(self) -> list[str]:
        counts = Counter(a for m in {m.cluster_id: m for m in self.mentions}.values() for a in m.actors)
        return [a for a, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:4]]

    @property
    def summary(self) -> str:
        label = self.label
        best = min(self.mentions, key=lambda m: (m.granularity != self.granularity, m.is_report,
                                                 m.label != label, abs(len(m.sentence) - 140)))
        text = best.sentence
        return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS - 1].rstrip() + "…"


def value_span(value: str) -> tuple[date, date] | None:
    """The days a TIMEX3 value covers: 2024-06-19, 2024-W45, 2024-06, 2024."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = date.fromisoformat(value)
            return day, day
        if match := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
            return monday, monday + timedelta(days=6)
        if match := re.fullmatch(r"(\d{4})-(\d{2})", value):
            year, month = int(match[1]), int(match[2])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if match := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            year, first = int(match[1]), 3 * int(match[2]) - 2
            return date(year, first, 1), date(year, first + 2, calendar.monthrange(year, first + 2)[1])
        if match := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
            year, first = int(match[1]), {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[match[2]]
            last = date(year + 1, 2, calendar.monthrange(year + 1, 2)[1]) if first == 12 else \
                date(year, first + 2, calendar.monthrange(year, first + 2)[1])
            return date(year, first, 1), last
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def _bound(value: str | None, end: bool) -> date | None:
    span = value_span(value) if value else None
    return (span[1] if end else span[0]) if span else None


def build_timeline(mentions: Iterable[MentionRow], *, limit: int | None = None, min_sources: int = 1,
                   date_from: str | None = None, date_to: str | None = None,
                   granularity: str | None = None, later_days: int = LATER_DAYS,
                   published: Mapping[str, int] | None = None) -> list[TimelineRow]:
    """Rows in date order; `limit` keeps the best-supported ones (see module docstring).

    `published` maps a day to the number of independent articles published on it
    (the store's `published_counts`); without it, it is counted from the mentions'
    articles, which is the same when every mention of the corpus is given.

    `granularity="day"` keeps only rows dated to the day (after coarser mentions have lent them support).
    """
    low, high = _bound(date_from, end=False), _bound(date_to, end=True)
    day_mentions: dict[str, list[MentionRow]] = defaultdict(list)
    coarse: list[MentionRow] = []
    seen_published: dict[str, set[int]] = defaultdict(set)
    for mention in mentions:
        if published is None and mention.published:
            seen_published[mention.published].add(mention.cluster_id)
        span = value_span(mention.value)
        if span is None or (low and span[1] < low) or (high and span[0] > high):
            continue
        (day_mentions[mention.value] if mention.granularity == "day" else coarse).append(mention)
    rows = [row for value, items in day_mentions.items() for row in _group_day(value, items)]
    rows += _attach_coarse(rows, coarse)
    rows = _resolve_conflicts(rows)
    rows = [row for row in rows if row.articles >= min_sources and granularity in (None, row.granularity)]
    if published is None:
        published = {day: len(clusters) for day, clusters in seen_published.items()}
    _rank(rows, day_mentions, published, later_days)
    if limit:
        rows = sorted(rows, key=lambda r: (-r.rank, -r.articles, r.date))[:limit]
    return sorted(rows, key=lambda r: (value_span(r.date)[0], r.granularity != "day", r.date, r.label))


def day_salience(mentions: list[MentionRow], published: int, later_days: int = LATER_DAYS) -> float:
    """How much one day stood out: its day-level `mentions` and the independent articles `published` on it."""
    mentioning = {m.cluster_id for m in mentions}
    later = {m.cluster_id for m in mentions if m.published and value_span(m.published)
             and (value_span(m.published)[0] - value_span(m.value)[0]).days > later_days}
    return math.log1p(len(mentioning)) + math.log1p(len(later)) + math.log1p(published)


def _rank(rows: list[TimelineRow], day_mentions: dict[str, list[MentionRow]],
          published: Mapping[str, int], later_days: int = LATER_DAYS) -> None:
    """Set each row's `rank`: log(1 + support), plus the day's salience for the day's best-supported row."""
    best: dict[str, TimelineRow] = {}
    for row in rows:
        row.rank = math.log1p(row.score)
        if row.granularity == "day" and (row.date not in best or
                                         (row.score, row.articles) > (best[row.date].score, best[row.date].articles)):
            best[row.date] = row
    for day, row in best.items():
        row.rank += day_salience(day_mentions.get(day, []), published.get(day, 0), later_days)


def _group_day(value: str, mentions: list[MentionRow]) -> list[TimelineRow]:
    """Union of mentions of one day that share a label or an actor word (indexed: linear time)."""
    parent: list[int] = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for index, mention in enumerate(mentions):
        for key in [f"label:{mention.label}", *(f"actor:{w}" for w in mention.actor_words)]:
            if key in first_with:
                parent[find(index)] = find(first_with[key])
            else:
                first_with[key] = index
    groups: dict[int, TimelineRow] = {}
    for index, mention in enumerate(mentions):
        groups.setdefault(find(index), TimelineRow(value, "day")).add(mention)
    return list(groups.values())


def _attach_coarse(day_rows: list[TimelineRow], coarse: list[MentionRow]) -> list[TimelineRow]:
    """Weeks, months and years support a day row they contain, else make rows of their own."""
    own: dict[tuple[str, str], TimelineRow] = {}
    by_label: dict[str, list[TimelineRow]] = defaultdict(list)
    by_word: dict[str, list[TimelineRow]] = defaultdict(list)
    for row in day_rows:
        for label in row.labels:
            by_label[label].append(row)
        for word in row.actor_words:
            by_word[word].append(row)
    for mention in coarse:
        start, end = value_span(mention.value)
        shared: Counter = Counter(id(r) for w in mention.actor_words for r in by_word.get(w, ()))
        pool = {id(r): r for r in by_label.get(mention.label, ())}
        pool.update({id(r): r for w in mention.actor_words for r in by_word.get(w, ()) if shared[id(r)] >= 2})
        fits = [r for r in pool.values() if start <= date.fromisoformat(r.date) <= end]
        if fits:
            max(fits, key=lambda r: (len(r.clusters), r.date)).add(mention)
            continue
        key = (mention.value, mention.label)
        own.setdefault(key, TimelineRow(mention.value, mention.granularity)).add(mention)
    return list(own.values())


def _resolve_conflicts(rows: list[TimelineRow]) -> list[TimelineRow]:
    """Same event, different days: keep the better supported row, list the other as a conflict."""
    by_label: dict[str, list[TimelineRow]] = defaultdict(list)
    for row in rows:
        if row.granularity == "day" and row.label != "report":
            by_label[row.label].append(row)
    absorbed: set[int] = set()
    for same_label in by_label.values():
        same_label.sort(key=lambda r: r.date)
        days = [date.fromisoformat(r.date) for r in same_label]
        scores = [r.score for r in same_label]
        for i in sorted(range(len(same_label)), key=lambda i: (-scores[i], same_label[i].date)):
            strong = same_label[i]
            if id(strong) in absorbed:
                continue
            j = i - 1
            while j >= 0 and (days[i] - days[j]).days <= CONFLICT_DAYS:
                _maybe_conflict(strong, same_label[j], scores[j] <= scores[i], absorbed)
                j -= 1
            j = i + 1
            while j < len(same_label) and (days[j] - days[i]).days <= CONFLICT_DAYS:
                _maybe_conflict(strong, same_label[j], scores[j] <= scores[i], absorbed)
                j += 1
    return [r for r in rows if id(r) not in absorbed]


def _maybe_conflict(strong: TimelineRow, weak: TimelineRow, weaker: bool, absorbed: set[int]) -> None:
    if not weaker or id(weak) in absorbed or weak.date == strong.date:
        return
    if len(weak.actor_words & strong.actor_words) >= 2 and not (weak.clusters & strong.clusters):
        strong.conflicts.append({"date": weak.date, "articles": weak.articles,
                                 "outlets": sorted({m.outlet or "?" for m in weak.mentions}),
                                 "sentence": weak.summary})
        absorbed.add(id(weak))


def mention_rows(rows: Iterable[dict[str, Any]]) -> list[MentionRow]:
    """MentionRows from the store's `event_mentions` dicts."""
    fields = MentionRow.__dataclass_fields__
    return [MentionRow(**{k: v for k, v in row.items() if k in fields}) for row in rows]


def row_as_dict(row: TimelineRow) -> dict[str, Any]:
    sources, seen = [], set()
    for m in sorted(row.mentions, key=lambda m: (m.granularity != row.granularity, m.article_id)):
        if m.article_id in seen:
            continue
        seen.add(m.article_id)
        sources.append({"article": m.article_id, "kept": m.cluster_id, "outlet": m.outlet,
                        "published": m.published, "title": m.title, "url": m.url, "sentence": m.sentence})
    return {"date": row.date, "granularity": row.granularity, "label": row.label, "actors": row.actors,
            "summary": row.summary, "articles": row.articles, "support": round(row.score, 2), "score": round(row.rank, 3),
            "sources": sources, "conflicts": row.conflicts}


CANDIDATES_PER_ROW = 4  # day values fetched per requested row when --limit bounds the work


def timeline_from_store(store, *, query: str | None = None, date_from: str | None = None,
                        date_to: str | None = None, language: str | None = None, article_id: int | None = None,
                        limit: int | None = None, min_sources: int = 1,
                        granularity: str | None = None) -> list[TimelineRow]:
    """The timeline of what the store holds (`store` is a corpus_tools.store.Store).

    With a `limit`, only the event dates most articles report are read — the top
    CANDIDATES_PER_ROW × limit days, the weeks, months and years that contain
    them, and the best-supported coarser dates — so that a big store answers in
    time proportional to the limit, not to the corpus.
    """
    filters = dict(query=query, date_from=date_from, date_to=date_to, language=language, article_id=article_id)
    values = None
    if limit:
        days = store.top_event_values(CANDIDATES_PER_ROW * limit + 20, day_level=True, **filters)
        containers = set()
        for day in days:
            parsed = date.fromisoformat(day)
            year, week, _ = parsed.isocalendar()
            containers |= {day[:7], day[:4], f"{year}-W{week:02d}"}
        coarse = store.top_event_values(2 * limit + 10, day_level=False, **filters)
        values = sorted(set(days) | containers | set(coarse))
    mentions = mention_rows(store.event_mentions(values=values, **filters))
    published = None  # counted from the mentions read, unless the store can count every article
    if hasattr(store, "published_counts"):
        published = store.published_counts(query=query, language=language, article_id=article_id)
    return build_timeline(mentions, limit=limit, min_sources=min_sources, date_from=date_from, date_to=date_to,
                          granularity=granularity, published=published)
