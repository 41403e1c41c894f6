"""What story assignment costs per article as a store grows to 100,000 articles, against what the same
articles cost in a fresh store.

Run: `PYTHONPATH=. python -m benchmarks.stories_cost [--source replays|store] [--articles N] [--cache FILE]
[--shift DAYS] [--order date|source] [--db STORE]` (20-40 minutes for 100,000 articles on a loaded machine;
not part of the tests).

Only `stories.assign` is timed (CPU time of this process; wall time beside it; with the term counts
it leaves for the commit, `Store.write_term_counts`, and the term index's pruning after each batch,
`stories.prune_index`, both shared among the batch's articles): the pipeline and the
other store writes are measured by benchmarks/throughput.py. Reported for the first 1,000 articles,
around the 10,000th and the 50,000th, and the last 1,000, with what each article compared:

- centroids read: the stories whose centroid the article was compared with (`best_story`, capped by
  stories.MAX_CANDIDATES), and the story it joined read once more;
- postings: rows of the term index (`story_terms`) the candidate lookup reads, i.e. for each looked-up
  term its stories active in the link window, at most the lookup's per-term cap; "uncapped" is what
  the same lookup would read without that cap (counted apart, outside the timing, every 10th article);
- stories and term_df rows in the store at that point.

Two sources of articles:

- `replays` (default): the 2,171 articles of benchmarks/stories_eval.py (four Timeline17 topics and
  the Detik sample, through the pipeline once, `--cache` to keep them) stored again and again, as a store
  keeps growing for years. Within a pass they come in date order, as a cron store gets them (an undated
  article on the day it is ingested, `cron_order`). Each pass's dates are moved on by more than the corpus's
  date span plus the link window (`pass_shift`, 8,305 days), so that no article can meet a story of an
  earlier pass: the stories active at any date are those of the real corpus alone, and the store grows
  around them. Dedup runs in every pass and finds the copies within it (`_salted`). At 1,000 articles, every
  10,000 and the end, the last 1,000 articles are also assigned in a fresh store that holds only their own
  pass before them and the same document frequencies (`Shadows`), article by article in lockstep with the big
  store: the same articles at the same positions, with the same candidates (checked: the share of articles
  whose centroids read and lookups are the same is reported), timed at the same moments of a shared machine
  whose speed drifts over minutes and seconds. The ratio of the two is the cost of the store's size alone;
  the store's calls are timed apart in both (`Probe`, the table after the figures) to show where it lies.
  The article ids are new, the texts repeat: the term frequencies grow in step, the
  vocabulary does not. `--shift 400 --order source` is the first design: passes 400 days apart over a corpus
  that spans 21 years overlap, so that more stories are active within each window as the store grows (a real
  store's window does not grow with its age); its figures are in docs/history/stories.md.
- `store`: the articles of a store `triage ingest` built from benchmarks/corpora.py `generated_records`
  (`--db`; copied, never written), their story assignment redone in id order
  (title, cleaned body, language, date, duplicate link and the events' names read back). Those records
  are the 1,000 Detik texts mixed (a record keeps half or more of one text's paragraphs and takes one
  to four of another's), all dated within 2025: at 100,000 articles each Detik text's words recur in
  about a hundred records and every day holds some 270 articles, so a term's postings in the window
  keep growing with the store (a stress test: a real store's active window does not grow with its age),
  and every article has many close candidates. No fresh-store column.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from corpus_tools import dedup, stories
from corpus_tools.fingerprint import DEFAULT_PARAMS, sign
from corpus_tools.record import Article, EventMention, SourceDocument
from corpus_tools.store import Store

from .stories_eval import DETIK, TOPICS, _shift, processed
from .timeline_eval import TODAY

BATCH = 1000  # articles per transaction, as ingest commits in batches
SAMPLE = 10  # the uncapped postings are counted for every this many articles


TIMED = ("document_frequencies", "article_story", "kept_story", "story_candidates", "story_centroids", "save_story",
         "merge_story", "set_article_story")  # the store's calls of `stories.assign`, each timed apart


class Probe:
    """Records what each `story_candidates` call of one article asked for and got, and the CPU time each of the
    store's calls (TIMED) took (`spent`); what is left of an article's time is `stories.assign`'s own Python."""

    def __init__(self, store: Store):
        self.calls: list[tuple[list[str], str, int]] = []
        self.read: list[int] = []
        self.spent: dict[str, float] = {}
        for name in TIMED:
            self._time(store, name)
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

    def _time(self, store: Store, name: str) -> None:
        original, spent, clock = getattr(store, name), self.spent, time.process_time

        def timed(*args, **kwargs):
            start = clock()
            try:
                return original(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + clock() - start
        setattr(store, name, timed)


def postings(store: Store, terms: list[str], since: str, cap: int | None) -> int:
    """Rows of story_terms a lookup of `terms` reads (each term's at most `cap`)."""
    total = 0
    for term in terms:
        n = store.db.execute("SELECT count(*) FROM story_terms WHERE term = ? AND last_date >= ?",
                             (term, since)).fetchone()[0]
        total += min(n, cap) if cap else n
    return total


def corpus(cache: Path | None, order: str = "date") -> list[tuple[str, Article]]:
    """(doc_key, Article) of stories_eval's 2,171 articles, in the order one pass stores them: by publication
    date ("date": as a cron store gets them; an undated article at TODAY, the day it is ingested; ties in file
    order), or topic by topic as stories_eval stores them ("source")."""
    sources = [(p.name, p / "articles.jsonl") for p in sorted(TOPICS.iterdir()) if (p / "gold.json").exists()]
    sources.append(("detik", DETIK))
    articles = [(key, article) for _, key, article in processed(sources, cache)]
    return cron_order(articles) if order == "date" else articles


def cron_order(articles: list[tuple[str, Article]], today: date = TODAY) -> list[tuple[str, Article]]:
    """The articles by publication date, an undated one at `today` (the day it is ingested); ties in the
    order given."""
    return sorted(articles, key=lambda item: item[1].published or today.isoformat())


def pass_shift(articles: list[tuple[str, Article]], today: date = TODAY) -> int:
    """Days a pass's dates are moved on from the pass before: more than the corpus's date span (the undated
    articles' `today` included) plus the link window, so that no article of a pass can find a story of the pass
    before as a candidate (`stories.best_story` reads stories active within LINK_DAYS): each pass is a new stretch
    of years of one store, the stories active at a date those of the real corpus alone."""
    days = [date.fromisoformat(a.published) for _, a in articles if a.published] + [today]
    return (max(days) - min(days)).days + stories.LINK_DAYS + stories.WINDOW_DAYS + 1


def _salted(article: Article, replay: int) -> Article:
    """The article of pass `replay` (0: itself): its MinHash values and shingle hashes XORed with a salt of the
    pass, so that dedup finds its copies within its own pass (the same Jaccard between two articles of one pass:
    XOR with one value keeps equal values equal and distinct ones distinct) and never the same text in another
    pass, whose stories are out of its window anyway; its body hash likewise."""
    if not replay:
        return article
    if article.minhash is None or article.shingle_hashes is None:  # not signed by the pipeline
        sig, own = sign(article.body, DEFAULT_PARAMS)
        article = dataclasses.replace(article, minhash=list(sig), shingle_hashes=own)
    salt32 = (replay * 0x9E3779B1) & 0xFFFFFFFF
    salt64 = np.uint64((replay * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF)
    minhash = [int(v) ^ salt32 for v in article.minhash]
    shingles = np.sort(np.frombuffer(article.shingle_hashes, dtype="<u8") ^ salt64).astype("<u8").tobytes()
    return dataclasses.replace(article, body_hash=f"{article.body_hash}:{replay}", minhash=minhash,
                               shingle_hashes=shingles)


def replay_items(articles: list[tuple[str, Article]], count: int, shift: int, start: int = 0):
    """(doc_key, Article, today, position in the stream) for the stream's articles `start` to `count`: pass after
    pass over `articles`, pass k's dates (and its `today`) moved on by k × `shift` days."""
    for index in range(start, count):
        replay, position = divmod(index, len(articles))
        key, article = articles[position]
        days = replay * shift
        if replay:
            article = dataclasses.replace(_salted(article, replay), published=_shift(article.published, days))
        yield f"{key}@{replay}", article, TODAY + timedelta(days=days), index


def store_items(store: Store, count: int):
    """(article_id, Article, today, position) read back from a store in id order (see module docstring)."""
    rows = store.db.execute("SELECT id, doc_key, title, body, language, published FROM articles "
                            "ORDER BY id LIMIT ?", (count,)).fetchall()
    for index, row in enumerate(rows):
        actors = [json.loads(r[0]) for r in store.db.execute(
            "SELECT actors FROM events WHERE article_id = ? ORDER BY id", (row["id"],))]
        events = [EventMention(label="", trigger="", actors=tuple(a), value="", granularity="", sentence="")
                  for a in actors]
        article = Article(source=SourceDocument(path=row["doc_key"], kind="record", payload=b""),
                          title=row["title"], body=row["body"], language=row["language"],
                          published=row["published"], events=events)
        yield row["id"], article, TODAY, index


def checkpoints(count: int) -> list[int]:
    """Where the cost of the last 1,000 articles is reported: at 1,000, every 10,000 and the end."""
    return sorted({mark for mark in (1000, *range(10_000, count + 1, 10_000), count) if mark <= count})


def pass_frequencies(articles: list[tuple[str, Article]], shift: int) -> dict[str, int]:
    """The document frequencies one pass adds to a store (term_df's rows, the documents' count under ""): every
    pass adds the same, its texts and copies being the same."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "pass.db")
        run(store, replay_items(articles, len(articles), shift), saving=True, count=len(articles), quiet=True)
        counts = dict(store.db.execute("SELECT term, df FROM term_df").fetchall())
        store.close()
    return counts


class Writer:
    """Stores articles and assigns their stories as ingest does, timing `stories.assign` alone."""

    def __init__(self, store: Store, saving: bool):
        self.store, self.saving, self.probe = store, saving, Probe(store)
        self.params = dedup.stored_params(store) if saving else None
        self.source_id: int | None = None
        self.batch: list[dict] = []
        self.days: list[str] = []  # the batch's articles' dates (or ingest days), for `stories.prune_index`
        store.begin()

    def step(self, key, article: Article, today: date, index: int) -> dict:
        store, probe = self.store, self.probe
        if self.saving:
            if self.source_id is None:
                self.source_id = store.begin_source("bench:stories_cost", 0, None)
            article_id, _ = store.save_article(self.source_id, key, article)
            dedup.assign(store, article_id, article, self.params)  # copies within a pass (`_salted`)
        else:
            article_id = key
        probe.calls.clear()
        probe.read.clear()
        probe.spent.clear()
        # the term counts the pipeline made for the writer (`Article.story_terms`, counted in the worker at
        # ingest) are part of what stories cost an article: left out, `assign` counts them inside the timing
        article = dataclasses.replace(article, story_terms=None)
        self.days.append(article.published or today.isoformat())
        cpu, wall = time.process_time(), time.perf_counter()
        stories.assign(store, article_id, article, today)
        item = {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall,
                "candidates": sum(probe.read), "lookups": len(probe.calls), "calls": dict(probe.spent)}
        if probe.calls and index % SAMPLE == 0:
            terms, since, _ = probe.calls[0]
            item["postings"] = postings(store, terms, since, 64)
            item["uncapped"] = postings(store, terms, since, None)
        self.batch.append(item)
        return item

    def commit(self, more: bool = True) -> None:
        """Prune the term index as ingest does after a batch, write the batch's term counts (the CPU of both
        shared among its articles) and commit."""
        flush(self.store, self.batch, self.days)
        self.batch, self.days = [], []
        self.store.commit()
        if more:
            self.store.begin()


class Shadows:
    """For each checkpoint's last 1,000 articles, a fresh store that holds only their own pass before them: it
    takes the stream's articles from the start of that pass to the checkpoint, each right after the big store
    took it (in turn before it, every other article), so that both are timed on the machine as it is at that
    moment (it is shared: its speed drifts by more than the figures move, over minutes and seconds). Its document
    frequencies start as those of the passes before (one pass's × passes, `pass_frequencies`): the same
    vectors, hence the same candidates and stories article by article (the earlier passes' stories are outside
    every window). What the big store costs above it is the cost of its size alone: its tables' rows (stories,
    term index, articles)."""

    def __init__(self, articles: list[tuple[str, Article]], shift: int, count: int):
        self.articles, self.shift, self.per_pass = articles, shift, {}
        self.starts: dict[int, int] = {}  # a pass start → the last checkpoint whose window begins in that pass
        self.windows = [(max(0, end - BATCH), end) for end in checkpoints(count)]
        for first, end in self.windows:
            begin = first - first % len(articles)
            self.starts[begin] = max(end, self.starts.get(begin, 0))

    def measured(self, index: int) -> bool:
        """Whether article `index` is in a checkpoint's window (its fresh-store measurement kept)."""
        return any(first <= index < end for first, end in self.windows)

    def start(self, index: int) -> tuple[Writer, int, tempfile.TemporaryDirectory] | None:
        """A fresh writer if a checkpoint's pass starts at `index`: (writer, checkpoint, its directory)."""
        end = self.starts.get(index)
        if end is None:
            return None
        passes = index // len(self.articles)
        if passes and not self.per_pass:
            self.per_pass.update(pass_frequencies(self.articles, self.shift))
        tmp = tempfile.TemporaryDirectory()
        store = Store(Path(tmp.name) / "fresh.db")
        if passes:
            with store.transaction():
                store.db.executemany("INSERT INTO term_df (term, df) VALUES (?, ?)",
                                     [(t, n * passes) for t, n in sorted(self.per_pass.items())])
            # the big store's writer holds every term's frequency in its cache (it has met them all in earlier
            # passes): so does this one, else each term of the pass costs it a read the big store does not make
            store.document_frequencies([t for t in self.per_pass if t])
        return Writer(store, saving=True), end, tmp


def run(store: Store, items, saving: bool, count: int, quiet: bool = False,
        shadows: Shadows | None = None) -> list[dict]:
    """Assign every article; one measurement dict per article, committed every BATCH positions of the stream.
    Within each checkpoint's last 1,000, the same article's measurement in the fresh store (`Shadows`) is kept
    beside it ("fresh"); at each checkpoint (unless `quiet`) the store's size is noted and a line printed."""
    writer = Writer(store, saving)
    out: list[dict] = []
    shadow = None
    for key, article, today, index in items:
        if shadow is None and shadows is not None:
            shadow = shadows.start(index)
        if shadow is not None and index % 2:  # every other article the fresh store goes first
            other = shadow[0].step(key, article, today, index)
            item = writer.step(key, article, today, index)
        else:
            item = writer.step(key, article, today, index)
            other = shadow[0].step(key, article, today, index) if shadow is not None else None
        out.append(item)
        if other is not None and shadows.measured(index):
            item["fresh"] = other
        last = (index + 1) % BATCH == 0 or index + 1 == count
        if last or (shadow is not None and index + 1 == shadow[1]):
            writer.commit()
            if shadow is not None:
                shadow[0].commit(more=index + 1 < shadow[1])
                if index + 1 == shadow[1]:
                    shadow[0].store.close()
                    shadow[2].cleanup()
                    shadow = None
            if not quiet and (index + 1) in checkpoints(count):
                out[-1].update(store_size(store))
                part = summary(out[-1000:])
                print(f"{index + 1:,} articles: last 1,000 {part['cpu']} CPU ms, the same in a fresh store "
                      f"{part['fresh']} ({part['ratio']}); centroids {part['candidates']} / {part['fresh_candidates']} "
                      f"(the same for {part['same']} of the articles)", flush=True)
                if not quiet and index + 1 < count:
                    print("\n".join(breakdown(out[-1000:])[1:]), flush=True)
    writer.commit(more=False)
    return out


def store_size(store: Store) -> dict:
    return {"stories": store.db.execute("SELECT count(*) FROM stories WHERE merged_into IS NULL").fetchone()[0],
            "terms": store.db.execute("SELECT count(*) FROM term_df").fetchone()[0],
            "postings_total": store.db.execute("SELECT count(*) FROM story_terms").fetchone()[0],
            "postings_cold": store.db.execute("SELECT count(*) FROM story_terms_cold").fetchone()[0]}


def flush(store: Store, batch: list[dict], days: list[str] = ()) -> None:
    """Prune the term index after the batch (`stories.prune_index`, as ingest's shared step does) and write the
    batch's gathered term counts (Store.commit would), the CPU time of each shared among the batch's articles:
    part of what story assignment costs (stores without that step write them in `assign`)."""
    if not batch:
        return
    steps = [("prune_index", lambda: stories.prune_index(store, days))]
    if hasattr(store, "write_term_counts"):
        steps.append(("write_term_counts", store.write_term_counts))
    for name, step in steps:
        cpu, wall = time.process_time(), time.perf_counter()
        step()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        for item in batch:
            item["cpu"] += cpu / len(batch)
            item["wall"] += wall / len(batch)
            if "calls" in item:
                item["calls"][name] = cpu / len(batch)


def _mean(values, scale: float = 1.0, digits: int = 2) -> str:
    values = list(values)
    return f"{scale * statistics.mean(values):.{digits}f}" if values else "-"


def summary(part: list[dict]) -> dict:
    sampled = [m for m in part if "postings" in m]
    base = [m["fresh"] for m in part if "fresh" in m]
    out = {"cpu": _mean((m["cpu"] for m in part), 1000), "wall": _mean((m["wall"] for m in part), 1000),
           "candidates": _mean((m["candidates"] for m in part), digits=1),
           "postings": _mean((m["postings"] for m in sampled), digits=0),
           "uncapped": _mean((m["uncapped"] for m in sampled), digits=0),
           "fresh": "-", "ratio": "-", "fresh_candidates": "-", "fresh_postings": "-", "same": "-",
           "store": next((f"{m['stories']:,} stories, {m['terms']:,} terms, {m['postings_total']:,} postings"
                           + (f" (+{m['postings_cold']:,} cold)" if m.get("postings_cold") else "")
                          for m in reversed(part) if "stories" in m), "")}
    if base and len(base) == len(part):
        cpu = statistics.mean(m["cpu"] for m in part)
        fresh_cpu = statistics.mean(m["cpu"] for m in base)
        same = sum(m["candidates"] == f["candidates"] and m["lookups"] == f["lookups"] for m, f in zip(part, base))
        out.update(fresh=_mean((m["cpu"] for m in base), 1000), ratio=f"{cpu / fresh_cpu:.2f}x",
                   same=f"{same / len(part):.0%}",
                   fresh_candidates=_mean((m["candidates"] for m in base), digits=1),
                   fresh_postings=_mean((m["postings"] for m in base if "postings" in m), digits=0))
    return out


def report(out: list[dict], source: str, shift: int | None = None, order: str | None = None) -> str:
    n = len(out)
    parts = [("first 1,000", out[:1000])]
    for mark in (10_000, 50_000):
        if n >= mark + 1000:
            parts.append((f"{mark - 999:,}-{mark:,}", out[mark - 1000:mark]))
    parts.append((f"last 1,000 of {n:,}", out[-1000:]))
    how = f", passes {shift:,} days apart, {order} order within a pass" if shift is not None else ""
    lines = [f"Story assignment cost per article (`stories.assign` alone), source {source}{how}:", "",
             "| articles | CPU ms | the same articles in a fresh store, CPU ms | ratio | wall ms | centroids read "
             "(fresh; articles whose reads are the same) | postings read (uncapped; fresh) | store after |",
             "|---|---|---|---|---|---|---|---|"]
    for name, part in parts:
        s = summary(part)
        lines.append(f"| {name} | {s['cpu']} | {s['fresh']} | {s['ratio']} | {s['wall']} | {s['candidates']} "
                     f"({s['fresh_candidates']}; {s['same']}) | {s['postings']} ({s['uncapped']}; {s['fresh_postings']}) "
                     f"| {s['store']} |")
    lines += breakdown(out[-1000:])
    return "\n".join(lines)


def breakdown(part: list[dict]) -> list[str]:
    """CPU ms per article of each of the store's calls, in the big store and the fresh one, and the rest
    (`stories.assign`'s own Python): where the difference between the two lies."""
    base = [m["fresh"] for m in part if "fresh" in m]
    if len(base) != len(part) or not all("calls" in m for m in part + base):
        return []
    names = [*TIMED, "prune_index", "write_term_counts"]

    def ms(items: list[dict], name: str | None) -> float:
        if name is None:
            return 1000 * statistics.mean(m["cpu"] - sum(m["calls"].values()) for m in items)
        return 1000 * statistics.mean(m["calls"].get(name, 0.0) for m in items)
    lines = ["", "| CPU ms per article, by call | store | fresh store | difference |", "|---|---|---|---|"]
    for name in [*names, None]:
        big, small = ms(part, name), ms(base, name)
        lines.append(f"| {name or 'the rest (assign itself)'} | {big:.3f} | {small:.3f} | {big - small:+.3f} |")
    return lines


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description="Story assignment cost as the store grows.")
    parser.add_argument("--source", choices=("replays", "store"), default="replays")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, help="Pickle of stories_eval's processed articles (replays).")
    parser.add_argument("--shift", type=int, help="Days between two passes (replays; default `pass_shift`: "
                        "passes that do not overlap). 400 is the first design's (overlapping passes).")
    parser.add_argument("--order", choices=("date", "source"), default="date",
                        help="Order of the articles within a pass (replays): by date, or topic by topic.")
    parser.add_argument("--db", type=Path,
                        help="With --source store: a store `triage ingest` built from generated records "
                             "(benchmarks.corpora.write_jsonl_corpus); copied, never written.")
    parser.add_argument("--json", type=Path, help="Write the per-article measurements here.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cost.db"
        shift = None
        if args.source == "store":
            if args.db is None or not args.db.is_file():
                parser.error("--source store needs --db STORE, a store of generated records")
            shutil.copyfile(args.db, path)
            wal = args.db.with_name(args.db.name + "-wal")
            if wal.exists():  # pages not yet checkpointed into the file
                shutil.copyfile(wal, path.with_name(path.name + "-wal"))
            store = Store(path)
            store.size_cache_for_bands()  # the writer's page cache, as ingest sizes it (dedup.stored_params)
            with store.transaction():
                store.db.execute("UPDATE articles SET story_id = NULL")
                store.db.execute("DELETE FROM story_terms")
                store.db.execute("DELETE FROM story_terms_cold")
                store.db.execute("UPDATE story_horizon SET horizon = ''")
                store.db.execute("UPDATE stories SET merged_into = NULL")
                store.db.execute("DELETE FROM stories")
                store.db.execute("DELETE FROM term_df")
            items, shadows = store_items(store, args.articles), None
        else:
            store = Store(path)
            articles = corpus(args.cache, args.order)
            shift = pass_shift(articles) if args.shift is None else args.shift
            items = replay_items(articles, args.articles, shift)

            shadows = Shadows(articles, shift, args.articles)
        out = run(store, items, saving=args.source == "replays", count=args.articles, shadows=shadows)
        store.close()
    if args.json:
        args.json.write_text(json.dumps(out))
    print(report(out, args.source, shift, args.order if shift is not None else None))
    return out


if __name__ == "__main__":
    main()
