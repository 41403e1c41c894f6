"""Which days the timeline ranks out, and what tells them apart: a diagnosis of issue 17's date F1.

Run: `PYTHONPATH=. python -m benchmarks.date_features [--cache FILE] [--held-out]` (the cache is stories_eval's).

The development topics of benchmarks/stories_eval.py are stored as `stories_eval --dev` stores them (the
held-out topic is not stored and never read here, except with `--held-out`, run once after the last change: every
topic stored, HELD_OUT_MODEL trained on the development topics ranks the held-out topic's days). For each topic, the rows of `--story` (the story holding
most of the topic) inside the gold range at day granularity, every row (no limit), are taken in the order the
timeline ranks them (`rank`, the order `--limit` cuts), one per day (the day's best). Printed:

- the ceiling: the date F1 of the top-L rows now (L = gold dates) and of a perfect ranking of the same rows
  (every gold day that has a row first), and how many gold days have no row at all;
- why each gold day without a `--story` row has none (`missing_days`, twenty-first round): the story names it only as
  a report date; the topic's other articles (other stories) give it a row, or a report row; an article of the story,
  or only one of the topic's other articles, names it by a date in no event sentence (no trigger word); no tagged date
  names it, though an article of the topic was published on the day or the next; nothing was published then; and
  the same ceiling for each path of stories_eval (`--story`, `--query`, the topic alone: `ceiling`);
- for each feature of a day, its AUC (the chance that a gold day scores above a day that is not gold; 0.5:
  no signal) among the days that have a row, per topic: the timeline's rank, its parts and the signals
  issue 17 names (independent articles, articles written after the day, distinct later publication days,
  articles written before it, on it, in their opening, report dates, furniture, chronologies, the distance of
  the latest mention);
- learned rankers (twelfth round): logistic regressions and gradient boosting over every feature (the rank and
  its parts among them), on log(1 + feature) or on each feature standardised within its topic, trained on the
  two other topics and ranking the third (leave one topic out), and trained on all three (in-sample: what the
  features could give at best): whether any weighting of these features carries from topic to topic.

Labels come from the gold files only; no rule of corpus_tools reads them.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import tempfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from corpus_tools.store import Store
from corpus_tools.timeline import (_cosine, body_part, build_timeline, furniture_sentence, mention_rows,
                                   timeline_from_store)

from .stories_eval import HELD_OUT, QUERIES, TOPICS, fill, processed, topic_sources

OPENING = 400  # characters of a body that count as its opening (the lead)
FEATURES = ("rank", "support", "articles", "later", "later days", "before", "same day", "published", "opening",
            "reports", "furniture", "chronologies", "latest mention (days)",
            # twelfth round: the other signals issue 17 names, language-independent
            "next day", "burst", "labels", "mentions", "explicit", "explicit share", "position", "mean position",
            "centrality", "mean distance", "report share")
BURST_DAYS = 7  # the days either side a day's publication count is compared with
_NUMBER = re.compile(r"\d+")


def day_features(rows, published: dict[str, int], openings: dict[int, str],
                 bodies: dict[int, str] | None = None) -> list[dict]:
    """One dict per day: the day's best row's features (day-level mentions only), in the timeline's rank order.
    `bodies` (article → whole body) places the mention sentences in their articles; the openings without it."""
    bodies = openings if bodies is None else bodies
    best = {}
    for row in rows:
        if row.date not in best or row.rank > best[row.date].rank:
            best[row.date] = row
    content: Counter = Counter()  # the timeline's content: every day's best row's sentence terms
    for row in best.values():
        content.update(row.terms)
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
                    "latest mention (days)": max(distance, default=0),
                    **_more(row, day, events, published, bodies, content)})
    return out


def _more(row, day: list, events: list, published: dict[str, int], bodies: dict[int, str], content: Counter) -> dict:
    """The twelfth round's features of a day's best row: publication burst, labels, whether the sentences name
    the day's number, where in their articles they stand, how central the row's content is to the timeline's,
    how far from the day they were written, the share of report dates."""
    when = date.fromisoformat(row.date)

    def on(shift: int) -> int:
        return published.get((when + timedelta(days=shift)).isoformat(), 0)

    around = sum(on(k) for k in range(-BURST_DAYS, BURST_DAYS + 1)) / (2 * BURST_DAYS + 1)
    number = str(when.day)
    explicit = {m.cluster_id for m in events if number in _NUMBER.findall(m.sentence)}
    places = []
    for m in day:
        body = bodies.get(m.article_id) or ""
        at = body.find(m.sentence[:60])
        if at >= 0:
            places.append(at / len(body))
    distance = [abs((date.fromisoformat(m.published) - when).days) for m in day if m.published]
    return {"next day": on(1), "burst": (on(0) + on(1) + 1) / (2 * around + 1),
            "labels": len({m.label for m in events}), "mentions": len(day), "explicit": len(explicit),
            "explicit share": len(explicit) / max(1, len({m.cluster_id for m in events})),
            "position": min(places, default=1.0), "mean position": statistics.mean(places) if places else 1.0,
            "centrality": _cosine(row.terms, content),
            "mean distance": statistics.mean(math.log1p(d) for d in distance) if distance else 0.0,
            "report share": sum(m.is_report for m in day) / max(1, len(day))}


CAUSES = ("report only in the story", "a row of the topic's other articles", "a report of the topic's other articles",
          "named by the story, no event", "named by the topic's other articles, no event",
          "named by no date, published on the day or the next", "nothing published on the day or the next")


def missing_days(gold: set[str], story: set[str], story_reports: set[str], topic: set[str], topic_reports: set[str],
                 named_story: set[str], named_topic: set[str], published: set[str]) -> dict[str, list[str]]:
    """Why each gold day without a `--story` row has none: the first of CAUSES that holds, in that order. The sets
    are days: the story's event rows, its rows with report dates too (`--reports`), the same for every article of
    the topic (the story's and its other stories'), the days some tagged date of a story article names (any sentence,
    no trigger word needed), the same for the topic's articles, and the topic's publication days."""
    out: dict[str, list[str]] = {cause: [] for cause in CAUSES}
    for day in sorted(gold - story):
        after = (date.fromisoformat(day) + timedelta(days=1)).isoformat()
        tests = (day in story_reports, day in topic, day in topic_reports, day in named_story, day in named_topic,
                 day in published or after in published, True)
        out[CAUSES[tests.index(True)]].append(day)
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


HELD_OUT_MODEL = "logistic regression, C 0.1, log"  # the best leave-one-topic-out mean on the dev topics


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="What separates gold days the timeline ranks out (dev topics).")
    parser.add_argument("--cache", type=Path, help="Pickle of the processed articles (stories_eval's --cache).")
    parser.add_argument("--held-out", action="store_true",
                        help=f"Once, at the end: store every topic, train {HELD_OUT_MODEL} on the development "
                             f"topics and rank {HELD_OUT}'s days with it.")
    args = parser.parse_args(argv)
    sources = topic_sources(None if args.held_out else HELD_OUT)
    if sources is None:
        return {"skipped": True}
    items = processed(sources, args.cache)
    topics, missing = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "dev.db")
        label_of = fill(store, items, [])
        story_of = {a: store.article_story(a) for a in label_of}
        # the days each stored article names by any tagged date, and its publication day (`fill` stores `items`
        # in order, one article each)
        named = {a: {t.value for t in article.dates if t.granularity == "day"}
                 for a, (_, _, article) in zip(label_of, items)}
        every = [] if args.held_out else mention_rows(store.event_mentions())
        for folder in sorted(p for p in TOPICS.iterdir() if (p / "gold.json").exists()
                             and (args.held_out or p.name != HELD_OUT)):
            story = Counter(s for a, s in story_of.items() if label_of[a] == folder.name).most_common(1)[0][0]
            published = store.published_counts(story_id=story)
            for timeline in json.loads((folder / "gold.json").read_text())["timelines"]:
                gold = {day for day, _ in timeline["timeline"]}
                rows = timeline_from_store(store, story_id=story, date_from=min(gold), date_to=max(gold),
                                           granularity="day")
                ids = sorted({m.article_id for row in rows for m in row.mentions})
                openings = {a: text for a, _, text in store.article_openings(ids, OPENING)}
                bodies = {a: text for a, _, text in store.article_openings(ids, 10 ** 9)}
                topics[f"{folder.name}:{len(topics)}"] = (day_features(rows, published, openings, bodies), gold)
                if not args.held_out:
                    missing[folder.name] = _missing(store, story, rows, gold, folder.name, label_of, story_of,
                                                    named, items, every)
        store.close()
    if args.held_out:
        result = held_out(topics)
    else:
        result = report(topics, missing)
    print(result["text"])
    return result


def _missing(store: Store, story: int, rows: list, gold: set[str], topic: str, label_of: dict[int, str],
             story_of: dict[int, int], named: dict[int, set[str]], items: list, every: list) -> dict:
    """`missing_days` of one topic's `--story` rows (`rows`), its other sets read from the store and `named`; and
    under "paths", the `ceiling` of the days each path gives a row (`--story`, `--query` with the benchmark's words,
    the topic alone), every row of the gold range."""
    window = dict(date_from=min(gold), date_to=max(gold), granularity="day")
    mine = [a for a, label in label_of.items() if label == topic]
    alone = [m for m in every if label_of[m.article_id] == topic]
    story_days, topic_days = {r.date for r in rows}, {r.date for r in build_timeline(alone, **window)}
    query_days = {r.date for r in timeline_from_store(store, query=QUERIES[topic], **window)}
    return {**missing_days(
        gold, story_days, {r.date for r in timeline_from_store(store, story_id=story, reports=True, **window)},
        topic_days, {r.date for r in build_timeline(alone, reports=True, **window)},
        set().union(*(named[a] for a in mine if story_of[a] == story)), set().union(*(named[a] for a in mine)),
        {article.published for a, (_, _, article) in zip(label_of, items) if label_of[a] == topic and article.published}),
        "candidates": candidate_days([article for a, (_, _, article) in zip(label_of, items) if story_of[a] == story],
                                     gold),
        "paths": {path: ceiling(days, gold) for path, days in (("--story", story_days), ("--query", query_days),
                                                               ("alone", topic_days))}}


CANDIDATES = ("an event sentence", "only dates no event or report takes, the day's number written",
              "only dates no event or report takes, no number (\"yesterday\", \"on Thursday\")")


def candidate_days(articles: list, gold: set[str]) -> dict[str, tuple[int, int]]:
    """(gold days, days) of the gold range that the `articles` (pipeline Articles: their tagged dates and event
    mentions) name, by how (CANDIDATES): a day an event mention dates; a day only tagged dates that no mention takes
    name (no trigger word in their sentence), the day's number written in one of them ("8 December", "12/11") or in
    none. What dating trigger-less sentences could add, and how often it would be a gold day (22nd round)."""
    low, high = min(gold), max(gold)
    events, reports, explicit, relative = set(), set(), set(), set()
    for article in articles:
        for m in article.events:
            if m.granularity == "day" and low <= m.value <= high:
                (reports if m.is_report else events).add(m.value)
        dated = {m.value for m in article.events}
        for t in article.dates:
            if t.granularity == "day" and low <= t.value <= high and t.value not in dated:
                (explicit if str(int(t.value[8:])) in _NUMBER.findall(t.text) else relative).add(t.value)
    explicit -= events | reports
    relative -= events | reports | explicit
    return {how: (len(days & gold), len(days)) for how, days in zip(CANDIDATES, (events, explicit, relative))}


def ceiling(days: set[str], gold: set[str]) -> tuple[int, float]:
    """The gold days among `days` (the days a path gives a row) and the top-L F1 of a perfect ranking of them
    (L = the gold days: every gold day with a row first, then the others while rows are left)."""
    hits = len(days & gold)
    return hits, 2 * min(hits, len(gold)) / (min(len(days), len(gold)) + len(gold)) if hits else 0.0


def held_out(topics: dict[str, tuple[list[dict], set[str]]]) -> dict:
    """The held-out topic's top-L F1 by the timeline's rank and by HELD_OUT_MODEL trained on the other topics."""
    from sklearn.linear_model import LogisticRegression  # seconds to import: only here
    import numpy as np

    train = [n for n in topics if not n.startswith(HELD_OUT + ":")]
    x = np.vstack([matrix(topics[n][0], "log") for n in train])
    y = np.concatenate([[d["date"] in topics[n][1] for d in topics[n][0]] for n in train])
    model = LogisticRegression(C=0.1, max_iter=2000).fit(x, y)
    lines, out = [], {}
    for name in topics:
        days, gold = topics[name]
        score = model.predict_proba(matrix(days, "log"))[:, 1]
        order = [days[i]["date"] for i in sorted(range(len(days)), key=lambda i: (-score[i], i))]
        out[name] = (f1_top([d["date"] for d in days], gold, len(gold)), f1_top(order, gold, len(gold)))
        kind = "held out" if name not in train else "in-sample"
        lines.append(f"{name.split(':')[0]} ({kind}): timeline's rank {out[name][0]:.3f}, "
                     f"{HELD_OUT_MODEL} {out[name][1]:.3f}")
    return {"text": "\n".join(lines), "held_out": out}


def report(topics: dict[str, tuple[list[dict], set[str]]], missing: dict[str, dict] | None = None) -> dict:
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
    if missing:
        lines += ["", "Why the gold days without a `--story` row have none (the first cause that holds, in this "
                  "order; `missing_days`):", "", "| cause | " + " | ".join(missing) + " |", "|---|" + "---|" * len(missing)]
        lines += [f"| {cause} | " + " | ".join(str(len(m[cause])) for m in missing.values()) + " |" for cause in CAUSES]
        if all("paths" in m for m in missing.values()):
            lines += ["", "Gold days with a row on each path, every row of the gold range (`ceiling`), and the top-L F1 "
                      "of a perfect ranking of those rows:", "", "| path | " + " | ".join(missing) + " | mean |",
                      "|---|" + "---|" * (len(missing) + 1)]
            for path in next(iter(missing.values()))["paths"]:
                cells = [m["paths"][path] for m in missing.values()]
                lines.append(f"| {path} | " + " | ".join(f"{hits} ({f1:.3f})" for hits, f1 in cells)
                             + f" | {statistics.mean(f1 for _, f1 in cells):.3f} |")
    if missing and all("candidates" in m for m in missing.values()):
        lines += ["", "Days of the gold range the story's articles name, gold / all (`candidate_days`: a day only "
                  "trigger-less sentences name, not already an event or report day):", "",
                  "| named by | " + " | ".join(missing) + " |", "|---|" + "---|" * len(missing)]
        lines += [f"| {how} | " + " | ".join("{} / {}".format(*m["candidates"][how]) for m in missing.values()) + " |"
                  for how in CANDIDATES]
    lines += ["", "AUC of each feature among the days with a row (0.5: no signal; the rank is the timeline's):", "",
              "| feature | " + " | ".join(n.split(":")[0] for n in names) + " |", "|---|" + "---|" * len(names)]
    for feature in FEATURES:
        lines.append(f"| {feature} | " + " | ".join(f"{auc(topics[n][0], feature, topics[n][1]):.3f}"
                                                     for n in names) + " |")
    learned = learned_rankers(topics)
    if learned:
        lines += ["", "Learned rankers over every feature above (the rank and its parts among them), top-L F1 "
                  "(L = gold days): leave one topic out (trained on the other topics' days, ranking the topic left "
                  "out) and in-sample (trained on every topic: what these features could give at best). `log`: "
                  "log(1 + feature); `z`: log(1 + feature) standardised within its topic:", "",
                  "| ranker | leave one topic out: " + " / ".join(n.split(":")[0] for n in names)
                  + " | mean | in-sample mean |", "|---|---|---|---|",
                  f"| the timeline's rank | {' / '.join(f'{now[n]:.3f}' for n in names)} "
                  f"| {statistics.mean(now.values()):.3f} | |"]
        for model, (loto, inside) in learned.items():
            lines.append(f"| {model} | {' / '.join(f'{loto[n]:.3f}' for n in names)} "
                         f"| {statistics.mean(loto.values()):.3f} | {statistics.mean(inside.values()):.3f} |")
    lines += ["", "Command: `PYTHONPATH=. python -m benchmarks.date_features`"]
    return {"text": "\n".join(lines), "now": now, "ceiling": ceiling, "learned": learned, "missing": missing or {}}


def matrix(days: list[dict], scaling: str):
    """The days' features as a matrix: log(1 + feature) (`log`), or that standardised within the days (`z`: one
    topic's days, so that a count's scale, which differs from topic to topic, is left out)."""
    import numpy as np

    values = np.log1p(np.maximum(np.array([[float(d[f]) for f in FEATURES] for d in days]), 0.0))
    if scaling == "z":
        spread = values.std(axis=0)
        spread[spread == 0] = 1.0
        values = (values - values.mean(axis=0)) / spread
    return values


def learned_rankers(topics: dict[str, tuple[list[dict], set[str]]]) -> dict[str, tuple[dict, dict]]:
    """Per model: (top-L F1 of each topic ranked by a model trained on the other topics, the same trained on every
    topic). Labels: whether a day is a gold day of its topic."""
    if len(topics) < 2:
        return {}
    import numpy as np
    from sklearn.ensemble import GradientBoostingClassifier  # seconds to import: only here
    from sklearn.linear_model import LogisticRegression

    models = {"logistic regression, C 0.1, log": (lambda: LogisticRegression(C=0.1, max_iter=2000), "log"),
              "logistic regression, C 1, log": (lambda: LogisticRegression(C=1.0, max_iter=2000), "log"),
              "logistic regression, C 0.1, z": (lambda: LogisticRegression(C=0.1, max_iter=2000), "z"),
              "logistic regression, C 1, z": (lambda: LogisticRegression(C=1.0, max_iter=2000), "z"),
              "gradient boosting, depth 1, 200 trees, log": (
                  lambda: GradientBoostingClassifier(max_depth=1, n_estimators=200, learning_rate=0.05,
                                                     subsample=0.8, random_state=0), "log"),
              "gradient boosting, depth 2, 100 trees, log": (
                  lambda: GradientBoostingClassifier(max_depth=2, n_estimators=100, learning_rate=0.05,
                                                     subsample=0.8, random_state=0), "log")}
    out = {}
    for model, (make, scaling) in models.items():
        inputs = {n: matrix(days, scaling) for n, (days, _) in topics.items()}
        labels = {n: np.array([d["date"] in gold for d in days]) for n, (days, gold) in topics.items()}
        loto, inside = {}, {}
        for name, (days, gold) in topics.items():
            for scores, train in ((loto, [n for n in topics if n != name]), (inside, list(topics))):
                y = np.concatenate([labels[n] for n in train])
                if len(set(y)) < 2:
                    continue
                fitted = make().fit(np.vstack([inputs[n] for n in train]), y)
                score = fitted.predict_proba(inputs[name])[:, 1]
                order = [days[i]["date"] for i in sorted(range(len(days)), key=lambda i: (-score[i], i))]
                scores[name] = f1_top(order, gold, len(gold))
        if len(loto) == len(topics):
            out[model] = (loto, inside)
    return out


if __name__ == "__main__":
    main()
