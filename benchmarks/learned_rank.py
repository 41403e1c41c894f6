"""A learned weighting of the timeline's day ranking, leave one topic out, through the real path (issue 17).

Run: `PYTHONPATH=. python -m benchmarks.learned_rank [--cache FILE]` (the cache is stories_eval's; development topics
only: the held-out topic is neither processed nor stored).

The development topics and the Detik sample are stored as `stories_eval --dev` stores them. A row's rank
(`timeline._rank`) is a weighted sum of five parts: log(1 + support); for the day's best row, log(1 + n) of the
independent articles naming the day, of those written after it and of those published on it; the row's centrality
in its story (weights `timeline.RANK_WEIGHTS` and `CENTRALITY_WEIGHT`: 1, 1, 1, 1, 0.1). Each part of each row is
read by building the timeline with that part's weight alone (a unit weight, the others 0), for every row of each
topic's gold range at day granularity, on both paths stories_eval scores: `--story` (the story holding most of the
topic) and `--query` (its words). One sample per day, its best row (the highest under the shipped weights), labelled
by whether the day is one of the gold timeline's (labels come from the gold files only; no rule of corpus_tools
reads them).

Models, each trained on two topics' days (both paths) and scoring the third (leave one topic out), the weights it
learns set in `timeline` and the third topic's `--story` and `--query` timelines built with `limit` = L (the gold
dates), as stories_eval builds them: `timeline_from_store`, so that a query's candidate days (`_likely_days`) are
chosen by the same weights. Printed: the date F1 per topic and path, the means, the topics that drop by more than
0.01 against the shipped weights, and each fold's weights (scaled so that support weighs 1).

- `pointwise, C c`: logistic regression on the five parts, standardised on the training days;
- `pairwise, C c`: logistic regression on the differences of a gold and a non-gold day of one topic and path
  (standardised, no intercept);
- `shipped + part`: the shipped rank and one part as the two inputs of a logistic regression, the part's weight
  moved by the ratio of its coefficient to the rank's (a reweighting of one part, learned);
- `shrunk λ`: the shipped weights moved a share λ towards the pointwise model's (C 0.01).

Also printed, with the shipped weights: the date F1 when a limited timeline reads more or fewer candidate days
(`timeline.QUERY_DAYS_PER_ROW` × L + `QUERY_DAYS_MORE` for `--query`, `CANDIDATES_PER_ROW` × L + 20 for `--story`):
the number of days the limit reads per row asked, the cheaper lever.

What the brief of the twenty-third round asked: ship a learned weighting (as data, with this script training it)
only if its leave-one-topic-out mean beats the shipped ranking's on both paths and no topic drops by more than 0.01.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from corpus_tools import timeline
from corpus_tools.store import Store
from corpus_tools.timeline import timeline_from_store

from .stories_eval import HELD_OUT, QUERIES, TOPICS, fill, prf, processed, topic_sources

PARTS = ("support", "naming the day", "written later", "published on it", "centrality")
SHIPPED = (*timeline.RANK_WEIGHTS, timeline.CENTRALITY_WEIGHT)
PATHS = ("--story", "--query")
DROP = 0.01  # a topic losing more than this on a path rules a model out


@contextmanager
def weighted(weights) -> Iterator[None]:
    """The timeline ranked with `weights` (the five PARTS) while the block runs."""
    saved = timeline.RANK_WEIGHTS, timeline.CENTRALITY_WEIGHT
    timeline.RANK_WEIGHTS, timeline.CENTRALITY_WEIGHT = tuple(float(w) for w in weights[:4]), float(weights[4])
    try:
        yield
    finally:
        timeline.RANK_WEIGHTS, timeline.CENTRALITY_WEIGHT = saved


def rows(store: Store, path: str, topic: str, story: int, gold: set[str], limit: int | None) -> list:
    window = dict(limit=limit, date_from=min(gold), date_to=max(gold), granularity="day")
    if path == "--story":
        return timeline_from_store(store, story_id=story, **window)
    return timeline_from_store(store, query=QUERIES[topic], **window)


def day_parts(build: Callable[[], list]) -> tuple[list[str], list[list[float]]]:
    """(days, the five parts of each day's best row): `build` called once per part with that part's weight alone,
    and once with the shipped weights to find each day's best row."""
    with weighted(SHIPPED):
        shipped = build()
    parts = []
    for i in range(len(PARTS)):
        with weighted([1.0 if j == i else 0.0 for j in range(len(PARTS))]):
            parts.append([row.rank for row in build()])
    best: dict[str, int] = {}
    for k, row in enumerate(shipped):
        if row.date not in best or row.rank > shipped[best[row.date]].rank:
            best[row.date] = k
    return list(best), [[parts[i][k] for i in range(len(PARTS))] for k in best.values()]


def models() -> dict[str, Callable]:
    """Name → a function of (samples: list of (parts, gold) lists, one per topic and path) → five weights."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression  # seconds to import: only here

    def standardised(groups):
        x = np.vstack([np.array([p for p, _ in g]) for g in groups])
        mean, spread = x.mean(axis=0), x.std(axis=0)
        spread[spread == 0] = 1.0
        return mean, spread

    def pointwise(c):
        def fit(groups):
            mean, spread = standardised(groups)
            x = (np.vstack([np.array([p for p, _ in g]) for g in groups]) - mean) / spread
            y = np.concatenate([[gold for _, gold in g] for g in groups])
            coef = LogisticRegression(C=c, max_iter=5000).fit(x, y).coef_[0] / spread
            return coef / abs(coef[0]) if coef[0] else coef
        return fit

    def pairwise(c):
        def fit(groups):
            mean, spread = standardised(groups)
            diffs, signs = [], []
            for g in groups:
                z = (np.array([p for p, _ in g]) - mean) / spread
                gold = np.array([label for _, label in g], dtype=bool)
                for a in z[gold]:
                    for b in z[~gold]:
                        diffs += [a - b, b - a]
                        signs += [1, 0]
            coef = LogisticRegression(C=c, max_iter=5000, fit_intercept=False).fit(np.array(diffs), signs).coef_[0]
            coef = coef / spread
            return coef / abs(coef[0]) if coef[0] else coef
        return fit

    def plus(part):
        def fit(groups):
            x = np.vstack([np.array([p for p, _ in g]) for g in groups])
            y = np.concatenate([[gold for _, gold in g] for g in groups])
            two = np.column_stack([x @ np.array(SHIPPED), x[:, part]])
            mean, spread = two.mean(axis=0), two.std(axis=0)
            spread[spread == 0] = 1.0
            coef = LogisticRegression(C=0.1, max_iter=5000).fit((two - mean) / spread, y).coef_[0] / spread
            weights = np.array(SHIPPED, dtype=float)
            weights[part] += coef[1] / coef[0] if coef[0] > 0 else 0.0
            return weights
        return fit

    def shrunk(share):
        inner = pointwise(0.01)
        return lambda groups: np.array(SHIPPED) + share * (inner(groups) - np.array(SHIPPED))

    out = {f"pointwise, C {c}": pointwise(c) for c in (0.01, 0.1, 1.0)}
    out.update({f"pairwise, C {c}": pairwise(c) for c in (0.01, 1.0)})
    out.update({f"shipped + {PARTS[i]}": plus(i) for i in range(len(PARTS))})
    out.update({f"shrunk {share}": shrunk(share) for share in (0.1, 0.25, 0.5)})
    return out


def leave_one_topic_out(samples: dict[tuple[str, str], list], score: Callable, fitters: dict[str, Callable],
                        shipped: dict[tuple[str, str], float]) -> dict[str, dict]:
    """Per model: each topic's F1 per path with the weights learned on the other topics (`score(weights, topic)` →
    {path: F1}), and each fold's weights. `samples`: (topic, path) → [(parts, gold)]."""
    topics = sorted({t for t, _ in samples})
    out = {}
    for name, fit in fitters.items():
        f1, weights = {}, {}
        for topic in topics:
            groups = [g for (t, _), g in sorted(samples.items()) if t != topic]
            weights[topic] = [round(float(w), 3) for w in fit(groups)]
            for path, value in score(weights[topic], topic).items():
                f1[(topic, path)] = value
        out[name] = {"f1": f1, "weights": weights,
                     "drops": sorted(k for k, v in f1.items() if v < shipped[k] - DROP)}
    return out


QUERY_READS = ((1.0, 0), (1.0, 10), (1.2, 0), (1.2, 10), (1.5, 10), (2.0, 10), (3.0, 20))  # per row, more
STORY_READS = (1, 2, 4, 8)


@contextmanager
def reading(query: tuple[float, int] | None = None, story: int | None = None) -> Iterator[None]:
    """A limited timeline reading `query` (days per row, more) and `story` (days per row) candidate days."""
    saved = timeline.QUERY_DAYS_PER_ROW, timeline.QUERY_DAYS_MORE, timeline.CANDIDATES_PER_ROW
    if query:
        timeline.QUERY_DAYS_PER_ROW, timeline.QUERY_DAYS_MORE = query
    if story:
        timeline.CANDIDATES_PER_ROW = story
    try:
        yield
    finally:
        timeline.QUERY_DAYS_PER_ROW, timeline.QUERY_DAYS_MORE, timeline.CANDIDATES_PER_ROW = saved


def reads_table(score: Callable, topics: list[str]) -> list[str]:
    """Date F1 (shipped weights) as a limited timeline reads more or fewer candidate days."""
    lines = ["", "Candidate days a limited timeline reads (shipped weights; the shipped settings are `--query` 1.2 × L "
             f"+ {timeline.QUERY_DAYS_MORE}, `--story` {timeline.CANDIDATES_PER_ROW} × L + 20):", "",
             "| days read | mean | " + " | ".join(topics) + " |", "|---|---|" + "---|" * len(topics)]
    for path, settings in (("--query", QUERY_READS), ("--story", STORY_READS)):
        for setting in settings:
            with reading(**({"query": setting} if path == "--query" else {"story": setting})):
                f1 = {t: score(SHIPPED, t)[path] for t in topics}
            name = f"{setting[0]:g} × L + {setting[1]}" if path == "--query" else f"{setting} × L + 20"
            lines.append(f"| `{path}` {name} | {statistics.mean(f1.values()):.3f} | "
                         + " | ".join(f"{f1[t]:.3f}" for t in topics) + " |")
    return lines


def mean(f1: dict[tuple[str, str], float], path: str) -> float:
    return statistics.mean(v for (_, p), v in f1.items() if p == path)


def report(shipped: dict[tuple[str, str], float], learned: dict[str, dict], reads: list[str] = ()) -> str:
    topics = sorted({t for t, _ in shipped})
    head = " | ".join(f"{t} {p}" for t in topics for p in PATHS)
    lines = ["Date F1, leave one topic out, through `timeline_from_store` (limit = L), development topics:", "",
             f"| ranking | `--story` mean | `--query` mean | {head} | drops > {DROP} |",
             "|---|---|---|" + "---|" * (len(topics) * len(PATHS)) + "---|"]

    def line(name, f1, drops):
        cells = " | ".join(f"{f1[(t, p)]:.3f}" for t in topics for p in PATHS)
        return (f"| {name} | {mean(f1, '--story'):.3f} | {mean(f1, '--query'):.3f} | {cells} | "
                f"{', '.join(f'{t} {p}' for t, p in drops) or 'none'} |")

    lines.append(line("shipped " + ", ".join(f"{w:g}" for w in SHIPPED), shipped, []))
    wins = []
    for name, result in learned.items():
        lines.append(line(name, result["f1"], result["drops"]))
        if (mean(result["f1"], "--story") > mean(shipped, "--story") and not result["drops"]
                and mean(result["f1"], "--query") > mean(shipped, "--query")):
            wins.append(name)
    lines += ["", "Weights per fold (the topic left out: " + ", ".join(PARTS) + "):", ""]
    lines += [f"- {name}: " + "; ".join(f"{t} {result['weights'][t]}" for t in topics)
              for name, result in learned.items()]
    lines += ["", "Beats the shipped weights on both paths with no topic dropping more than "
              f"{DROP}: {', '.join(wins) or 'none'}.", *reads, "",
              "Command: `PYTHONPATH=. python -m benchmarks.learned_rank`"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="A learned day ranking, leave one topic out (dev topics).")
    parser.add_argument("--cache", type=Path, help="Pickle of the processed articles (stories_eval's --cache).")
    args = parser.parse_args(argv)
    sources = topic_sources(HELD_OUT)
    if sources is None:
        return {"skipped": True}
    items = processed(sources, args.cache)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "dev.db")
        label_of = fill(store, items, [])
        story_of = {a: store.article_story(a) for a in label_of}
        golds, stories = {}, {}
        for folder in sorted(p for p in TOPICS.iterdir() if (p / "gold.json").exists() and p.name != HELD_OUT):
            timelines = json.loads((folder / "gold.json").read_text())["timelines"]
            golds[folder.name] = [{day for day, _ in t["timeline"]} for t in timelines]
            stories[folder.name] = Counter(s for a, s in story_of.items()
                                           if label_of[a] == folder.name).most_common(1)[0][0]

        def score(weights, topic: str) -> dict[str, float]:
            with weighted(weights):
                return {path: statistics.mean(prf({r.date for r in rows(store, path, topic, stories[topic], gold,
                                                                         len(gold))}, gold)[2]
                                              for gold in golds[topic]) for path in PATHS}

        samples = {}
        for topic, gold_sets in golds.items():
            for path in PATHS:
                group = []
                for gold in gold_sets:
                    days, parts = day_parts(lambda: rows(store, path, topic, stories[topic], gold, None))
                    group += [(p, day in gold) for day, p in zip(days, parts)]
                samples[(topic, path)] = group
        shipped = {(topic, path): value for topic in golds for path, value in score(SHIPPED, topic).items()}
        learned = leave_one_topic_out(samples, score, models(), shipped)
        reads = reads_table(score, sorted(golds))
        store.close()
    text = report(shipped, learned, reads)
    print(text)
    return {"shipped": shipped, "learned": learned, "text": text}


if __name__ == "__main__":
    main()
