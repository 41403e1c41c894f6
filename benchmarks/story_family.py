"""A story's family: which other stories a `--story` timeline could take rows from, and at what cost (issue 17).

Run: `PYTHONPATH=. python -m benchmarks.story_family [--cache FILE]` (the cache is stories_eval's; development topics
only: the held-out topic is neither processed nor stored).

The development topics and the Detik sample are stored as `stories_eval --dev` stores them. For each topic's main
story M (the story holding most of the topic), printed:

- the gold days that only the topic's *other* stories give a day row (date_features' "a row of the topic's other
  articles"), and for each story holding one: its size, the cosine of its centroid to M's (unit vectors) and the best
  cosine of one of its articles (known terms, against the store's frequencies now) to M's centroid, beside the cosine
  M's own joining rule asks of an article (`stories._threshold`): what any link by content would have to reach;
- M's **family** by each signal below, at a few values: the `--story` date F1 (top-L days of the gold range, as
  stories_eval) of one timeline built from M's mentions and the family's (publication counts of all of them), the
  stories added and how many of their articles are of another topic or the Detik sample;
- the same signals with each Detik story as M: how many of the 875 get a family, the largest, and the titles of the
  three largest. The Detik sample is one outlet's mixed news: a family there is a family of unrelated news unless
  its titles tell one story; the benchmark cannot label them, a reader does.

Signals (S: another story whose first-to-last dates overlap M's, widened by `stories.WINDOW_DAYS` either side:
the days in which M is open to an article):

- `centroid t`: cosine of S's centroid to M's ≥ t (twenty-first round: it gathered unrelated Detik news);
- `article f, share q`: a share ≥ q of S's articles is at least f × M's joining threshold close to M's centroid
  (f 1: each would have joined M by M's own rule, had S not been closer or M not among its candidates);
- `names t`: a share ≥ half of S's articles, restricted to their multi-word names (terms holding a space: the names
  the events stage found), at cosine ≥ t to M's centroid restricted the same way.

Labels come from the data (the Timeline17 folder an article came from) and the gold files; no rule of corpus_tools
reads them. Nothing here is used by `triage`.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import tempfile
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

from corpus_tools import stories
from corpus_tools.store import Store
from corpus_tools.timeline import build_timeline, mention_rows

from .stories_eval import HELD_OUT, TOPICS, _main_story, fill, prf, processed, topic_sources

SIGNALS = (("centroid", 0.1), ("centroid", 0.05), ("centroid", 0.03),
           ("article", (1.0, 1.0)), ("article", (1.0, 0.5)), ("article", (0.75, 0.5)),
           ("names", 0.5), ("names", 0.3), ("names", 0.1),
           ("article+names", ((1.0, 0.5), 0.1)), ("article+names", ((0.75, 0.5), 0.1)),
           ("article+names", ((0.5, 0.5), 0.1)),
           ("title", (2, 0.01)), ("title", (2, 0.05)), ("title", (1, 0.01)))


def _shifted(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    small, large = (a, b) if len(a) < len(b) else (b, a)
    return sum(v * large.get(t, 0.0) for t, v in small.items())


def _names(vector: dict[str, float]) -> dict[str, float]:
    return _unit({t: v for t, v in vector.items() if " " in t})


class Families:
    """The stored stories, their articles' known-term vectors, and the families of a story by each signal."""

    def __init__(self, store: Store, items: list, label_of: dict[int, str]) -> None:
        self.store, self.label_of = store, label_of
        articles = store.list_articles()
        self.published = {a["id"]: a["published"] for a in articles}
        self.kept = {a["id"]: a["duplicate_of"] or a["id"] for a in articles}
        self.members: dict[int, list[int]] = defaultdict(list)
        for a in articles:
            self.members[store.article_story(a["id"])].append(a["id"])
        self.mentions: dict[int, list] = defaultdict(list)
        for m in mention_rows(store.event_mentions()):
            self.mentions[m.story_id].append(m)
        self.stories = store.story_centroids(list(self.members))
        self.units = {s: _unit(self.stories[s]["centroid"]) for s in self.members}
        self.span = {}
        for s, ids in self.members.items():
            days = [self.published[a] for a in ids if self.published[a]]
            self.span[s] = (min(days), max(days)) if days else None
        # `fill` stores `items` in order, one article each: the article behind each id
        self.probes = {a: stories.article_vector(store, article, count=False)[1]
                       for a, (_, _, article) in zip(label_of, items)}
        self.name_probes = {a: _names(v) for a, v in self.probes.items()}
        self.titles = {a: set(stories._analyzer(article.language)(article.title or ""))
                       for a, (_, _, article) in zip(label_of, items)}
        self.documents, self.df = store.document_frequencies(sorted(set().union(*self.titles.values())))

    def overlapping(self, m: int) -> list[int]:
        if self.span[m] is None:
            return []
        low, high = (_shifted(day, days) for day, days in zip(self.span[m], (-stories.WINDOW_DAYS,
                                                                              stories.WINDOW_DAYS)))
        return [s for s, span in self.span.items() if s != m and span and span[0] <= high and span[1] >= low]

    def article_cosine(self, a: int, m: int) -> float:
        story = self.stories[m]
        return stories.cosine(self.probes[a], story["centroid"], story["norm"])

    def family(self, m: int, signal: str, value) -> set[int]:
        out = {m}
        if signal == "centroid":
            out |= {s for s in self.overlapping(m) if _dot(self.units[s], self.units[m]) >= value}
        elif signal == "article":
            factor, share = value
            need = factor * stories._threshold(self.stories[m], stories.THRESHOLD)
            for s in self.overlapping(m):
                ids = self.members[s]
                if sum(self.article_cosine(a, m) >= need for a in ids) >= share * len(ids):
                    out.add(s)
        elif signal == "article+names":
            article, names = value
            out = self.family(m, "article", article) & self.family(m, "names", names)
        elif signal == "title":
            shared, share = value
            words = {t for t in self._central_title(m) if self.df.get(t, 0) <= share * self.documents}
            out |= {s for s in self.overlapping(m) if any(len(self.titles[a] & words) >= shared
                                                          for a in self.members[s])}
        elif signal == "names":
            names = _names(self.stories[m]["centroid"])
            for s in self.overlapping(m):
                ids = self.members[s]
                if names and sum(_dot(self.name_probes[a], names) >= value for a in ids) >= 0.5 * len(ids):
                    out.add(s)
        return out

    def _central_title(self, m: int) -> set[str]:
        """The words of M's most central headline (its `title` field), as an article's title words are read."""
        language = self.store.get_article(self.members[m][0])["language"] or "en"
        return set(stories._analyzer(language)(self.stories[m]["title"] or ""))

    def timeline_days(self, family: set[int], **window) -> set[str]:
        days: dict[str, set[int]] = defaultdict(set)
        for s in family:
            for a in self.members[s]:
                if self.published[a]:
                    days[self.published[a]].add(self.kept[a])
        rows = build_timeline([m for s in family for m in self.mentions[s]],
                              published={d: len(ids) for d, ids in days.items()}, **window)
        return {row.date for row in rows}

    def title(self, s: int) -> str:
        title = self.stories[s]["title"] or self.store.get_article(self.members[s][0])["body"][:100]
        return " ".join(title.split())[:90]


def topic_lines(fam: Families, topic: str) -> list[str]:
    timelines = [{d for d, _ in t["timeline"]} for t in json.loads((TOPICS / topic / "gold.json").read_text())["timelines"]]
    story_of = {a: s for s, ids in fam.members.items() for a in ids}
    m = _main_story(story_of, fam.label_of, topic)[0]
    gold = set().union(*timelines)
    window = dict(date_from=min(gold), date_to=max(gold), granularity="day")
    own = fam.timeline_days({m}, **window)
    holders = {}
    for s in fam.members:
        if s != m and fam.label_of[fam.members[s][0]] == topic:
            days = (fam.timeline_days({s}, **window) & gold) - own
            if days:
                holders[s] = days
    need = stories._threshold(fam.stories[m], stories.THRESHOLD)
    lines = [f"## {topic} (main story {m}, {len(fam.members[m])} articles; an article joins it at cosine {need:.3f})",
             "", f"Gold days only its other stories give a row: {len(set().union(*holders.values()) if holders else ())}",
             "", "| story | articles | gold days | centroid cosine | best article cosine | headline |",
             "|---|---|---|---|---|---|"]
    for s, days in sorted(holders.items(), key=lambda item: (-len(item[1]), item[0])):
        best = max(fam.article_cosine(a, m) for a in fam.members[s])
        lines.append(f"| {s} | {len(fam.members[s])} | {len(days)} | {_dot(fam.units[s], fam.units[m]):.3f} "
                     f"| {best:.3f} | {fam.title(s)} |")
    lines += ["", "| family | `--story` F1 | stories added | articles of another topic or Detik |", "|---|---|---|---|",
              f"| none | {_f1(fam, {m}, timelines):.3f} | 0 | 0 |"]
    for signal, value in SIGNALS:
        family = fam.family(m, signal, value)
        foreign = sum(1 for s in family for a in fam.members[s] if fam.label_of[a] != topic)
        lines.append(f"| {signal} {value} | {_f1(fam, family, timelines):.3f} | {len(family) - 1} | {foreign} |")
    return lines + [""]


def _f1(fam: Families, family: set[int], timelines: list[set[str]]) -> float:
    return statistics.mean(prf(fam.timeline_days(family, limit=len(g), date_from=min(g), date_to=max(g),
                                                 granularity="day"), g)[2] for g in timelines)


def detik_lines(fam: Families) -> list[str]:
    detik = [s for s, ids in fam.members.items() if fam.label_of[ids[0]] == "detik"]
    lines = ["## The Detik sample: each of its stories as M", "",
             f"| family | Detik stories with a family (of {len(detik)}) | stories added, all | largest | "
             "the three largest (M ← added) |", "|---|---|---|---|---|"]
    for signal, value in SIGNALS:
        sizes = sorted(((len(fam.family(s, signal, value)) - 1, s) for s in detik), reverse=True)
        shown = "; ".join(f"{fam.title(s)} ← " + " / ".join(fam.title(x) for x in sorted(fam.family(s, signal, value)
                                                                                         - {s})[:3])
                          for n, s in sizes[:3] if n)
        lines.append(f"| {signal} {value} | {sum(1 for n, _ in sizes if n)} | {sum(n for n, _ in sizes)} "
                     f"| {sizes[0][0]} | {shown or '—'} |")
    return lines


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="A story's family: other stories a --story timeline could take.")
    parser.add_argument("--cache", type=Path, help="Pickle of the processed articles (stories_eval's --cache).")
    args = parser.parse_args(argv)
    sources = topic_sources(HELD_OUT)
    if sources is None:
        return {"skipped": True}
    items = processed(sources, args.cache)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "dev.db")
        label_of = fill(store, items, [])
        fam = Families(store, items, label_of)
        lines = []
        for topic in sorted(set(label_of.values()) - {"detik"}):
            lines += topic_lines(fam, topic)
        lines += detik_lines(fam)
        store.close()
    text = "\n".join(lines)
    print(text)
    return {"text": text, "labels": Counter(label_of.values())}


if __name__ == "__main__":
    main()
