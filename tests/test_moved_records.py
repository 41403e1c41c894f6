"""Records that move in their file (a rolling feed: one record on top, the oldest dropped; a line deleted; two
lines swapped) are the articles stored from them: same id, story and duplicate group, counted unchanged, not
processed again (`ingest._moved`, `Store.move_documents`)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from corpus_tools import ingest
from corpus_tools.store import Store

from .corpora import news_records

LINES = news_records(8, seed=3)


def _feed(path: Path, lines: list[str]) -> None:
    path.write_text("".join(line + "\n" for line in lines))


def _run(path: Path, db: Path, **options) -> dict:
    report = ingest([str(path)], str(db), workers=1, **options)
    assert not report.failed, report.failed
    return {k: getattr(report, k) for k in ("new", "updated", "unchanged", "removed")}


def _stored(db: Path) -> dict[str, tuple]:
    """The store's articles by their record's id field: (article id, line, key's line, story, duplicate of)."""
    with Store(db) as store:
        rows = store.db.execute("SELECT id, external_id, source_line, doc_key, story_id, duplicate_of, raw_text "
                                "FROM articles").fetchall()
    out = {}
    for row in rows:
        assert row["doc_key"].endswith(f"#L{row['source_line']}"), row["doc_key"]  # the key names its line
        out[row["external_id"]] = (row["id"], row["source_line"], row["story_id"], row["duplicate_of"])
    return out


def _record_id(line: str) -> str:
    return json.loads(line)["id"]


def test_a_rolling_feed_one_record_on_top_the_oldest_dropped(tmp_path):
    feed, db = tmp_path / "latest.jsonl", tmp_path / "t.db"
    _feed(feed, LINES[1:7])
    assert _run(feed, db) == {"new": 6, "updated": 0, "unchanged": 0, "removed": 0}
    before = _stored(db)
    _feed(feed, [LINES[0], *LINES[1:6]])  # newest first; the oldest (LINES[6]) dropped
    assert _run(feed, db) == {"new": 1, "updated": 0, "unchanged": 5, "removed": 1}
    after = _stored(db)
    assert set(after) == {_record_id(line) for line in LINES[:6]}
    for line_number, line in enumerate(LINES[1:6], start=2):  # each kept its article, id and story; its line moved
        article_id, _, story, duplicate_of = before[_record_id(line)]
        assert after[_record_id(line)] == (article_id, line_number, story, duplicate_of)
    assert after[_record_id(LINES[0])][0] > max(a for a, *_ in before.values())  # the new one: an id of its own
    assert _run(feed, db) == {"new": 0, "updated": 0, "unchanged": 6, "removed": 0}


@pytest.mark.parametrize("workers", [1, 2])
def test_a_deleted_line_costs_its_article_only(tmp_path, workers):
    """The moves are found at the first record not on its line (line 2) and written then: with two workers,
    while the writer may still be at line 1."""
    feed, db = tmp_path / "a.jsonl", tmp_path / "t.db"
    _feed(feed, LINES[:6])
    _run(feed, db)
    before = _stored(db)
    _feed(feed, [LINES[0], *LINES[2:6], LINES[7]])  # and one appended
    report = ingest([str(feed)], str(db), workers=workers)
    assert (report.new, report.updated, report.unchanged, report.removed) == (1, 0, 5, 1)
    after = _stored(db)
    assert _record_id(LINES[1]) not in after
    assert {k: v[0] for k, v in after.items() if k != _record_id(LINES[7])} \
        == {k: v[0] for k, v in before.items() if k != _record_id(LINES[1])}


def test_two_lines_swapped_keep_their_articles(tmp_path):
    feed, db = tmp_path / "a.jsonl", tmp_path / "t.db"
    _feed(feed, LINES[:4])
    _run(feed, db)
    before = _stored(db)
    _feed(feed, [LINES[0], LINES[2], LINES[1], LINES[3]])  # each takes the other's key: never two at once
    assert _run(feed, db) == {"new": 0, "updated": 0, "unchanged": 4, "removed": 0}
    after = _stored(db)
    one, two = _record_id(LINES[1]), _record_id(LINES[2])
    assert after[one][:2] == (before[one][0], 3) and after[two][:2] == (before[two][0], 2)


def test_identical_records_each_keep_their_own_article(tmp_path):
    feed, db = tmp_path / "a.jsonl", tmp_path / "t.db"
    _feed(feed, [LINES[0], LINES[1], LINES[1], LINES[2]])  # the same record twice: two articles, as before
    assert _run(feed, db)["new"] == 4
    with Store(db) as store:
        twins = sorted(r[0] for r in store.db.execute("SELECT id FROM articles WHERE external_id = ?",
                                                       (_record_id(LINES[1]),)))
    _feed(feed, [LINES[3], LINES[0], LINES[1], LINES[1], LINES[2], LINES[1]])  # one on top; a third copy below
    assert _run(feed, db) == {"new": 2, "updated": 0, "unchanged": 4, "removed": 0}
    with Store(db) as store:
        copies = store.db.execute("SELECT id, source_line FROM articles WHERE external_id = ? ORDER BY id",
                                  (_record_id(LINES[1]),)).fetchall()
    # the copy stored under line 3 stays there, the one of line 2 takes line 4; the third is an article of its own
    assert [tuple(r) for r in copies[:2]] == [(twins[0], 4), (twins[1], 3)]
    assert copies[2]["source_line"] == 6 and copies[2]["id"] > twins[1]


def test_an_edited_record_that_moved_is_found_by_its_id_field(tmp_path):
    """A record edited AND moved is not found by its bytes; its `id` field finds the article it was: updated."""
    feed, db = tmp_path / "a.jsonl", tmp_path / "t.db"
    _feed(feed, LINES[1:6])
    _run(feed, db)
    before = _stored(db)
    edited = json.loads(LINES[3])
    edited["text"] = edited["text"].replace(".", "!", 1)
    _feed(feed, [LINES[0], LINES[1], LINES[2], json.dumps(edited), LINES[4]])  # on top; one edited; LINES[5] dropped
    assert _run(feed, db) == {"new": 1, "updated": 1, "unchanged": 3, "removed": 1}
    after = _stored(db)
    for line in LINES[1:5]:
        assert after[_record_id(line)][0] == before[_record_id(line)][0]
    with Store(db) as store:
        assert "!" in store.get_article(after[_record_id(LINES[3])][0])["raw_text"]
    edited["text"] = edited["text"].replace("!", "?", 1)  # edited again, on the same line: updated, as before
    _feed(feed, [LINES[0], LINES[1], LINES[2], json.dumps(edited), LINES[4]])
    assert _run(feed, db) == {"new": 0, "updated": 1, "unchanged": 4, "removed": 0}
    assert _stored(db)[_record_id(LINES[3])][0] == before[_record_id(LINES[3])][0]


def test_a_mapped_id_field_finds_an_edited_record_that_moved(tmp_path):
    """`--field id=kode`: the record's own name for its id is used as the built-in names are."""
    lines = [json.dumps({"kode": json.loads(line)["id"], "text": json.loads(line)["text"]}) for line in LINES]
    feed, db = tmp_path / "a.jsonl", tmp_path / "t.db"
    _feed(feed, lines[1:4])
    _run(feed, db, fields={"id": "kode"})
    before = _stored(db)
    edited = json.loads(lines[2])
    edited["text"] = edited["text"].replace(".", "!", 1)
    _feed(feed, [lines[0], lines[1], json.dumps(edited), lines[3]])
    assert _run(feed, db, fields={"id": "kode"}) == {"new": 1, "updated": 1, "unchanged": 2, "removed": 0}
    assert _stored(db)[_record_id(LINES[2])][0] == before[_record_id(LINES[2])][0]


def test_without_an_id_field_an_edited_record_that_moved_is_new(tmp_path):
    """Without an `id` field (or with one two records share) only the bytes match: the edited record is new and
    its old version removed; the others keep their articles."""
    plain = [json.dumps({k: v for k, v in json.loads(line).items() if k != "id"}) for line in LINES]
    shared = [json.dumps({**json.loads(line), "id": "same"}) for line in LINES]
    for lines in (plain, shared):
        feed, db = tmp_path / "a.jsonl", tmp_path / f"{len(lines[0])}.db"
        _feed(feed, lines[1:6])
        _run(feed, db)
        with Store(db) as store:
            ids = {r["source_line"]: r["id"] for r in store.db.execute("SELECT id, source_line FROM articles")}
        edited = json.loads(lines[3])
        edited["text"] = edited["text"].replace(".", "!", 1)
        _feed(feed, [lines[0], lines[1], lines[2], json.dumps(edited), lines[4]])
        assert _run(feed, db) == {"new": 2, "updated": 0, "unchanged": 3, "removed": 2}
        with Store(db) as store:
            now = {r["source_line"]: r["id"] for r in store.db.execute("SELECT id, source_line FROM articles")}
        assert [now[2], now[3], now[5]] == [ids[1], ids[2], ids[4]] and now[4] not in ids.values()


def test_a_run_stopped_after_the_moves_leaves_a_store_the_next_run_finishes(tmp_path):
    """The moves are written with the file's first batch: a run stopped after it committed has every record that
    moved under its new line, the dropped one set aside (kept until the file is finished), and the next run counts
    them unchanged and removes the dropped one."""
    feed, db = tmp_path / "a.jsonl", tmp_path / "t.db"
    _feed(feed, LINES[1:7])
    _run(feed, db)
    before = _stored(db)
    _feed(feed, [LINES[0], *LINES[1:6]])
    stop = threading.Event()
    report = ingest([str(feed)], str(db), workers=1, batch_size=1, stop=stop,
                    on_document=lambda done: stop.set() if done == 1 else None)
    assert report.interrupted and report.new == 1 and report.removed == 0
    with Store(db) as store:
        keys = {r["external_id"]: r["doc_key"] for r in store.db.execute("SELECT external_id, doc_key FROM articles")}
    dropped = _record_id(LINES[6])
    assert keys.pop(dropped).startswith("parked:")
    assert {k: v.rsplit("#", 1)[1] for k, v in keys.items()} == {_record_id(line): f"L{n}"
                                                                  for n, line in enumerate(LINES[:6], start=1)}
    assert _run(feed, db) == {"new": 0, "updated": 0, "unchanged": 6, "removed": 1}
    after = _stored(db)
    assert all(after[k][0] == before[k][0] for k in after if k in before) and dropped not in after


def test_a_run_stopped_before_its_first_commit_leaves_the_store_as_it_was(tmp_path):
    """The moves are in the transaction of the file's first batch: rolled back with it (a Ctrl-C that raises)."""
    feed, db = tmp_path / "a.jsonl", tmp_path / "t.db"
    _feed(feed, LINES[1:7])
    _run(feed, db)
    before = _stored(db)
    _feed(feed, [LINES[0], *LINES[1:6]])

    def interrupt(done: int) -> None:
        if done == 3:
            raise KeyboardInterrupt

    assert ingest([str(feed)], str(db), workers=1, on_document=interrupt).interrupted
    assert _stored(db) == before
    assert _run(feed, db) == {"new": 1, "updated": 0, "unchanged": 5, "removed": 1}


@pytest.mark.postgres
def test_moved_records_on_postgres_as_on_sqlite(tmp_path, pg_db):
    feed = tmp_path / "latest.jsonl"
    steps = [LINES[1:7], [LINES[0], *LINES[1:6]], [LINES[7], LINES[0], LINES[2], LINES[1], *LINES[3:5]]]
    results = {}
    for target in (str(tmp_path / "t.db"), pg_db):
        counts = []
        for lines in steps:  # one on top and the oldest dropped; then one on top, two swapped, the last dropped
            _feed(feed, lines)
            counts.append(_run(feed, target))
        with Store(target) as store:
            rows = store.db.execute("SELECT id, external_id, source_line, doc_key FROM articles ORDER BY id").fetchall()
        results[target] = (counts, [(r["id"], r["external_id"], r["source_line"], r["doc_key"]) for r in rows])
    (lite_counts, lite_rows), (pg_counts, pg_rows) = results.values()
    assert lite_counts[1:] == [{"new": 1, "updated": 0, "unchanged": 5, "removed": 1},
                               {"new": 1, "updated": 0, "unchanged": 5, "removed": 1}]
    assert pg_counts == lite_counts and pg_rows == lite_rows


def test_records_read_with_other_options_are_processed_again_their_id_field_keeps_their_article(tmp_path):
    """A record's hash carries the reading options: read with others, every record is processed again; those
    that moved are found by their `id` field (updated, same article)."""
    feed, db = tmp_path / "a.jsonl", tmp_path / "t.db"
    _feed(feed, LINES[:3])
    _run(feed, db)
    before = _stored(db)
    _feed(feed, [LINES[3], *LINES[:3]])
    assert _run(feed, db, language="id") == {"new": 1, "updated": 3, "unchanged": 0, "removed": 0}
    after = _stored(db)
    assert all(after[k][:2] == (before[k][0], before[k][1] + 1) for k in before)
