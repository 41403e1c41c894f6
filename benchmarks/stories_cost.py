"""What story assignment costs per article as a store grows to 100,000 articles.

Run: `PYTHONPATH=. python -m benchmarks.stories_cost [--source replays|store] [--articles N] [--cache FILE]
[--db STORE]` (10-20 minutes for 100,000 articles on a loaded machine; not part of the tests).

Only `stories.assign` is timed (CPU time of this process; wall time beside it; with the term counts
it leaves for the commit, `Store.write_term_counts`, shared among the batch's articles): the pipeline and the
other store writes are measured by benchmarks/throughput.py. Reported for the first 1,000 articles,
around the 10,000th and the 50,000th, and the last 1,000, beside what a fresh store's first 1,000 cost at
the same moment (the machine is shared: its speed drifts over a run of many minutes), with what each
article compared:

- centroids read: the stories whose centroid the article was compared with (`best_story`, capped by
  stories.MAX_CANDIDATES), and the story it joined read once more;
- postings: rows of the term index (`story_terms`) the candidate lookup reads, i.e. for each looked-up
  term its stories active in the link window, at most the lookup's per-term cap; "uncapped" is what
  the same lookup would read without that cap (counted apart, outside the timing, every 10th article);
- stories and term_df rows in the store at that point.

Two sources of articles:

- `replays` (default): the 2,171 articles of benchmarks/stories_eval.py (four Timeline17 topics and
  the Detik sample, through the pipeline once, `--cache` to keep them) stored again and again with their
  dates moved on by 400 days a pass, as a store keeps growing for years: the number of stories active
  at a date stays that of the real corpus, the store grows around it. The article ids are new, the texts
  repeat: the term frequencies grow in step, the vocabulary does not.
- `store`: the articles of a store `triage ingest` built from benchmarks/corpora.py `generated_records`
  (e.g. /work/stores/gen-100k.db; copied, never written), their story assignment redone in id order
  (title, cleaned body, language, date, duplicate link and the events' names read back). Those records
  are the 1,000 Detik texts mixed (a record keeps half or more of one text's paragraphs and takes one
  to four of another's), all dated within 2025: at 100,000 articles each Detik text's words recur in
  about a hundred records and every day holds some 270 articles, so a term's postings in the window
  keep growing with the store (a stress test: a real store's active window does not grow with its age),
  and every article has many close candidates.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from corpus_tools import dedup, stories
from corpus_tools.record import Article, EventMention, SourceDocument
from corpus_tools.store import Store

from .stories_eval import DETIK, SHIFT_DAYS, TOPICS, _shift, processed
from .timeline_eval import TODAY

BATCH = 1000  # articles per transaction, as ingest commits in batches
SAMPLE = 10  # the uncapped postings are counted for every this many articles


class Probe:
    """Records what each `story_candidates` call of one article asked for and got."""

    def __init__(self, store: Store):
        self.calls: list[tuple[list[str], str, int]] = []
        self.read: list[int] = []
        original = store.story_candidates

        def story_candidates(terms, since, limit, *args, **kwargs):
            found = original(terms, since, limit, *args, **kwargs)
            self.calls.append((terms, since, len(found)))
            return found
        store.story_candidates = story_candidates
        original_centroids = store.story_centroids

        def story_centroids(ids):
            out = original_centroids(ids)
            self.read.append(len(out))
            return out
        store.story_centroids = story_centroids


def postings(store: Store, terms: list[str], since: str, cap: int | None) -> int:
    """Rows of story_terms a lookup of `terms` reads (each term's at most `cap`)."""
    total = 0
    for term in terms:
        n = store.db.execute("SELECT count(*) FROM story_terms WHERE term = ? AND last_date >= ?",
                             (term, since)).fetchone()[0]
        total += min(n, cap) if cap else n
    return total


def replay_items(cache: Path | None, count: int):
    """(doc_key, Article, today, first pass) for `count` articles: stories_eval's corpus, shifted 400 days a pass."""
    sources = [(p.name, p / "articles.jsonl") for p in sorted(TOPICS.iterdir()) if (p / "gold.json").exists()]
    sources.append(("detik", DETIK))
    items = processed(sources, cache)
    done, shift = 0, 0
    while done < count:
        for _, key, article in items:
            if done == count:
                return
            if shift:
                article = dataclasses.replace(article, published=_shift(article.published, shift),
                                              body_hash=f"{article.body_hash}:{shift}")
            yield f"{key}@{shift}", article, TODAY + timedelta(days=shift), not shift
            done += 1
        shift += SHIFT_DAYS


def store_items(store: Store, count: int):
    """(article_id, Article, today, False) read back from a store in id order (see module docstring)."""
    rows = store.db.execute("SELECT id, doc_key, title, body, language, published FROM articles "
                            "ORDER BY id LIMIT ?", (count,)).fetchall()
    for row in rows:
        actors = [json.loads(r[0]) for r in store.db.execute(
            "SELECT actors FROM events WHERE article_id = ? ORDER BY id", (row["id"],))]
        events = [EventMention(label="", trigger="", actors=tuple(a), value="", granularity="", sentence="")
                  for a in actors]
        article = Article(source=SourceDocument(path=row["doc_key"], kind="record", payload=b""),
                          title=row["title"], body=row["body"], language=row["language"],
                          published=row["published"], events=events)
        yield row["id"], article, TODAY, False


def calibrate(cache: Path | None) -> float:
    """CPU ms per article of assigning the corpus's first 1,000 articles into a fresh store, now: the
    machine's speed of the moment (it is shared; its load changes over a long run), to which the cost in the
    big store is compared at the same moment."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Store(Path(tmp) / "fresh.db")
        dedup.stored_params(fresh)
        out = run(fresh, replay_items(cache, 1000), saving=True, count=1000, quiet=True)
        fresh.close()
    return 1000 * statistics.mean(m["cpu"] for m in out)


def run(store: Store, items, saving: bool, count: int, quiet: bool = False,
        cache: Path | None = None) -> list[dict]:
    """Assign every article; one measurement dict per article (every 10,000 and at the end, with the
    cost of a fresh store's first 1,000 at that moment, `calibrate`)."""
    probe = Probe(store)
    out: list[dict] = []
    params = dedup.stored_params(store) if saving else None
    source_id = None
    store.begin()
    for n, (key, article, today, first_pass) in enumerate(items):
        if saving:
            if source_id is None:
                source_id = store.begin_source("bench:stories_cost", 0, None)
            article_id, _ = store.save_article(source_id, key, article)
            if first_pass:  # as in stories_eval: a replay is not a copy of the pass before (else it joins its story unlooked)
                dedup.assign(store, article_id, article, params)
        else:
            article_id = key
        probe.calls.clear()
        probe.read.clear()
        cpu, wall = time.process_time(), time.perf_counter()
        stories.assign(store, article_id, article, today)
        item = {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall,
                "candidates": sum(probe.read), "lookups": len(probe.calls)}
        if probe.calls and n % SAMPLE == 0:
            terms, since, _ = probe.calls[0]
            item["postings"] = postings(store, terms, since, 64)
            item["uncapped"] = postings(store, terms, since, None)
        out.append(item)
        if (n + 1) % BATCH == 0:
            flush(store, out[-BATCH:])
            store.commit()
            if (n + 1) in (1000, 10_000, 50_000) or (n + 1) == count:
                out[-1]["stories"] = store.db.execute("SELECT count(*) FROM stories WHERE merged_into IS NULL"
                                                      ).fetchone()[0]
                out[-1]["terms"] = store.db.execute("SELECT count(*) FROM term_df").fetchone()[0]
                out[-1]["postings_total"] = store.db.execute("SELECT count(*) FROM story_terms").fetchone()[0]
            if not quiet and ((n + 1) in (1000, count) or (n + 1) % 10_000 == 0):
                out[-1]["fresh"] = calibrate(cache)
                print(f"{n + 1:,} articles: last 1,000 {summary(out[-1000:])['cpu']}, a fresh store's first "
                      f"1,000 now {out[-1]['fresh']:.2f}", flush=True)
            store.begin()
    flush(store, out[-(len(out) % BATCH or BATCH):])
    store.commit()
    return out


def flush(store: Store, batch: list[dict]) -> None:
    """Write the batch's gathered term counts (Store.commit would), its CPU time shared among the batch's
    articles: part of what story assignment costs (stores without that step write them in `assign`)."""
    if not hasattr(store, "write_term_counts"):
        return
    cpu, wall = time.process_time(), time.perf_counter()
    store.write_term_counts()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    for item in batch:
        item["cpu"] += cpu / len(batch)
        item["wall"] += wall / len(batch)


def summary(part: list[dict]) -> dict:
    sampled = [m for m in part if "postings" in m]
    return {"cpu": f"{1000 * statistics.mean(m['cpu'] for m in part):.2f}",
            "wall": f"{1000 * statistics.mean(m['wall'] for m in part):.2f}",
            "candidates": f"{statistics.mean(m['candidates'] for m in part):.1f}",
            "postings": f"{statistics.mean(m['postings'] for m in sampled):.0f}" if sampled else "-",
            "uncapped": f"{statistics.mean(m['uncapped'] for m in sampled):.0f}" if sampled else "-",
            "fresh": next((f"{m['fresh']:.2f}" for m in reversed(part) if "fresh" in m), "-"),
            "store": next((f"{m['stories']:,} stories, {m['terms']:,} terms, {m['postings_total']:,} postings"
                           for m in reversed(part) if "stories" in m), "")}


def report(out: list[dict], source: str) -> str:
    n = len(out)
    parts = [("first 1,000", out[:1000])]
    for mark in (10_000, 50_000):
        if n >= mark + 1000:
            parts.append((f"{mark - 999:,}-{mark:,}", out[mark - 1000:mark]))
    parts.append((f"last 1,000 of {n:,}", out[-1000:]))
    lines = [f"Story assignment cost per article (`stories.assign` alone), source {source}:", "",
             "| articles | CPU ms | a fresh store's first 1,000 then, CPU ms | wall ms | centroids read | "
             "postings read (uncapped) | store after |", "|---|---|---|---|---|---|---|"]
    for name, part in parts:
        s = summary(part)
        lines.append(f"| {name} | {s['cpu']} | {s['fresh']} | {s['wall']} | {s['candidates']} | {s['postings']} "
                     f"({s['uncapped']}) | {s['store']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description="Story assignment cost as the store grows.")
    parser.add_argument("--source", choices=("replays", "store"), default="replays")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, help="Pickle of stories_eval's processed articles (replays).")
    parser.add_argument("--db", type=Path, default=Path("/work/stores/gen-100k.db"),
                        help="A store of generated records (source store); copied, never written.")
    parser.add_argument("--json", type=Path, help="Write the per-article measurements here.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cost.db"
        if args.source == "store":
            shutil.copyfile(args.db, path)
            wal = args.db.with_name(args.db.name + "-wal")
            if wal.exists():  # pages not yet checkpointed into the file
                shutil.copyfile(wal, path.with_name(path.name + "-wal"))
            store = Store(path)
            store.size_cache_for_bands()  # the writer's page cache, as ingest sizes it (dedup.stored_params)
            with store.transaction():
                store.db.execute("UPDATE articles SET story_id = NULL")
                store.db.execute("DELETE FROM story_terms")
                store.db.execute("UPDATE stories SET merged_into = NULL")
                store.db.execute("DELETE FROM stories")
                store.db.execute("DELETE FROM term_df")
            items = store_items(store, args.articles)
        else:
            store = Store(path)
            items = replay_items(args.cache, args.articles)
        out = run(store, items, saving=args.source == "replays", count=args.articles, cache=args.cache)
        store.close()
    if args.json:
        args.json.write_text(json.dumps(out))
    print(report(out, args.source))
    return out


if __name__ == "__main__":
    main()
