"""The writer's full-text index on SQLite (migration 0019): a batch's articles reach FTS5 in one write at its
commit, not one segment per article, and the index holds what the trigger gave it (new, changed, copied)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from corpus_tools.ingest import ingest
from corpus_tools.store import Store
from corpus_tools.store.copy import copy_store


def _varints(blob: bytes, count: int) -> list[int]:
    """The first `count` SQLite varints of `blob` (FTS5's structure record)."""
    values, at = [], 0
    for _ in range(count):
        value = 0
        while True:
            byte = blob[at]
            at += 1
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        values.append(value)
    return values


def _writes(db: Path) -> tuple[int, int]:
    """(segments, times the index was written) from FTS5's structure record: 4-byte cookie, then varints
    levels, segments, write counter."""
    with sqlite3.connect(db) as connection:
        blob = connection.execute("SELECT block FROM articles_fts_data WHERE id = 10").fetchone()[0]
    _, segments, writes = _varints(blob[4:], 3)
    return segments, writes


def _matches(db: Path, word: str) -> list[int]:
    with sqlite3.connect(db) as connection:
        return [r[0] for r in connection.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid", (word,))]


def _check(db: Path) -> None:
    with sqlite3.connect(db) as connection:  # raises on an index that disagrees with the rows
        connection.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")


def _write_docs(folder: Path, count: int, word: str = "banjir") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"a{i:02d}.txt").write_text(
            f"Judul berita nomor {i}\n\nJakarta - Warga kota kampung{i} melaporkan {word} besar pada Senin. "
            f"Pemerintah daerah menyiapkan bantuan untuk warga kelurahan{i}.\n")


def test_a_batch_is_written_to_the_text_index_once(tmp_path):
    docs, db = tmp_path / "docs", tmp_path / "x.db"
    _write_docs(docs, 30)
    assert ingest([str(docs)], str(db), workers=1).new == 30
    assert _writes(db) == (1, 1)  # main: one write an article (30), merged into 15 segments
    _check(db)
    assert len(_matches(db, "banjir")) == 30
    assert len(_matches(db, "kampung7")) == 1


def test_changed_and_copied_articles_are_found_by_their_words(tmp_path):
    docs, db = tmp_path / "docs", tmp_path / "x.db"
    _write_docs(docs, 5)
    ingest([str(docs)], str(db), workers=1)
    (docs / "a03.txt").write_text("Judul lain\n\nBandung - Warga melaporkan kebakaran pasar pada Selasa pagi.\n")
    report = ingest([str(docs)], str(db), workers=1)
    assert report.updated == 1
    _check(db)
    assert len(_matches(db, "banjir")) == 4 and len(_matches(db, "kebakaran")) == 1
    copy = tmp_path / "copy.db"
    with Store(str(db)) as src, Store(str(copy)) as dst:
        copy_store(src, dst)
    _check(copy)
    assert _matches(copy, "banjir") == _matches(db, "banjir")
    assert _matches(copy, "kebakaran") == _matches(db, "kebakaran")
    with sqlite3.connect(copy) as connection:
        assert not connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles_ai'").fetchone()


def test_an_article_stored_again_in_its_batch_is_indexed_by_its_last_words(tmp_path):
    """The id-order check stores a batch's article again (undated) before the batch commits: the update's
    trigger takes the first words out of the index while they are still waiting in memory to be written."""
    from corpus_tools.record import Article, SourceDocument

    db = tmp_path / "x.db"
    doc = SourceDocument(path="a.txt", kind="text", payload=b"")
    with Store(str(db)) as store:
        store.begin()
        source = store.begin_source("/a.txt", 1, None)
        first, created = store.save_article(source, "/a.txt", Article(source=doc, title="Satu", body="gempa bumi"))
        store.save_article(source, "/b.txt", Article(source=doc, title="Dua", body="gempa susulan"))
        again, _ = store.save_article(source, "/a.txt", Article(source=doc, title="Satu", body="banjir bandang"))
        store.commit()
    assert created and again == first
    _check(db)
    assert _matches(db, "banjir") == [first] and _matches(db, "gempa") == [first + 1]
