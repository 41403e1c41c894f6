"""The errors the library raises, all under `TriageError`.

Messages say what went wrong and where (a path, a line); they never name a command-line
option: what a user can do about it is the caller's to say (the CLI maps each type to an
exit code and a hint).
"""

from __future__ import annotations

import os


class TriageError(Exception):
    """Base class of every error corpus_tools raises on purpose."""


class StoreError(TriageError, RuntimeError):
    """The store cannot be opened or written (bad path, read-only, disk full, corrupt)."""


class QueryError(StoreError):
    """The database refused a statement (disk full, read-only, corrupt; a connection lost is `ServerRestarting`)."""


class QueryBusy(QueryError):
    """Another writer holds what this statement needs (locked, deadlock): a temporary failure."""


class ServerRestarting(QueryBusy):
    """The database server ended the connection as it shut down or restarted (PostgreSQL's SQLSTATE 57P01-57P03:
    a restart, an administrator's terminate, a crash recovery): temporary, the next run reconnects; the batch in
    progress was rolled back."""


class ServerUnreachable(QueryBusy):
    """The database server could not be reached, or it turned the connection away for a while (refused, no answer
    in time, starting up or shutting down, every connection slot taken): temporary, the next run tries again. A
    server that answers and refuses for good (no such database or role, a wrong password) is a `StoreError`."""


class QueryConflict(QueryBusy):
    """The server broke a conflict between two writers (deadlock, serialization failure) by
    rolling back this transaction: running it again is safe and usually succeeds."""


class StoreMissing(StoreError):
    """A reader was pointed at a path that holds no store yet."""


class StoreIsFolder(StoreError):
    """A folder was given where a store file belongs (refused before anything is written beside it)."""

    def __init__(self, path: str):
        super().__init__(f"{path}: is a folder, not a store file (give a file, e.g. {os.path.join(path, 'triage.db')})")


class SchemaBehind(StoreError):
    """A read-only open found a store written by an older version; opening it for writing migrates it."""


class StoreBusy(TriageError, RuntimeError):
    """Another writer holds the store's lock (a temporary condition: retry, or wait longer)."""

    def __init__(self, message: str, waited: float = 0.0):
        super().__init__(message)
        self.waited = waited


class Interrupted(TriageError):
    """The caller's stop request came before any work was done (e.g. while waiting for the store)."""


class SettleAbandoned(TriageError):
    """A stop request came while this writer waited for another writer's shared step (a server store), and that
    writer held it past the stop's patience: the batch stays stored and not settled, the next run settles it.
    `articles`: how many (set by the writer)."""

    def __init__(self, message: str, articles: int = 0):
        super().__init__(message)
        self.articles = articles


class DecodeError(TriageError, ValueError):
    """The bytes are not text we can read."""


class NotAnArticle(TriageError, ValueError):
    """The input is readable but is not a news article (home page, list page, empty record)."""


class ArticleRejected(TriageError, ValueError):
    """The document is not usable as an article; the message is the reason."""

    def __init__(self, reason: str, skipped: bool = False, cleaned=None):
        super().__init__(reason)
        self.skipped = skipped
        self.cleaned = cleaned  # a page refused as no article: its CleanResult, each line and why (`--explain`)
