"""The two backends of the store: a small connection layer, not two copies of the store.

`Store` writes its queries once, in the SQL both SQLite and PostgreSQL accept
(`?` placeholders, `INSERT … ON CONFLICT`, `RETURNING`); a `Connection` runs them
on one backend and supplies what differs: placeholders, full-text search,
"value IN list", the integrity check, migration files, locks, and the mapping of
driver errors to `QueryError` / `QueryBusy`. Rows answer both `row[0]` and
`row["name"]` on both backends.

SQLite (a file path) is the embedded default. PostgreSQL (`postgresql://…`) needs
psycopg 3 (`pip install '.[postgres]'` in the checkout, or `pip install 'psycopg[binary]>=3.1'`); it is
imported only when used.
"""

from __future__ import annotations

import functools
from contextlib import closing
import logging
import os
import re
import shutil
import sqlite3
import time
import zlib
from pathlib import Path
from typing import Any, Iterable, Iterator, NoReturn, Sequence

from ..errors import (QueryBusy, QueryConflict, QueryError, ServerRestarting, ServerUnreachable, SettleAbandoned,
                      StoreError, StoreIsFolder, StoreMissing)

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 10_000
SERVER_PREFIXES = ("postgresql://", "postgres://")


def is_server(target: str) -> bool:
    """True for a PostgreSQL URL, False for an SQLite file path."""
    return str(target).startswith(SERVER_PREFIXES)


_SECRET_PARAMETER = re.compile(r"(\b(?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*'|[^&\s]*)", re.I)


def redact(target: str) -> str:
    """The store's URL without its passwords, for messages: its `user:password@`, and a `password=`
    (or `sslpassword=`) in its query string. A file's path is given as it is."""
    text = _SECRET_PARAMETER.sub(r"\1***", str(target))  # also in a keyword string given by mistake
    if "://" not in text:
        return text
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", text)


class Row(tuple):
    """A tuple whose items are also reachable by column name (like sqlite3.Row)."""

    _names: dict[str, int]

    def __new__(cls, names: dict[str, int], values: Sequence[Any]) -> "Row":
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


class Cursor:
    """What `Connection.execute` returns: rows, with driver errors translated."""

    def __init__(self, connection: "Connection", cursor: Any):
        self._connection, self._cursor = connection, cursor

    def fetchone(self) -> Any:
        try:  # `with self._connection.translated():` without its object and calls (the writer's every statement)
            return self._cursor.fetchone()
        except self._connection.driver_error as exc:
            _raise_translated(self._connection, exc)

    def fetchall(self) -> list[Any]:
        try:
            return self._cursor.fetchall()
        except self._connection.driver_error as exc:
            _raise_translated(self._connection, exc)

    def __iter__(self) -> Iterator[Any]:
        with self._connection.translated():
            yield from self._cursor

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount


class Connection:
    """One backend's connection; subclasses fill in what differs."""

    name = ""
    concurrent_writers = False  # several processes may write at once (no file lock)
    # An `INSERT … ON CONFLICT DO NOTHING` that meets its conflict leaves no trace (no sequence value taken,
    # no trigger fired): a row most often new is inserted before it is looked for, not after (`insert_id`).
    free_conflicts = False
    # `articles a` where a query reads only the columns of an event mention's article (migration 0011).
    mention_articles = "articles a"
    # `articles a` and `events e` where a query reads only an article's id, duplicate_of, published, language
    # and story_id, and an event's id, article_id, value and granularity: the narrowest source of those.
    key_articles = "articles a"
    key_events = "events e"

    raw: Any
    target: str

    # -- statements ----------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        try:  # `with self.translated():` (see `Cursor.fetchone`)
            return Cursor(self, self.raw.execute(self.sql(sql), params))
        except self.driver_error as exc:
            _raise_translated(self, exc)

    def execute_tuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        """All rows as plain tuples (no names): the cheapest form for many rows."""
        raise NotImplementedError

    def iter_tuples(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple]:
        """The rows of `execute_tuples` one at a time, as the cursor gives them: a caller that keeps a
        smaller form of each does not hold them all at once. Read them to the end before the next statement."""
        raise NotImplementedError

    def insert_id(self, sql: str, params: Sequence[Any] = ()) -> int | None:
        """Run `sql`, an `INSERT … ON CONFLICT DO NOTHING` without a RETURNING clause, and return the id of the
        row it inserted: None when a conflict left the table as it was."""
        row = self.execute(sql + " RETURNING id", params).fetchone()
        return None if row is None else row[0]

    def upsert_id(self, sql: str, params: Sequence[Any], lookup: str, key: Sequence[Any]) -> int:
        """Run `sql`, an `INSERT … ON CONFLICT … DO UPDATE` without a RETURNING clause, and return the id of the
        row it inserted or updated (`lookup` with `key` reads it where RETURNING is not used)."""
        return self.execute(sql + " RETURNING id", params).fetchone()[0]

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            with self.translated():
                self._executemany(self.sql(sql), rows)

    def _executemany(self, sql: str, rows: list) -> None:
        self.raw.executemany(sql, rows)

    def insert_text_pieces(self, table: str, values: dict[str, Any], column: str, pieces: list[str]) -> None:
        """Insert a row of `values` whose `column` is the text of `pieces` (ASCII) joined; `pieces` is emptied."""
        names = [*values, column]
        text = "".join(pieces)
        pieces.clear()
        self.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                     (*values.values(), text))

    def sql(self, sql: str) -> str:
        return sql

    def translated(self):
        return _Translate(self)

    def is_busy(self, exc: BaseException) -> bool:
        raise NotImplementedError

    def is_conflict(self, exc: BaseException) -> bool:
        """The server rolled the transaction back to end a conflict between writers: it can be replayed."""
        return False

    def is_restarting(self, exc: BaseException) -> bool:
        """The server ended this connection as it shut down or restarted: temporary, not the store's fault."""
        return False

    driver_error: type[BaseException] = Exception

    # -- transactions ------------------------------------------------------------------
    def begin(self) -> None:
        self.execute("BEGIN")

    def commit(self) -> None:
        self.execute("COMMIT")

    def rollback(self) -> None:
        """Roll back if a transaction is open; never hides the error that caused it."""
        if self.in_transaction:
            try:
                self.raw.execute("ROLLBACK")
            except self.driver_error:  # the connection is gone: nothing left to roll back
                return

    @property
    def in_transaction(self) -> bool:
        raise NotImplementedError

    def close(self) -> None:
        self.raw.close()

    cancelled = False  # `cancel` was called: the error the statement then met is the caller's stop

    def cancel(self) -> None:
        """Cancel the statement the connection is running, from another thread (a stopped run still waiting); on a
        file nothing (the file lock leaves no one to wait for)."""

    # -- what differs ------------------------------------------------------------------
    def migration_files(self) -> list[tuple[int, Path]]:
        """Numbered migrations; a file of the same number under migrations/<name>/ replaces the portable one."""
        files = {int(p.name.split("_", 1)[0]): p for p in MIGRATIONS.glob("[0-9]*.sql")}
        files.update({int(p.name.split("_", 1)[0]): p for p in (MIGRATIONS / self.name).glob("[0-9]*.sql")})
        return sorted(files.items())

    def run_script(self, script: str) -> None:
        raise NotImplementedError

    def lock_migrations(self) -> None:
        """Called first in the transaction that migrates: one migrating process at a time."""

    def lock_shared_step(self, stop: Any = None) -> None:
        """Called first in a transaction that touches rows every writer shares (dedup groups, counters); `stop`
        (the run's stop request, a `threading.Event`) shortens a wait for another writer."""

    def text_match(self, words: str) -> tuple[str, Any]:
        """(SQL condition with one placeholder: article `a` holds `words`, its parameter), for a WHERE list."""
        raise NotImplementedError

    def text_match_rows(self, words: str, columns: str, where: Sequence[str] = (),
                        params: Sequence[Any] = ()) -> list[tuple]:
        """`columns` of the articles `a` that hold `words` (found through the full-text index) and meet the
        `where` terms, as tuples (`columns` and `where` read only `a`'s id, duplicate_of, published, language
        and story_id)."""
        raise NotImplementedError

    def in_list(self, expression: str) -> str:
        """`expression IN (the list given as one parameter)`; pass the parameter through `list_param`."""
        raise NotImplementedError

    def list_param(self, values: list) -> Any:
        raise NotImplementedError

    def id_list_join(self, expression: str) -> str | None:
        """A JOIN clause keeping the rows whose `expression` is one of the ids given as one parameter (pass it
        through `list_param`), where the backend plans that better than `in_list` for thousands of ids; else
        None (use `in_list`)."""
        return None

    def integrity_problems(self) -> list[str]:
        return []

    def explained(self, exc: BaseException) -> str:
        """What the driver's error leaves out, after it ('' when nothing)."""
        return ""

    def mark_writer(self) -> None:
        """Mark this connection as an ingest's for as long as it is open (`writer_running`); SQLite: the lock file."""

    def writer_running(self) -> bool:
        """Whether an ingest is writing to the store now (its articles may be between their two steps)."""
        from ..lock import writer_holds
        return writer_holds(self.target)

    def size_cache(self, megabytes: int) -> None:
        """Let the writing connection cache the band-key index (SQLite only; the server has its own)."""

    def bulk_mode(self) -> None:
        """Faster, less durable settings for a bulk copy into a fresh store."""

    def reset_sequences(self) -> None:
        """After rows were inserted with explicit ids: the next generated id follows them."""

    def analyze(self) -> None:
        """Refresh the planner's statistics (and the server's visibility map) after a bulk load (the server;
        SQLite plans well without)."""


class _Translate:
    def __init__(self, connection: Connection):
        self.connection = connection

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> bool:
        if exc is None or not isinstance(exc, self.connection.driver_error):
            return False
        _raise_translated(self.connection, exc)


def _raise_translated(connection: Connection, exc: BaseException) -> NoReturn:
    """A driver's error as QueryConflict, QueryBusy or QueryError, in one line: the server adds DETAIL, HINT and
    CONTEXT lines after its message."""
    text = f"{redact(connection.target)}: {str(exc).strip().splitlines()[0]}" + connection.explained(exc)
    if connection.is_conflict(exc):
        raise QueryConflict(f"store busy: {text}") from None
    if connection.is_restarting(exc):
        # a SQLSTATE says the server ended it; a connection lost without one may be the network's doing too (a
        # half-open connection ended by the keepalives: `CLIENT_KEEPALIVES`)
        why = ("the server shut down or restarted" if getattr(exc, "sqlstate", None) in _RESTARTING
               else "the connection to the server was lost: it shut down or restarted, or the network dropped")
        raise ServerRestarting(f"store unavailable: {text} ({why}; the batch in progress "
                               "was rolled back, everything committed before is kept: the next run catches up)") from None
    if connection.is_busy(exc):
        raise QueryBusy(f"store busy: {text}") from None
    raise QueryError(text) from None


# -- SQLite ------------------------------------------------------------------------------

class SqliteConnection(Connection):
    """A file. WAL lets readers run beside the one writer; the busy timeout absorbs short contention."""

    name = "sqlite"
    free_conflicts = True  # a conflicting insert allocates nothing (no AUTOINCREMENT in the schema)
    driver_error = sqlite3.Error
    mention_articles = "articles a INDEXED BY articles_mentions"  # not the rows, whose last columns come late
    key_articles = mention_articles
    key_events = "events e INDEXED BY events_article"  # (article_id, value, granularity) and the rowid: covering

    def __init__(self, path: str, readonly: bool):
        self.target = str(path)
        if Path(self.target).is_dir():
            raise StoreIsFolder(self.target)
        try:
            if readonly:
                if not Path(self.target).exists():
                    raise StoreMissing(f"{self.target}: no store here")
                self.raw = _connect_readonly(Path(self.target).resolve())
            else:
                self.raw = sqlite3.connect(self.target, isolation_level=None)
            self.raw.row_factory = sqlite3.Row
            self.raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.raw.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                names = {r[0] for r in self.raw.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
                if names and "schema_version" not in names:
                    # another program's database given as --db by mistake: not a byte of it changed (WAL mode
                    # below rewrites its header)
                    self.raw.close()
                    raise StoreError(f"{self.target}: an SQLite database of another program (it has tables, "
                                     "and no triage schema); not changed: give triage a file of its own")
                self.raw.execute("PRAGMA journal_mode = WAL")
                self.raw.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.target}: {exc}{self.explained(exc)}") from None

    def is_busy(self, exc: BaseException) -> bool:
        return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))

    def explained(self, exc: BaseException) -> str:
        # "attempt to write a readonly database" with the store file writable: SQLite writes beside it too, in
        # STORE-wal and STORE-shm, which it makes with the store file's mode. A reader of a read-only (0444)
        # store leaves them 0444 (and its own) when it cannot remove them; after `chmod 644 STORE` every write
        # still fails, and SQLite's message names neither file.
        if "disk is full" in str(exc):
            return _full_folders(self.target)
        if "readonly" not in str(exc):
            return ""
        stuck = [name for name in (f"{self.target}-wal", f"{self.target}-shm")
                 if os.path.exists(name) and not os.access(name, os.W_OK)]
        if not stuck or not os.access(self.target, os.W_OK):
            return ""
        it = "it" if len(stuck) == 1 else "them"
        return (f" ({' and '.join(stuck)} {'is' if len(stuck) == 1 else 'are'} not writable: SQLite writes there "
                f"too; make {it} writable by this user, or, with no process using the store, remove {it})")

    def insert_text_pieces(self, table: str, values: dict[str, Any], column: str, pieces: list[str]) -> None:
        """The row is inserted with a zero-filled BLOB of the text's size (which SQLite writes without holding
        it), then the pieces are written into it one at a time (incremental BLOB I/O), each let go once written:
        neither the whole text nor the driver's and SQLite's copies of it are ever in memory (issue 13: 16 MB
        three times over for the stored timeline of a 100k store). Read it back as `CAST(column AS TEXT)`."""
        size = sum(map(len, pieces))
        row_id = self.execute(f"INSERT INTO {table} ({', '.join(values)}, {column}) VALUES "
                              f"({', '.join('?' for _ in values)}, zeroblob(?)) RETURNING rowid",
                              (*values.values(), size)).fetchone()[0]
        pieces.reverse()
        with self.translated(), closing(self.raw.blobopen(table, column, row_id)) as blob:
            while pieces:
                blob.write(pieces.pop().encode("ascii"))

    def begin(self) -> None:
        self.execute("BEGIN IMMEDIATE")

    @property
    def in_transaction(self) -> bool:
        return self.raw.in_transaction

    def execute_tuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self.translated():
            cursor = self.raw.cursor()
            cursor.row_factory = None
            return cursor.execute(sql, params).fetchall()

    def iter_tuples(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple]:
        with self.translated():
            cursor = self.raw.cursor()
            cursor.row_factory = None
            yield from cursor.execute(sql, params)

    def run_script(self, script: str) -> None:
        for statement in _split_sql(script):
            self.execute(statement)

    # Without RETURNING (issue 13, the writer): SQLite runs a statement with a RETURNING clause, as one that
    # fires a trigger, inside a statement savepoint, and FTS5 writes the terms it holds in memory to a new
    # segment of its index at every savepoint. Each article's INSERT flushed the previous one's: one segment an
    # article, merged again and again, about a tenth of the writer's instructions. Without it the articles of a
    # batch reach the index at its commit, in one segment (`Store.save_article`, migration 0019).
    def insert_id(self, sql: str, params: Sequence[Any] = ()) -> int | None:
        with self.translated():
            cursor = self.raw.execute(sql, params)
        return cursor.lastrowid if cursor.rowcount > 0 else None

    def upsert_id(self, sql: str, params: Sequence[Any], lookup: str, key: Sequence[Any]) -> int:
        with self.translated():
            self.raw.execute(sql, params)  # an update leaves lastrowid as it was: read the id
            return self.raw.execute(lookup, key).fetchone()[0]

    def text_match(self, words: str) -> tuple[str, Any]:
        return "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", fts_query(words)

    def text_match_rows(self, words: str, columns: str, where: Sequence[str] = (),
                        params: Sequence[Any] = ()) -> list[tuple]:
        condition, param = self.text_match(words)
        return self.execute_tuples(f"SELECT {columns} FROM {self.mention_articles} WHERE "
                                   + " AND ".join([condition, *where]), (param, *params))

    def in_list(self, expression: str) -> str:
        return f"{expression} IN (SELECT value FROM json_each(?))"

    def list_param(self, values: list) -> Any:
        import json
        return json.dumps(values)

    def integrity_problems(self) -> list[str]:
        problems = [r[0] for r in self.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key violation in {r[0]} row {r[1]}" for r in self.execute("PRAGMA foreign_key_check")]
        return problems

    def size_cache(self, megabytes: int) -> None:
        self.execute(f"PRAGMA cache_size = {-int(megabytes) * 1024}")  # negative: KiB

    def bulk_mode(self) -> None:
        self.execute("PRAGMA synchronous = OFF")


def _sqlite_temp_folder() -> str:
    """The folder SQLite writes its temporary files in (statement journals, sorts, temporary tables; os_unix.c's
    unixTempFileDir): the first of $SQLITE_TMPDIR, $TMPDIR, /var/tmp, /usr/tmp and /tmp that is a folder it may
    write in, else the current folder."""
    for folder in (os.environ.get("SQLITE_TMPDIR"), os.environ.get("TMPDIR"), "/var/tmp", "/usr/tmp", "/tmp"):
        if folder and os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK):
            return folder
    return "."


def _full_folders(target: str) -> str:
    """SQLite's "database or disk is full" names the store, but the full disk may be its temporary folder's (an
    ingest that marks a duplicate updates through a statement journal there): with the two on different file
    systems, the free space of each, so that the one to clear is seen at once ('' otherwise)."""
    temp = _sqlite_temp_folder()
    try:
        store_folder = str(Path(target).resolve().parent)
        if os.stat(temp).st_dev == os.stat(store_folder).st_dev:
            return ""
        free = {folder: shutil.disk_usage(folder).free / 1e6 for folder in (temp, store_folder)}
    except OSError:
        return ""
    return (f" (SQLite's temporary folder {temp} has {free[temp]:,.1f} MB free, the store's folder "
            f"{free[store_folder]:,.1f} MB: make room where it is full, or set SQLITE_TMPDIR to a folder with room)")


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection, also to a store in a write-protected folder.

    Reading a WAL database needs its index file (-shm), which SQLite cannot create where it
    may not write. If no -wal holds pending writes and the folder is not writable (so no
    writer can be at work: it would need to create the -wal and the lock file there), the
    file is opened as immutable instead.
    """
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except sqlite3.OperationalError:
        wal = Path(f"{path}-wal")
        if (wal.exists() and wal.stat().st_size) or os.access(path.parent, os.W_OK):
            raise
        connection.close()
        return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, isolation_level=None)


def fts_query(text: str) -> str:
    """User words as an FTS5 query: every word must appear (quoted, so no syntax errors)."""
    words = [w for w in re.findall(r"\w+", text, flags=re.UNICODE)]
    return " ".join(f'"{w}"' for w in words) or '""'


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements, current = [], []
    for line in script.splitlines():
        if line.strip().startswith("--") or not line.strip():
            continue
        current.append(line)
        joined = "\n".join(current)
        if sqlite3.complete_statement(joined):
            statements.append(joined)
            current = []
    return statements


# -- PostgreSQL --------------------------------------------------------------------------

# Advisory lock keys (pg_advisory_xact_lock): held until the transaction ends, and
# released by the server when a writer's connection drops (SIGKILL included).
LOCK_MIGRATIONS = zlib.crc32(b"triage:migrations")
LOCK_SHARED = zlib.crc32(b"triage:shared-step")
# Held shared by every running ingest for its whole run (session-level: until its connection closes or drops),
# so that `triage check` can tell a batch between its two steps from one a killed writer left.
LOCK_WRITER = zlib.crc32(b"triage:writer")


LOCK_WAIT = 300.0  # seconds a writer waits for a lock (rows, the shared step), then exit 75, retry
LOCK_TIMEOUT = f"{LOCK_WAIT:.0f}s"  # the same as the server's `lock_timeout` (the shared step waits in slices)
STOP_PATIENCE = 10.0  # seconds a stopped writer still waits for another's shared step (`lock_shared_step`)
_WAIT_SLICE = 0.5  # seconds of one slice of that wait: how soon a stop request is seen


# TCP keepalives on every connection to a server, both ends (libpq's parameters here, the server's settings in
# `_SERVER_KEEPALIVES`): a connection whose other end vanished without a word (a network dropped, a host lost) is
# found dead in about a minute: 30 s idle, then 3 probes 10 s apart; `tcp_user_timeout`: data sent and not
# acknowledged for 60 s. Before (session 22), libpq's keepalives used the system's idle time, 2 hours, and a run
# waiting for an answer on such a connection hung its cron slot (and the next runs, on SQLite's lock) for that
# long. A URL's own values win (`?keepalives_idle=…`).
CLIENT_KEEPALIVES = {"keepalives": "1", "keepalives_idle": "30", "keepalives_interval": "10", "keepalives_count": "3",
                     "tcp_user_timeout": "60000"}
_SERVER_KEEPALIVES = {"tcp_keepalives_idle": 30, "tcp_keepalives_interval": 10, "tcp_keepalives_count": 3,
                      "tcp_user_timeout": 60000}


def _keepalives(url: str) -> dict[str, str]:
    """`CLIENT_KEEPALIVES` the URL does not set itself; none for a Unix socket's URL (libpq ignores them there)."""
    from psycopg.conninfo import conninfo_to_dict
    try:
        given = conninfo_to_dict(url)
    except Exception:  # a malformed URL: psycopg.connect says what is wrong with it
        return {}
    return {name: value for name, value in CLIENT_KEEPALIVES.items() if name not in given}


# What libpq says (its own words, or the server's FATAL line it passes on) when a connection is turned away for a
# while rather than for good: no server listening (stopped, or between the stop and the start of a restart; a
# socket file gone with it), no answer in time, no route, a name server not answering, the server starting up,
# shutting down or recovering, every connection slot taken (the server's, or a role's or a database's limit
# reached by its other sessions). At connect time libpq gives no SQLSTATE for any of
# them (nor for the lasting refusals: no such database or role, a wrong password, a host name that does not exist),
# so the words decide. libpq and the server speak English unless built with and set to another language
# (lc_messages): then these stay exit 74, as every refusal was before.
_TURNED_AWAY = ("connection refused", "timeout expired", "timed out", "no route to host", "network is unreachable",
                "temporary failure in name resolution", "connection reset by peer",
                "server closed the connection unexpectedly", "the database system is starting up",
                "the database system is shutting down", "the database system is in recovery mode",
                "the database system is not yet accepting connections", "the database system is not accepting connections",
                "too many clients already", "remaining connection slots are reserved",
                "too many connections for")  # a role's or a database's CONNECTION LIMIT, reached by the others


# SQLSTATE of a server shutting down, restarting or starting up: 57P01 (admin shutdown: a restart's fast shutdown,
# an administrator's terminate), 57P02 (crash shutdown), 57P03 (cannot connect now)
_RESTARTING = ("57P01", "57P02", "57P03")


def _turned_away(exc: BaseException) -> bool:
    """A failed connect that the next attempt may well not meet (`_TURNED_AWAY`): exit 75, not 74."""
    text = str(exc).lower()
    if getattr(exc, "sqlstate", None) in (*_RESTARTING, "53300"):  # 53300: too many connections
        return True
    if "on socket" in text and "no such file or directory" in text:  # a local server stopped: its socket is gone
        return True
    return any(words in text for words in _TURNED_AWAY)


class PostgresConnection(Connection):
    """A server shared by several writers: row locks, upserts and advisory locks instead of a file lock."""

    name = "postgres"
    concurrent_writers = True
    key_articles = "article_search a"  # migration 0014: those columns beside the vector, not the wide rows

    def __init__(self, url: str, readonly: bool):
        self.target = url
        try:
            import psycopg
        except ImportError:
            raise StoreError(f"{redact(url)}: a PostgreSQL store needs psycopg 3 "
                             "(pip install 'psycopg[binary]>=3.1', or '.[postgres]' in triage's checkout)") from None
        self._psycopg = psycopg
        # psycopg logs what it cannot raise (a pipeline left broken by a lost connection: "error ignored terminating
        # <psycopg.Pipeline [BAD]> …") and, with no handler anywhere, Python prints it on stderr beside the one
        # line the error is told with: a library's logger gets a NullHandler (the application may still add its own)
        logging.getLogger("psycopg").addHandler(logging.NullHandler())
        self.driver_error = psycopg.Error
        try:
            self.raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory, connect_timeout=10,
                                       application_name="triage", **_keepalives(url))
        except psycopg.Error as exc:
            said = f"{redact(url)}: cannot connect ({str(exc).strip().splitlines()[0]})"
            if _turned_away(exc):
                raise ServerUnreachable(f"{said}: the server is not taking connections for now (stopped, "
                                        "restarting or full); try again later") from None
            raise StoreError(said) from None
        # The server's side of the same: a writer host lost (powered off, its network gone) while it held the
        # shared step's lock is dropped, and its locks with it, in about a minute, not the system's 2 hours of
        # TCP keepalive during which every other host's run waited 5 minutes and exited 75 (session 22).
        with self.translated():
            for name, value in _SERVER_KEEPALIVES.items():
                self.raw.execute(f"SET {name} = {value}")
        if readonly:
            self.raw.execute("SET default_transaction_read_only = on")
        # A writer's shared step may wait for another's batch (same document) or shared step: minutes at
        # worst on a loaded host; past that, exit 75 (retry) rather than hang a cron slot.
        self.raw.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")

    def sql(self, sql: str) -> str:
        return _placeholders(sql)

    def cancel(self) -> None:
        self.cancelled = True
        try:  # a cancel request on a connection of its own (libpq's PQcancel): safe from another thread
            cancel = getattr(self.raw, "cancel_safe", None) or self.raw.cancel
            cancel()
        except self._psycopg.Error:  # the connection is gone already: nothing runs on it
            pass

    def _executemany(self, sql: str, rows: list) -> None:
        with self.raw.cursor() as cursor:
            cursor.executemany(sql, rows)

    def execute_tuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        from psycopg.rows import tuple_row
        with self.translated(), self.raw.cursor(row_factory=tuple_row) as cursor:
            return cursor.execute(self.sql(sql), params).fetchall()

    def iter_tuples(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple]:
        from psycopg.rows import tuple_row
        with self.translated(), self.raw.cursor(row_factory=tuple_row) as cursor:
            yield from cursor.execute(self.sql(sql), params)  # from the client's copy of the result, row by row

    def is_busy(self, exc: BaseException) -> bool:
        errors = self._psycopg.errors
        return isinstance(exc, (errors.LockNotAvailable, errors.DeadlockDetected, errors.SerializationFailure,
                                errors.QueryCanceled))

    def is_conflict(self, exc: BaseException) -> bool:
        errors = self._psycopg.errors  # SQLSTATE 40P01 and 40001
        return isinstance(exc, (errors.DeadlockDetected, errors.SerializationFailure))

    def is_restarting(self, exc: BaseException) -> bool:
        # `_RESTARTING` (psycopg's AdminShutdown, CrashShutdown and CannotConnectNow carry these); or the connection
        # lost without a word (the server gone mid-pipeline: "server closed the connection unexpectedly")
        return (getattr(exc, "sqlstate", None) in _RESTARTING
                or bool(getattr(getattr(self, "raw", None), "broken", False)))

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def run_script(self, script: str) -> None:
        with self.translated():
            self.raw.execute(script)  # no parameters: several statements (and $$ bodies) at once

    def lock_migrations(self) -> None:
        self.execute("SELECT pg_advisory_xact_lock(?)", (LOCK_MIGRATIONS,))

    def lock_shared_step(self, stop: Any = None) -> None:
        """Wait for the shared step's lock, `LOCK_WAIT` at most (then QueryBusy: exit 75). With `stop` (the run's
        stop request, a `threading.Event`), the wait is made of slices of `_WAIT_SLICE`, each a blocking wait in the
        server's queue: a stop request seen between two (a first Ctrl-C or SIGTERM, before the wait or during it)
        leaves `STOP_PATIENCE` more, then `SettleAbandoned`. Before (session 22), a stopped writer waited the whole
        lock timeout, 5 minutes, for another writer's shared step: an operator's stop that did not stop."""
        if stop is None:
            self.execute("SELECT pg_advisory_xact_lock(?)", (LOCK_SHARED,))
            return
        now = time.monotonic()
        deadline, patience = now + LOCK_WAIT, None
        begin = "SAVEPOINT shared_step_wait"
        while True:
            if stop.is_set() and patience is None:
                patience = min(deadline, now + STOP_PATIENCE)
            end = patience or deadline
            try:  # a lock timeout fails the statement: the savepoint keeps the transaction usable
                with self.translated():  # one round trip a slice (no parameters: several statements at once)
                    self.raw.execute(f"{begin}; SET LOCAL lock_timeout = "
                                     f"'{max(1, int(min(_WAIT_SLICE, end - now) * 1000))}ms'; "
                                     f"SELECT pg_advisory_xact_lock({int(LOCK_SHARED)})")
            except QueryBusy as exc:
                if type(exc) is not QueryBusy:  # a conflict, a restart: not the slice's end
                    raise
                begin = "ROLLBACK TO SAVEPOINT shared_step_wait"  # with the next slice
                now = time.monotonic()
                if now < end:
                    continue
                self.execute(begin)
                if patience is not None and patience < deadline:
                    raise SettleAbandoned(f"{redact(self.target)}: stopped while another writer held the shared "
                                          f"step; waited {STOP_PATIENCE:.0f} s more for it") from None
                raise QueryBusy(f"store busy: {redact(self.target)}: another writer held the shared step for "
                                f"{LOCK_WAIT / 60:.0f} minutes") from None
            # the slice's timeout outlives the savepoint
            self.run_script(f"RELEASE SAVEPOINT shared_step_wait; SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            return

    def text_match(self, words: str) -> tuple[str, Any]:
        # `simple`: no stemming (PostgreSQL has no Indonesian stemmer), the same words as FTS5 matches.
        # The vectors live in their own narrow table (migration 0014).
        return ("a.id IN (SELECT id FROM article_search WHERE search @@ plainto_tsquery('simple', ?))",
                _ts_words(words))

    def text_match_rows(self, words: str, columns: str, where: Sequence[str] = (),
                        params: Sequence[Any] = ()) -> list[tuple]:
        # `article_search` (migration 0014) holds, beside each article's vector, the columns a query's
        # articles are read with and filtered by (id, duplicate_of, published, language, story_id), under
        # the same names: the match reads that narrow table's pages, never the articles' heap.
        # The planner does not count what reading each stored tsvector costs (it is compressed, often out
        # of line), so for a common word it scans the table, ~10× slower than the GIN index: the index is
        # asked for here, in a transaction of this one statement.
        open_already = self.in_transaction
        if not open_already:
            self.execute("BEGIN")
        try:
            self.execute("SET LOCAL enable_seqscan = off")
            return self.execute_tuples(f"SELECT {columns} FROM article_search a WHERE "
                                       + " AND ".join(["a.search @@ plainto_tsquery('simple', ?)", *where]),
                                       (_ts_words(words), *params))
        finally:
            if not open_already:
                self.rollback()  # nothing was written; SET LOCAL ends with the transaction

    def in_list(self, expression: str) -> str:
        return f"{expression} = ANY(?)"

    def list_param(self, values: list) -> Any:
        return list(values)

    def id_list_join(self, expression: str) -> str | None:
        # `= ANY(list)` descends the index once per id (and plans each id: tens of ms for a common word's
        # 15k articles); joined as a table, the list is sorted once and merged with the index.
        return f"JOIN unnest(?::bigint[]) AS listed(id) ON listed.id = {expression}"

    def integrity_problems(self) -> list[str]:
        # The server checks its own pages (and foreign keys are enforced, never deferred);
        # what can still break is what triage itself keeps: checked by Store.
        return []

    def mark_writer(self) -> None:
        self.execute("SELECT pg_advisory_lock_shared(?)", (LOCK_WRITER,))

    def writer_running(self) -> bool:
        # pg_locks, not pg_try_advisory_lock: a reader asks without taking anything (and in a read-only session).
        # A one-number key is shown as classid (its high 32 bits), objid (its low 32 bits) and objsubid 1.
        return self.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = 0 "
            "AND objid = ? AND objsubid = 1 AND database = (SELECT oid FROM pg_database "
            "WHERE datname = current_database()) AND pid <> pg_backend_pid())", (LOCK_WRITER,)).fetchone()[0]

    def bulk_mode(self) -> None:
        self.execute("SET synchronous_commit = off")

    def analyze(self) -> None:
        # VACUUM too: it marks the loaded pages all-visible, which the index-only scans of the timeline's
        # reads (the events' article index) need; left to autovacuum, they read the table meanwhile.
        self.execute("VACUUM (ANALYZE)")

    def reset_sequences(self) -> None:
        for table in ("sources", "articles", "events", "stories"):
            self.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)")


def _ts_words(words: str) -> str:
    """User words as `plainto_tsquery` takes them: every word must appear."""
    return " ".join(re.findall(r"\w+", words))


@functools.lru_cache(maxsize=512)
def _placeholders(sql: str) -> str:
    """`?` as psycopg's `%s` (the store's SQL has no other `?` nor `%`, but a literal `%` is kept)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _row_factory(cursor):
    names = {c.name: i for i, c in enumerate(cursor.description or ())}
    return lambda values: Row(names, values)


_OTHER_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_KEYWORDS = re.compile(r"(?:^|\s)(?:host|hostaddr|dbname|user|port|password)\s*=", re.I)


def check_target(target: str) -> None:
    """Refuse what is neither an SQLite file nor a postgresql:// URL but would be taken for a file's path: another
    database's URL (`mysql://…`) or a libpq keyword string (`host=… dbname=…`), named without its password."""
    text = str(target)
    if is_server(text):
        return
    if _OTHER_URL.match(text):
        raise StoreError(f"{redact(text)}: not a store triage can use (an SQLite file's path or a postgresql:// URL)")
    if _KEYWORDS.search(text):
        raise StoreError(f"{redact(text)}: a PostgreSQL keyword string is not read; write it as a URL, "
                         "postgresql://USER@HOST:PORT/DBNAME")


def connect(target: str, readonly: bool = False) -> Connection:
    """An SQLite file path or a postgresql:// URL."""
    check_target(target)
    if is_server(target):
        return PostgresConnection(target, readonly)
    return SqliteConnection(target, readonly)
