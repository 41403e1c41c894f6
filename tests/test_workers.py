"""`--workers N` gives exactly the results of `--workers 1` (the pool only moves work around)."""

from __future__ import annotations

import json
import sqlite3

from .conftest import SEEDS, run_cli
from .corpora import news_records


def _dump(db) -> dict:
    """Everything the pipeline derived, in id order, without timestamps."""
    con = sqlite3.connect(db)
    tables = {
        "articles": "SELECT id, doc_key, title, published, author, outlet, language, body, body_hash, dropped "
                    "FROM articles ORDER BY id",
        "dates": "SELECT * FROM dates ORDER BY article_id, start",
        "events": "SELECT * FROM events ORDER BY id",
    }
    return {name: con.execute(sql).fetchall() for name, sql in tables.items()}


def test_two_workers_store_exactly_what_one_worker_stores(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "records.jsonl").write_text("\n".join(news_records(60)) + "\n")
    for seed in SEEDS.iterdir():
        (corpus / seed.name).write_bytes(seed.read_bytes())
    results = {}
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        proc = run_cli("ingest", str(corpus), "--quiet", "--workers", str(workers), db=db)
        assert proc.returncode == 0, proc.stderr
        timeline = run_cli("timeline", "--format", "json", db=db)
        results[workers] = (_dump(db), json.loads(timeline.stdout))
    assert len(results[1][0]["articles"]) > 60
    assert results[1] == results[2]


def test_the_warm_up_before_the_fork_loads_no_language_detector_when_the_language_is_given():
    """`--lang`: no document's language is detected, so langdetect's profiles (some 0.36 G instructions, run
    before the workers fork) are not loaded for them; without it they are, for the workers to share."""
    import subprocess
    import sys

    from .conftest import REPO

    seed = sorted(SEEDS.glob("00[0-4]_*.txt"))[0]
    code = ("import sys; from datetime import date; from pathlib import Path\n"
            "from corpus_tools.ingest import _warm\nfrom corpus_tools.pipeline import Context\n"
            "from corpus_tools.read import read_documents\n"
            f"doc = next(read_documents(Path({str(seed)!r})))\n"
            "_warm(doc, Context(today=date(2025, 1, 1), language=sys.argv[1] or None))\n"
            "print('langdetect' in sys.modules)")
    loaded = {lang: subprocess.run([sys.executable, "-c", code, lang], capture_output=True, text=True, cwd=REPO,
                                   check=True).stdout.strip() for lang in ("id", "")}
    assert loaded == {"id": "False", "": "True"}


def test_the_pool_says_once_when_every_result_is_computed_before_the_writer_has_taken_them_all(tmp_path):
    """`_process_all`'s `on_computed`: when the workers are done and the writer still has results to store and
    settle, the writer starts the end step's process (its start-up then overlaps that work). The pool's workers,
    which have nothing left to do, are stopped before: their memory is not held beside that process."""
    import importlib
    import multiprocessing
    from datetime import date

    from corpus_tools.pipeline import Context
    from corpus_tools.read import read_documents

    ingest_module = importlib.import_module("corpus_tools.ingest")
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(news_records(40)) + "\n")
    docs = list(read_documents(path))
    work = ingest_module._FileWork(str(path), "hash", path.stat().st_size, None, iter(docs))
    taken: list[int] = []
    called: list[tuple[int, int]] = []

    def workers() -> int:
        return len(multiprocessing.active_children())

    for index, _ in enumerate(ingest_module._process_all([work], Context(today=date(2025, 6, 1)), 2,
                                                         lambda: called.append((len(taken), workers())))):
        taken.append(index)
    assert len(taken) == 40
    assert len(called) == 1 and called[0][0] < 40 and called[0][1] == 0


def test_the_window_read_before_the_pool_starts_is_one_chunk_a_worker(tmp_path):
    """The first window is read (files opened, hashed, looked up in the store) before the workers fork: part of
    the run's serial start. It holds one chunk a worker; the next, a whole window, is read once they have it."""
    import importlib
    from datetime import date

    from corpus_tools.pipeline import Context
    from corpus_tools.read import read_documents

    ingest_module = importlib.import_module("corpus_tools.ingest")
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(news_records(300)) + "\n")
    read = []

    def documents():
        for doc in read_documents(path):
            read.append(doc)
            yield doc

    work = ingest_module._FileWork(str(path), "hash", path.stat().st_size, None, documents())
    results = ingest_module._process_all([work], Context(today=date(2025, 6, 1)), 2)
    next(results)
    results.close()  # the pool stops
    assert len(read) == ingest_module.CHUNK * 2 + ingest_module.WINDOW


def test_a_window_handed_to_a_pool_a_dead_worker_broke_fails_as_its_pending_tasks_do(tmp_path):
    """A worker killed (the OOM killer) after the windows before were handed out: the pool refuses the next
    window's chunks. They fail as its pending tasks do, and the run goes on with a new pool (`_WorkerDied`);
    `pool.submit`'s BrokenProcessPool raised out of the run before (a traceback, exit 1, nothing reported)."""
    import importlib
    import os
    import signal
    import time
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from corpus_tools.read import read_documents

    ingest_module = importlib.import_module("corpus_tools.ingest")
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(news_records(20)) + "\n")
    window = [(None, doc) for doc in read_documents(path)]
    pool = ProcessPoolExecutor(1)
    try:
        assert pool.submit(os.getpid).result() != os.getpid()
        os.kill(next(iter(pool._processes)), signal.SIGKILL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # until the executor has seen the death
            try:
                pool.submit(os.getpid).result()
            except BrokenProcessPool:
                break
        futures = ingest_module._submit(pool, window)
        assert len(futures) == 3
        assert all(isinstance(f.exception(), BrokenProcessPool) for f in futures)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
