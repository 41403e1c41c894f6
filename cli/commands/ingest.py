"""`triage ingest`: options to `corpus_tools.ingest`, a progress bar, Ctrl-C and SIGTERM turned
into a clean stop between two articles, and the summary (table or JSON) with its exit code."""

from __future__ import annotations

import os
import signal
import sys
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator, Optional

import typer

from corpus_tools.fields import FieldError, parse_mappings

from ..render import TableOrJson, err, message, print_json, problem
from .text_tools import Lang
from .common import (DB_OPTION, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, INTERRUPTED, QUIET_OPTION, fail,
                     store_errors, store_target)

if TYPE_CHECKING:
    from rich.progress import Progress

EPILOG = """Examples:

  triage ingest sample_corpus

  triage ingest --db news.db --glob '*.jsonl' scrapes/

  triage ingest --field title=kop --field text=naskah export.csv

  triage ingest --lang id briefs/

  curl -s https://example.com/story | triage ingest -

  triage ingest --quiet --format json --wait 600 /data/scrapes >> ingest.log

Exit codes: 0 all ingested; 1 some inputs failed (the rest were ingested and committed);
2 usage error; 74 store not writable; 75 another ingest holds the store; 130 interrupted."""


def ingest_command(
    paths: list[str] = typer.Argument(..., help="Files or folders to ingest; '-' reads one document from stdin."),
    db: Optional[str] = DB_OPTION,
    recursive: bool = typer.Option(True, "--recursive/--no-recursive", help="Descend into sub-folders."),
    glob: list[str] = typer.Option([], "--glob", help="Only files whose name matches, e.g. '*.txt' (repeatable: "
                                   "any of them, --glob '*.txt' --glob '*.log')."),
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help="Summary as a table or one JSON object."),
    workers: int = typer.Option(os.cpu_count() or 1, "--workers", "-w", min=1, show_default=False,
                                help="Processes for the per-article work (default: CPU count)."),
    max_size: float = typer.Option(20.0, "--max-size", min=0.001,
                                   help="Skip documents larger than this many MB: a page, a record, a CSV row "
                                        "(a JSONL or CSV file of many documents may be any size)."),
    wait: float = typer.Option(0.0, "--wait", min=0, help="Seconds to wait if another ingest holds the store."),
    batch_size: int = typer.Option(200, "--batch-size", min=1,
                                   help="Articles per transaction: a crash costs at most one batch."),
    field: list[str] = typer.Option([], "--field", metavar="FIELD=NAME",
                                    help="Read FIELD (title, text, published, url, outlet, author, id, html, language) from "
                                         "the record's NAME column or key; repeatable. See docs/input-formats.md."),
    all_pages: bool = typer.Option(False, "--all-pages", help="Store every HTML page with a main text, even "
                                                                "home or section pages the article check refuses."),
    lang: Lang = typer.Option(Lang.auto, "--lang", help="Language of every document, for a folder in one "
                                                        "language whose short briefs the detector cannot tell "
                                                        "(auto: the language a record's own language field "
                                                        "names, when it has a language file; else detected)."),
    published_before: Optional[str] = typer.Option(
        None, "--published-before", metavar="YYYY-MM-DD",
        help="Latest possible publication date: a weekday without a year ('Senin 30 Oktober') is read as the "
             "only such date in the 4 years up to it, else left undated (default: each file's modification time)."),
    quiet: bool = QUIET_OPTION,
) -> None:
    """Read articles into the store: decode, clean, detect language, tag dates and events, find copies."""
    window_end = _iso_day(published_before, "--published-before") if published_before else None
    try:
        fields = parse_mappings(field)
    except FieldError as exc:
        raise fail(f"--field {exc}", EXIT_USAGE) from None
    with _stop_on_signals() as stop:
        _ingest(paths, db, recursive, glob, fmt, workers, max_size, wait, batch_size, quiet, stop,
                all_pages, window_end, fields, None if lang == Lang.auto else lang.value)


@contextmanager
def _stop_on_signals() -> Iterator[threading.Event]:
    """Ctrl-C and SIGTERM (cron, timeout(1)) ask the run to stop between two articles; a second
    signal stops at once (the batch in progress is rolled back). Installed before the heavy
    imports, so an early signal is also a clean exit 130, never a traceback."""
    stop = threading.Event()

    def handle(signum, frame) -> None:
        reading = sys.modules.get("corpus_tools.read")
        if stop.is_set() or (reading is not None and reading.waiting_on_stdin()):  # stdin may never end
            raise KeyboardInterrupt
        stop.set()

    old = {signum: signal.signal(signum, handle) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for signum, handler in old.items():
            signal.signal(signum, handler)


def _ingest(paths, db, recursive, glob, fmt, workers, max_size, wait, batch_size, quiet, stop,
            all_pages, window_end, fields, language) -> None:
    try:
        with store_errors():
            db_path = store_target(db)  # before the heavy imports: a usage error comes at once
    except typer.Exit as stopped:
        if fmt == TableOrJson.json:
            print_json({"error": getattr(stopped, "message", ""), "exit_code": stopped.exit_code})
        raise
    try:
        from corpus_tools.ingest import ingest  # heavy (trafilatura, datasketch): only when ingesting
    except KeyboardInterrupt:
        raise _interrupted_early(fmt) from None
    progress = _progress(quiet)

    def on_problem(path: str, reason: str, skipped: bool) -> None:
        # Skipped inputs are shown under --quiet too: a file left out is something to know.
        if "size limit" in reason:
            reason += " (raise it with --max-size MB)"
        if progress:
            progress.console.print(f"{path}: {reason}", markup=False, highlight=False)
        else:
            problem(path, reason)

    task = progress.add_task("ingest", total=None, documents=0) if progress else None
    on_file = (lambda done, total: progress.update(task, completed=done - 1, total=total)) if progress else None
    on_document = (lambda done: progress.update(task, documents=done)) if progress else None
    try:
        with store_errors():
            if progress:
                progress.start()
            try:
                report = ingest(paths, db_path, recursive=recursive, glob=glob, workers=workers,
                                max_bytes=int(max_size * 1024 * 1024), wait=wait, batch_size=batch_size,
                                stdin=sys.stdin.buffer, on_problem=on_problem, on_file=on_file, stop=stop,
                                all_pages=all_pages, window_end=window_end, on_document=on_document,
                                fields=fields, language=language)
            except KeyboardInterrupt:
                raise fail(INTERRUPTED, EXIT_INTERRUPTED) from None
            finally:
                if progress:
                    progress.stop()
    except typer.Exit as stopped:
        if fmt == TableOrJson.json:  # a cron log gets one object per run, errors included
            print_json({"error": getattr(stopped, "message", ""), "exit_code": stopped.exit_code})
        raise
    _render(report, fmt, quiet, db_path)
    if report.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
    raise typer.Exit(EXIT_FAILED if report.failed else EXIT_OK)


def _interrupted_early(fmt: TableOrJson) -> typer.Exit:
    stopped = fail(INTERRUPTED, EXIT_INTERRUPTED)
    if fmt == TableOrJson.json:
        print_json({"error": stopped.message, "exit_code": EXIT_INTERRUPTED})
    return stopped


def _iso_day(value: str, option: str):
    from datetime import date
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option} {value!r}: expected YYYY-MM-DD", EXIT_USAGE) from None



def _progress(quiet: bool) -> Progress | None:
    if quiet or not sys.stderr.isatty():
        return None
    # Documents are counted, not only files: one big JSONL or CSV is one file of many documents.
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    return Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TextColumn("files,"), TextColumn("{task.fields[documents]:,} documents"),
                    TimeElapsedColumn(), console=err.rich(), transient=True)


REPAIRED_SHOWN = 5  # documents named in the repaired line


def _render(report, fmt: TableOrJson, quiet: bool, db_path: str) -> None:
    if fmt == TableOrJson.json:
        print_json(report.as_json())
        return
    if report.interrupted:
        message(INTERRUPTED)
    if quiet:
        return
    from rich.table import Table
    from rich.text import Text

    from corpus_tools.store import redact
    table = Table(title=Text(f"ingest → {redact(db_path)}"))
    for column in ("new", "updated", "unchanged", "duplicates", "skipped", "failed"):
        table.add_column(column, justify="right")
    table.add_row(*(str(v) for v in (report.new, report.updated, report.unchanged, report.duplicates,
                                     len(report.skipped), len(report.failed))))
    err.print(table)
    if report.removed:  # records gone from a file read again: the store mirrors its input files
        message(f"removed: {report.removed} article{'s' if report.removed != 1 else ''} no longer in "
                "the files they came from")
    if report.languages:
        message("languages: " + ", ".join(f"{k} {v}" for k, v in sorted(report.languages.items())))
    if report.repaired:  # told even when the run is otherwise quiet about documents: the text was changed
        shown = ", ".join(report.repaired[:REPAIRED_SHOWN]) + (", …" if len(report.repaired) > REPAIRED_SHOWN else "")
        message(f"repaired: {len(report.repaired)} document{'s' if len(report.repaired) != 1 else ''} stored with "
                f"mojibake read back as UTF-8 (UTF-8 once read as cp1252 or Latin-1, 'â€œ' for '“'): {shown}")
    if report.new == report.updated == 0 and report.unchanged and not report.failed:
        message("nothing new: every input is unchanged since the last run")
