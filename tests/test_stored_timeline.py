"""The stored default timeline (migration 0010): an ingest or a copy stores the finished rows of the
CLI's default `triage timeline`, and a reader gets them only while they describe the store as it is.

Each check compares with the timeline computed from the mentions (`timeline_from_store`), the
answer the stored rows stand for, after the first ingest, after a later one that brings a
duplicate and a new story, after a copy, and when the store changed without a rebuild.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from corpus_tools import timeline
from corpus_tools.ingest import ingest
from corpus_tools.store import Store
from corpus_tools.store.copy import copy_store
from corpus_tools.timeline import row_as_dict, stored_question, timeline_dicts, timeline_from_store

from .conftest import SEEDS, run_cli
from .corpora import news_records

TODAY = date(2025, 12, 31)
DEFAULT = {"limit": 100}  # the CLI's default timeline
NEW_STORY = ("Ledakan Gudang Kembang Api Tewaskan Tiga Pekerja di Tangerang\n\n"
             "Tangerang - Sebuah gudang kembang api meledak di Kecamatan Cisoka, Tangerang, pada Senin (4/8/2025) "
             "sore.\nTiga pekerja tewas dalam ledakan gudang kembang api pada Senin (4/8/2025).\n"
             "Polisi menangkap pemilik gudang kembang api pada Rabu (6/8/2025) karena izin penyimpanan bahan "
             "peledak tidak lengkap.\n")


def first_corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "news.jsonl").write_text("\n".join(news_records(40, seed=4)) + "\n")
    for seed in sorted(SEEDS.glob("00[0-4]_*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


def more_news(folder: Path) -> Path:
    """A later scrape: a copy of a stored record under another id and url, and an article of a new story."""
    folder.mkdir()
    record = json.loads(news_records(40, seed=4)[7])
    copy = {**record, "id": record["id"] + "-copy", "source_url": record["source_url"] + "?amp"}
    (folder / "copies.jsonl").write_text(json.dumps(copy, ensure_ascii=False) + "\n")
    (folder / "gudang.txt").write_text(NEW_STORY)
    return folder


def computed(store: Store, **options) -> list[dict]:
    return [row_as_dict(row) for row in timeline_from_store(store, **options)]


def check_stored(target: str) -> list[dict]:
    """The stored rows are there, current, and equal to the timeline computed from the mentions."""
    with Store(target, readonly=True) as store:
        question = stored_question(DEFAULT)
        assert store.stored_timeline(question) is not None
        rows = timeline_dicts(store, **DEFAULT)
        assert rows == computed(store, **DEFAULT)
        return rows


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_the_stored_timeline_follows_each_ingest(backend, tmp_path, request):
    target = str(tmp_path / "t.db") if backend == "sqlite" else request.getfixturevalue("pg_db")
    ingest([str(first_corpus(tmp_path / "first"))], target, today=TODAY, batch_size=10)
    first = check_stored(target)
    assert first
    with Store(target, readonly=True) as store:
        stories_before = {s["id"] for s in store.list_stories()}

    report = ingest([str(more_news(tmp_path / "more"))], target, today=TODAY, batch_size=10)
    assert report.new == 2 and report.duplicates == 1
    again = check_stored(target)
    assert again != first
    with Store(target, readonly=True) as store:
        new_story = store.get_article(max(a["id"] for a in store.list_articles()))["story_id"]
    assert new_story not in stories_before
    assert {row["date"] for row in again if new_story in row["stories"]} == {"2025-08-04", "2025-08-06"}

    # Nothing changed: a second run of the same folders leaves the stored rows as they are, still current.
    ingest([str(tmp_path / "first"), str(tmp_path / "more")], target, today=TODAY, batch_size=10)
    assert check_stored(target) == again


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_stale_stored_timeline_is_not_read(backend, tmp_path, request):
    """A settled batch without the rebuild that ends an ingest (a writer killed in between), or another
    version of the timeline's code: the rows are computed from the mentions, and the next ingest stores
    them again."""
    target = str(tmp_path / "t.db") if backend == "sqlite" else request.getfixturevalue("pg_db")
    folder = first_corpus(tmp_path / "first")
    ingest([str(folder)], target, today=TODAY, batch_size=10)
    with Store(target) as store:
        question = stored_question(DEFAULT)
        with store.transaction():  # what a settled batch does
            store.db.execute("DELETE FROM events WHERE article_id = 1")
            store.note_changes()
        assert store.stored_timeline(question) is None
        assert timeline_dicts(store, **DEFAULT) == computed(store, **DEFAULT)
    ingest([str(folder)], target, today=TODAY, batch_size=10)  # nothing new: the rebuild alone
    check_stored(target)

    with Store(target) as store:
        with store.transaction():  # as an older triage would have stored them
            store.db.execute("UPDATE stored_timelines SET question = ?, data = '[]'",
                             (json.dumps(DEFAULT) + " 0000000000000000",))
        assert store.stored_timeline(question) is None
        assert timeline_dicts(store, **DEFAULT) == computed(store, **DEFAULT) != []


def test_only_the_stored_question_is_read_from_the_store(tmp_path):
    db = str(tmp_path / "t.db")
    ingest([str(first_corpus(tmp_path / "first"))], db, today=TODAY, batch_size=10)
    assert stored_question({"limit": 100, "query": None, "min_sources": 1}) == stored_question(DEFAULT)
    for options in ({}, {"limit": 5}, {"limit": 100, "min_sources": 2}, {"limit": 100, "query": "banjir"},
                    {"limit": 100, "reports": True}):
        assert stored_question(options) is None
        with Store(db, readonly=True) as store:
            assert timeline_dicts(store, **options) == computed(store, **options)
    with pytest.raises(TypeError):
        stored_question({"limt": 100})
    assert timeline.STORED_QUESTIONS == (DEFAULT,)


def test_the_cli_prints_the_stored_rows(tmp_path):
    """`triage timeline` (its default options, any format) reads the stored rows: changed in the store
    (never done by triage), the change shows; --limit 0 computes."""
    db = tmp_path / "t.db"
    ingest([str(first_corpus(tmp_path / "first"))], str(db), today=TODAY, batch_size=10)
    before = run_cli("timeline", "--format", "json", db=db)
    assert before.returncode == 0, before.stderr
    rows = json.loads(before.stdout)
    with Store(str(db)) as store:
        assert rows == computed(store, **DEFAULT)
        with store.transaction():
            store.db.execute("UPDATE stored_timelines SET data = ?", (json.dumps(rows[:1]),))
    assert json.loads(run_cli("timeline", "--format", "json", db=db).stdout) == rows[:1]
    assert len(json.loads(run_cli("timeline", "--format", "json", "--limit", "0", db=db).stdout)) >= len(rows) > 1


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_copy_rebuilds_the_stored_timeline(backend, tmp_path, request):
    source = str(tmp_path / "source.db")
    ingest([str(first_corpus(tmp_path / "first"))], source, today=TODAY, batch_size=10)
    target = str(tmp_path / "copy.db") if backend == "sqlite" else request.getfixturevalue("pg_db")
    with Store(source, readonly=True) as src, Store(target) as dst:
        copy_store(src, dst)
    assert check_stored(target) == check_stored(source)

    # The source grows; copying again tops the copy up and rebuilds its stored rows.
    ingest([str(more_news(tmp_path / "more"))], source, today=TODAY, batch_size=10)
    with Store(source, readonly=True) as src, Store(target) as dst:
        assert copy_store(src, dst)["articles"] == 2
    assert check_stored(target) == check_stored(source)


def test_every_module_the_stored_rows_depend_on_exists():
    """`_CODE` names paths under corpus_tools/; a renamed module must not silently drop out of the fingerprint
    (a stored timeline would then outlive a change to it)."""
    here = Path(timeline.__file__).parent
    for name in timeline._CODE:
        path = here / name
        assert path.exists(), name
        files = sorted(path.rglob("*.*")) if path.is_dir() else [path]
        assert any(f.suffix in (".py", ".toml") for f in files), name
    assert len(timeline._code_fingerprint()) == 16


def test_a_missing_module_in_the_fingerprint_is_an_error():
    with pytest.raises(RuntimeError, match="corpus_tools/no_such_module.py does not exist"):
        timeline._code_digest(("timeline.py", "no_such_module.py"))
