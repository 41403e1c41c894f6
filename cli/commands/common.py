"""Options and error handling shared by the commands."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from typing import Iterator

import typer

from corpus_tools.errors import Interrupted, SchemaBehind, StoreBusy, StoreError, StoreMissing
from corpus_tools.store import Store, default_path

from ..render import err

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_STORE, EXIT_BUSY, EXIT_INTERRUPTED = 0, 1, 2, 74, 75, 130
INTERRUPTED = "interrupted: the work committed so far is kept; run the same command again to finish"

DB_OPTION = typer.Option(None, "--db", help="Store file (default: $TRIAGE_DB, else ./triage.db).",
                         show_default=False)
QUIET_OPTION = typer.Option(False, "--quiet", "-q", help="No progress or summary on stderr (problems and skipped inputs "
                                                                    "are still shown).")


def check_date(value: str | None, option: str) -> str | None:
    """A --from/--to value: YYYY, YYYY-MM or YYYY-MM-DD, else a usage error."""
    if value is None:
        return None
    for length in (10, 7, 4):
        try:
            if len(value) == length:
                date.fromisoformat(value if length == 10 else value + ("-01" if length == 7 else "-01-01"))
                return value
        except ValueError:
            break
    raise fail(f"{option} {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD", EXIT_USAGE)


def fail(message: str, code: int) -> typer.Exit:
    err.print(f"triage: {message}", markup=False, highlight=False, soft_wrap=True)
    exit_ = typer.Exit(code)
    exit_.message = message  # for commands that also report errors as JSON
    return exit_


@contextmanager
def store_errors() -> Iterator[None]:
    """Turn store trouble into one line and a documented exit code, never a traceback."""
    import sqlite3
    try:
        yield
    except StoreBusy as exc:
        raise fail(f"another `triage ingest` is writing to this store (waited {exc.waited:g}s; "
                   "use --wait SECONDS to wait longer)", EXIT_BUSY) from None
    except Interrupted:
        raise fail(INTERRUPTED, EXIT_INTERRUPTED) from None
    except StoreMissing as exc:
        raise fail(f"{exc} (run `triage ingest` first)", EXIT_STORE) from None
    except StoreError as exc:
        raise fail(str(exc), EXIT_STORE) from None
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise fail(f"store busy: {text}", EXIT_BUSY) from None
        raise fail(f"store error: {text}", EXIT_STORE) from None
    except sqlite3.DatabaseError as exc:
        raise fail(f"store error: {exc}", EXIT_STORE) from None
    except BrokenPipeError:
        raise  # stdout's reader went away: not a store problem (see app._pipe_safe)
    except OSError as exc:
        raise fail(f"{getattr(exc, 'filename', '') or 'store'}: {exc.strerror or exc}", EXIT_STORE) from None


def open_reader(db: str | None) -> Store:
    """A read-only connection: readers never take the write lock.

    A store written by an older triage is migrated first (a short write), so an
    upgrade does not break the next `timeline` run before the next ingest.
    """
    path = default_path(db)
    try:
        return Store(path, readonly=True)
    except SchemaBehind:
        Store(path).close()
        return Store(path, readonly=True)
