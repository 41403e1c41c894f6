"""Each event sentence's words kept in the store (migration 0020), read by the timeline instead of tokenising.

The stored words must be what `stories._analyzer` gives the sentence (on both backends, after an ingest, an
update and a copy), a timeline must read them only when they were made as this code makes them
(`timeline.terms_key`), and the next ingest must make them again when they were not.
"""

from __future__ import annotations

from datetime import date

import pytest

from corpus_tools.ingest import ingest
from corpus_tools.store import Store
from corpus_tools.stories import _analyzer
from corpus_tools.timeline import event_terms_fresh, row_as_dict, terms_key, timeline_from_store

from .test_timeline_store import corpus

TODAY = date(2025, 12, 31)
QUESTIONS = [{"limit": 100}, {"query": "pemerintah", "limit": 100}, {"query": "Korea Utara"}]


def stored_words(target: str) -> list[tuple[str, str]]:
    """(stored words, the analyzer's words) of every event."""
    with Store(target, readonly=True) as store:
        rows = store.db.execute("SELECT e.terms, e.sentence, a.language FROM events e "
                                "JOIN articles a ON a.id = e.article_id ORDER BY e.id").fetchall()
    return [(terms, " ".join(_analyzer(language)(sentence))) for terms, sentence, language in rows]


def timelines(target: str) -> list[list[dict]]:
    with Store(target, readonly=True) as store:
        return [[row_as_dict(row) for row in timeline_from_store(store, **question)] for question in QUESTIONS]


def mention_terms(target: str, query: str) -> set[str]:
    """Every term of the mentions the rows of a query's timeline hold."""
    with Store(target, readonly=True) as store:
        return {term for row in timeline_from_store(store, query=query) for m in row.mentions for term in m.terms}


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_an_ingest_stores_each_event_sentences_words_and_an_update_remakes_them(backend, tmp_path, request):
    target = str(tmp_path / "t.db") if backend == "sqlite" else request.getfixturevalue("pg_db")
    folder = corpus(tmp_path / "news")
    ingest([str(folder)], target, today=TODAY, batch_size=25)
    words = stored_words(target)
    assert len(words) > 30 and all(stored == made for stored, made in words)
    assert any(" " in stored for stored, _ in words)
    # the stored form joins the words by spaces: no word the token pattern finds holds one
    text = "Presiden Joko Widodo meresmikan jalan tol Trans-Jawa di Semarang, Jum'at (3/3/2025)\u00a0ok\u2003da\tlam."
    for lang in ("id", "en", "ms", "und"):
        found = _analyzer(lang)(text)
        assert " ".join(found).split() == found and found
    with Store(target, readonly=True) as store:
        assert store.event_terms_key() == terms_key() and event_terms_fresh(store)
    corpus(tmp_path / "news", changed=True)  # edited records: their events are stored again
    ingest([str(folder)], target, today=TODAY, batch_size=25)
    again = stored_words(target)
    assert again != words and all(stored == made for stored, made in again)


def test_a_timeline_reads_the_stored_words_only_under_its_own_key_and_gives_the_same_rows(tmp_path):
    db = str(tmp_path / "t.db")
    folder = corpus(tmp_path / "news")
    ingest([str(folder)], db, today=TODAY, batch_size=25)
    read = timelines(db)
    assert all(read)
    with Store(db) as store, store.transaction():
        store.db.execute("UPDATE events SET terms = NULL")  # as an ingest before 0020 left them
        store.db.execute("UPDATE store_state SET terms_key = NULL")
    assert timelines(db) == read  # tokenised instead: the same rows
    assert "zzstored" not in mention_terms(db, "pemerintah")
    with Store(db) as store, store.transaction():  # words that are not the sentence's, under this code's key
        store.db.execute("UPDATE events SET terms = 'zzstored'")
        store.db.execute("UPDATE store_state SET terms_key = ?", (terms_key(),))
    assert mention_terms(db, "pemerintah") == {"zzstored"}  # read, not tokenised
    with Store(db) as store, store.transaction():
        store.db.execute("UPDATE store_state SET terms_key = 'another analyzer'")
    assert "zzstored" not in mention_terms(db, "pemerintah")  # made under another key: not read
    with Store(db, readonly=True) as store:
        assert not event_terms_fresh(store)
    empty = tmp_path / "empty"
    empty.mkdir()
    ingest([str(empty)], db, today=TODAY)  # nothing new, but the words are stale: made again
    assert all(stored == made for stored, made in stored_words(db))
    assert timelines(db) == read


def test_a_store_migrated_to_0020_gets_its_events_words_at_the_next_ingest_and_a_copy_makes_its_own(tmp_path):
    db, copy = str(tmp_path / "t.db"), str(tmp_path / "copy.db")
    folder = corpus(tmp_path / "news")
    ingest([str(folder)], db, today=TODAY, batch_size=25)
    with Store(db) as store, store.transaction():
        store.db.execute("UPDATE events SET terms = NULL")  # what migration 0020 leaves on an older store
    with Store(db, readonly=True) as store:
        assert not event_terms_fresh(store)
    empty = tmp_path / "empty"
    empty.mkdir()
    ingest([str(empty)], db, today=TODAY)
    assert all(stored == made for stored, made in stored_words(db))
    from corpus_tools.store.copy import copy_store
    with Store(db, readonly=True) as src, Store(copy) as dst:
        copy_store(src, dst)
    assert stored_words(copy) == stored_words(db)
    assert timelines(copy) == timelines(db)

