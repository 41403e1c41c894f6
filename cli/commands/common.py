"""Options and error handling shared by the commands."""

from __future__ import annotations

from contextlib import AbstractContextManager

import typer

from ..render import err
from .plain import INTERRUPTED as INTERRUPTED
from .plain import told_store_errors, valid_date
# the commands' (defined where Typer is not imported)
from .plain import EXIT_FAILED as EXIT_FAILED
from .plain import EXIT_INTERRUPTED as EXIT_INTERRUPTED
from .plain import EXIT_OK as EXIT_OK
from .plain import EXIT_OUTPUT as EXIT_OUTPUT
from .plain import EXIT_USAGE as EXIT_USAGE
from .plain import open_reader as open_reader
from .plain import store_target as store_target

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


def store_errors() -> AbstractContextManager[None]:
    """Turn store trouble into one line and a documented exit code, never a traceback (`plain.store_failure`)."""
    return told_store_errors(fail)
