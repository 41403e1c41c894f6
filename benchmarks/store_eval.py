"""The shared store: concurrent writers into PostgreSQL against one writer into SQLite,
and read latency on 100k stored articles in both backends.

Run: `python -m benchmarks.store_eval [--writers-articles 1200] [--size 100000]
[--server postgresql://postgres@127.0.0.1:5432/postgres]`

- Writers: a generated JSONL corpus (corpora.py) split into 1, 2 and 4 parts, one
  `triage ingest --workers 1` process per part, all started at once into a fresh
  PostgreSQL database; the baseline is one `triage ingest --workers 1` of the whole
  corpus into a fresh SQLite file. Articles/s is stored articles over wall time;
  "lost" counts articles the store lacks or holds twice.
- Latency: `--size` (default 100k) stored articles synthesised from 300 real Detik articles run
  through the pipeline once, then perturbed (dates shifted, figures changed) and
  written through ingest's own writer (`ingest._write`: the same rows, dedup and
  aggregates a real ingest writes; only the pipeline stages are skipped). The SQLite
  store is then moved to PostgreSQL by `triage copy` (timed too). `timeline` and
  `timeline --query` are whole CLI processes, median of 3.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from . import corpora

RESULTS = Path(__file__).with_name("results")
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
ENV = {**os.environ, "PYTHONPATH": str(corpora.REPO)}
TODAY = date(2025, 12, 31)  # the day the synthetic articles are ingested (stories read it)


# -- databases on the server ----------------------------------------------------------------

def create_database(server: str) -> str:
    import psycopg
    name = f"triage_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return server.rsplit("/", 1)[0] + "/" + name


def drop_database(server: str, url: str) -> None:
    import psycopg
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


# -- synthetic stored articles --------------------------------------------------------------

def base_articles(limit: int = 1000):
    """The Detik records through the whole pipeline, in-process (the Articles a real ingest stores)."""
    from corpus_tools.pipeline import ArticleRejected, Context, process
    from corpus_tools.record import SourceDocument
    ctx = Context(today=TODAY)
    out = []
    for index, record in enumerate(corpora.detik_records()[:limit]):
        payload = json.dumps(record, ensure_ascii=False).encode()
        doc = SourceDocument(path="detik.jsonl", kind="record", payload=payload, line=index + 1)
        try:
            out.append(process(doc, ctx))
        except ArticleRejected:
            pass
    return out


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"\b\d+\b")


def _shift(value: str | None, days: int) -> str | None:
    if value and _DAY.match(value):
        return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
    return value


def perturbed(base: list, count: int, seed: int = 11):
    """`count` Articles: a base article with its days shifted and its figures changed (no two bodies equal)."""
    from corpus_tools.fingerprint import body_hash
    rng = random.Random(seed)
    for index in range(count):
        article, other = base[index % len(base)], rng.choice(base)
        days = rng.randint(-200, 200)
        # as corpora.generated_records: part of one story, paragraphs of another, figures changed
        own, extra = article.body.split("\n"), other.body.split("\n")
        mixed = own[: max(2, len(own) // 2)] + rng.sample(extra, k=min(len(extra), 3))
        body = _NUMBER.sub(lambda m: str(rng.randint(2, 9999)) if rng.random() < 0.6 else m.group(0),
                           "\n".join(mixed))
        yield replace(article, body=body, body_hash=body_hash(body), minhash=None,
                      published=_shift(article.published, days),
                      dates=[replace(t, value=_shift(t.value, days)) for t in article.dates],
                      events=[replace(e, value=_shift(e.value, days)) for e in article.events])


def synthesise(target: str, base: list, count: int, per_file: int = 1000) -> float:
    """Write `count` perturbed articles into the store at `target` through ingest's writer; seconds."""
    from corpus_tools import dedup
    from corpus_tools.ingest import IngestReport, _FileWork, _write
    from corpus_tools.record import SourceDocument
    from corpus_tools.store import Store

    def results():
        articles = perturbed(base, count)
        for start in range(0, count, per_file):
            size = min(per_file, count - start)
            docs = [SourceDocument(path=f"synthetic/{start // per_file}.jsonl", kind="record", payload=b"",
                                   line=i + 1) for i in range(size)]
            item = _FileWork(f"synthetic/{start // per_file}.jsonl", f"hash{start}", 0, None, docs)
            for doc in docs:
                yield item, doc, replace(next(articles), source=doc)

    begin = time.perf_counter()
    with Store(target) as store:
        dedup.stored_params(store)
        store.db.bulk_mode()
        _write(store, results(), IngestReport(), lambda *a: None, 500, threading.Event(), TODAY)
    return time.perf_counter() - begin


# -- measurements ---------------------------------------------------------------------------

def timed_cli(args: list[str], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, env=ENV, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def count_articles(target: str) -> tuple[int, int]:
    """(stored articles, distinct doc keys)."""
    from corpus_tools.store import Store
    with Store(target, readonly=True) as store:
        return store.count_articles(), store.count_distinct_documents()


def concurrent_ingest(parts: list[Path], target: str) -> float:
    start = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-m", "cli", "ingest", str(part), "--db", target, "--quiet",
                               "--workers", "1", "--format", "json"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=ENV) for part in parts]
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode != 0:
            raise RuntimeError(err.decode())
    return time.perf_counter() - start


def writers(server: str, tmp: Path, articles: int) -> list[dict]:
    corpus = corpora.write_jsonl_corpus(tmp / "writers", articles, per_file=max(1, articles // 12))
    files = sorted(corpus.iterdir())
    rows = []
    db = tmp / "writers.db"
    seconds = concurrent_ingest([corpus], str(db))
    stored, distinct = count_articles(str(db))
    rows.append({"backend": "SQLite", "writers": 1, "articles": stored, "seconds": round(seconds, 1),
                 "articles_per_s": round(stored / seconds, 1), "lost_or_twice": articles - distinct + stored - distinct})
    for count in (1, 2, 4):
        parts = []
        for n in range(count):
            part = tmp / f"part-{count}-{n}"
            part.mkdir()
            for file in files[n::count]:
                (part / file.name).symlink_to(file)
            parts.append(part)
        url = create_database(server)
        try:
            seconds = concurrent_ingest(parts, url)
            stored, distinct = count_articles(url)
        finally:
            drop_database(server, url)
        rows.append({"backend": "PostgreSQL", "writers": count, "articles": stored, "seconds": round(seconds, 1),
                     "articles_per_s": round(stored / seconds, 1),
                     "lost_or_twice": articles - distinct + stored - distinct})
    return rows


def latency(server: str, tmp: Path, size: int, store: Path | None = None, server_db: str | None = None) -> dict:
    """Read latency on `size` stored articles; `store` (an SQLite file) and `server_db` (a database
    name on the server) are kept and reused when given: made only when missing, never dropped."""
    db = store or tmp / "big.db"
    out: dict = {"size": size}
    if not db.exists():
        base = base_articles(300)
        out["base_articles"] = len(base)
        out["synthesise_sqlite_s"] = round(synthesise(str(db), base, size), 1)
    out["size"], _ = count_articles(str(db))
    url = server.rsplit("/", 1)[0] + "/" + server_db if server_db else create_database(server)
    try:
        if server_db and not _database_exists(server, server_db):
            import psycopg
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{server_db}"')
        if not (server_db and _server_articles(url) == out["size"]):  # a kept copy that is complete is reused
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "cli", "copy", str(db), url, "--quiet"], env=ENV, check=True)
            out["copy_to_postgres_s"] = round(time.perf_counter() - start, 1)
        out["postgres_articles"], _ = count_articles(url)
        for name, target in (("SQLite", str(db)), ("PostgreSQL", url)):
            out[name] = {
                # the next cron run: one new article, after which the ingest stores the finished
                # default timeline (a store made by other code has none the current code reads)
                "ingest_one": _ingest_one(target, tmp / f"one-{name}"),
                "timeline": round(timed_cli(["timeline", "--format", "json", "--db", target]), 3),
                "timeline_query": round(timed_cli(["timeline", "--query", "presiden", "--format", "json",
                                                   "--db", target]), 3),
                "cpu": _cpu_seconds(target),
            }
        same = [subprocess.run([sys.executable, "-m", "cli", "timeline", "--format", "json", "--db", t],
                               capture_output=True, env=ENV, check=True).stdout for t in (str(db), url)]
        out["same_timeline"] = same[0] == same[1]
        out["version_s"] = round(timed_cli(["--version"]), 3)  # the interpreter and CLI start-up alone
    finally:
        if not server_db:
            drop_database(server, url)
    return out


def _ingest_one(target: str, folder: Path) -> dict:
    """`triage ingest` of one new article into `target`: wall seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    record = {"title": f"Rapat kerja {uuid.uuid4().hex[:8]}",
              "content": "Presiden membuka rapat kerja di Jakarta pada Senin (15/12/2025). " * 5,
              "date": "2025-12-15", "url": f"https://example.com/{uuid.uuid4().hex}"}
    (folder / "one.jsonl").write_text(json.dumps(record) + "\n")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cli", "ingest", str(folder / "one.jsonl"), "--db", target, "--quiet",
                    "--format", "json"], capture_output=True, env=ENV, check=True)
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 2)}


def _server_articles(url: str) -> int:
    """The articles a kept server database holds (0: a database just created, no store yet)."""
    from corpus_tools.store import StoreError
    try:
        return count_articles(url)[0]
    except StoreError:
        return 0


def _database_exists(server: str, name: str) -> bool:
    import psycopg
    with psycopg.connect(server, autocommit=True) as admin:
        return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def _cpu_seconds(target: str) -> dict:
    """User+system CPU seconds of one `timeline` and one `timeline --query` process (this process's children)."""
    out = {}
    for key, extra in (("timeline", []), ("timeline_query", ["--query", "presiden"])):
        before = os.times()
        subprocess.run([sys.executable, "-m", "cli", "timeline", *extra, "--format", "json", "--db", target],
                       capture_output=True, env=ENV, check=True)
        after = os.times()
        out[key] = round(after.children_user - before.children_user + after.children_system
                         - before.children_system, 3)
    return out


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--server", default=DEFAULT_SERVER, help="a database of the server to create others from")
    parser.add_argument("--writers-articles", type=int, default=1200)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--skip-writers", action="store_true")
    parser.add_argument("--store", type=Path, help="the SQLite store for latency: reused if it exists, "
                                                   "else synthesised there and kept")
    parser.add_argument("--server-db", help="the server database for latency (a name): reused if it exists "
                                            "(`triage copy` tops it up), else created; kept")
    args = parser.parse_args(argv)
    try:
        load = os.getloadavg()
    except OSError:
        load = (0.0, 0.0, 0.0)
    results: dict = {"cpus": os.cpu_count(), "load_at_start": round(load[0], 1)}
    previous = _previous_results()
    with tempfile.TemporaryDirectory(prefix="triage-store-") as tmp_name:
        tmp = Path(tmp_name)
        if args.skip_writers:
            results["writers"], results["writers_skipped"] = previous.get("writers", []), True
        else:
            results["writers"] = writers(args.server, tmp, args.writers_articles)
        results["load_at_end"] = round(os.getloadavg()[0], 1)
        _write_markdown(results)  # kept if the latency part fails
        if not args.skip_latency:
            results["latency"] = latency(args.server, tmp, args.size, args.store, args.server_db)
        elif "latency" in previous:
            results["latency"] = previous["latency"]
    results["load_at_end"] = round(os.getloadavg()[0], 1)
    print(json.dumps(results, indent=2))
    _write_markdown(results)
    return results


def _previous_results() -> dict:
    """The last run's figures (results/store.json), for the part a run skips."""
    path = RESULTS / "store.json"
    return json.loads(path.read_text()) if path.exists() else {}


def _write_markdown(results: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "store.json").write_text(json.dumps(results, indent=2) + "\n")
    lines = [f"{results['cpus']} CPUs; load average (1 min) {results['load_at_start']} at the start, "
             f"{results['load_at_end']} at the end (above the CPU count, other jobs shared them and wall times "
             "include that contention).", "",
             "Concurrent `triage ingest --workers 1` processes, one per part of a generated corpus"
             + (" (from an earlier run: this one skipped them):" if results.get("writers_skipped") else ":"), "",
             "| store | writers | articles | seconds | articles/s | lost or stored twice |", "|---|---|---|---|---|---|"]
    for row in results["writers"]:
        lines.append(f"| {row['backend']} | {row['writers']} | {row['articles']} | {row['seconds']} | "
                     f"{row['articles_per_s']} | {row['lost_or_twice']} |")
    if "latency" in results:
        lat = results["latency"]
        made = (f"synthesised from {lat['base_articles']} pipeline-processed Detik articles in "
                f"{lat['synthesise_sqlite_s']} s" if "synthesise_sqlite_s" in lat else
                "a store synthesised earlier from 300 pipeline-processed Detik articles, reused")
        copied = (f"`triage copy` to PostgreSQL {lat['copy_to_postgres_s']} s" if "copy_to_postgres_s" in lat
                  else f"its PostgreSQL copy, made earlier by `triage copy`, reused ({lat['postgres_articles']} articles)")
        lines += ["", f"Read latency on {lat['size']} stored articles ({made}; {copied}; "
                      f"same timeline from both: {lat['same_timeline']}). "
                      "Whole CLI processes, wall time median of 3, and the CPU time (user + system) of one more run; "
                      f"`triage --version` alone takes {lat.get('version_s', '?')} s:", "",
                  "| store | ingest of one new article s (stores the default timeline) | timeline s | "
                  "timeline --query s | timeline CPU s | --query CPU s |",
                  "|---|---|---|---|---|---|"]
        for name in ("SQLite", "PostgreSQL"):
            cpu = lat[name].get("cpu", {})
            one = lat[name].get("ingest_one", {}).get("seconds", "–")
            lines.append(f"| {name} | {one} | {lat[name]['timeline']} | {lat[name]['timeline_query']} | "
                         f"{cpu.get('timeline', '–')} | {cpu.get('timeline_query', '–')} |")
    (RESULTS / "store.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
