"""Ingest: discover inputs, run the pipeline (optionally in a process pool), write the store.

Safe to run unattended:
- one writer at a time per store file (`lock.py`); a second run waits `wait`
  seconds, then gives up with `StoreBusy`. A PostgreSQL store takes several
  writers at once, from several hosts (see `_write`);
- per-article work happens in worker processes, in input order, so results do
  not depend on the number of workers; only this process writes;
- commits every `batch_size` articles; a source's content hash is recorded only
  once all its documents are stored and settled, so a run killed mid-file redoes
  that file next time and a crash costs at most one batch;
- a document that fails (not one skipped as "not an article") keeps its
  previously stored version and leaves its file's hash unrecorded, so every
  run reports it again (exit 1) and retries it, e.g. after a fix;
- one bad file or line is reported and the run goes on;
- a stop request (`stop.set()` on the `threading.Event` passed in; the CLI sets
  it on Ctrl-C or SIGTERM) stops between two articles: what is stored is
  committed, the report is exact and says `interrupted`; a KeyboardInterrupt
  raised meanwhile stops at once and rolls back the batch in progress. A stop
  while waiting for the store raises `Interrupted`. On a server, a stopped run's
  wait for another writer (the shared step, the end step, a row) ends
  `STOP_PATIENCE` after the stop (`_cancelled_when_stuck`, `SettleAbandoned`).
  The library installs no signal handler in the caller's process;
- a store error (disk full, read-only) rolls back the batch in progress and is
  raised as `StoreError`; earlier batches stay committed;
- a worker process that dies (OOM killer, a stray signal) costs only the
  documents of its window, reported failed and retried next run: the run never
  waits forever for them (concurrent.futures' ProcessPoolExecutor: it sees a dead
  worker by its process sentinel and fails its tasks; multiprocessing.Pool, used
  before, could block forever on a queue lock the dead worker held). Workers end
  with the ingest process, even a killed one. Workers have a process group of their own and ignore
  SIGINT, so a signal to the whole group (a terminal, timeout(1)) reaches only
  the caller's process, which stops them.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import json
import multiprocessing
import os
import signal
import threading
import time
from contextlib import closing, contextmanager, nullcontext
from collections import Counter, deque
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterable, Iterator

from . import clean, dedup, id_order, language, stories
from .extract import record_id
from .end_step import EarlyEndStep, EndStep, replaying as _replaying  # a module of its own, light to import
from .errors import SettleAbandoned
from .lock import StoreLock
from .pipeline import ArticleRejected, Context, dates_and_events, process
from .read import DEFAULT_MAX_BYTES, ReadProblem, discover, path_text, read_documents, shown_path, text_path
from .record import Article, SourceDocument
from .store import QueryBusy, QueryError, Store, StoreError, is_server
from .store.dialect import STOP_PATIENCE
from .timeline import event_terms_fresh, stored_timelines_fresh

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = ["IngestReport", "ingest"]

RECURRING_MIN_ARTICLES = 3
WINDOW = 256  # documents handed to the pool at a time: bounds memory on huge inputs
IN_FLIGHT = 2  # windows handed to the pool ahead of the writer


@dataclass
class IngestReport:
    """What one `ingest` did: articles new, updated (their file changed and they with it), unchanged (their file
    not changed, or read again and the article the same, as another writer of a server stored it), removed (no longer
    in a file read again, or their file deleted), stored as copies (`duplicates`); `skipped` and
    `failed` inputs as `{"path", "error"}`; articles per language; whether a stop request ended it
    early; the documents stored with their mojibake repaired. `as_json()` is what
    `triage ingest --format json` prints."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    duplicates: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    languages: Counter = field(default_factory=Counter)
    interrupted: bool = False
    repaired: list[str] = field(default_factory=list)  # documents stored with their mojibake repaired
    # a stop that found another writer in the shared step (a server store): the articles of the batch it left
    # stored and not settled (`SettleAbandoned`), which the next run settles
    unsettled: int = 0

    def as_json(self) -> dict:
        return {"new": self.new, "updated": self.updated, "unchanged": self.unchanged,
                "removed": self.removed, "duplicates": self.duplicates,
                "skipped": self.skipped, "failed": self.failed,
                "languages": dict(sorted(self.languages.items())), "interrupted": self.interrupted,
                "repaired": self.repaired}


@dataclass
class _FileWork:
    key: str  # source path as stored
    content_hash: str  # as recorded when finished: the file's, and the reading options' suffix (`_reading`)
    size: int
    mtime: float | None
    documents: Iterator[SourceDocument]  # streamed: a big file is never held whole
    failed: bool = False  # the file as a whole failed while being read (changed, truncated)
    reading: str = ""  # the reading options' suffix (`_reading`), part of each record's hash (`_record_hash`)
    moves: dict[int, tuple[int, bytes]] = field(default_factory=dict)  # line → (article, record digest): `_moved`
    moved: bool = False  # the writer applied `moves` (`_Batch.move`)
    # On a server: the last article id given out before the file was read (`Store.article_id_mark`). Finishing
    # the file removes only stored articles up to it that the file no longer holds: one above it was stored by
    # another writer since, from the file as it was then (grown by a scraper), not from a record gone from it.
    mark: int | None = None


ProblemHook = Callable[[str, str, bool], None]  # (path, reason, skipped)


def ingest(paths: list[str] | str | os.PathLike, db_path: str | os.PathLike, *, recursive: bool = True,
           glob: str | list[str] | None = None,
           workers: int = 1, max_bytes: int = DEFAULT_MAX_BYTES, batch_size: int = 200, wait: float = 0,
           stdin: BinaryIO | None = None, today: date | None = None,
           all_pages: bool = False, window_end: date | None = None,
           on_problem: ProblemHook | None = None, on_file: Callable[[int, int], None] | None = None,
           stop: threading.Event | None = None, on_document: Callable[[int], None] | None = None,
           fields: dict[str, str] | None = None, language: str | None = None) -> IngestReport:
    """Ingest `paths` (a list of files and folders, or one) into the store at `db_path`; see the module docstring.

    `on_problem(path, reason, skipped)` is called for each input that fails or is skipped,
    `on_file(index, total)` as each input file is opened, `on_document(count)` as each
    document is done (stored, skipped or failed); `stop` asks the run to end early.
    `all_pages`: store every HTML page with a main text, whatever the article check says.
    `window_end`: the latest possible publication date, against which a weekday without a
    year is read (default: each file's modification time).
    `fields` maps canonical record fields to a file's own names (`{"title": "headline"}`).
    `language`: every document's language (a code of `languages.available()`), not detected; None: detect.
    `stdin`: the binary stream a path `-` reads (default: file descriptor 0). `today`: the run's date (default:
    the clock's): what a document's dates are read against when neither `window_end` nor a file time is
    there (stdin), and the stories' reference day.
    """
    if isinstance(paths, (str, os.PathLike)):  # one path, not a sequence of its characters
        paths = [paths]
    paths, db_path = [os.fspath(path) for path in paths], os.fspath(db_path)
    report = IngestReport()

    def problem(path: str, reason: str, skipped: bool) -> None:
        path = shown_path(path)  # one line, in text: a file name may hold a newline, or bytes that are not UTF-8
        (report.skipped if skipped else report.failed).append({"path": path, "error": reason})
        if on_problem:
            on_problem(path, reason, skipped)

    stop = stop if stop is not None else threading.Event()
    # A file allows one writer at a time (a lock file); a server takes several (see `_write`).
    lock = nullcontext() if is_server(db_path) else StoreLock(db_path, wait=wait, stop=stop)
    with lock, Store(db_path) as store:
        store.mark_writer()  # a server's `check` sees a writer running (a file's: the lock)
        try:
            ctx = Context(today=today or date.today(),
                          recurring=store.recurring_line_keys(RECURRING_MIN_ARTICLES),
                          params=dedup.stored_params(store), all_pages=all_pages, window_end=window_end,
                          language=language)
            resolved: dict[str, str] = {}  # each file's source key, its path resolved once (`_inputs`)
            files = _inputs(discover(paths, recursive=recursive, glob=glob), db_path, resolved)
            _drop_unsettled_of_gone_files(store, report)
            reading = _reading(fields, all_pages, max_bytes, window_end, language)
            work = _changed_files(files, store, report, problem, max_bytes, stdin, on_file, stop, fields, reading,
                                  resolved, store.storyless_finished_sources())
            # closed here, whatever ends the writer: the worker pool stops with it, never at exit
            end = EarlyEndStep()
            with closing(_process_all(work, ctx, workers, end.start)) as results, _cancelled_when_stuck(store, stop):
                _write(store, results, report, problem, batch_size, stop, ctx.today, on_document, db_path, end)
        except KeyboardInterrupt:  # stop at once: the batch in progress was rolled back
            stop.set()
        except SettleAbandoned as exc:  # stopped, another writer in the shared step: the batch stays unsettled
            stop.set()
            report.unsettled = exc.articles
        except QueryBusy:
            if not (stop.is_set() and store.db.cancelled):  # a stopped run's wait cut short: as a second signal
                raise
        except QueryError as exc:
            raise StoreError(f"{exc}; the batch in progress was rolled back, "
                             "everything committed before is kept") from None
        report.interrupted = stop.is_set()
    return report


@contextmanager
def _cancelled_when_stuck(store: Store, stop: threading.Event) -> Iterator[None]:
    """A server store: when the run is asked to stop and still runs `STOP_PATIENCE` (and 2 s) later, the statement
    it waits on is cancelled (a row another host's open batch holds: two hosts ingesting one folder; a slow
    statement), and the run ends as at a second signal: the batch in progress rolled back, exit 130. Before
    (session 22), a stopped run waited for such a row as long as the other host's batch took, up to the 5-minute
    lock timeout. (The wait for the shared step and the end step see the stop themselves: `lock_shared_step`,
    `EndStep.wait`.)"""
    if not store.concurrent_writers:
        yield
        return
    over = threading.Event()

    def watch() -> None:
        while not over.wait(0.2):
            if stop.is_set():
                if not over.wait(STOP_PATIENCE + 2):
                    store.db.cancel()
                return

    watcher = threading.Thread(target=watch, name="triage-stop-watch", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        over.set()
        watcher.join()


def _drop_unsettled_of_gone_files(store: Store, report: IngestReport) -> None:
    """Articles stored but never settled (a writer killed between a batch's two steps) are redone when their
    file is read again; a file that is gone cannot be, and they stayed unsettled for ever (`triage check`
    failing on every run). They are removed, with `removed` in the report: they were never in a story, a
    duplicate group or a timeline, and the file that held them is not there to say they still belong. The
    file's settled articles are kept, as a deleted file's are. On a server another writer may be reading a
    file that was deleted since: only when no other ingest is running."""
    if store.concurrent_writers and store.writer_running():  # a file store's lock makes this writer alone
        return
    gone = [(source_id, path) for source_id, path in store.unsettled_sources() if _file_gone(path)]
    if not gone:
        return
    with store.shared_step():
        for source_id, _ in gone:
            removed = store.remove_unsettled(source_id)
            dedup.unindex(store, removed)
            report.removed += len(removed)
        store.note_changes()


def _file_gone(key: str) -> bool:
    """Whether the source stored as `key` is a file path no longer there (not stdin's key, nor a set-aside one)."""
    if key.startswith(("stdin:", "parked:")) or not os.path.isabs(key):
        return False
    name = text_path(key)
    return not os.path.lexists(name) and (name == key or not os.path.lexists(key))


def _inputs(found: Iterable[Path | ReadProblem], db_path: str, resolved: dict[str, str] | None = None
            ) -> list[Path | ReadProblem]:
    """The files to read, each once: those found, less the store's own (its database, journal and lock files) met
    in a folder walked (`triage ingest .` where the store lives: they are not articles, and were reported as
    "unknown format" on every run), and less a file met again (`ingest d d/a.txt`, `ingest d ./d/`, a symlink
    beside its target): a source is stored under its resolved path (`_source_key`), and a second reading of it
    in the same run took the first one's articles for stale and deleted them all. Standard input named twice
    (`ingest - -`) is read once: the second reading found it at its end and failed the run, `-: empty file`
    (before, session 21). `resolved` is given each
    file's key by its path as given, for `_changed_files`: a path is resolved once a run (speed only)."""
    own: set[Path] = set()
    if not is_server(db_path):
        store = Path(db_path).resolve()
        own = {store.with_name(store.name + suffix) for suffix in ("", "-wal", "-shm", "-journal", ".lock")}
    names = {path.name for path in own}
    seen: set[str] = set()
    files: list[Path | ReadProblem] = []
    for item in found:
        if isinstance(item, Path) and str(item) == "-":
            if "-" in seen:
                continue
            seen.add("-")
        elif isinstance(item, Path):
            if item.name in names and item.resolve() in own:
                continue
            key = _source_key(str(item), "")
            if key in seen:
                continue
            seen.add(key)
            if resolved is not None:
                resolved[str(item)] = key
        files.append(item)
    return files


def _changed_files(files: list[Path | ReadProblem], store: Store, report: IngestReport, problem: ProblemHook,
                   max_bytes: int, stdin: BinaryIO | None, on_file: Callable[[int, int], None] | None,
                   stop: threading.Event, fields: dict[str, str] | None = None, reading: str = "",
                   resolved: dict[str, str] | None = None, storyless: set[str] | None = None) -> Iterator[_FileWork]:
    """Read each input; yield those whose content differs from what the store holds.

    A file's documents are streamed to the pipeline as they are read; whether it
    changed is decided on its content hash before any of them is parsed. The hash
    recorded for a finished file carries `reading` (`_reading`): a file read with other
    options (`--field`, `--all-pages`, …) is read again, not taken as unchanged, as is one whose
    articles have no story (`storyless`: `Store.storyless_finished_sources`, a store from before stories).
    `resolved`: the source keys `_inputs` found by path (a path not in it is resolved here).
    """
    resolved = resolved or {}
    # `_FileWork.mark`, taken before a file is read: once at the start, then again only after a file that changed
    # (an earlier mark is still one taken before the read; unchanged files cost no query)
    mark: int | None = None
    fresh_mark = not store.concurrent_writers
    for index, item in enumerate(files, start=1):
        if stop.is_set():
            return
        if on_file:
            on_file(index, len(files))
        if isinstance(item, ReadProblem):
            problem(item.path, item.reason, item.skipped)
            continue
        if store.concurrent_writers and str(item) != "-":
            length = len(_source_key(str(item), "").encode())
            if length > MAX_SERVER_KEY_BYTES:
                problem(str(item), _LONG_PATH.format(length), False)
                continue
        unchanged: list[str] = []
        keys: dict[tuple[str, str], str] = {}  # (path, content hash) → source key: the path is resolved once
        if not fresh_mark:
            mark, fresh_mark = store.article_id_mark(), True

        def is_new(content_hash: str, path: Path = item, unchanged: list[str] = unchanged,
                   keys: dict[tuple[str, str], str] = keys) -> bool:
            key = keys[str(path), content_hash] = resolved.get(str(path)) or _source_key(str(path), content_hash)
            if store.source_hash(key) == content_hash + reading and key not in (storyless or ()):
                unchanged.append(key)
                return False
            return True

        results = read_documents(item, max_bytes=max_bytes, stdin=stdin, fields=fields, on_hash=is_new)
        first = None
        for result in results:
            if isinstance(result, ReadProblem):
                problem(result.path, result.reason, result.skipped)
            else:
                first = result
                break
        if unchanged:
            store.touch_source(unchanged[0])
            report.unchanged += store.count_source_articles(unchanged[0])
        if first is None:
            continue
        fresh_mark = not store.concurrent_writers  # this file is read: the next takes a mark of its own
        key = keys.get((first.path, first.content_hash)) or _source_key(first.path, first.content_hash)
        work = _FileWork(key, first.content_hash + reading, first.size,
                         first.mtime, iter(()), reading=reading, mark=mark)

        plan = _Plan(done=first.line is None or first.path == "-" or store.source_hash(key) is None)

        def stored_as_is(doc: SourceDocument, item: Path = item, key: str = key, reading: str = reading,
                         work: _FileWork = work, plan: _Plan = plan) -> bool:
            line: int = doc.line  # type: ignore[assignment]
            if _has(plan.on_line, line):  # the first pass found it stored under its line as it is: not asked again
                return True
            record_hash = _record_hash(doc, reading)
            moved = work.moves.get(line)
            if moved is not None and moved[1] == _digest(record_hash):
                return True
            if store.record_hash(_doc_key(key, doc)) == record_hash:
                plan.found += 1
                return True
            if not plan.done:  # the first record not stored under its line: may a stored one have moved?
                plan.done = True
                if plan.found < store.count_source_articles(key):  # some stored record is not found yet
                    work.moves, plan.on_line = _moved(item, key, doc.content_hash, store, max_bytes, fields,
                                                      reading)
                    moved = work.moves.get(line)
                    return moved is not None and moved[1] == _digest(record_hash)
            return False

        work.documents = _rest(first, results, work, problem, stored_as_is)
        yield work


@dataclass
class _Plan:
    """Where `_changed_files` is in looking for the records of a file that moved: `found` records stored under
    their own lines so far; `done` once it looked (`_moved`) or knows it need not: the first record not stored
    under its line comes after every stored one was found there (a file appended to: nothing moved, and no first
    pass is read), or the file is new; `on_line`: the first pass's bits (`_moved`)."""
    done: bool
    found: int = 0
    on_line: bytearray = field(default_factory=bytearray)


MOVES_MAX = 100_000  # records of one file not found on their line, past which no record is looked for elsewhere
AMBIGUOUS = -1  # an `id` value that two records (or two stored articles) of the file share: it identifies neither


def _moved(path: Path, key: str, content_hash: str, store: Store, max_bytes: int, fields: dict[str, str] | None,
           reading: str) -> tuple[dict[int, tuple[int, bytes]], bytearray]:
    """The records of a changed file of records that the store holds, but under another line of the same file (a
    rolling feed: one record on top, the oldest dropped; a line deleted; two lines swapped): line → (the article
    stored from it, the record's digest). The writer gives those articles their new lines' keys
    (`_Batch.move`, `Store.move_documents`), so each keeps its id, story and duplicate group. Called by the
    second pass at the first record not stored under its own line, when some stored record was not found yet.

    Matched first by the record's hash (its bytes and the reading options): a record stored under its own line
    as it is stays there; the others are paired with the stored records of equal hash that stay nowhere, in line
    order (two identical records each keep their own article); those count as unchanged, nothing processed.
    Then a record still unmatched whose `id` field (`external_id`) is that of one stored article still unmatched,
    and of no other record or article of the file, is that article edited (digest b"": it is processed, and
    stored over the article moved to its line: `updated`); an id two records share identifies neither.

    A first pass over the file (each record read and hashed, not processed), its hashes compared with the
    store's; returned with the moves, a bit per line set where the record is stored under its line as it is,
    which the second pass reads instead of asking the store again (it reads the same bytes: a file that changes
    meanwhile is failed, every stored record kept). Memory: that bit, and some 200 bytes per record not on its
    stored line; past MOVES_MAX of those the file is read as before, by line (nothing moves). Nothing either
    when the file is not the one the second pass reads (it changed between the two)."""
    on_line = bytearray()  # bit per line: the record is stored under its own line as it is
    waiting: dict[bytes, list[int]] = {}  # record digest → the lines it is on and not stored under, in order
    ids: dict[str, int] = {}  # the `id` field of each record not stored under its line → its line, or AMBIGUOUS
    count = 0
    for doc in read_documents(path, max_bytes=max_bytes, fields=fields):
        if isinstance(doc, ReadProblem):
            continue
        if doc.content_hash != content_hash or doc.line is None:
            return {}, bytearray()
        record_hash = _record_hash(doc, reading)
        if store.record_hash(_doc_key(key, doc)) == record_hash:
            byte = doc.line >> 3
            if byte >= len(on_line):
                on_line.extend(bytes(byte + 1 - len(on_line)))
            on_line[byte] |= 1 << (doc.line & 7)
            continue
        waiting.setdefault(_digest(record_hash), []).append(doc.line)
        if (record := record_id(doc.payload)) is not None:
            ids[record] = AMBIGUOUS if record in ids else doc.line
        count += 1
        if count > MOVES_MAX:
            return {}, bytearray()
    moves: dict[int, tuple[int, bytes]] = {}
    if not waiting:
        return moves, on_line
    by_id: dict[str, tuple[int, str]] = {}  # id → (article, its key) of the stored articles not on their line
    for article_id, doc_key, line, stored, record in store.stored_records(key):
        if line is not None and _has(on_line, line) and doc_key == _line_key(key, line):
            continue  # the record on its line is this one, as it is: it stays
        lines = waiting.get(digest := _digest(stored)) if len(stored) == 40 + len(reading) \
            and stored.endswith(reading) else None  # read with other options: not the same bytes
        if lines:
            moves[lines.pop(0)] = (article_id, digest)
            if not lines:
                del waiting[digest]
        elif record is not None and record in ids:
            by_id[record] = (AMBIGUOUS, "") if record in by_id else (article_id, doc_key)
    for record, line in ids.items():
        article_id, doc_key = by_id.get(record, (AMBIGUOUS, ""))
        if line == AMBIGUOUS or article_id == AMBIGUOUS or line in moves:
            continue  # no single record, or no single article, or the record was found by its bytes
        if doc_key != _line_key(key, line):  # an article edited on its own line is updated there as before
            moves[line] = (article_id, b"")
    return moves, on_line


def _has(bits: bytearray, line: int) -> bool:
    """`line`'s bit is set in `bits` (`_moved`)."""
    return (line >> 3) < len(bits) and bool(bits[line >> 3] >> (line & 7) & 1)


def _digest(record_hash: str | None) -> bytes:
    """A record hash's SHA-1 as 20 bytes (`_record_hash`: 40 hex digits, then the reading options' suffix)."""
    return bytes.fromhex(record_hash[:40]) if record_hash else b""


def _reading(fields: dict[str, str] | None, all_pages: bool, max_bytes: int, window_end: date | None,
             language: str | None = None) -> str:
    """The options that decide what a file's documents become (`--field`, `--all-pages`, `--max-size`,
    `--published-before`, `--lang`), as a suffix of the content hash recorded for it: '' with every default
    (a store written before keeps its hashes), else "+" and a digest of them. A file first ingested without
    `--field text=body` (every record skipped: no text field) or without `--all-pages` (a page skipped as not
    an article) is then read again when the options change, and is unchanged when they do not; the store holds
    what the file gives with the options last used."""
    options = {"fields": dict(sorted((fields or {}).items())), "all_pages": all_pages,
               "max_bytes": max_bytes, "window_end": window_end.isoformat() if window_end else None}
    if language is not None:  # a key of its own only when given: the digests of runs without it are unchanged
        options["language"] = language
    if options == {"fields": {}, "all_pages": False, "max_bytes": DEFAULT_MAX_BYTES, "window_end": None}:
        return ""
    return "+" + hashlib.sha256(json.dumps(options, sort_keys=True).encode()).hexdigest()[:16]


# A PostgreSQL B-tree row is at most 2,704 bytes: a source's key (its path) and its records' (the path and
# `#L<line>`) are indexed, and a longer one failed the whole run, exit 74, on every run while the file was there.
MAX_SERVER_KEY_BYTES = 2600
_LONG_PATH = ("path too long for a PostgreSQL store ({} bytes; its index takes at most 2600): "
              "move the file to a shorter path")


def _source_key(path: str, content_hash: str) -> str:
    """How a source is named in the store: its absolute path, or stdin by its content."""
    return f"stdin:{content_hash[:16]}" if path == "-" else path_text(str(Path(path).resolve()))


def _doc_key(source_key: str, doc: SourceDocument) -> str:
    """How a document is stored (`articles.doc_key`): its source's key, and a record's line (item, row) after it."""
    return source_key if doc.line is None else _line_key(source_key, doc.line)


def _line_key(source_key: str, line: int) -> str:
    """The stored key of the record on `line` of the source (`_doc_key`)."""
    return f"{source_key}#L{line}"


def _record_hash(doc: SourceDocument, reading: str) -> str | None:
    """A record's own hash (migration 0021): its bytes and the reading options; None for a whole file's document."""
    if doc.line is None:
        return None
    return hashlib.sha1(doc.payload).hexdigest() + reading


UNCHANGED_KIND = "unchanged"  # a record stored as it is: passed on without its bytes, never processed


@dataclass(frozen=True)
class Unchanged:
    """The result of a record the store holds as it is now (`_rest`): counted unchanged, kept, not stored again."""


def _rest(first: SourceDocument, results: Iterator[SourceDocument | ReadProblem], work: _FileWork,
          problem: ProblemHook, stored_as_is: Callable[[SourceDocument], bool]) -> Iterator[SourceDocument]:
    """The file's documents; problems are reported as met, and a failure — the whole file's or one record's (a
    malformed JSON line, a bad CSV row) — marks it read in part: its stored articles are all kept and its hash
    is not recorded, so the next run reads it again and reports the failure again until it is fixed.
    A record that the store holds with the same bytes (`stored_as_is`: a JSONL file a scraper appends to) is
    passed on as an UNCHANGED_KIND document without its bytes: the pipeline leaves it alone."""
    for result in itertools.chain((first,), results):
        if isinstance(result, SourceDocument):
            if result.line is not None and stored_as_is(result):
                result = replace(result, kind=UNCHANGED_KIND, payload=b"")
            yield result
            continue
        problem(result.path, result.reason, result.skipped)
        if not result.skipped or result.again:
            work.failed = True


def _worker_init() -> None:
    # In the worker processes only (never the caller's): Ctrl-C goes to the whole
    # process group; the parent decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Forked workers inherit the parent's SIGTERM (and SIGHUP) handler; the pool stops them with SIGTERM.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
    # timeout(1) and a terminal signal the whole process group: a worker killed by the
    # group's SIGTERM would leave the pool waiting forever for its task. In a group of
    # their own, workers are stopped by the parent only (and exit when it dies).
    try:
        os.setpgid(0, 0)
    except OSError:
        pass


_CTX: Context | None = None


def _set_context(ctx: Context, parent: int | None = None) -> None:
    global _CTX
    _worker_init()
    if parent is not None:
        _die_with(parent)
    _CTX = ctx


def _die_with(parent: int) -> None:
    """A worker ends when the ingest process does, even when that one is killed (SIGKILL, the
    OOM killer): a worker left behind would keep the store's lock file open. Where the kernel
    can say so (Linux's PR_SET_PDEATHSIG) it kills the worker at once; elsewhere a thread
    checks every second that the parent is still there."""
    try:
        import ctypes
        if ctypes.CDLL(None).prctl(1, int(signal.SIGKILL), 0, 0, 0) == 0:  # 1 = PR_SET_PDEATHSIG
            if os.getppid() != parent:  # it died before the request was made
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


# objects a document's stages left alive (created, not freed) past which what they loaded is frozen:
# a document's own result leaves tens to a few thousand, dateparser's first call some 690,000
LOADED_TABLES = 50_000


def _safe_process(doc: SourceDocument, ctx: Context) -> Article | ArticleRejected:
    """`process`, its failures as results. The garbage collector waits until the document is done
    (issue 13): its stages make tens of thousands of containers that reference counting frees once
    the result is built (an HTML ingest's collections found under 200 objects of garbage in all);
    collected while alive they were walked, promoted and walked again, some 5 % of an HTML ingest's
    CPU. When the stages left many objects alive (`LOADED_TABLES`: a library loaded its tables, as
    dateparser does on its first call), they are frozen like what the first document loaded
    (`_freeze_loaded`), not walked by every later full collection."""
    if doc.kind == UNCHANGED_KIND:
        return Unchanged()
    enabled = gc.isenabled()
    gc.disable()
    try:
        return process(doc, ctx)
    except ArticleRejected as exc:
        return exc
    except RecursionError:
        return ArticleRejected("markup nested too deeply to parse")
    except Exception as exc:  # a bug in one stage must not cost the rest of the run
        return ArticleRejected(f"internal error in the pipeline: {type(exc).__name__}: {exc}")
    finally:
        if enabled:
            if gc.get_count()[0] >= LOADED_TABLES:  # counted since the last collection: none ran meanwhile
                _freeze_loaded()
            gc.enable()


def _warm(doc: SourceDocument, ctx: Context) -> None:
    """Fill this process's caches before the workers are forked, so they share them instead of
    each building its own (speed only): one document through the stages (compiled patterns,
    language tables) and langdetect's profiles, which the stopword vote needs for a few
    articles in most corpora (not with `--lang`: no language is detected then). The result is thrown
    away; the stages are pure."""
    _safe_process(doc, ctx)
    if ctx.language is None:
        language.load_detector()


def _freeze_loaded() -> bool:
    """Leave what is loaded so far (the stages' modules, trafilatura's and dateparser's tables,
    langdetect's profiles: some 90,000 objects) out of the garbage collector's full passes, which
    walked all of it again every few pages (issue 13: 4 % of the CPU time of an HTML ingest). They
    live as long as the process; objects made later are collected as before."""
    gc.freeze()
    return True


def _process_all(work: Iterable[_FileWork], ctx: Context, workers: int, on_computed: Callable[[], None] | None = None
                 ) -> Iterator[tuple[_FileWork, SourceDocument, Article | ArticleRejected]]:
    """Results in input order, computed here or in a pool of `workers` processes.

    IN_FLIGHT windows are handed to the pool at a time: while the writer stores and
    commits one window's results, the workers already process the next, instead of
    waiting for the writer to ask for it. `on_computed()` is called once, by a pool, when
    every document's chunk is done (the workers have no more to do) and the writer has
    not taken every result yet; the pool is stopped first, so that its workers' memory is
    given back before what `on_computed` starts."""
    documents = ((item, doc) for item in work for doc in item.documents)
    if workers <= 1:
        frozen = False
        for item, doc in documents:
            yield item, doc, _safe_process(doc, ctx)
            if not frozen:  # the stages' modules and tables are loaded now: see _freeze_loaded
                frozen = _freeze_loaded()
        return
    from concurrent.futures import ProcessPoolExecutor
    mp = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    pool: ProcessPoolExecutor | None = None
    waiting: deque[list] = deque()  # windows read but not handed to the current pool
    flying: deque[tuple[list, list[Future]]] = deque()  # (window, its chunks' futures) handed to the pool
    exhausted = False  # every document read and handed to a pool
    futures: list[Future] = []

    def computed() -> bool:
        """Every chunk handed out is done, none failed: the pool is stopped and `on_computed` told."""
        nonlocal pool
        if pool is None or not (flying[-1][1] if flying else futures)[-1].done():  # the last chunk first: cheap
            return False
        if not all(f.done() and f.exception() is None for f in itertools.chain(futures, *(fs for _, fs in flying))):
            return False
        _stop(pool)
        pool = None
        on_computed()
        return True

    try:
        while True:
            while len(flying) < IN_FLIGHT:
                if waiting:
                    window = waiting.popleft()
                else:
                    # the first window is one chunk a worker: read before the pool starts, it is part of the
                    # run's serial start (256 files read and hashed: some 30 ms); the next one is read while
                    # the workers take it
                    size = WINDOW if pool is not None or flying else CHUNK * workers
                    window = list(itertools.islice(documents, size))
                    exhausted = len(window) < size  # the documents ran out
                if not window:
                    break
                if pool is None:
                    if mp.get_start_method() == "fork":
                        _warm(window[0][1], ctx)
                        _freeze_loaded()  # the workers inherit it
                    pool = ProcessPoolExecutor(workers, mp_context=mp, initializer=_set_context,
                                               initargs=(ctx, os.getpid()))
                flying.append((window, _submit(pool, window)))
            if not flying:
                return
            window, futures = flying.popleft()
            try:
                yield from _run_window(futures, window,  # every document handed out: watch for the last chunk
                                       computed if exhausted and not waiting and on_computed else None)
            except _WorkerDied as died:
                # The executor has failed every pending task and stopped its other workers
                # (a dead worker may have held a queue's lock: nothing of that pool is reused).
                if pool is not None:
                    _stop(pool)
                pool = None
                waiting.extendleft(reversed([w for w, _ in flying]))  # handed again to a new pool
                flying.clear()
                for late_item, late_doc in window[died.done:]:
                    yield late_item, late_doc, ArticleRejected(
                        "a worker process died while this was being processed (killed? out of memory?); "
                        "it will be retried on the next run")
    finally:
        if pool is not None:
            _stop(pool)


class _WorkerDied(Exception):
    def __init__(self, done: int):
        super().__init__(done)
        self.done = done


CHUNK = 8  # documents per task sent to a worker


def _process_chunk(docs: list[SourceDocument]) -> list[Article | ArticleRejected]:
    """A worker's task: the documents' results in order, each article without its `source` (`_sent`)."""
    assert _CTX is not None
    return [_sent(doc, _safe_process(doc, _CTX)) for doc in docs]


def _sent(doc: SourceDocument, outcome: Article | ArticleRejected) -> Article | ArticleRejected:
    """What a worker sends back for `doc`: the article without its `source` (None), the document the
    writer handed it and keeps (`_received` puts it back). A document's raw bytes, about as long as its
    text, are not pickled a second time and unpickled by the writer (issue 13: the writer's process is
    the ingest's, competing with the workers for the cores). An article from another document keeps it."""
    if isinstance(outcome, Article) and outcome.source is doc:
        outcome.source = None  # type: ignore[assignment]  # the worker's copy, about to be pickled and dropped
    return outcome


def _received(doc: SourceDocument, outcome: Article | ArticleRejected) -> Article | ArticleRejected:
    """A worker's result for `doc` as `process` returned it: `_sent`'s article given its document back."""
    if isinstance(outcome, Article) and outcome.source is None:
        outcome.source = doc
    return outcome


def _submit(pool: ProcessPoolExecutor, window: list) -> list[Future]:
    """The window's chunks handed to the pool. A pool a worker's death has broken since the windows before were
    handed out refuses more: each chunk it refuses is a future failed as its own pending tasks are
    (BrokenProcessPool), so the window goes the way of theirs (`_run_window`, `_WorkerDied`)."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool
    docs = [doc for _, doc in window]
    futures = []
    for i in range(0, len(docs), CHUNK):
        try:
            futures.append(pool.submit(_process_chunk, docs[i:i + CHUNK]))
        except BrokenProcessPool as exc:
            refused: Future = Future()
            refused.set_exception(exc)
            futures.append(refused)
    return futures


def _run_window(futures: list[Future], window: list, computed: Callable[[], bool] | None = None):
    """The window's results in order. ProcessPoolExecutor notices a worker that dies (killed,
    out of memory) by its process sentinel and fails every pending task with BrokenProcessPool;
    multiprocessing.Pool, used before, replaced the worker and never returned its task, and
    stopping that pool could block forever on a queue lock the dead worker held."""
    from concurrent.futures.process import BrokenProcessPool
    done = 0
    for future in futures:
        try:
            chunk = future.result()
        except BrokenProcessPool:
            raise _WorkerDied(done) from None
        if computed is not None and computed():  # the run's last chunk is computed: the workers are done
            computed = None
        for outcome in chunk:
            item, doc = window[done]
            yield item, doc, _received(doc, outcome)
            done += 1


STOP_GRACE = 10.0  # seconds a worker gets to finish the chunk it is on when the run stops


def _running(processes: list, timeout: float) -> list:
    """The processes still running after waiting at most `timeout` seconds for them to end.

    Read from each process's sentinel (ready once it has exited), not from `join` and
    `is_alive`: the executor's own thread reaps its workers at shutdown, and a `join` here
    that loses that race (waitpid fails with ECHILD) returns at once and reports a worker that
    has exited as alive — it was then terminated by a pid that is no longer its own."""
    from multiprocessing.connection import wait
    left = {worker.sentinel: worker for worker in processes}
    deadline = time.monotonic() + timeout
    while left and (remaining := deadline - time.monotonic()) > 0:
        for sentinel in wait(list(left), remaining):
            del left[sentinel]
    return list(left.values())


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the pool: queued tasks cancelled, the chunks being processed finished (at most
    STOP_GRACE seconds), then whatever still runs terminated.

    Workers are not terminated at once: one killed while it writes its result leaves half a
    message in the result pipe, and the executor's thread then waits for the rest forever —
    this process holds the pipe's other end — and the interpreter waits for that thread at
    exit (an interrupted cron run that never ends; seen under load). Where a worker must be
    terminated anyway, our end of the pipe is closed after it, so the thread reads the end
    of the pipe instead of waiting."""
    # what shutdown() drops from the executor (it sets these attributes to None) is taken first
    processes = list((getattr(pool, "_processes", None) or {}).values())
    thread = getattr(pool, "_executor_manager_thread", None)
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    pool.shutdown(wait=False, cancel_futures=True)  # the workers exit after their current task
    stuck = _running(processes, STOP_GRACE)
    for worker in stuck:
        worker.terminate()
    _running(stuck, 5)
    if stuck and writer is not None:
        writer.close()
    if thread is not None:
        thread.join(5)  # it reaps the workers


def _write(store: Store, results: Iterator[tuple[_FileWork, SourceDocument, Article | ArticleRejected]],
           report: IngestReport, problem: ProblemHook, batch_size: int, stop: threading.Event,
           today: date, on_document: Callable[[int], None] | None = None, target: str | None = None,
           end: EarlyEndStep | None = None) -> None:
    """The writer: batches of articles per transaction, then the batch's shared step.

    Each batch is two transactions. The first stores the articles (rows of their
    own: on a server, other writers never wait for them). The second, `_settle`,
    does what reads or changes rows every writer shares — duplicate groups, stories,
    outlet line counts, the per-day aggregates — and records finished sources; on a
    server it holds a lock so writers settle one at a time and each sees what the
    others settled. A source's hash is recorded only when its articles are
    settled, so a writer killed between the two redoes that file next run. A run
    that changed the store rebuilds the per-date aggregates and the stored timelines at its end
    (migrations 0007, 0010), in a process of its own (`_run_end_step`; `target` is the store's path or URL).

    On a server, two writers upserting the same rows (overlapping folders) can
    deadlock; the server then rolls one transaction back (`QueryConflict`). The
    writer keeps what its open transaction wrote (`_Batch`) and replays it, a few
    times with a random pause, before giving up as busy.

    A file is finished when the first result of the next one arrives, or at the end:
    by then its stream of documents is exhausted, so a whole-file failure met at its
    end (`_FileWork.failed`) is known. On any exception the transaction in progress is
    rolled back and the report's counts go back to what was committed, so the summary
    never counts work the store lacks.
    """
    committed = _counts(report)
    batch = _Batch(store)
    finished: list[tuple[_FileWork, str, bool]] = []  # (source, hash, keep all): sources whose documents are all stored
    current: _FileWork | None = None
    file_failed = False
    done = 0

    def finish() -> None:
        if current is None:
            return
        if current.failed:  # read only in part: keep every stored article, retry next run
            finished.append((current, "", True))
        else:
            finished.append((current, "" if file_failed else current.content_hash, False))

    def commit() -> None:
        """The batch's dates checked against the id order, committed, then settled (duplicates, stories)."""
        nonlocal committed, finished
        _replaying(store, batch.replay, batch.check_id_order)
        _replaying(store, batch.replay, store.commit)
        counts, sources = _counts(report), batch.committed(finished, still_open=current)
        try:
            _replaying(store, lambda: _restore_counts(report, counts),
                       lambda: _settle(store, batch.stored, sources, report, today, batch.replaced,
                                       batch.settled_hashes(), batch.same, stop))
        except SettleAbandoned as exc:  # committed, not settled: the next run settles them
            exc.articles = len(batch.stored)
            raise
        batch.settled()
        committed, finished = _counts(report), []

    end = end or EarlyEndStep()
    store.begin()
    try:
        interrupted = False
        for item, doc, outcome in results:
            if item is not current:
                finish()
                current, file_failed = item, False
                _replaying(store, batch.replay, lambda: batch.begin_source(current))
            if item.moves and not item.moved:  # the reader found records that moved: their keys first
                _replaying(store, batch.replay, lambda: batch.move(item))
            doc_key = _doc_key(item.key, doc)
            if isinstance(outcome, Unchanged):
                _replaying(store, batch.replay, lambda: batch.keep(item, doc_key))
                report.unchanged += 1
            elif isinstance(outcome, ArticleRejected):
                problem(doc.where, str(outcome), outcome.skipped)
                if not outcome.skipped:  # keep what we had; retry next run
                    _replaying(store, batch.replay, lambda: batch.keep(item, doc_key))
                    file_failed = True
            else:
                _replaying(store, batch.replay, lambda: batch.save(item, doc_key, outcome, _record_hash(doc, item.reading)))
                end.languages.add(outcome.language)  # what the end step prepares for while it waits
            done += 1
            if on_document:
                on_document(done)
            if len(batch.stored) >= batch_size:
                commit()
                store.begin()
            if stop.is_set():  # between two articles: what is stored is whole
                interrupted = True
                break
        if not interrupted:
            finish()
        if done and not interrupted:
            end.start()  # its interpreter starts and imports while this process settles the last batch
        try:
            commit()
            if not interrupted and not (store.aggregates_fresh() and stored_timelines_fresh(store)
                                        and event_terms_fresh(store)):
                _run_end_step(store, target or store.path, end.take(), stop)
        finally:
            end.dismiss()  # not needed after all (nothing changed), or the last commit failed
    except BaseException:
        # SQLite may already have rolled back (disk full), or the signal may have
        # come between COMMIT and BEGIN: a second ROLLBACK must not hide the cause.
        store.rollback()
        _restore_counts(report, committed)
        end.dismiss()
        raise


def _run_end_step(store: Store, target: str, end: EndStep | None = None, stop: threading.Event | None = None) -> None:
    """The words of the new events' sentences (migration 0020), the per-date aggregates and then the stored
    timelines, rebuilt from the settled store (migrations 0007, 0010; `end_step.py`), in a process of its own: a fresh interpreter that imports the store and the timeline
    alone (about 25 MB), not beside what the run built up here (the pipeline's modules and tables, the heap
    the batches left; about 80 MB). The timeline reads every mention of its candidate dates, so its memory grows
    with the store; in this process it stacked on all of that and made the run's peak (issue 13: memory). This
    process gives back what the run no longer needs meanwhile (its page cache, its story and term caches,
    langdetect's profiles). `target` (a path, or a server's URL with its password) goes through a pipe, not
    the command line. A failure there (the store busy or full, the process killed) is raised here as
    StoreError: every batch is committed, and `timeline` answers from the store until a run rebuilds them.
    `end`: the end step's process, started already (`EndStep`); None: started here. It is given the target
    first, and this process lets go of all that while it opens the store and begins (some 20 ms of CPU, no
    longer serial): its memory grows later, with the timeline. `stop` set (the run is stopping): it is given
    `STOP_PATIENCE`, then killed (`EndStep.wait`); the next run does what it did not."""
    end = end or EndStep()
    try:
        end.send(target)
        store.release_cache()  # the last step of the run: the band index is not probed again
        store.forget_story_cache()  # nor a story or a term count read
        language.release_detector()  # nor is a language detected
        gc.collect()
        _trim_heap()
        end.wait(stop)
    except BaseException:  # a second Ctrl-C meanwhile: it is stopped, as `subprocess.run` stopped it
        end.kill()
        raise


def _trim_heap() -> None:
    """Give the C heap's free pages back to the system (glibc's malloc_trim; elsewhere nothing).

    The page cache just released was allocated page by page with malloc; freed, it stays in the
    process (glibc returns only the heap's top), and the timeline's small objects, which Python
    allocates in arenas of its own, would add to it instead of reusing it (issue 13: memory)."""
    try:
        import ctypes
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


class _Batch:
    """The writer's open transaction, kept in memory so it can be written again (`replay`)."""

    def __init__(self, store: Store):
        self.store = store
        self.source_ids: dict[str, int] = {}  # source key → id, for the sources not yet finished
        self._written: list[tuple] = []  # what the open transaction wrote, in order: (method, *arguments)
        self.stored: list[tuple[int, bool, Article]] = []  # (article id, created, article): stored, not settled
        self._keys: list[tuple[_FileWork, str, str | None]] = []  # (source, document key, record hash) of `stored`
        self.replaced: dict[int, dict] = {}  # updated article → what its story was made of (`Store.save_article`)
        self.same: set[int] = set()  # stored articles already as this run made them: not written (`Store.save_article`)

    def begin_source(self, item: _FileWork) -> None:
        self.source_ids[item.key] = self.store.begin_source(item.key, item.size, item.mtime)
        self._written.append((self.begin_source, item))

    def move(self, item: _FileWork) -> None:
        """The records that moved in the file (`_moved`) take their new lines' keys: before any record from the
        first one not stored under its line is kept or stored (those before it were, and none of them moves)."""
        item.moved = True
        self.store.move_documents([(article_id, _line_key(item.key, line), line)
                                   for line, (article_id, _) in item.moves.items()])
        self._written.append((self.move, item))

    def keep(self, item: _FileWork, doc_key: str) -> None:
        """The source still holds this document, though it was not stored this time."""
        self.store.keep_document(self.source_ids[item.key], doc_key)
        self._written.append((self.keep, item, doc_key))

    def save(self, item: _FileWork, doc_key: str, article: Article, record_hash: str | None = None) -> None:
        """Store the article; its record's hash is written when it is settled (`settled_hashes`): a run killed
        in between leaves no hash, so the next run processes the record again rather than take it as done."""
        source_id = self.source_ids[item.key]
        self.store.keep_document(source_id, doc_key)  # noted in the store: memory stays flat
        article_id, created = self.store.save_article(source_id, doc_key, article, replaced=self.replaced,
                                                      same=self.same, record_hash=record_hash)
        self.stored.append((article_id, created, article))
        self._keys.append((item, doc_key, record_hash))
        self._written.append((self.save, item, doc_key, article, record_hash))

    def check_id_order(self) -> None:
        """Before the batch commits: a date read in a text (id_order.WEAK) that the outlet's id
        order contradicts (the strongly dated articles of the store, this batch's included, with
        the nearest ids around its URL's id) is not taken; the article is stored again undated,
        its dates and events read with no document date (see id_order.py). One query per
        text-dated article with an id in its URL."""
        for index, (article_id, created, article) in enumerate(self.stored):
            if not article.published or article.published_from not in id_order.WEAK:
                continue
            found = id_order.url_id(article.url)
            if found is None or not id_order.contradicts(article.published, *self.store.id_neighbours(*found)):
                continue
            item, doc_key, _ = self._keys[index]
            undated = _undated(article)
            self.store.save_article(self.source_ids[item.key], doc_key, undated)
            self.stored[index] = (article_id, created, undated)
            self.same.discard(article_id)  # written now: as any other updated article
        self._written.append((self.check_id_order,))

    def replay(self) -> None:
        """The transaction was rolled back: open another and write the same rows again."""
        written, self._written = self._written, []
        self.stored, self._keys, self.replaced, self.same = [], [], {}, set()  # all of it came from the rolled back
        self.store.begin()
        for method, *arguments in written:
            method(*arguments)

    def committed(self, finished: list[tuple[_FileWork, str, bool]], still_open: _FileWork | None
                  ) -> list[tuple[int, str, bool, int | None]]:
        """The transaction is committed: nothing left to replay; the finished sources by id.
        They are forgotten here, so the map holds the open file only, not one entry per file
        of the run; `still_open` is kept even when it names a finished one (a file reached
        twice in one run, through a link, has one key)."""
        self._written = []
        resolved = [(self.source_ids[item.key], content_hash, keep_all, item.mark)
                    for item, content_hash, keep_all in finished]
        for item, _, _ in finished:
            if still_open is None or item.key != still_open.key:
                self.source_ids.pop(item.key, None)
        return resolved

    def settled_hashes(self) -> list[tuple[int, str]]:
        """(article id, record hash) of the stored records: written by the shared step that settles them."""
        return [(article_id, record_hash) for (article_id, _, _), (_, _, record_hash) in zip(self.stored, self._keys)
                if record_hash]

    def settled(self) -> None:
        self.stored, self._keys, self.replaced, self.same = [], [], {}, set()


def _undated(article: Article) -> Article:
    """`article` without the date its text gave: its dates and events read again with no document date."""
    timexes, mentions = dates_and_events(article.body, None, article.language)
    return replace(article, published=None, published_from="id-order", dates=timexes, events=mentions)


def _settle(store: Store, batch: list[tuple[int, bool, Article]], finished: list[tuple[int, str, bool, int | None]],
            report: IngestReport, today: date, replaced: dict[int, dict] | None = None,
            record_hashes: list[tuple[int, str]] = (), same: set[int] | None = None,
            stop: threading.Event | None = None) -> None:
    """The batch's shared step (see `_write`), in one transaction. First the updated articles whose content
    changed (`replaced`: what they were) and the articles the finished sources no longer hold leave their
    stories (`stories.release`) and the copies' candidates (`dedup.unindex`), so that the batch's articles are
    placed as in a store without them; with it, the records' hashes (migration 0021) that say they need no
    processing next time. The batch's articles that the store held as they are (`same`: not written) and that are
    settled, by an earlier run or by another writer of a server that stored the same file at the same time, are
    unchanged: not placed again; those not settled yet (a run killed between its two steps) are placed here.
    `stop` set (the run is stopping) shortens a wait for another writer's shared step (`SettleAbandoned`)."""
    if not batch and not finished:
        return
    with store.shared_step(stop):
        store.set_record_hashes(record_hashes)
        as_they_are = store.settled_of(same) if same else set()
        if as_they_are:
            report.unchanged += len(as_they_are)
            batch = [entry for entry in batch if entry[0] not in as_they_are]
        replaced = replaced or {}
        stale = {source_id: store.stale_articles(source_id, mark) for source_id, _, keep_all, mark in finished
                 if not keep_all}
        removed = [article_id for articles in stale.values() for article_id, _ in articles]
        dedup.unindex(store, [article_id for article_id, created, _ in batch if not created] + removed)
        stories.release(store, [(replaced[article_id], article) for article_id, created, article in batch
                                if article_id in replaced], store.story_contents(removed), today)
        for article_id, created, article in batch:
            if created:
                report.new += 1
                if article.outlet:
                    store.count_outlet_lines(article.outlet, clean.line_keys(article.text))
            else:
                report.updated += 1
            report.languages[article.language] += 1
            if article.repaired:
                report.repaired.append(article.source.where)
            copy = dedup.assign(store, article_id, article, new=created)
            if copy:
                report.duplicates += 1
            stories.assign(store, article_id, article, today, new=created, copy=copy)
        stories.prune_index(store, [article.published or today.isoformat() for _, _, article in batch])
        for source_id, content_hash, keep_all, _ in finished:
            report.removed += store.finish_source(source_id, content_hash, keep_all, stale.pop(source_id, None))
        store.note_changes()


def _counts(report: IngestReport) -> tuple:
    return (report.new, report.updated, report.removed, report.duplicates, Counter(report.languages),
            list(report.repaired))


def _restore_counts(report: IngestReport, counts: tuple) -> None:
    report.new, report.updated, report.removed, report.duplicates, languages, repaired = counts
    report.languages, report.repaired = Counter(languages), list(repaired)


