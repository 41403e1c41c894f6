"""A big JSONL streams with flat memory: the writer notes the documents a source still holds in
the store (a temporary table), not in a per-file set of keys; what is no longer in the file is
dropped when the file is finished. Memory itself is measured in benchmarks/memory.py."""

from __future__ import annotations

import json
from pathlib import Path

from corpus_tools import ingest
from corpus_tools.store import Store

from .conftest import SEEDS


def _write(path: Path, texts: list[str]) -> None:
    path.write_text("".join(json.dumps({"id": f"r{i}", "text": t}, ensure_ascii=False) + "\n"
                            for i, t in enumerate(texts)))


def _keys(db: Path) -> set[str]:
    with Store(db) as store:
        return {r[0].rsplit("#", 1)[1] for r in store.db.execute("SELECT doc_key FROM articles")}


def _texts() -> list[str]:
    return [p.read_text() for p in sorted(SEEDS.glob("*.txt"))[:3]]


def test_the_store_notes_the_documents_a_source_still_holds(tmp_path):
    path, db = tmp_path / "a.jsonl", tmp_path / "t.db"
    _write(path, _texts())
    assert ingest([str(path)], str(db)).new == 3
    key = str(path.resolve())
    with Store(db) as store:
        store.begin()
        source = store.begin_source(key, 1, None)
        store.keep_document(source, f"{key}#L1")
        store.keep_document(source, f"{key}#L3")
        store.keep_document(source, f"{key}#L3")  # noted twice: once is enough
        assert store.finish_source(source, "x", keep_all=False) == 1
        store.commit()
    assert _keys(db) == {"L1", "L3"}
    with Store(db) as store:  # keep_all: a file read only in part keeps every stored article
        store.begin()
        source = store.begin_source(key, 1, None)
        assert store.finish_source(source, "", keep_all=True) == 0
        store.commit()
    assert _keys(db) == {"L1", "L3"}


def test_a_record_gone_from_a_jsonl_is_dropped_the_rest_kept(tmp_path):
    path, db = tmp_path / "a.jsonl", tmp_path / "t.db"
    texts = _texts()
    _write(path, texts)
    ingest([str(path)], str(db))
    lines = path.read_text().split("\n")
    path.write_text("\n".join([lines[0], "", lines[2], ""]))  # line 2 now blank: no document there
    report = ingest([str(path)], str(db))
    assert (report.removed, report.updated, report.unchanged) == (1, 0, 2)  # the two others stored as they are
    assert _keys(db) == {"L1", "L3"}
