"""Ingest: discover inputs, run the pipeline (optionally in a process pool), write the store.

Safe to run unattended:
- one writer at a time per store (`lock.py`); a second run waits `wait` seconds,
  then gives up with `StoreBusy`;
- per-article work happens in worker processes, in input order, so results do
  not depend on the number of workers; only this process writes;
- commits every `batch_size` articles; a source's content hash is recorded only
  once all its documents are stored, so a run killed mid-file redoes that file
  next time and a crash costs at most one batch;
- one bad file or line is reported and the run goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from . import clean, dedup
from .lock import StoreLock
from .pipeline import ArticleRejected, Context, process
from .read import DEFAULT_MAX_BYTES, ReadProblem, discover, read_documents
from .record import Article, SourceDocument
from .store import Store

RECURRING_MIN_ARTICLES = 3
WINDOW = 256  # documents handed to the pool at a time: bounds memory on huge inputs


@dataclass
class IngestReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    duplicates: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    languages: Counter = field(default_factory=Counter)
    interrupted: bool = False

    def as_json(self) -> dict:
        return {"new": self.new, "updated": self.updated, "unchanged": self.unchanged,
                "removed": self.removed, "duplicates": self.duplicates,
                "skipped": self.skipped, "failed": self.failed,
                "languages": dict(sorted(self.languages.items())), "interrupted": self.interrupted}


@dataclass(frozen=True)
class _FileWork:
    key: str  # source path as stored
    content_hash: str
    size: int
    mtime: float | None
    documents: list[SourceDocument]


ProblemHook = Callable[[str, str, bool], None]  # (path, reason, skipped)


def ingest(paths: list[str], db_path: str, *, recursive: bool = True, glob: str | None = None,
           workers: int = 1, max_bytes: int = DEFAULT_MAX_BYTES, batch_size: int = 200, wait: float = 0,
           stdin: BinaryIO | None = None, today: date | None = None,
           on_problem: ProblemHook | None = None, on_file: Callable[[int, int], None] | None = None,
           ) -> IngestReport:
    """Ingest `paths` into the store at `db_path`; see the module docstring."""
    report = IngestReport()

    def problem(path: str, reason: str, skipped: bool) -> None:
        (report.skipped if skipped else report.failed).append({"path": path, "error": reason})
        if on_problem:
            on_problem(path, reason, skipped)

    with StoreLock(db_path, wait=wait), Store(db_path) as store, _sigterm_as_interrupt():
        ctx = Context(today=today or date.today(),
                      recurring=store.recurring_line_keys(RECURRING_MIN_ARTICLES),
                      params=dedup.stored_params(store))
        files = list(discover(paths, recursive=recursive, glob=glob))
        work = _changed_files(files, store, report, problem, max_bytes, stdin, on_file)
        try:
            _write(store, _process_all(work, ctx, workers), report, problem, batch_size)
        except KeyboardInterrupt:
            report.interrupted = True
    return report


def _changed_files(files: list[Path | ReadProblem], store: Store, report: IngestReport, problem: ProblemHook,
                   max_bytes: int, stdin: BinaryIO | None, on_file: Callable[[int, int], None] | None
                   ) -> Iterator[_FileWork]:
    """Read each input; yield those whose content differs from what the store holds."""
    for index, item in enumerate(files, start=1):
        if on_file:
            on_file(index, len(files))
        if isinstance(item, ReadProblem):
            problem(item.path, item.reason, item.skipped)
            continue
        documents: list[SourceDocument] = []
        for result in read_documents(item, max_bytes=max_bytes, stdin=stdin):
            if isinstance(result, ReadProblem):
                problem(result.path, result.reason, result.skipped)
            else:
                documents.append(result)
        if not documents:
            continue
        first = documents[0]
        key = f"stdin:{first.content_hash[:16]}" if first.path == "-" else str(Path(first.path).resolve())
        if store.source_hash(key) == first.content_hash:
            store.touch_source(key)
            report.unchanged += store.count_source_articles(key)
            continue
        yield _FileWork(key, first.content_hash, first.size, first.mtime, documents)


def _worker_init() -> None:
    # Ctrl-C goes to the whole process group; the parent decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Forked workers inherit the parent's SIGTERM handler; the pool stops them with SIGTERM.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


_CTX: Context | None = None


def _set_context(ctx: Context) -> None:
    global _CTX
    _worker_init()
    _CTX = ctx


def _process_one(doc: SourceDocument) -> tuple[SourceDocument, Article | ArticleRejected]:
    assert _CTX is not None
    return doc, _safe_process(doc, _CTX)


def _safe_process(doc: SourceDocument, ctx: Context) -> Article | ArticleRejected:
    try:
        return process(doc, ctx)
    except ArticleRejected as exc:
        return exc
    except RecursionError:
        return ArticleRejected("markup nested too deeply to parse")
    except Exception as exc:  # a bug in one stage must not cost the rest of the run
        return ArticleRejected(f"internal error in the pipeline: {type(exc).__name__}: {exc}")


def _process_all(work: Iterable[_FileWork], ctx: Context, workers: int
                 ) -> Iterator[tuple[_FileWork, SourceDocument, Article | ArticleRejected]]:
    """Results in input order, computed here or in a pool of `workers` processes."""
    if workers <= 1:
        for item in work:
            for doc in item.documents:
                yield item, doc, _safe_process(doc, ctx)
        return
    mp = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with mp.Pool(workers, initializer=_set_context, initargs=(ctx,)) as pool:
        window: list[tuple[_FileWork, SourceDocument]] = []
        for item in work:
            window.extend((item, doc) for doc in item.documents)
            if len(window) >= WINDOW:
                yield from _run_window(pool, window)
                window = []
        if window:
            yield from _run_window(pool, window)


def _run_window(pool, window):
    results = pool.imap(_process_one, [doc for _, doc in window], chunksize=8)
    for (item, _), (doc, outcome) in zip(window, results):
        yield item, doc, outcome


def _write(store: Store, results: Iterator[tuple[_FileWork, SourceDocument, Article | ArticleRejected]],
           report: IngestReport, problem: ProblemHook, batch_size: int) -> None:
    """The single writer: batches of articles per transaction, sources finished when complete."""
    pending = 0
    current: _FileWork | None = None
    source_id = 0
    kept_keys: set[str] = set()
    remaining = 0
    store.db.execute("BEGIN IMMEDIATE")
    try:
        for item, doc, outcome in results:
            if item is not current:
                current, remaining, kept_keys = item, len(item.documents), set()
                source_id = store.begin_source(item.key, item.size, item.mtime)
            remaining -= 1
            if isinstance(outcome, ArticleRejected):
                problem(doc.key if doc.line is None else f"{doc.path}:{doc.line}", str(outcome), outcome.skipped)
            else:
                doc_key = item.key if doc.line is None else f"{item.key}#L{doc.line}"
                kept_keys.add(doc_key)
                _store_article(store, source_id, doc_key, outcome, report)
                pending += 1
            if remaining == 0:
                report.removed += store.finish_source(source_id, item.content_hash, kept_keys)
            if pending >= batch_size:
                store.db.execute("COMMIT")
                store.db.execute("BEGIN IMMEDIATE")
                pending = 0
        store.db.execute("COMMIT")
    except BaseException:
        store.db.execute("ROLLBACK")
        raise


def _store_article(store: Store, source_id: int, doc_key: str, article: Article, report: IngestReport) -> None:
    article_id, created = store.save_article(source_id, doc_key, article)
    if created:
        report.new += 1
        if article.outlet:
            store.count_outlet_lines(article.outlet, clean.line_keys(article.text))
    else:
        report.updated += 1
    report.languages[article.language] += 1
    if dedup.assign(store, article_id, article):
        report.duplicates += 1


class _sigterm_as_interrupt:
    """cron and timeout(1) stop jobs with SIGTERM: stop as cleanly as for Ctrl-C."""

    def __enter__(self):
        self._old = signal.signal(signal.SIGTERM, self._raise)
        return self

    @staticmethod
    def _raise(signum, frame):
        raise KeyboardInterrupt

    def __exit__(self, *exc):
        signal.signal(signal.SIGTERM, self._old)
