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
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Collection, Iterable, Iterator

from ..id_order import STRONG, url_id
from ..errors import SchemaBehind, StoreError, StoreMissing
from ..record import Article
from .dialect import Connection, QueryBusy, QueryConflict, QueryError, connect, is_server, redact  # noqa: F401
from .fingerprints import FingerprintQueries
from .stories import StoryQueries



__all__ = ["SchemaBehind", "Store", "StoreError", "StoreMissing", "default_path"]


def default_path(explicit: str | None = None) -> str:
    """`explicit` (a file path or postgresql:// URL), else $TRIAGE_DB, else ./triage.db."""
    import os
    return explicit or os.environ.get("TRIAGE_DB") or "triage.db"


def _now() -> str:
    """The time in UTC to the second, ISO: `datetime.now(timezone.utc).strftime(...)`, a quarter of its cost
    (twice per stored article). From `time.time()`, the clock datetime reads: `gmtime()` without an argument
    reads the C library's coarse `time()`, which can lag it by a tick across a second's edge (one second back)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time()))


class Store(FingerprintQueries, StoryQueries):
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
    def shared_step(self) -> Iterator[None]:
        """A transaction that changes rows every writer shares, one writer at a time.

        On a server several writers commit batches concurrently; assigning duplicate
        groups and counting outlet lines read what other writers committed, so these
        steps take a lock first (released at commit, or when a killed writer's
        connection drops). On SQLite the file lock already makes the writer alone.
        """
        with self.transaction():
            self.db.lock_shared_step()
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

    def remove_unsettled(self, source_id: int) -> list[int]:
        """Delete the source's articles that were stored but never settled; their ids."""
        ids = [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE source_id = ? AND story_id IS NULL ORDER BY id", (source_id,))]
        for article_id in ids:
            self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return ids

    def stale_articles(self, source_id: int) -> list[tuple[int, str]]:
        """(id, doc_key) of the source's stored articles not noted by `keep_document` since it began: those
        `finish_source` drops (unless it keeps all)."""
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT id, doc_key FROM articles WHERE source_id = ? AND doc_key NOT IN "
            "(SELECT doc_key FROM kept_documents WHERE source_id = ?) ORDER BY id", (source_id, source_id))]

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
                     replaced: dict[int, dict[str, Any]] | None = None) -> tuple[int, bool]:
        """Insert or update the article stored under `doc_key`; returns (id, created). Its record's hash is
        cleared: it is written when the article is settled (`set_record_hashes`). `replaced`: an updated
        article that was in a story has what its story was made of (`story_contents`) put there first, under
        its id (the first time only), for the writer's shared step to take it out of that story
        (`stories.release`)."""
        now = _now()
        # Looked for first where a conflicting insert would take a sequence value (a server's); on SQLite the
        # insert below is tried first and meets its conflict for a stored article: one statement less for a new one.
        row = None if self.db.free_conflicts else \
            self.db.execute("SELECT id FROM articles WHERE doc_key = ?", (doc_key,)).fetchone()
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
                row = self.db.execute("SELECT id FROM articles WHERE doc_key = ?", (doc_key,)).fetchone()
        article_id = row[0]
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
            [(article_id, t.start, t.end, t.text, t.value, t.granularity, t.mod) for t in article.dates])
        self.db.executemany(
            "INSERT INTO events (article_id, label, trigger, actors, value, granularity, sentence, is_report, start) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(article_id, e.label, e.trigger, json.dumps(list(e.actors), ensure_ascii=False), e.value,
              e.granularity, e.sentence, int(e.is_report), e.start) for e in article.events])
        return article_id, created

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

    # -- events for the timeline -------------------------------------------------------
    def _event_filters(self, query: str | None, date_from: str | None, date_to: str | None,
                       language: str | None, article_id: int | None,
                       story_id: int | None = None,
                       article_ids: list[int] | None = None) -> tuple[list[str], list[Any]]:
        where, params = [], []
        if story_id is not None:
            where.append("a.story_id = ?")
            params.append(story_id)
        if query:
            condition, param = self.db.text_match(query)
            where.append(condition)
            params.append(param)
        if article_ids is not None:
            where.append(self.db.in_list("a.id"))
            params.append(self.db.list_param(article_ids))
        self._value_bounds(date_from, date_to, where, params)
        if language:
            where.append("a.language = ?")
            params.append(language)
        if article_id is not None:
            where.append("a.id = ?")
            params.append(article_id)
        return where, params

    @staticmethod
    def _value_bounds(date_from: str | None, date_to: str | None, where: list[str], params: list[Any]) -> None:
        """The date bounds on `events e`, by year (values of different granularity do not compare as strings)."""
        if date_from:
            where.append("e.value >= ?")
            params.append(date_from[:4])
        if date_to:
            where.append("substr(e.value, 1, 4) <= ?")
            params.append(date_to[:4])

    def matching_articles(self, query: str, *, language: str | None = None, article_id: int | None = None,
                          story_id: int | None = None) -> list[tuple[int, int, str | None]]:
        """(id, kept article of its duplicate group, published) of the articles holding every word of `query`
        (and of `language`, `article_id`, `story_id` when given), in id order: one read of the full-text
        index gives a timeline its articles and what their publication days count."""
        where, params = self._event_filters(None, None, None, language, article_id, story_id)
        rows = self.db.text_match_rows(query, "a.id, coalesce(a.duplicate_of, a.id), a.published", where, params)
        return sorted(rows)

    def top_event_values(self, n: int, *, day_level: bool, query: str | None = None,
                         date_from: str | None = None, date_to: str | None = None,
                         language: str | None = None, article_id: int | None = None,
                         story_id: int | None = None, article_ids: list[int] | None = None) -> list[str]:
        """The `n` event dates (day-level, or coarser) reported by most independent articles.

        Unfiltered, from the per-date aggregates (migration 0007) when they are up to date.
        """
        if not (query or date_from or date_to or language or article_id is not None or story_id is not None
                or article_ids is not None) and self.aggregates_fresh():
            return [r[0] for r in self.db.execute(
                "SELECT value FROM event_days WHERE level = ? ORDER BY clusters DESC, value LIMIT ?",
                ("day" if day_level else "coarse", n))]
        where, params = self._event_filters(query, date_from, date_to, language, article_id, story_id, article_ids)
        where.append("e.granularity = 'day'" if day_level else "e.granularity != 'day'")
        sql = ("SELECT e.value FROM events e JOIN articles a ON a.id = e.article_id WHERE " + " AND ".join(where) +
               " GROUP BY e.value ORDER BY count(DISTINCT coalesce(a.duplicate_of, a.id)) DESC, e.value LIMIT ?")
        return [r[0] for r in self.db.execute(sql, (*params, n))]

    def published_counts(self, *, query: str | None = None, language: str | None = None,
                         article_id: int | None = None, story_id: int | None = None,
                         article_ids: list[int] | None = None) -> dict[str, int]:
        """Independent articles (duplicate groups counted once) published on each day."""
        if not (query or language or article_id is not None or story_id is not None
                or article_ids is not None) and self.aggregates_fresh():
            return {day: count for day, count in self.db.execute("SELECT day, clusters FROM published_days")}
        where, params = self._event_filters(query, None, None, language, article_id, story_id, article_ids)
        where.append("a.published IS NOT NULL")
        sql = ("SELECT a.published, count(DISTINCT coalesce(a.duplicate_of, a.id)) FROM articles a WHERE "
               + " AND ".join(where) + " GROUP BY a.published")
        return {day: count for day, count in self.db.execute(sql, params)}

    # -- per-date aggregates (migration 0007) ----------------------------------------------
    def note_changes(self) -> None:
        """Called in each settled batch: the aggregates no longer describe the store."""
        self.db.execute("UPDATE store_state SET changes = changes + 1 WHERE id = 1")

    def aggregates_fresh(self) -> bool:
        row = self.db.execute("SELECT changes, built_at FROM store_state WHERE id = 1").fetchone()
        return row is not None and row[0] == row[1]

    def refresh_aggregates(self) -> None:
        """Rebuild the per-date counts the timeline ranks by (in the caller's shared step)."""
        changes = self.db.execute("SELECT changes FROM store_state WHERE id = 1").fetchone()[0]
        # Distinct (date, group) pairs first, then counted: the same counts as count(DISTINCT …) per date, which
        # the server sorted (on disk, past work_mem) where it now hashes. Both read the narrow indexes or table
        # of `key_events` and `key_articles`, not the articles' wide rows.
        self.db.execute("DELETE FROM event_days")
        self.db.execute(
            "INSERT INTO event_days (value, level, clusters) SELECT value, level, count(*) FROM "
            "(SELECT DISTINCT e.value, CASE WHEN e.granularity = 'day' THEN 'day' ELSE 'coarse' END AS level, "
            f"coalesce(a.duplicate_of, a.id) AS kept FROM {self.db.key_events} JOIN {self.db.key_articles} "
            "ON a.id = e.article_id) pairs GROUP BY value, level")
        self.db.execute("DELETE FROM published_days")
        self.db.execute(
            "INSERT INTO published_days (day, clusters) SELECT published, count(*) FROM "
            f"(SELECT DISTINCT a.published, coalesce(a.duplicate_of, a.id) AS kept FROM {self.db.key_articles} "
            "WHERE a.published IS NOT NULL) pairs GROUP BY published")
        self.db.execute("UPDATE store_state SET built_at = ? WHERE id = 1", (changes,))

    # -- stored timelines (migration 0010) ---------------------------------------------------
    def stored_timeline(self, question: str, *, data: bool = True) -> str | bool | None:
        """The timeline stored for `question` (JSON text) if built from the store as it is now, else None;
        without `data`, whether there is one (True or None)."""
        row = self.db.execute(f"SELECT {'CAST(t.data AS TEXT)' if data else 'true'} FROM stored_timelines t "
                              "JOIN store_state s "
                              "ON s.id = 1 AND s.changes = t.built_at WHERE t.question = ?", (question,)).fetchone()
        return None if row is None else row[0]

    def save_timelines(self, timelines: dict[str, list[str]]) -> None:
        """Replace the stored timelines by `timelines` (question → the pieces of its JSON text, ASCII, in order;
        each list is emptied), built from the store as it is now (in the caller's shared step). The pieces are
        written one at a time where the database allows (`Connection.insert_text_pieces`)."""
        changes = self.db.execute("SELECT changes FROM store_state WHERE id = 1").fetchone()[0]
        self.db.execute("DELETE FROM stored_timelines")
        for question, pieces in timelines.items():
            self.db.insert_text_pieces("stored_timelines", {"question": question, "built_at": changes}, "data",
                                       pieces)

    # What a mention row can hold, by name: the event and what the timeline needs of its article.
    MENTION_COLUMNS = {
        "article_id": "e.article_id", "cluster_id": "coalesce(a.duplicate_of, a.id)", "outlet": "a.outlet",
        "published": "a.published", "label": "e.label", "trigger": "e.trigger", "actors": "e.actors",
        "value": "e.value", "granularity": "e.granularity", "sentence": "e.sentence", "is_report": "e.is_report",
        "title": "a.title", "url": "a.url", "story_id": "a.story_id", "language": "a.language", "start": "e.start",
        "terms": "e.terms",  # the sentence's words as the timeline weighs them (migration 0020), or NULL
    }

    # -- each event sentence's terms (migration 0020) ----------------------------------------
    TERMS_CHUNK = 5000  # events read and written at a time when their terms are made

    def event_terms_key(self) -> str | None:
        """The token pattern and stopwords the stored `events.terms` were made with (`timeline.terms_key`)."""
        row = self.db.execute("SELECT terms_key FROM store_state WHERE id = 1").fetchone()
        return row[0] if row else None

    def events_lack_terms(self) -> bool:
        """Some event has no terms yet (stored since the last end step; the partial index of 0020)."""
        return self.db.execute("SELECT id FROM events WHERE terms IS NULL LIMIT 1").fetchone() is not None

    def events_without_terms(self, after: int) -> list[tuple[int, str, str | None]]:
        """(event id, sentence, its article's language) of the next TERMS_CHUNK events after `after` (by id)
        that have no terms."""
        return self.db.execute_tuples(
            "SELECT e.id, e.sentence, a.language FROM events e JOIN articles a ON a.id = e.article_id "
            "WHERE e.terms IS NULL AND e.id > ? ORDER BY e.id LIMIT ?", (after, self.TERMS_CHUNK))

    def save_event_terms(self, rows: list[tuple[str, int]]) -> None:
        """(terms, event id) pairs."""
        self.db.executemany("UPDATE events SET terms = ? WHERE id = ?", rows)

    def set_event_terms_key(self, key: str) -> None:
        """Name what the stored terms were made with; with another key than before, every event's terms are
        forgotten first (the caller makes them again)."""
        if self.event_terms_key() != key:
            self.db.execute("UPDATE events SET terms = NULL WHERE terms IS NOT NULL")
            self.db.execute("UPDATE store_state SET terms_key = ? WHERE id = 1", (key,))

    def event_mentions(self, *, query: str | None = None, date_from: str | None = None,
                       date_to: str | None = None, language: str | None = None,
                       article_id: int | None = None, values: list[str] | None = None,
                       story_id: int | None = None, article_ids: list[int] | None = None) -> list[dict[str, Any]]:
        """Event mentions with what the timeline needs of their article (dicts; see `mention_tuples`)."""
        names = [name for name in self.MENTION_COLUMNS if name != "terms"]
        return [dict(zip(names, row)) for row in self.mention_tuples(
            names, query=query, date_from=date_from, date_to=date_to, language=language, article_id=article_id,
            values=values, story_id=story_id, article_ids=article_ids)]

    def article_openings(self, article_ids: list[int], chars: int) -> list[tuple[int, str, str]]:
        """(id, language, the body's first `chars` characters) of `article_ids`: where each one's lead
        sentence is (the timeline's summaries weigh the leads of a row's articles)."""
        if not article_ids:
            return []
        return self.db.execute_tuples(f"SELECT id, language, substr(body, 1, ?) FROM articles "
                                      f"WHERE {self.db.in_list('id')}", [chars, self.db.list_param(article_ids)])

    def article_titles(self, article_ids: list[int]) -> list[tuple[int, str | None, str | None]]:
        """(id, title, URL) of `article_ids`: what a timeline shows of the articles of the rows it keeps, read
        for those alone (`mention_tuples(blank=...)` reads its mentions without them)."""
        if not article_ids:
            return []
        return self.db.execute_tuples(f"SELECT id, title, url FROM articles WHERE {self.db.in_list('id')}",
                                      [self.db.list_param(article_ids)])

    def mention_dates(self, article_ids: list[int], *, date_from: str | None = None,
                      date_to: str | None = None) -> list[tuple[int, int, str, str, int]]:
        """(event id, article id, value, granularity, is_report as 0/1) of the event mentions of `article_ids`
        (date bounds as `mention_tuples` applies them), from the events' article index alone (migration 0016):
        what choosing a query's candidate dates reads, before `mention_tuples(event_ids=...)` reads the whole
        rows of the chosen ones only."""
        join = self.db.id_list_join("e.article_id")
        where, params = [] if join else [self.db.in_list("e.article_id")], [self.db.list_param(article_ids)]
        self._value_bounds(date_from, date_to, where, params)
        return self.db.execute_tuples("SELECT e.id, e.article_id, e.value, e.granularity, e.is_report FROM events e "
                                      + (join or "") + (" WHERE " + " AND ".join(where) if where else ""), params)

    def mention_tuples(self, names: list[str], *, query: str | None = None, date_from: str | None = None,
                       date_to: str | None = None, language: str | None = None,
                       article_id: int | None = None, values: list[str] | None = None,
                       story_id: int | None = None, article_ids: list[int] | None = None,
                       event_ids: list[int] | None = None, parse: bool = True,
                       stream: bool = False, blank: Collection[str] = ()) -> list[tuple] | Iterator[tuple]:
        """Event mentions as tuples of the `names` (MENTION_COLUMNS) asked for, in article and text order.

        `cluster_id` is the kept article of a duplicate group, so copies count once;
        `actors` comes as a tuple, `is_report` as a bool — or, with `parse=False`, as the
        stored JSON text and integer (a caller that converts each row anyway does it in one pass).
        Date bounds are applied coarsely here (by year) and exactly by the caller,
        because values of different granularity do not compare as strings.
        `values` restricts to those event dates (the timeline's candidates on a big store);
        `article_ids` to those articles (a query's, see `matching_articles`); `event_ids` to those
        mentions (see `mention_dates`). With `stream` (and `parse=False`), the rows come one at a time from the
        cursor (read them all before the next query): a caller that keeps less of each holds no list of them.
        The `blank` names among `names` are not read: each comes as None (see `article_titles`).
        """
        where, params = self._event_filters(query, date_from, date_to, language, article_id, story_id, article_ids)
        if values is not None:
            where.append(self.db.in_list("e.value"))
            params.append(self.db.list_param(values))
        if event_ids is not None:
            where.append(self.db.in_list("e.id"))
            params.append(self.db.list_param(event_ids))
        sql = ("SELECT " + ", ".join("NULL" if n in blank else self.MENTION_COLUMNS[n] for n in names) +
               f" FROM events e JOIN {self.db.mention_articles} ON a.id = e.article_id")
        if where:
            sql += " WHERE " + " AND ".join(where)
        if not parse:
            read = self.db.iter_tuples if stream else self.db.execute_tuples
            return read(sql + " ORDER BY e.article_id, e.start, e.id", params)
        actors_at = names.index("actors") if "actors" in names else None
        report_at = names.index("is_report") if "is_report" in names else None
        parsed: dict[str, tuple[str, ...]] = {}  # actor lists repeat: each JSON text parsed once
        rows = []
        for row in self.db.execute_tuples(sql + " ORDER BY e.article_id, e.start, e.id", params):
            if actors_at is not None or report_at is not None:
                row = list(row)
                if actors_at is not None:
                    text = row[actors_at]
                    actors = parsed.get(text)
                    if actors is None:
                        actors = parsed[text] = tuple(json.loads(text))
                    row[actors_at] = actors
                if report_at is not None:
                    row[report_at] = bool(row[report_at])
                row = tuple(row)
            rows.append(row)
        return rows

    # -- corpus evidence for the cleaner ------------------------------------------------
    def recurring_line_keys(self, min_articles: int) -> dict[str, frozenset[str]]:
        """Per outlet, the line keys seen in at least `min_articles` of its articles."""
        found: dict[str, set[str]] = {}
        for outlet, key in self.db.execute(
                "SELECT outlet, line_key FROM outlet_lines WHERE articles >= ?", (min_articles,)):
            found.setdefault(outlet, set()).add(key)
        return {outlet: frozenset(keys) for outlet, keys in found.items()}

    def count_outlet_lines(self, outlet: str, keys: set[str]) -> None:
        self.db.executemany(
            "INSERT INTO outlet_lines (outlet, line_key, articles) VALUES (?, ?, 1) "
            "ON CONFLICT(outlet, line_key) DO UPDATE SET articles = outlet_lines.articles + 1",
            [(outlet, k) for k in keys])

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
        unsettled = self.db.execute("SELECT count(*) FROM articles WHERE story_id IS NULL").fetchone()[0]
        if unsettled and self.writer_running():
            self.being_written = unsettled  # a running ingest's batch between its two steps: no problem
        elif unsettled:  # every settled article has a story
            problems.append(f"{unsettled} articles stored but not settled (no story or duplicate group yet): a run "
                            "stopped between its two steps and no ingest is running now; `triage ingest` their files again")
        return problems
