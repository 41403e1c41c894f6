"""`triage ingest`'s work, without Typer: the Typer command (cli/commands/ingest.py) reads every form of the
command line and runs `ingest_exit`; the plain forms the scripts and cron lines use (paths, `--db`, `--format`,
`--workers`, `--quiet`) are read by `ingest_arguments` and run by `run_ingest` straight from the entry point
(cli/launch.py), as `triage clean FILE`'s and `triage timeline`'s are.

Importing Typer and the other commands is serial time before the workers start (some 0.05 s of CPU: issue 13,
the sixteenth round's note). Anything else on the command line — `--help`, another option, a repeated one, a
path starting with "-" (stdin included), a value Typer would refuse — returns None and goes to Typer, whose
messages and exit codes stay the reference. Both ways run `ingest_exit`: the same output and exit codes.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, Iterator

from ..render import err, message, print_json, problem
from .plain import (EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, INTERRUPTED, plain_arguments, run_plain, store_target,
                    told_store_errors)

if TYPE_CHECKING:
    from rich.progress import Progress

FORMATS = ("table", "json")
_OPTIONS: dict[str, tuple[str, Any]] = {
    "--db": ("db", "text"),
    "--format": ("fmt", FORMATS), "-f": ("fmt", FORMATS),
    "--workers": ("workers", "count1"), "-w": ("workers", "count1"),
    "--quiet": ("quiet", "flag"), "-q": ("quiet", "flag"),
}
REPAIRED_SHOWN = 5  # documents named in the repaired line
SKIPPED_SHOWN = 3  # files named for one reason a file was skipped; the rest are counted in one line at the end


def ingest_arguments(args: list[str]) -> dict[str, Any] | None:
    """`ingest_exit`'s arguments when the command line is in a plain form (see the module docstring); else None."""
    found = plain_arguments(args, _OPTIONS, positional="paths", many=True)
    if found is None or not found.get("paths") or "-" in found["paths"]:
        return None  # standard input goes to Typer
    return {"db": None, "fmt": "table", "workers": os.cpu_count() or 1, "quiet": False, **found}


def run_ingest(arguments: dict[str, Any]) -> int:
    """`ingest` from the entry point, as the Typer command runs it (app._pipe_safe: a closed stdout, Ctrl-C)."""
    def work() -> int:
        code = ingest_exit(**arguments)
        sys.stdout.flush()
        return code
    return run_plain(work)  # type: ignore[return-value]


def ingest_exit(paths: list[str], db: str | None, *, fmt: str = "table", workers: int = 1, quiet: bool = False,
                recursive: bool = True, glob: list[str] | None = None, max_size: float = 20.0, wait: float = 0.0,
                batch_size: int = 200, all_pages: bool = False, window_end: date | None = None,
                fields: dict[str, str] | None = None, language: str | None = None) -> int:
    """The ingest, its summary (a table on stderr, or one JSON object on stdout) and its exit code; a failure
    is one line on stderr (and, with `fmt` json, an object with the error and the exit code on stdout)."""
    with _stop_on_signals() as stop:
        return _ingest(paths, db, recursive, glob or [], fmt, workers, max_size, wait, batch_size, quiet, stop,
                       all_pages, window_end, fields or {}, language)


@contextmanager
def _stop_on_signals() -> Iterator[threading.Event]:
    """Ctrl-C and SIGTERM (cron, timeout(1)) ask the run to stop between two articles; a second
    signal stops at once (the batch in progress is rolled back). Installed before the heavy
    imports, so an early signal is also a clean exit 130, never a traceback. SIGHUP (the terminal or the ssh
    session a run was started from is gone) is a SIGTERM: before (session 22) it killed the run outright, exit
    129, no report, the batch in progress lost."""
    stop = threading.Event()

    def handle(signum, frame) -> None:
        reading = sys.modules.get("corpus_tools.read")
        if stop.is_set() or (reading is not None and reading.waiting_on_stdin()):  # stdin may never end
            raise KeyboardInterrupt
        stop.set()

    signals = [signal.SIGINT, signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    old = {signum: signal.signal(signum, handle) for signum in signals}
    try:
        yield stop
    finally:
        for signum, handler in old.items():
            signal.signal(signum, handler)


class _Failed(Exception):
    """A failure told already (its line on stderr): its exit code, and its line for the JSON summary."""

    def __init__(self, text: str, code: int):
        super().__init__(text)
        self.text, self.code = text, code


def _fail(text: str, code: int) -> _Failed:
    err.print(f"triage: {text}", markup=False, highlight=False, soft_wrap=True)  # as `common.fail`
    return _Failed(text, code)


def _store_errors() -> AbstractContextManager[None]:
    """`common.store_errors` without Typer."""
    return told_store_errors(_fail)


def _ingest(paths, db, recursive, glob, fmt, workers, max_size, wait, batch_size, quiet, stop,
            all_pages, window_end, fields, language) -> int:
    try:
        return _ingest_told(paths, db, recursive, glob, fmt, workers, max_size, wait, batch_size, quiet, stop,
                            all_pages, window_end, fields, language)
    except _Failed as failed:
        if fmt == "json":  # a cron log gets one object per run, errors included
            print_json({"error": failed.text, "exit_code": failed.code})
        return failed.code


def _ingest_told(paths, db, recursive, glob, fmt, workers, max_size, wait, batch_size, quiet, stop,
                 all_pages, window_end, fields, language) -> int:
    with _store_errors():
        db_path = store_target(db)  # before the heavy imports: a usage error comes at once
    try:
        from corpus_tools.ingest import ingest  # heavy: only when ingesting
    except KeyboardInterrupt:
        raise _fail(INTERRUPTED, EXIT_INTERRUPTED) from None
    progress = _progress(quiet)

    skipped_for: dict[str, int] = {}  # reason → files skipped for it

    def on_problem(path: str, reason: str, skipped: bool) -> None:
        # Skipped inputs are shown under --quiet too: a file left out is something to know. A folder of 50 files
        # of a format not ours (.tml, .pdf) names the first few, then counts the rest in one line (`_more_skipped`),
        # not 50 lines of the same reason on every cron run; each failure is named, as each needs a look.
        if "size limit" in reason:
            reason += " (raise it with --max-size MB)"
        if skipped:
            skipped_for[reason] = skipped_for.get(reason, 0) + 1
            if skipped_for[reason] > SKIPPED_SHOWN:
                return
        if progress:
            progress.console.print(f"{path}: {reason}", markup=False, highlight=False)
        else:
            problem(path, reason)

    task = progress.add_task("ingest", total=None, documents=0) if progress else None
    on_file = (lambda done, total: progress.update(task, completed=done - 1, total=total)) if progress else None
    on_document = (lambda done: progress.update(task, documents=done)) if progress else None
    with _store_errors():
        if progress:
            progress.start()
        try:
            report = ingest(paths, db_path, recursive=recursive, glob=glob, workers=workers,
                            max_bytes=int(max_size * 1024 * 1024), wait=wait, batch_size=batch_size,
                            stdin=sys.stdin.buffer, on_problem=on_problem, on_file=on_file, stop=stop,
                            all_pages=all_pages, window_end=window_end, on_document=on_document,
                            fields=fields, language=language)
        except KeyboardInterrupt:
            raise _fail(INTERRUPTED, EXIT_INTERRUPTED) from None
        finally:
            if progress:
                progress.stop()
    _more_skipped(skipped_for)
    if report.unsettled:  # said under --quiet too: `triage check` fails until the next run
        from corpus_tools.store.dialect import STOP_PATIENCE
        message(f"triage: the last batch ({report.unsettled} article{'s' if report.unsettled != 1 else ''}) is "
                f"stored but not settled: another writer held the shared step for more than "
                f"{STOP_PATIENCE:.0f} s after the stop; the next ingest settles it")
    _render(report, fmt, quiet, db_path)
    if report.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_FAILED if report.failed else EXIT_OK


def _more_skipped(skipped_for: dict[str, int]) -> None:
    """One line for each reason more files were skipped for than `on_problem` named (the JSON report lists
    every file)."""
    for reason, count in skipped_for.items():
        if count > SKIPPED_SHOWN:
            more = count - SKIPPED_SHOWN
            message(f"… and {more} more file{'s' if more != 1 else ''} skipped: {reason}")


def _progress(quiet: bool) -> Progress | None:
    if quiet or not sys.stderr.isatty():
        return None
    # Documents are counted, not only files: one big JSONL or CSV is one file of many documents.
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    return Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TextColumn("files,"), TextColumn("{task.fields[documents]:,} documents"),
                    TimeElapsedColumn(), console=err.rich(), transient=True)


def _render(report, fmt: str, quiet: bool, db_path: str) -> None:
    if fmt == "json":
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
