"""Near-identical stories: grouped across formats and runs, never confused with distinct stories."""

from __future__ import annotations

import itertools
import json
import shutil
import sqlite3
from pathlib import Path

from corpus_tools.clean import clean_text
from corpus_tools.decode import decode
from corpus_tools.fingerprint import jaccard, shingles

from .conftest import SEEDS, run_cli

COPIES = {"dup_000_rescraped_2026-02-03.txt": "000_87d92e1b56b35b62.txt",
          "dup_002_kompas_tv.html": "002_2bf8664baea84d04.txt",
          "dup_004_republished_tribunnews.txt": "004_2a7bb38a2f5d2ca6.txt"}


def _ids(db: Path) -> dict[str, int]:
    rows = json.loads(run_cli("articles", "--format", "json", db=db).stdout)
    return {Path(r["source"]).name: r["id"] for r in rows}


def _groups(db: Path) -> set[frozenset[int]]:
    data = json.loads(run_cli("duplicates", "--format", "json", db=db).stdout)
    return {frozenset([g["kept"], *(d["id"] for d in g["duplicates"])]) for g in data}


def test_each_kind_of_copy_is_grouped_with_its_original(seeded_db):
    ids = _ids(seeded_db)
    groups = _groups(seeded_db)
    for copy, original in COPIES.items():
        assert frozenset([ids[copy], ids[original]]) in groups, copy
    assert len(groups) == len(COPIES)


def test_distinct_seed_stories_are_far_apart_and_never_grouped(seeded_db, gold):
    bodies = {name: clean_text(decode((SEEDS / name).read_bytes()), "id").body for name in gold["articles"]}
    for a, b in itertools.combinations(bodies, 2):
        assert jaccard(shingles(bodies[a]), shingles(bodies[b])) < 0.1, (a, b)
    ids = _ids(seeded_db)
    seed_ids = {ids[name] for name in gold["articles"]}
    assert all(len(group & seed_ids) <= 1 for group in _groups(seeded_db))


def test_articles_show_duplicate_of_the_kept_article(seeded_db):
    rows = json.loads(run_cli("articles", "--format", "json", db=seeded_db).stdout)
    kept = {r["id"] for r in rows if r["duplicate_of"] is None}
    copies = [r for r in rows if r["duplicate_of"] is not None]
    assert len(copies) == len(COPIES) and all(r["duplicate_of"] in kept for r in copies)


def test_second_run_groups_nothing_new_and_a_later_copy_joins_its_group(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for seed in SEEDS.glob("00[0-4]_*.txt"):
        shutil.copy(seed, corpus)
    db = tmp_path / "t.db"
    first = json.loads(run_cli("ingest", str(corpus), "--format", "json", "--workers", "1", db=db).stdout)
    assert first["duplicates"] == 0 and _groups(db) == set()
    again = json.loads(run_cli("ingest", str(corpus), "--format", "json", "--workers", "1", db=db).stdout)
    assert again["duplicates"] == 0 and _groups(db) == set()
    shutil.copy(SEEDS / "dup_000_rescraped_2026-02-03.txt", corpus)
    later = json.loads(run_cli("ingest", str(corpus), "--format", "json", "--workers", "1", db=db).stdout)
    assert later["new"] == 1 and later["duplicates"] == 1
    ids = _ids(db)
    assert _groups(db) == {frozenset([ids["000_87d92e1b56b35b62.txt"], ids["dup_000_rescraped_2026-02-03.txt"]])}


def test_incompatible_fingerprint_parameters_are_refused(tmp_path):
    db = tmp_path / "t.db"
    run_cli("ingest", str(SEEDS / "001_175bf339afc62747.txt"), "--quiet", "--workers", "1", db=db)
    with sqlite3.connect(db) as con:  # a store written by a triage with other parameters
        con.execute("UPDATE fingerprint_params SET num_perm = 256")
    proc = run_cli("ingest", str(SEEDS / "002_2bf8664baea84d04.txt"), "--workers", "1", db=db)
    assert proc.returncode == 74 and "fingerprinted with" in proc.stderr and "Traceback" not in proc.stderr


def test_duplicates_as_csv_is_one_row_a_copy_with_both_titles(seeded_db):
    """For a spreadsheet: `--format csv` lists each copy on a row of its own beside its kept article, the pairs
    `--format json` gives; a title column holds the stored title or nothing, and where each was read (its file,
    a record's line) has a column of its own."""
    import csv
    import io
    proc = run_cli("duplicates", "--format", "csv", db=seeded_db)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    groups = json.loads(run_cli("duplicates", "--format", "json", db=seeded_db).stdout)
    assert {(int(r["kept"]), int(r["copy"])) for r in rows} == \
        {(g["kept"], d["id"]) for g in groups for d in g["duplicates"]} and len(rows) == 3
    assert all(0.5 <= float(r["similarity"]) <= 1 for r in rows)
    with sqlite3.connect(seeded_db) as con:
        stored = {i: (t or "", key) for i, t, key in con.execute("SELECT id, title, doc_key FROM articles")}
    for r in rows:
        for side in ("kept", "copy"):
            title, key = stored[int(r[side])]
            assert r[f"{side}_title"] == title and r[f"{side}_source"] == key and r[f"{side}_source"]


def test_duplicates_csv_leaves_an_untitled_record_s_title_empty(tmp_path):
    """Two untitled JSONL records, one a copy of the other: their title columns are empty, not "path:line"; the
    where is in the source columns."""
    import csv
    import io
    text = ("Harga beras naik di pasar tradisional sejak pekan lalu karena pasokan berkurang. " * 3
            + "Pedagang mengatakan pembeli mulai mengurangi belanja harian mereka di pasar kota itu.")
    source = tmp_path / "records.jsonl"
    source.write_text("".join(json.dumps({"id": f"r{i}", "text": text, "date": f"2025-03-0{i + 1}"}) + "\n"
                              for i in range(2)))
    db = tmp_path / "t.db"
    assert run_cli("ingest", str(source), "--quiet", "--workers", "1", db=db).returncode == 0
    proc = run_cli("duplicates", "--format", "csv", db=db)
    [row] = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert row["kept_title"] == "" and row["copy_title"] == ""
    assert {row["kept_source"], row["copy_source"]} == {f"{source}:1", f"{source}:2"}
