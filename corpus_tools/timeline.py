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
Ranking: support is the number of independent articles, day-level evidence
weighted above week, month and year, and report dates below events.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable

WEIGHTS = {"day": 1.0, "week": 0.6, "month": 0.5, "quarter": 0.3, "season": 0.3, "year": 0.2}
REPORT_WEIGHT = 0.5
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

    @property
    def actor_words(self) -> frozenset[str]:
        return frozenset(w.lower() for a in self.actors for w in _TOKEN.findall(a))


@dataclass
class TimelineRow:
    date: str
    granularity: str
    mentions: list[MentionRow] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def clusters(self) -> set[int]:
        return {m.cluster_id for m in self.mentions}

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
        best = min(self.mentions, key=lambda m: (m.granularity != self.granularity, m.is_report,
                                                 m.label != self.label, abs(len(m.sentence) - 140)))
        text = best.sentence
        return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS - 1].rstrip() + "…"

    @property
    def actor_words(self) -> frozenset[str]:
        return frozenset().union(*(m.actor_words for m in self.mentions))


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
                   granularity: str | None = None) -> list[TimelineRow]:
    """Rows in date order; `limit` keeps the best-supported ones (see module docstring).

    `granularity="day"` keeps only rows dated to the day (after coarser mentions have lent them support).
    """
    low, high = _bound(date_from, end=False), _bound(date_to, end=True)
    day_mentions: dict[str, list[MentionRow]] = defaultdict(list)
    coarse: list[MentionRow] = []
    for mention in mentions:
        span = value_span(mention.value)
        if span is None or (low and span[1] < low) or (high and span[0] > high):
            continue
        (day_mentions[mention.value] if mention.granularity == "day" else coarse).append(mention)
    rows = [row for value, items in day_mentions.items() for row in _group_day(value, items)]
    rows += _attach_coarse(rows, coarse)
    rows = _resolve_conflicts(rows)
    rows = [row for row in rows if row.articles >= min_sources and granularity in (None, row.granularity)]
    if limit is not None:
        rows = sorted(rows, key=lambda r: (-r.score, -r.articles, r.date))[:limit]
    return sorted(rows, key=lambda r: (value_span(r.date)[0], r.granularity != "day", r.date, r.label))


def _group_day(value: str, mentions: list[MentionRow]) -> list[TimelineRow]:
    """Union of mentions of one day that share a label or an actor word."""
    groups: list[TimelineRow] = []
    for mention in mentions:
        home = [g for g in groups if any(m.label == mention.label for m in g.mentions)
                or (g.actor_words & mention.actor_words)]
        if not home:
            groups.append(TimelineRow(value, "day", [mention]))
            continue
        first, *others = home
        first.mentions.append(mention)
        for other in others:  # the new mention bridges groups
            first.mentions.extend(other.mentions)
            groups.remove(other)
    return groups


def _attach_coarse(day_rows: list[TimelineRow], coarse: list[MentionRow]) -> list[TimelineRow]:
    """Weeks, months and years support a day row they contain, else make rows of their own."""
    own: dict[tuple[str, str], TimelineRow] = {}
    for mention in coarse:
        start, end = value_span(mention.value)
        fits = [r for r in day_rows if start <= date.fromisoformat(r.date) <= end
                and (r.label == mention.label or len(r.actor_words & mention.actor_words) >= 2)]
        if fits:
            max(fits, key=lambda r: (r.score, r.date)).mentions.append(mention)
            continue
        key = (mention.value, mention.label)
        own.setdefault(key, TimelineRow(mention.value, mention.granularity)).mentions.append(mention)
    return list(own.values())


def _resolve_conflicts(rows: list[TimelineRow]) -> list[TimelineRow]:
    """Same event, different days: keep the better supported row, list the other as a conflict."""
    days = sorted((r for r in rows if r.granularity == "day" and r.label != "report"),
                  key=lambda r: (-r.score, r.date))
    absorbed: set[int] = set()
    for index, strong in enumerate(days):
        if id(strong) in absorbed:
            continue
        for weak in days[index + 1:]:
            if id(weak) in absorbed or weak.label != strong.label:
                continue
            gap = abs((date.fromisoformat(weak.date) - date.fromisoformat(strong.date)).days)
            if 0 < gap <= CONFLICT_DAYS and len(weak.actor_words & strong.actor_words) >= 2 \
                    and not (weak.clusters & strong.clusters):
                strong.conflicts.append({"date": weak.date, "articles": weak.articles,
                                         "outlets": sorted({m.outlet or "?" for m in weak.mentions}),
                                         "sentence": weak.summary})
                absorbed.add(id(weak))
    return [r for r in rows if id(r) not in absorbed]


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
                        "published": m.published, "sentence": m.sentence})
    return {"date": row.date, "granularity": row.granularity, "label": row.label, "actors": row.actors,
            "summary": row.summary, "articles": row.articles, "support": round(row.score, 2),
            "sources": sources, "conflicts": row.conflicts}
