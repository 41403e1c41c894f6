"""Which days the timeline ranks out, and what tells them apart: a diagnosis of issue 17's date F1.

Run: `PYTHONPATH=. python -m benchmarks.date_features [--cache FILE]` (the cache is stories_eval's).

The development topics of benchmarks/stories_eval.py are stored as `stories_eval --dev` stores them (the
held-out topic is not stored and never read here). For each topic, the rows of `--story` (the story holding
most of the topic) inside the gold range at day granularity, every row (no limit), are taken in the order the
timeline ranks them (`rank`, the order `--limit` cuts), one per day (the day's best). Printed:

- the ceiling: the date F1 of the top-L rows now (L = gold dates) and of a perfect ranking of the same rows
  (every gold day that has a row first), and how many gold days have no row at all;
- for each feature of a day, its AUC (the chance that a gold day scores above a day that is not gold; 0.5:
  no signal) among the days that have a row, per topic: the timeline's rank, its parts and the signals
  issue 17 names (independent articles, articles written after the day, distinct later publication days,
  articles written before it, on it, in their opening, report dates, furniture, chronologies, the distance of
  the latest mention);
- leave-one-topic-out: a logistic regression on log(1 + feature) trained on the two other topics, its top-L
  F1 on the third beside the timeline's: whether any weighting of these counts carries from topic to topic.

Labels come from the gold files only; no rule of corpus_tools reads them.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

from corpus_tools.store import Store
from corpus_tools.timeline import body_part, furniture_sentence, timeline_from_store

from .stories_eval import HELD_OUT, TOPICS, fill, processed, topic_sources

OPENING = 400  # characters of a body that count as its opening (the lead)
FEATURES = ("rank", "support", "articles", "later", "later days", "before", "same day", "published", "opening",
            "reports", "furniture", "chronologies", "latest mention (days)")


def day_features(rows, published: dict[str, int], openings: dict[int, str]) -> list[dict]:
    """One dict per day: the day's best row's features (day-level mentions only), in the timeline's rank order."""
    best = {}
    for row in rows:
        if row.date not in best or row.rank > best[row.date].rank:
            best[row.date] = row
    out = []
    for row in sorted(best.values(), key=lambda r: (-r.rank, -r.articles, r.date)):
        day = [m for m in row.mentions if m.granularity == "day"]
        events = [m for m in day if not m.is_report]

        def clusters(test) -> int:
            return len({m.cluster_id for m in day if test(m)})

        distance = [(date.fromisoformat(m.published) - date.fromisoformat(row.date)).days for m in day if m.published]
        out.append({"date": row.date, "rank": row.rank, "support": row.score, "articles": row.articles,
                    "later": clusters(lambda m: m.published and m.published > row.date),
                    "later days": len({m.published for m in day if m.published and m.published > row.date}),
                    "before": clusters(lambda m: m.published and m.published < row.date),
                    "same day": clusters(lambda m: m.published == row.date),
                    "published": published.get(row.date, 0),
                    "opening": clusters(lambda m: m.sentence[:60] in openings.get(m.article_id, "")),
                    "reports": len({m.cluster_id for m in day} - {m.cluster_id for m in events}),
                    "furniture": clusters(lambda m: furniture_sentence(body_part(m.sentence, m.language), m.language)),
                    "chronologies": clusters(lambda m: m.article_id in row.chronologies),
                    "latest mention (days)": max(distance, default=0)})
    return out


def auc(days: list[dict], feature: str, gold: set[str]) -> float:
    pos = [d[feature] for d in days if d["date"] in gold]
    neg = [d[feature] for d in days if d["date"] not in gold]
    if not pos or not neg:
        return float("nan")
    return sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))


def f1_top(order: list[str], gold: set[str], limit: int) -> float:
    chosen = set(order[:limit])
    hits = len(chosen & gold)
    return 2 * hits / (len(chosen) + len(gold)) if hits else 0.0


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="What separates gold days the timeline ranks out (dev topics).")
    parser.add_argument("--cache", type=Path, help="Pickle of the processed articles (stories_eval's --cache).")
    args = parser.parse_args(argv)
    sources = topic_sources()
    if sources is None:
        return {"skipped": True}
    items = [item for item in processed(sources, args.cache) if item[0] != HELD_OUT]
    topics = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "dev.db")
        label_of = fill(store, items, [])
        story_of = {a: store.article_story(a) for a in label_of}
        for folder in sorted(p for p in TOPICS.iterdir() if (p / "gold.json").exists() and p.name != HELD_OUT):
            story = Counter(s for a, s in story_of.items() if label_of[a] == folder.name).most_common(1)[0][0]
            published = store.published_counts(story_id=story)
            for timeline in json.loads((folder / "gold.json").read_text())["timelines"]:
                gold = {day for day, _ in timeline["timeline"]}
                rows = timeline_from_store(store, story_id=story, date_from=min(gold), date_to=max(gold),
                                           granularity="day")
                ids = sorted({m.article_id for row in rows for m in row.mentions})
                openings = {a: text for a, _, text in store.article_openings(ids, OPENING)}
                topics[f"{folder.name}:{len(topics)}"] = (day_features(rows, published, openings), gold)
        store.close()
    result = report(topics)
    print(result["text"])
    return result


def report(topics: dict[str, tuple[list[dict], set[str]]]) -> dict:
    names = list(topics)
    lines = ["Days of the `--story` rows in each development topic's gold range (one row per day, the day's best):",
             "", "| topic | gold days | days with a row | gold days with a row | F1 top-L now | F1 top-L, perfect "
             "ranking of these rows |", "|---|---|---|---|---|---|"]
    now, ceiling = {}, {}
    for name in names:
        days, gold = topics[name]
        order = [d["date"] for d in days]
        built = set(order) & gold
        now[name] = f1_top(order, gold, len(gold))
        ceiling[name] = f1_top(sorted(order, key=lambda d: d not in gold), gold, len(gold))
        lines.append(f"| {name.split(':')[0]} | {len(gold)} | {len(order)} | {len(built)} | {now[name]:.3f} "
                     f"| {ceiling[name]:.3f} |")
    lines.append(f"| **mean** | | | | {statistics.mean(now.values()):.3f} | {statistics.mean(ceiling.values()):.3f} |")
    lines += ["", "AUC of each feature among the days with a row (0.5: no signal; the rank is the timeline's):", "",
              "| feature | " + " | ".join(n.split(":")[0] for n in names) + " |", "|---|" + "---|" * len(names)]
    for feature in FEATURES:
        lines.append(f"| {feature} | " + " | ".join(f"{auc(topics[n][0], feature, topics[n][1]):.3f}"
                                                     for n in names) + " |")
    transfer = leave_one_out(topics)
    if transfer:
        lines += ["", "Leave one topic out: logistic regression on log(1 + every feature but the rank), trained on the "
                  "other topics' days, top-L F1 on the topic left out, beside the timeline's:", "",
                  "| topic | timeline | learned |", "|---|---|---|"]
        lines += [f"| {n.split(':')[0]} | {now[n]:.3f} | {transfer[n]:.3f} |" for n in names]
        lines.append(f"| **mean** | {statistics.mean(now.values()):.3f} | {statistics.mean(transfer.values()):.3f} |")
    lines += ["", "Command: `PYTHONPATH=. python -m benchmarks.date_features`"]
    return {"text": "\n".join(lines), "now": now, "ceiling": ceiling, "transfer": transfer}


def leave_one_out(topics: dict[str, tuple[list[dict], set[str]]]) -> dict[str, float]:
    if len(topics) < 2:
        return {}
    from sklearn.linear_model import LogisticRegression  # seconds to import: only here

    inputs = [f for f in FEATURES if f != "rank"]

    def matrix(days: list[dict]) -> list[list[float]]:
        return [[math.log1p(max(0.0, float(d[f]))) for f in inputs] for d in days]

    out = {}
    for name, (days, gold) in topics.items():
        train = [(d, d["date"] in g) for n, (ds, g) in topics.items() if n != name for d in ds]
        if len({label for _, label in train}) < 2:
            continue
        model = LogisticRegression(max_iter=1000).fit(matrix([d for d, _ in train]), [label for _, label in train])
        scores = model.decision_function(matrix(days))
        order = [d["date"] for _, d in sorted(zip(-scores, days), key=lambda pair: (pair[0], pair[1]["date"]))]
        out[name] = f1_top(order, gold, len(gold))
    return out


if __name__ == "__main__":
    main()
