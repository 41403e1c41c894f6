"""benchmarks/query_stages.py: the stages it times are the real path's (same rows, functions given back), and its
floor reads the shown rows' sources' mentions only."""

from __future__ import annotations

from benchmarks import query_stages
from corpus_tools import timeline
from corpus_tools.store import Store

from .conftest import run_cli

QUERY = "Putin"


def test_timed_stages_give_the_rows_of_the_plain_path_and_leave_no_wrapper(seeded_db):
    originals = {name: owner.__dict__.get(name) for _, _, owner, name in query_stages.STAGES}
    with Store(seeded_db, readonly=True) as store:
        plain = timeline.timeline_dicts(store, query=QUERY, limit=100)
        spent, rows = query_stages.query_stages(store, QUERY, 100)
    assert plain and rows == plain
    assert {label for label, _, _, _ in query_stages.STAGES} <= set(spent) | {"conflicts"}
    assert spent["build_timeline"] <= spent["timeline_dicts"]
    assert {name: owner.__dict__.get(name) for _, _, owner, name in query_stages.STAGES} == originals


def test_floor_reads_the_mentions_of_the_shown_sources_only(seeded_db):
    with Store(seeded_db, readonly=True) as store:
        rows = timeline.timeline_dicts(store, query=QUERY, limit=3)
        _, mentions = query_stages.floor(store, QUERY, rows)
        _, everything = query_stages.floor(store, QUERY, timeline.timeline_dicts(store, query=QUERY, limit=0))
    dates = {}
    for row in rows:
        for source in row["sources"]:
            dates.setdefault(source["article"], set()).update(query_stages._containers(row["date"]))
    assert {m["article"] for m in mentions} == set(dates)
    shown = {(s["article"], s["sentence"]) for row in rows for s in row["sources"]}
    assert shown <= {(m["article"], m["sentence"]) for m in mentions}
    assert set(mentions[0]) == set(rows[0]["sources"][0])
    assert len(mentions) < len(everything)


def test_report_names_each_stage_and_the_floor(seeded_db):
    text = query_stages.report(seeded_db, [QUERY], 100, 1)
    for label, _, _, _ in query_stages.STAGES:
        assert label in text
    assert "floor (" in text and "whole (start-up not counted)" in text


def test_the_stages_and_the_floor_read_a_postgresql_store_as_an_sqlite_one(seeded_db, pg_db):
    proc = run_cli("copy", str(seeded_db), pg_db)
    assert proc.returncode == 0, proc.stderr
    out = {}
    for db in (seeded_db, pg_db):
        with Store(db, readonly=True) as store:
            _, rows = query_stages.query_stages(store, QUERY, 100)
            _, sources = query_stages.floor(store, QUERY, rows)
        out[str(db).startswith("postgresql")] = (rows, sorted(s["article"] for s in sources))
    assert out[True] == out[False] and out[True][0]
