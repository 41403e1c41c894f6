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


def test_a_deleted_line_costs_its_article_only(tmp_path):
    feed, db = tmp_path / "a.jsonl", tmp_path / "t.db"
    _feed(feed, LINES[:6])
    _run(feed, db)
    before = _stored(db)
    _feed(feed, [LINES[0], *LINES[2:6]])
    assert _run(feed, db) == {"new": 0, "updated": 0, "unchanged": 5, "removed": 1}
    after = _stored(db)
    assert _record_id(LINES[1]) not in after
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items() if k != _record_id(LINES[1])}


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


def test_an_edited_record_that_moved_is_a_new_article_the_others_keep_theirs(tmp_path):
    """Matched by its bytes alone: a record edited AND moved is not found again (no id field is trusted), so it
    is new and its old version removed; one edited on its own line is updated, as before."""
    feed, db = tmp_path / "a.jsonl", tmp_path / "t.db"
    _feed(feed, LINES[1:6])
    _run(feed, db)
    before = _stored(db)
    edited = json.loads(LINES[3])
    edited["text"] = edited["text"].replace(".", "!", 1)
    _feed(feed, [LINES[0], LINES[1], LINES[2], json.dumps(edited), LINES[4]])  # on top; one edited; LINES[5] dropped
    assert _run(feed, db) == {"new": 2, "updated": 0, "unchanged": 3, "removed": 2}
    after = _stored(db)
    for line in (LINES[1], LINES[2], LINES[4]):
        assert after[_record_id(line)][0] == before[_record_id(line)][0]
    assert after[_record_id(LINES[3])][0] not in {v[0] for v in before.values()}
    edited["text"] = edited["text"].replace("!", "?", 1)  # edited again, on the same line
    _feed(feed, [LINES[0], LINES[1], LINES[2], json.dumps(edited), LINES[4]])
    assert _run(feed, db) == {"new": 0, "updated": 1, "unchanged": 4, "removed": 0}
    assert _stored(db)[_record_id(LINES[3])][0] == after[_record_id(LINES[3])][0]


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


def test_records_read_with_other_options_are_not_moved(tmp_path):
    """A record's hash carries the reading options: read with others, the records are processed again, by line."""
    feed, db = tmp_path / "a.jsonl", tmp_path / "t.db"
    _feed(feed, LINES[:3])
    _run(feed, db)
    _feed(feed, [LINES[3], *LINES[:3]])
    assert _run(feed, db, language="id") == {"new": 1, "updated": 3, "unchanged": 0, "removed": 0}
