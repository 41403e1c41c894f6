"""Timeline: date selection F1 on Timeline17 topics, in the news-tls manner.

Run: `python -m benchmarks.timeline_eval`

For each topic: ingest its articles into a store of its own (the real ingest),
then ask the timeline for `--limit L --granularity day` rows between the first
and last gold date (L = number of gold dates), exactly as `triage timeline`
does, and score the set of row dates against the gold dates. Baselines in the
same run, on the same articles: the L most frequent publication days, and the
L most frequently mentioned days (mentions found by our own date tagger).
Published T17 averages for reference: 0.49 (publication dates), 0.53 (date
mentions), 0.54 (Ghalandari & Ifrim, ACL 2020).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

from corpus_tools.ingest import ingest
from corpus_tools.store import Store
from corpus_tools.timeline import build_timeline, mention_rows

from .corpora import DATA

RESULTS = Path(__file__).with_name("results")
TOPICS = DATA / "timeline-en"


def date_f1(predicted: set[str], gold: set[str]) -> float:
    hits = len(predicted & gold)
    if not hits:
        return 0.0
    precision, recall = hits / len(predicted), hits / len(gold)
    return 2 * precision * recall / (precision + recall)


def top_days(counts: Counter, low: str, high: str, limit: int) -> set[str]:
    inside = [(day, n) for day, n in counts.items() if low <= day <= high]
    return {day for day, _ in sorted(inside, key=lambda kv: (-kv[1], kv[0]))[:limit]}


def evaluate_topic(folder: Path, workers: int, tmp: Path) -> dict:
    gold_timeline = json.loads((folder / "gold.json").read_text())["timelines"][0]["timeline"]
    gold = {day for day, _ in gold_timeline}
    low, high, limit = min(gold), max(gold), len(gold)
    db = tmp / f"{folder.name}.db"
    report = ingest([str(folder / "articles.jsonl")], str(db), workers=workers)
    with Store(db, readonly=True) as store:
        mentions = mention_rows(store.event_mentions(date_from=low, date_to=high))
        rows = build_timeline(mentions, limit=limit, date_from=low, date_to=high, granularity="day")
        published = Counter(a["published"] for a in store.list_articles() if a["published"])
        mentioned = Counter(d["value"] for d in store.all_dates() if d["granularity"] == "day")
    ours = {row.date for row in rows}
    return {
        "topic": folder.name, "articles": report.new, "gold_dates": limit,
        "triage": date_f1(ours, gold),
        "publication_dates": date_f1(top_days(published, low, high, limit), gold),
        "date_mentions": date_f1(top_days(mentioned, low, high, limit), gold),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="Timeline17 date selection F1.")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="triage-t17-") as tmp:
        for folder in sorted(p for p in TOPICS.iterdir() if (p / "gold.json").exists()):
            rows.append(evaluate_topic(folder, args.workers, Path(tmp)))
    mean = {k: sum(r[k] for r in rows) / len(rows) for k in ("triage", "publication_dates", "date_mentions")}
    lines = ["| topic | articles | gold dates (L) | triage `timeline --limit L` | counting publication dates | counting date mentions |",
             "|---|---|---|---|---|---|"]
    lines += [f"| {r['topic']} | {r['articles']} | {r['gold_dates']} | {r['triage']:.3f} | {r['publication_dates']:.3f} | "
              f"{r['date_mentions']:.3f} |" for r in rows]
    lines.append(f"| **mean** | | | **{mean['triage']:.3f}** | {mean['publication_dates']:.3f} | {mean['date_mentions']:.3f} |")
    lines += ["", "Date F1 (news-tls date selection). Published T17 averages: 0.49 publication dates, "
                  "0.53 date mentions, 0.54 Ghalandari & Ifrim (ACL 2020)."]
    text = "\n".join(lines)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "timeline.md").write_text(text + "\n")
    return {"topics": rows, "mean": mean}


if __name__ == "__main__":
    main()
