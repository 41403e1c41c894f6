"""`triage check`: the database's own integrity check plus triage's invariants
(`Store.integrity_problems`); problems on stderr, exit 1 when there are any."""

from __future__ import annotations

from typing import Optional

import typer

from ..render import err, message
from .common import DB_OPTION, EXIT_FAILED, open_reader, store_errors

EPILOG = """Examples:

\b
triage check

\b
triage check --db /data/news.db || mail -s 'triage store damaged' desk@example.org

Exit codes: 0 the store is sound; 1 problems found (listed on stderr); 74 the store cannot be opened; 75 a PostgreSQL server is not taking connections (temporary)."""


def check_command(db: Optional[str] = DB_OPTION,
                  quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only problems.")) -> None:
    """Check the store: the database's own integrity check (SQLite's) plus triage's invariants."""
    with store_errors(), open_reader(db) as store:
        problems = store.integrity_problems()
        count = store.count_articles() if not problems else 0  # a damaged file may not answer even that
        being_written = store.being_written
    for line in problems:
        err.print(f"{store.path}: {line}", markup=False, highlight=False, soft_wrap=True)
    if problems:
        raise typer.Exit(EXIT_FAILED)
    writing = (f"; {being_written} of them being written by a running ingest, not settled yet"
               if being_written else "")
    message(f"{store.path}: ok ({count} articles{writing})", quiet)
