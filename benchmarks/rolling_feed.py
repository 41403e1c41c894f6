"""Stories after a rolling feed, against a fresh ingest of its last file (docs/stories.md, "Limits").

Run: `PYTHONPATH=. python -m benchmarks.rolling_feed [--lines 300] [--step 30] [--runs 3] [--batch-size 200]`

A scraper's `latest.jsonl` holds the newest `--lines` records, newest first; each run `--step` newer ones come
on top and as many old ones drop off the bottom. A record is known by its line, so every line's article
changes. The lines are the Detik sample's (../shared/data/detik-2025/articles.jsonl, development data), in file
order taken as newest first. The feed is ingested `--runs` times into one store, then its last file into a fresh
one, and the two stores' stories are compared: as groupings (the sets of articles, by title and date), and for
those grouped alike, the `triage stories -f json` fields other than the id. Nothing is timed: the cost of an
update is measured by callgrind (docs/history/stories.md, seventeenth round).
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

from corpus_tools.ingest import ingest
from corpus_tools.stories import list_stories
from corpus_tools.store import Store

from .corpora import DETIK

TODAY = date(2026, 12, 7)


def stories_of(db: Path) -> dict[frozenset, dict]:
    """{the story's articles as (title, date) pairs: its `list_stories` fields but the id}."""
    with sqlite3.connect(db) as conn:
        members: dict[int, set] = {}
        for story_id, title, published in conn.execute("SELECT story_id, title, published FROM articles "
                                                       "WHERE story_id IS NOT NULL"):
            members.setdefault(story_id, set()).add((title, published))
    with Store(db) as store:
        rows = {row.pop("id"): row for row in list_stories(store)}
    return {frozenset(members[story_id]): row for story_id, row in rows.items()}


def compare(lines: int, step: int, runs: int, batch_size: int, folder: Path) -> dict[str, int]:
    records = DETIK.read_text(encoding="utf-8").splitlines(keepends=True)
    if len(records) < lines + step * (runs - 1):
        raise SystemExit(f"{DETIK}: {len(records)} records, fewer than {lines} + {step} × {runs - 1}")
    feed = folder / "latest.jsonl"
    for run in range(runs):
        start = step * (runs - 1 - run)  # the last run holds the newest lines, the file's first
        feed.write_text("".join(records[start:start + lines]), encoding="utf-8")
        ingest([str(feed)], str(folder / "rolled.db"), batch_size=batch_size, today=TODAY)
    ingest([str(feed)], str(folder / "fresh.db"), batch_size=batch_size, today=TODAY)
    rolled, fresh = stories_of(folder / "rolled.db"), stories_of(folder / "fresh.db")
    alike = set(rolled) & set(fresh)
    return {"stories rolled": len(rolled), "stories fresh": len(fresh), "grouped alike": len(alike),
            "alike with equal fields": sum(rolled[k] == fresh[k] for k in alike),
            "articles grouped otherwise": sum(len(k) for k in set(fresh) - alike)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=300)
    parser.add_argument("--step", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        figures = compare(args.lines, args.step, args.runs, args.batch_size, Path(folder))
    print(f"rolling feed of {args.lines} Detik lines, {args.step} new a run, {args.runs} runs, "
          f"batches of {args.batch_size}:")
    for name, value in figures.items():
        print(f"  {name}: {value}")


if __name__ == "__main__":
    main()
