"""The corpus store, and the only place that speaks SQL.

Two backends behind one interface (dialect.py): an SQLite file, the embedded
default, and a PostgreSQL server shared by several writers. On SQLite, WAL mode
lets readers (`timeline`, `articles`) run while an ingest writes, and a busy
timeout makes brief write contention wait instead of fail. The schema lives in
numbered migration files beside this module (a file under migrations/postgres/
replaces one whose SQL differs there) and is applied forward only, each in its
own transaction, recorded in `schema_version`.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Collection, Iterable, Iterator

from ..id_order import STRONG, url_id
from ..errors import SchemaBehind, StoreError, StoreMissing
from ..record import Article
from .dialect import Connection, QueryBusy, QueryConflict, QueryError, connect, is_server, redact  # noqa: F401
from .fingerprints import FingerprintQueries
from .stories import StoryQueries
from .timeline import TimelineQueries



__all__ = ["SchemaBehind", "Store", "StoreError", "StoreMissing", "default_path"]


def default_path(explicit: str | None = None) -> str:
    """`explicit` (a file path or postgresql:// URL), else $TRIAGE_DB, else ./triage.db."""
    import os
    return explicit or os.environ.get("TRIAGE_DB") or "triage.db"


# The columns an article is stored with (`Store.save_article`) that say what it is: an article whose columns all
# equal what a run made of its document again is that article as it is (its body by its hash)
_COMPARED = ("source_id", "source_line", "external_id", "title", "published", "published_from", "author", "outlet",
             "url", "language", "language_prob", "id_series", "id_number", "raw_text", "body_hash", "dropped")
_SAME_COLUMNS = ", ".join(("id", *_COMPARED, "record_hash"))  # what `save_article` reads of a stored article
_ID_COLUMN = "id"


def _now() -> str:
    """The time in UTC to the second, ISO: `datetime.now(timezone.utc).strftime(...)`, a quarter of its cost
    (twice per stored article). From `time.time()`, the clock datetime reads: `gmtime()` without an argument
    reads the C library's coarse `time()`, which can lag it by a tick across a second's edge (one second back)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time()))


class Store(FingerprintQueries, StoryQueries, TimelineQueries):
    """A connection to the corpus store with the queries the tool needs.

    `target` is an SQLite file path or a postgresql:// URL (see dialect.py).
    """

    def __init__(self, target: str | Path, *, readonly: bool = False):
        self.path = redact(str(target))  # for messages: never a password
        self.db: Connection = connect(str(target), readonly)
        try:
            if not readonly:
                self._migrate()
                self._make_kept_documents()
            else:
                self._check_version()
        except StoreError:
            self.db.close()
            raise

    @property
    def concurrent_writers(self) -> bool:
        """Several processes may write at once (a server): no file lock, shared steps serialised."""
        return self.db.concurrent_writers

    # -- lifecycle -------------------------------------------------------------------
    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def begin(self) -> None:
        self.db.begin()

    def commit(self) -> None:
        self.write_term_counts()
        self.db.commit()

    def rollback(self) -> None:
        """Roll back the open transaction, if any (the database may already have done so)."""
        self.drop_term_counts()
        self.db.rollback()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN (IMMEDIATE on SQLite) … COMMIT; rolled back on any exception."""
        self.db.begin()
        try:
            yield
            self.write_term_counts()
        except BaseException:
            self.rollback()
            raise
        self.db.commit()

    @contextmanager
    def shared_step(self, stop: Any = None) -> Iterator[None]:
        """A transaction that changes rows every writer shares, one writer at a time.

        On a server several writers commit batches concurrently; assigning duplicate
        groups and counting outlet lines read what other writers committed, so these
        steps take a lock first (released at commit, or when a killed writer's
        connection drops). On SQLite the file lock already makes the writer alone. `stop` (the run's stop request,
        a `threading.Event`): set, it shortens the wait for another writer (`SettleAbandoned`).
        """
        with self.transaction():
            self.db.lock_shared_step(stop)
            if self.db.name != "sqlite":  # other writers settled since: what this one cached is stale
                self.forget_story_cache()
            yield

    def _migrate(self) -> None:
        files = self.db.migration_files()
        current = self._current_version()
        if current > files[-1][0]:
            # A newer triage migrated it: its writes may rely on what the migrations we lack changed
            # (since 0019 the writer, not a trigger, feeds SQLite's full-text index), so do not write.
            raise StoreError(f"{self.path}: store is at schema {current}, newer than this triage knows "
                             f"({files[-1][0]}); upgrade triage to write to it")
        if current >= files[-1][0]:
            return
        with self.transaction():  # several first writers of a server: one creates the table
            self.db.lock_migrations()
            self.db.run_script("CREATE TABLE IF NOT EXISTS schema_version "
                               "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);")
        for number, script in files:
            if number <= self.schema_version():
                continue
            with self.transaction():
                self.db.lock_migrations()
                # Re-check inside the lock: another process may have migrated.
                if self.schema_version() >= number:
                    continue
                self.db.run_script(script.read_text())
                self.db.execute("INSERT INTO schema_version VALUES (?, ?)", (number, _now()))

    def _current_version(self) -> int:
        try:
            return self.schema_version()
        except QueryError:  # a fresh server database: no schema_version yet
            self.db.rollback()
            return 0

    def _check_version(self) -> None:
        try:
            current = self.schema_version()
        except QueryBusy:
            raise
        except QueryError as exc:
            if "no such table" not in str(exc) and "does not exist" not in str(exc):
                raise  # e.g. cannot open: say so, do not call it "not a triage store"
            raise StoreError(f"{self.path}: not a triage store") from None
        latest = max((n for n, _ in self.db.migration_files()), default=0)
        if current < latest:
            raise SchemaBehind(f"{self.path}: store is at schema {current}, this triage needs {latest}; "
                               "open it for writing (which migrates it) first")

    def schema_version(self) -> int:
        row = self.db.execute("SELECT max(version) FROM schema_version").fetchone()
        return row[0] or 0

    # -- sources -----------------------------------------------------------------------
    def source_hash(self, path: str) -> str | None:
        """The content hash recorded when `path` was last fully ingested ('' = unfinished)."""
        row = self.db.execute("SELECT content_hash FROM sources WHERE path = ?", (path,)).fetchone()
        return None if row is None else row[0]

    def count_source_articles(self, path: str) -> int:
        return self.db.execute("SELECT count(*) FROM articles a JOIN sources s ON s.id = a.source_id "
                               "WHERE s.path = ?", (path,)).fetchone()[0]

    def touch_source(self, path: str) -> None:
        self.db.execute("UPDATE sources SET last_seen = ? WHERE path = ?", (_now(), path))

    def begin_source(self, path: str, size: int, mtime: float | None) -> int:
        """Create or reopen a source; its hash stays '' until `finish_source`."""
        now = _now()
        return self.db.upsert_id(
            "INSERT INTO sources (path, content_hash, size, mtime, first_seen, last_seen) VALUES (?, '', ?, ?, ?, ?) "
            "ON CONFLICT(path) DO UPDATE SET content_hash = '', size = excluded.size, mtime = excluded.mtime, "
            "last_seen = excluded.last_seen",
            (path, size, mtime, now, now), "SELECT id FROM sources WHERE path = ?", (path,))

    def _make_kept_documents(self) -> None:
        """The notes of `keep_document`: a temporary table of this connection, created when a
        writer opens the store, outside any transaction (a rolled-back batch must not take it)."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS kept_documents "
                        "(source_id INTEGER NOT NULL, doc_key TEXT NOT NULL, PRIMARY KEY (source_id, doc_key))")

    def keep_document(self, source_id: int, doc_key: str) -> None:
        """Note that the source being ingested still holds `doc_key` (see `finish_source`).

        The notes live in a temporary table of this connection, not in the caller's memory:
        a file of millions of records is ingested with flat memory.
        """
        self.db.execute("INSERT INTO kept_documents (source_id, doc_key) VALUES (?, ?) ON CONFLICT DO NOTHING",
                        (source_id, doc_key))

    def finish_source(self, source_id: int, content_hash: str, keep_all: bool = False,
                      stale: list[tuple[int, str]] | None = None) -> int:
        """Record the source as fully ingested and drop its articles no longer in it: those not
        noted by `keep_document` since it began (`stale`, when the caller read them: `stale_articles`;
        `keep_all`: keep every stored one)."""
        stale_keys = [] if keep_all else [key for _, key in (self.stale_articles(source_id) if stale is None
                                                             else stale)]
        for key in stale_keys:
            self.db.execute("DELETE FROM articles WHERE doc_key = ?", (key,))
        self.db.execute("DELETE FROM kept_documents WHERE source_id = ?", (source_id,))
        self.db.execute("UPDATE sources SET content_hash = ? WHERE id = ?", (content_hash, source_id))
        return len(stale_keys)

    def unsettled_sources(self) -> list[tuple[int, str]]:
        """(id, path) of the unfinished sources (hash '') that hold articles not settled (no story yet)."""
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT id, path FROM sources WHERE content_hash = '' AND id IN "
            "(SELECT source_id FROM articles WHERE story_id IS NULL) ORDER BY id")]

    def storyless_finished_sources(self) -> set[str]:
        """Paths of the sources recorded as fully ingested that hold articles without a story: stored by a
        triage older than stories (migration 0006 gave every article `story_id` NULL; since then a source is
        recorded as finished only once its articles are settled, each with a story). Their files are read
        again (`ingest._changed_files`), which settles them; one query, answered by the `story_id` index."""
        return {r[0] for r in self.db.execute(
            "SELECT path FROM sources WHERE content_hash <> '' AND id IN "
            "(SELECT source_id FROM articles WHERE story_id IS NULL)")}

    def remove_unsettled(self, source_id: int) -> list[int]:
        """Delete the source's articles that were stored but never settled; their ids."""
        ids = [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE source_id = ? AND story_id IS NULL ORDER BY id", (source_id,))]
        for article_id in ids:
            self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return ids

    def stale_articles(self, source_id: int, mark: int | None = None) -> list[tuple[int, str]]:
        """(id, doc_key) of the source's stored articles not noted by `keep_document` since it began: those
        `finish_source` drops (unless it keeps all). `mark` (`article_id_mark`, taken before the file was read):
        only those with an id up to it; one above it another writer stored since, from the file as it read it."""
        below = "" if mark is None else " AND id <= ?"
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT id, doc_key FROM articles WHERE source_id = ? AND doc_key NOT IN "
            f"(SELECT doc_key FROM kept_documents WHERE source_id = ?){below} ORDER BY id",
            (source_id, source_id) if mark is None else (source_id, source_id, mark))]

    def article_id_mark(self) -> int:
        """The last article id given out so far, committed or not (a server's sequence: writers running at once);
        0 before the first. Every article stored after this call has a greater id."""
        if self.db.name == "sqlite":
            return self.db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
        return self.db.execute("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM articles_id_seq").fetchone()[0]

    def stored_records(self, path: str) -> Iterator[tuple[int, str, int | None, str, str | None]]:
        """(id, document key, line, record hash, the record's own id) of each record stored from `path` with its hash
        (migration 0021), in line order: what `move_documents` may move. One at a time, not held: read them to the
        end before the next statement."""
        return self.db.iter_tuples(
            "SELECT a.id, a.doc_key, a.source_line, a.record_hash, a.external_id FROM articles a JOIN sources s ON s.id = a.source_id "
            "WHERE s.path = ? AND a.record_hash IS NOT NULL ORDER BY a.source_line, a.id", (path,))

    def move_documents(self, moves: list[tuple[int, str, int]]) -> None:
        """Give stored articles the keys of the lines their records are on now: `moves` is (article id, new
        document key, new line). Keys stay unique at every statement: the articles that move are first given a
        key of their own (`parked:ID`, which no path or `stdin:` key can be), then the article still under a
        new key that does not move is parked too (its record is gone from that line, and it is removed when
        the source is finished unless its record is found again), then the movers take their new keys. In the
        caller's transaction: with the rest of the file's writes, undone with them."""
        if not moves:
            return
        self.db.executemany("UPDATE articles SET doc_key = ? WHERE id = ?",
                            [(f"parked:{article_id}", article_id) for article_id, _, _ in moves])
        for _, key, _ in moves:
            row = self.db.execute("SELECT id FROM articles WHERE doc_key = ?", (key,)).fetchone()
            if row is not None:
                self.db.execute("UPDATE articles SET doc_key = ? WHERE id = ?", (f"parked:{row[0]}", row[0]))
        self.db.executemany("UPDATE articles SET doc_key = ?, source_line = ? WHERE id = ?",
                            [(key, line, article_id) for article_id, key, line in moves])

    # -- articles ----------------------------------------------------------------------
    def record_hash(self, doc_key: str) -> str | None:
        """The hash stored with the record under `doc_key` (migration 0021), None if none."""
        row = self.db.execute("SELECT record_hash FROM articles WHERE doc_key = ?", (doc_key,)).fetchone()
        return row[0] if row else None

    def set_record_hashes(self, hashes: Iterable[tuple[int, str]]) -> None:
        """Each (article id, record hash): the record is stored and settled (`ingest._settle`)."""
        self.db.executemany("UPDATE articles SET record_hash = ? WHERE id = ?", [(h, i) for i, h in hashes])

    def save_article(self, source_id: int, doc_key: str, article: Article,
                     replaced: dict[int, dict[str, Any]] | None = None, same: set[int] | None = None,
                     record_hash: str | None = None) -> tuple[int, bool]:
        """Insert or update the article stored under `doc_key`; returns (id, created). Its record's hash is
        cleared: it is written when the article is settled (`set_record_hashes`). `replaced`: an updated
        article that was in a story has what its story was made of (`story_contents`) put there first, under
        its id (the first time only), for the writer's shared step to take it out of that story
        (`stories.release`). `same`: a stored article that is already what `article` would make it (every
        column, and its record's hash, when it has one, is `record_hash`: read with the same options) is not
        written again; its id goes there (another writer of a server stored the same file at the same time,
        or a page saved again with only its furniture changed)."""
        now = _now()
        # Looked for first where a conflicting insert would take a sequence value (a server's); on SQLite the
        # insert below is tried first and meets its conflict for a stored article: one statement less for a new one.
        compared = _SAME_COLUMNS if same is not None else _ID_COLUMN
        row = None if self.db.free_conflicts else \
            self.db.execute(f"SELECT {compared} FROM articles WHERE doc_key = ?", (doc_key,)).fetchone()
        evidence = url_id(article.url) if article.published and article.published_from in STRONG else None
        fields = dict(
            source_id=source_id, doc_key=doc_key, source_line=article.source.line,
            external_id=article.external_id, title=article.title, published=article.published,
            published_from=article.published_from, author=article.author, outlet=article.outlet,
            url=article.url, language=article.language, language_prob=article.language_prob,
            id_series=evidence[0] if evidence else None, id_number=evidence[1] if evidence else None,
            raw_text=article.text, body=article.body, body_hash=article.body_hash, record_hash=None,
            dropped=json.dumps([d.__dict__ for d in article.dropped], ensure_ascii=False),
            updated_at=now)
        created = False
        if row is None:
            # Another writer of a server may store the same document at the same moment:
            # the unique doc_key decides, and the loser updates the winner's row.
            inserted = {**fields, "ingested_at": now}
            cols = ", ".join(inserted)
            marks = ", ".join("?" for _ in inserted)
            new_id = self.db.insert_id(f"INSERT INTO articles ({cols}) VALUES ({marks}) ON CONFLICT (doc_key) DO NOTHING",
                                       tuple(inserted.values()))
            created = new_id is not None
            if created:
                self.index_text([(new_id, article.title, article.body)])
                row = (new_id,)
            else:
                row = self.db.execute(f"SELECT {compared} FROM articles WHERE doc_key = ?", (doc_key,)).fetchone()
        article_id = row[0]
        dates = [(article_id, t.start, t.end, t.text, t.value, t.granularity, t.mod) for t in article.dates]
        events = [(article_id, e.label, e.trigger, json.dumps(list(e.actors), ensure_ascii=False), e.value,
                   e.granularity, e.sentence, int(e.is_report), e.start) for e in article.events]
        if not created and same is not None and row[-1] in (None, record_hash) \
                and tuple(row[1:-1]) == tuple(fields[c] for c in _COMPARED) \
                and self._stored_dates_and_events(article_id) == (Counter(dates), Counter(events)):
            same.add(article_id)
            return article_id, False
        if not created:
            if replaced is not None and article_id not in replaced:
                for before in self.story_contents([article_id]):
                    if before["story_id"] is not None:
                        replaced[article_id] = before
            sets = ", ".join(f"{c} = ?" for c in fields)
            self.db.execute(f"UPDATE articles SET {sets} WHERE id = ?", (*fields.values(), article_id))
            self.db.execute("DELETE FROM dates WHERE article_id = ?", (article_id,))
            self.db.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
        self.db.executemany(
            "INSERT INTO dates (article_id, start, \"end\", text, value, granularity, mod) VALUES (?, ?, ?, ?, ?, ?, ?)",
            dates)
        self.db.executemany(
            "INSERT INTO events (article_id, label, trigger, actors, value, granularity, sentence, is_report, start) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", events)
        return article_id, created

    def _stored_dates_and_events(self, article_id: int) -> tuple[Counter, Counter]:
        """An article's dates and events as the rows `save_article` writes (counted: the dates have no order of
        their own): a stored article whose columns are the same is the same only with these (its file read by a
        triage that reads dates otherwise, a host not upgraded yet)."""
        return (Counter(self.db.execute_tuples("SELECT article_id, start, \"end\", text, value, granularity, mod "
                                               "FROM dates WHERE article_id = ?", (article_id,))),
                Counter(self.db.execute_tuples("SELECT article_id, label, trigger, actors, value, granularity, "
                                               "sentence, is_report, start FROM events WHERE article_id = ?",
                                               (article_id,))))

    def settled_of(self, article_ids: Collection[int]) -> set[int]:
        """Those of `article_ids` that are settled (in a story: `_settle` in ingest.py)."""
        if not article_ids:
            return set()
        return {row[0] for row in self.db.execute_tuples(
            f"SELECT id FROM articles WHERE {self.db.in_list('id')} AND story_id IS NOT NULL",
            [self.db.list_param(sorted(article_ids))])}

    def index_text(self, rows: list[tuple[int, str | None, str]]) -> None:
        """Add new articles, (id, title, body), to SQLite's full-text index (what the trigger of migration 0001 did
        before 0019; a server's triggers keep its own), one row at a time: statements that leave FTS5 the terms in
        memory until the transaction commits (see `SqliteConnection.insert_id`)."""
        if self.db.name == "sqlite":
            self.db.executemany("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                                [(i, "" if title is None else title, body) for i, title, body in rows])

    def index_text_of(self, article_ids: Collection[int]) -> None:
        """`index_text` of stored articles (a copy's: `copy_store`)."""
        if self.db.name == "sqlite" and article_ids:
            self.index_text(self.db.execute_tuples(f"SELECT id, title, body FROM articles WHERE "
                                                   f"{self.db.in_list('id')} ORDER BY id",
                                                   [self.db.list_param(sorted(article_ids))]))

    def flush_text_index(self) -> None:
        """Have SQLite's full-text index write the terms `index_text` left in memory now (FTS5 writes them at a
        statement savepoint, else at the commit): a benchmark that times the next statement alone calls it first."""
        if self.db.name == "sqlite":
            self.db.execute("SAVEPOINT flush_text_index")
            self.db.execute("RELEASE flush_text_index")

    def id_neighbours(self, series: str, number: int) -> tuple[str | None, str | None]:
        """The dates of the strongly dated articles of `series` with the nearest id below and above
        `number` (see id_order.py), in one query through the index of migration 0013."""
        row = self.db.execute(
            "SELECT (SELECT published FROM articles WHERE id_series = ? AND id_number < ? "
            "ORDER BY id_number DESC LIMIT 1), (SELECT published FROM articles WHERE id_series = ? "
            "AND id_number > ? ORDER BY id_number LIMIT 1)", (series, number, series, number)).fetchone()
        return row[0], row[1]

    def list_articles(self, limit: int | None = None, **filters: Any) -> list[dict[str, Any]]:
        """Articles in id order; `filters` as `_article_filters` takes them."""
        where, params = self._article_filters(**filters)
        sql = ("SELECT a.id, a.published, a.language, a.outlet, a.title, a.url, s.path AS source, "
               "a.source_line, a.author, a.duplicate_of FROM articles a JOIN sources s ON s.id = a.source_id"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.id")
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [dict(r) for r in self.db.execute(sql, params)]

    def export_articles(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Every article (or those `filters` keep) with its body, dates and duplicate group, one at a time."""
        where, params = self._article_filters(**filters)
        sql = ("SELECT a.id, a.title, a.published, a.published_from, a.language, a.outlet, a.author, a.url, "
               "a.external_id, s.path AS source, a.source_line, a.duplicate_of, a.similarity, "
               "coalesce(a.duplicate_of, a.id) AS group_id, a.ingested_at, a.body "
               "FROM articles a JOIN sources s ON s.id = a.source_id"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.id")
        for row in self.db.execute(sql, params):
            item = dict(row)
            item["dates"] = [dict(r) for r in self.db.execute(
                "SELECT text, value, granularity, mod FROM dates WHERE article_id = ? ORDER BY start",
                (item["id"],))]
            yield item

    def _article_filters(self, query: str | None = None, language: str | None = None, outlet: str | None = None,
                         date_from: str | None = None, date_to: str | None = None,
                         story_id: int | None = None) -> tuple[list[str], list[Any]]:
        """WHERE terms on `articles a`: words in title or body, language, outlet (any case), a story, and a
        publication-date range given as YYYY[-MM[-DD]] (articles without a date are then left out)."""
        where, params = [], []
        if story_id is not None:
            where.append("a.story_id = ?")
            params.append(story_id)
        if query:
            condition, param = self.db.text_match(query)
            where.append(condition)
            params.append(param)
        if language:
            where.append("a.language = ?")
            params.append(language)
        if outlet:
            where.append("lower(a.outlet) = lower(?)")
            params.append(outlet)
        if date_from:
            where.append("a.published >= ?")
            params.append(date_from)
        if date_to:
            where.append(f"substr(a.published, 1, {len(date_to)}) <= ?")
            params.append(date_to)
        return where, params

    def get_article(self, article_id: int) -> dict[str, Any] | None:
        """One article's row (what `triage show` prints): its metadata, `body`, `dropped` lines, `dates`
        and `source` path; None when no article has that id."""
        row = self.db.execute(
            "SELECT a.*, s.path AS source FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ?",
            (article_id,)).fetchone()
        if row is None:
            return None
        out = dict(row)
        out.pop("search", None)  # the server's full-text vector
        out["dropped"] = json.loads(out["dropped"])
        out["dates"] = [dict(r) for r in self.db.execute(
            "SELECT start, \"end\", text, value, granularity, mod FROM dates WHERE article_id = ? ORDER BY start",
            (article_id,))]
        return out

    def count_articles(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def count_distinct_documents(self) -> int:
        """Distinct document keys: equal to `count_articles` unless a document is stored twice."""
        return self.db.execute("SELECT count(DISTINCT doc_key) FROM articles").fetchone()[0]

    # -- corpus evidence for the cleaner ------------------------------------------------
    MAX_LINE_KEY_BYTES = 2000  # outlet and line key together, in UTF-8: below PostgreSQL's B-tree row limit

    def recurring_line_keys(self, min_articles: int) -> dict[str, frozenset[str]]:
        """Per outlet, the line keys seen in at least `min_articles` of its articles."""
        found: dict[str, set[str]] = {}
        for outlet, key in self.db.execute(
                "SELECT outlet, line_key FROM outlet_lines WHERE articles >= ?", (min_articles,)):
            found.setdefault(outlet, set()).add(key)
        return {outlet: frozenset(keys) for outlet, keys in found.items()}

    def count_outlet_lines(self, outlet: str, keys: set[str]) -> None:
        """Count the article's short lines for its outlet, but a pair longer than `MAX_LINE_KEY_BYTES`: a "line"
        of one long word (a base64 image, a long URL), or an outlet field holding a text, is no recurring page
        furniture, and PostgreSQL cannot index it (a B-tree row is at most 2,704 bytes: the whole run failed,
        exit 74, on every run while the file was there). Left out on both backends alike."""
        room = self.MAX_LINE_KEY_BYTES - len(outlet.encode("utf-8", "surrogatepass"))
        self.db.executemany(
            "INSERT INTO outlet_lines (outlet, line_key, articles) VALUES (?, ?, 1) "
            "ON CONFLICT(outlet, line_key) DO UPDATE SET articles = outlet_lines.articles + 1",
            [(outlet, k) for k in keys if len(k.encode("utf-8", "surrogatepass")) <= room])

    # -- copying between stores (copy.py) ---------------------------------------------------
    def insert_rows_returning(self, table: str, columns: tuple[str, ...], rows: list[tuple], key: str) -> set[int]:
        """Insert the rows that are not there yet (by any unique key); the `key` values of those inserted."""
        if not rows:
            return set()
        marks = "(" + ", ".join("?" for _ in columns) + ")"
        sql = (f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join(marks for _ in rows)} "
               f"ON CONFLICT DO NOTHING RETURNING {key}")
        return {r[0] for r in self.db.execute(sql, [v for row in rows for v in row])}

    def after_copy(self) -> None:
        """Rows came in with their ids: generated ids continue after them; the aggregates are rebuilt."""
        self.db.reset_sequences()
        self.note_changes()
        self.refresh_aggregates()

    # -- integrity -------------------------------------------------------------------
    being_written = 0  # what the last `integrity_problems` found unsettled while an ingest was running

    def mark_writer(self) -> None:
        """Mark this store's connection as a running ingest's until it closes (`integrity_problems` asks)."""
        self.db.mark_writer()

    def writer_running(self) -> bool:
        """Whether an ingest (on a server: another connection's) is writing to the store now."""
        return self.db.writer_running()

    def integrity_problems(self) -> list[str]:
        """The database's own check (SQLite's integrity check) plus the project's invariants; [] when all is well.
        Articles not settled yet while an ingest is running are no problem: `being_written` counts them."""
        self.being_written = 0
        try:
            problems = self.db.integrity_problems()
        except QueryError as exc:  # the check itself stops on the damage
            return [f"the database file is damaged, its own check stops: {exc}"]
        try:
            problems += self._invariant_problems()
        except QueryError as exc:  # a damaged file: SQLite's own list above says where
            problems.append(f"the store's own checks could not run: {exc}")
        return problems

    def _invariant_problems(self) -> list[str]:
        problems = []
        orphans = self.db.execute(
            "SELECT count(*) FROM articles WHERE source_id NOT IN (SELECT id FROM sources)").fetchone()[0]
        if orphans:
            problems.append(f"{orphans} articles without a source")
        dangling = self.dangling_duplicates()
        if dangling:
            problems.append(f"{dangling} duplicates do not point at a kept article")
        unsettled, older = self.db.execute(
            "SELECT count(*), count(CASE WHEN s.content_hash <> '' THEN 1 END) FROM articles a "
            "JOIN sources s ON s.id = a.source_id WHERE a.story_id IS NULL").fetchone()
        if unsettled and self.writer_running():
            self.being_written = unsettled  # a running ingest's batch between its two steps: no problem
        elif unsettled > older:  # every settled article has a story
            problems.append(f"{unsettled - older} articles stored but not settled (no story or duplicate group yet): "
                            "a run stopped between its two steps and no ingest is running now; `triage ingest` their "
                            "files again")
        if older and not self.being_written:  # their files' sources are finished: no run stopped on them
            problems.append(f"{older} articles stored by a triage older than stories have no story: `triage ingest` "
                            "their files again (it reads them again and settles them)")
        return problems
