"""Options and error handling shared by the commands."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import typer

from corpus_tools.errors import Interrupted, QueryBusy, StoreBusy, StoreError, StoreMissing

from ..render import err
from .plain import EXIT_BUSY, EXIT_STORE, EmptyStoreName, OutputError, valid_date
# the commands' (defined where Typer is not imported)
from .plain import EXIT_FAILED as EXIT_FAILED
from .plain import EXIT_INTERRUPTED as EXIT_INTERRUPTED
from .plain import EXIT_OK as EXIT_OK
from .plain import EXIT_OUTPUT as EXIT_OUTPUT
from .plain import EXIT_USAGE as EXIT_USAGE
from .plain import open_reader as open_reader
from .plain import store_target as store_target
INTERRUPTED = "interrupted: the work committed so far is kept; run the same command again to finish"

DB_OPTION = typer.Option(None, "--db", help="Store: a file, or postgresql://user@host:port/dbname (default: $TRIAGE_DB, else "
                                        "./triage.db; an empty value is a usage error).",
                         show_default=False)
QUIET_OPTION = typer.Option(False, "--quiet", "-q", help="No progress or summary on stderr (problems and skipped inputs "
                                                                    "are still shown).")


def check_date(value: str | None, option: str) -> str | None:
    """A --from/--to value: YYYY, YYYY-MM or YYYY-MM-DD, else a usage error."""
    if value is None or valid_date(value):
        return value
    raise fail(f"{option} {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD", EXIT_USAGE)


def fail(message: str, code: int) -> typer.Exit:
    err.print(f"triage: {message}", markup=False, highlight=False, soft_wrap=True)
    exit_ = typer.Exit(code)
    exit_.message = message  # for commands that also report errors as JSON
    return exit_


@contextmanager
def store_errors() -> Iterator[None]:
    """Turn store trouble into one line and a documented exit code, never a traceback."""
    try:
        yield
    except EmptyStoreName as exc:
        raise fail(str(exc), EXIT_USAGE) from None
    except StoreBusy as exc:
        raise fail(f"another `triage ingest` is writing to this store (waited {exc.waited:g}s; "
                   "use --wait SECONDS to wait longer)", EXIT_BUSY) from None
    except QueryBusy as exc:
        raise fail(str(exc), EXIT_BUSY) from None
    except Interrupted:
        raise fail(INTERRUPTED, EXIT_INTERRUPTED) from None
    except StoreMissing as exc:
        raise fail(f"{exc} (run `triage ingest` first)", EXIT_STORE) from None
    except StoreError as exc:
        raise fail(str(exc), EXIT_STORE) from None
    except (BrokenPipeError, OutputError):
        raise  # stdout's reader went away, or stdout cannot be written: not a store problem (see app._pipe_safe)
    except OSError as exc:
        raise fail(f"{getattr(exc, 'filename', '') or 'store'}: {exc.strerror or exc}", EXIT_STORE) from None
