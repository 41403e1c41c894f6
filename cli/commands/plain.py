"""What the commands share that needs no Typer: the fast paths of cli/launch.py use it too."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from corpus_tools.errors import SchemaBehind

if TYPE_CHECKING:
    from corpus_tools.store import Store


def valid_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD (what --from and --to take)."""
    for length in (10, 7, 4):
        try:
            if len(value) == length:
                date.fromisoformat(value if length == 10 else value + ("-01" if length == 7 else "-01-01"))
                return True
        except ValueError:
            break
    return False


def open_reader(db: str | None) -> Store:
    """A read-only connection: readers never take the write lock.

    A store written by an older triage is migrated first (a short write), so an
    upgrade does not break the next `timeline` run before the next ingest.
    """
    from corpus_tools.store import Store, default_path  # the store only for commands that open one
    path = default_path(db)
    try:
        return Store(path, readonly=True)
    except SchemaBehind:
        Store(path).close()
        return Store(path, readonly=True)
