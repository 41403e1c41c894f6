"""Moving a store between backends: an SQLite file to a server, or back.

Rows keep their ids, so `triage show 3` names the same article before and after,
and duplicate groups and band keys need no renumbering. Articles go in chunks,
each with its dates, events, signature and band keys in one transaction, so an
interrupted copy leaves whole articles and running it again finishes it; an
article already in the destination (same id, same document key) is left as it
is, so copying twice changes nothing. A destination holding other articles (its
own ingests) is refused: ids would collide. Duplicate links are set in a last
pass, when every article they point at is there. The per-date aggregates and the
stored timelines are rebuilt at the end, from what the destination then holds.
"""

from __future__ import annotations

from typing import Callable

from . import Store, StoreError

CHUNK = 500
# Columns copied, per table (derived columns such as the server's tsvector are rebuilt by the destination).
ARTICLE_COLUMNS = ("id", "source_id", "doc_key", "source_line", "external_id", "title", "published",
                   "published_from", "author", "outlet", "url", "language", "language_prob", "raw_text", "body",
                   "body_hash", "dropped", "ingested_at", "updated_at", "story_id", "id_series", "id_number",
                   "record_hash")
CHILDREN = {
    "dates": ("article_id", "start", '"end"', "text", "value", "granularity", "mod"),
    "events": ("id", "article_id", "label", "trigger", "actors", "value", "granularity", "sentence", "is_report",
               "start"),
    "signatures": ("article_id", "minhash", "shingles"),
    "lsh_bands": ("band_key", "article_id"),
}
SOURCE_COLUMNS = ("id", "path", "content_hash", "size", "mtime", "first_seen", "last_seen")
# Copied whole before the articles (which point at their story); stories keep their ids.
SHARED = {
    "stories": (("id", "first_date", "last_date", "articles", "centroid", "title", "title_score", "merged_into"),
                "(id) DO UPDATE SET last_date = excluded.last_date, articles = excluded.articles, "
                "centroid = excluded.centroid, title = excluded.title, title_score = excluded.title_score, "
                "merged_into = excluded.merged_into"),
    "story_terms": (("term", "last_date", "story_id"), "DO NOTHING"),
    "story_terms_cold": (("last_date", "story_id", "term"), "DO NOTHING"),
    "story_horizon": (("id", "horizon"), "(id) DO UPDATE SET horizon = excluded.horizon"),
    "term_df": (("term", "df"), "(term) DO UPDATE SET df = excluded.df"),
}


class CopyRefused(StoreError):
    """The destination holds articles that are not the source's: ids would collide."""


def copy_store(src: Store, dst: Store, *, on_progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Copy every row of `src` into `dst`; returns {"articles": copied now, "present": already there}."""
    _check_destination(src, dst)
    _copy_params(src, dst)
    total = src.count_articles()
    with dst.transaction():
        _insert(dst, "sources", SOURCE_COLUMNS, src.db.execute(f"SELECT {', '.join(SOURCE_COLUMNS)} FROM sources"),
                conflict="(id) DO UPDATE SET content_hash = excluded.content_hash, last_seen = excluded.last_seen")
        _insert(dst, "outlet_lines", ("outlet", "line_key", "articles"),
                src.db.execute("SELECT outlet, line_key, articles FROM outlet_lines"),
                conflict="(outlet, line_key) DO UPDATE SET articles = excluded.articles")
        for table, (columns, conflict) in SHARED.items():
            _insert(dst, table, columns, src.db.execute(f"SELECT {', '.join(columns)} FROM {table}"), conflict)
    copied = present = 0
    last = 0
    while True:
        rows = src.db.execute(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                              (last, CHUNK)).fetchall()
        if not rows:
            break
        last = rows[-1][0]
        with dst.transaction():
            new = dst.insert_rows_returning("articles", ARTICLE_COLUMNS, [tuple(r) for r in rows], "id")
            dst.index_text_of(new)
            if new:
                dst.note_changes()  # a copy cut off here leaves no stored timeline that looks current
                for table, columns in CHILDREN.items():
                    child = src.db.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE "
                                           f"{src.db.in_list('article_id')}", (src.db.list_param(sorted(new)),))
                    _insert(dst, table, columns, child, conflict="DO NOTHING")
        copied += len(new)
        present += len(rows) - len(new)
        if on_progress:
            on_progress(copied + present, total)
    with dst.transaction():  # the groups, now that every kept article is there
        groups = src.db.execute("SELECT id, duplicate_of, similarity FROM articles WHERE duplicate_of IS NOT NULL")
        dst.db.executemany("UPDATE articles SET duplicate_of = ?, similarity = ? WHERE id = ?",
                           [(r[1], r[2], r[0]) for r in groups])
        dst.after_copy()
    dst.db.analyze()  # a bulk load leaves the server's planner without statistics (full-text matches scanned)
    from ..timeline import fill_event_terms, refresh_stored_timelines  # the rows computed by the timeline, stored here
    with dst.shared_step():
        fill_event_terms(dst)  # the events' words (migration 0020) are made here, not copied
        refresh_stored_timelines(dst)
    return {"articles": copied, "present": present}


def _insert(dst: Store, table: str, columns: tuple[str, ...], rows, conflict: str) -> None:
    marks = ", ".join("?" for _ in columns)
    dst.db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) ON CONFLICT {conflict}",
                       [tuple(r) for r in rows])


def _check_destination(src: Store, dst: Store) -> None:
    theirs = {r[0]: r[1] for r in dst.db.execute("SELECT id, doc_key FROM articles")}
    if not theirs:
        return
    ours = {r[0]: r[1] for r in src.db.execute("SELECT id, doc_key FROM articles")}
    foreign = sum(1 for key, doc in theirs.items() if ours.get(key) != doc)
    if foreign:
        raise CopyRefused(f"{dst.path}: holds {foreign} articles that are not in {src.path} "
                          "(copy into a new store, or into an earlier copy of the same one)")


def _copy_params(src: Store, dst: Store) -> None:
    params, canary = src.fingerprint_params(), src.fingerprint_canary()
    if params is None:
        return
    found = dst.fingerprint_params()
    if found is not None and tuple(found) != tuple(params):
        raise CopyRefused(f"{dst.path}: fingerprinted with other parameters ({tuple(found)}) than {src.path}")
    with dst.transaction():
        dst.set_fingerprint_params(*params)
        if canary is not None:
            dst.set_fingerprint_canary(bytes(canary))
