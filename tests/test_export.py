"""Issue 12, item 7: `triage export` and the filters of `triage articles`."""

from __future__ import annotations

import csv
import json

import pytest

from corpus_tools.store import Store

from .conftest import run_cli
from .records import story


@pytest.fixture(scope="module")
def mixed_db(tmp_path_factory):
    """Four Indonesian records (two of them copies of one story) and one English one."""
    root = tmp_path_factory.mktemp("export")
    copy = story(50) + "\n\nPeristiwa itu terjadi pada 12 Maret 2025."
    rows = [
        {"judul": "Satu", "isi_berita": copy, "tanggal": "2025-03-13", "sumber": "kompas.com"},
        {"judul": "Salinan", "isi_berita": copy, "tanggal": "2025-03-14", "sumber": "detik.com"},
        {"judul": "Dua Suramadu", "isi_berita": story(51), "tanggal": "2025-05-02", "sumber": "kompas.com"},
        {"judul": "Tiga", "isi_berita": story(52), "tanggal": "2024-12-30", "sumber": "tempo.co"},
        {"judul": "English one", "isi_berita": story(53, "en"), "tanggal": "2025-03-20", "sumber": "reuters.com"},
    ]
    path = root / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    db = root / "t.db"
    proc = run_cli("ingest", str(path), "--workers", "1", "--quiet", "--field", "outlet=sumber", db=db)
    assert proc.returncode == 0, proc.stderr
    return db


def _titles(proc) -> list[str]:
    assert proc.returncode == 0, proc.stderr
    return [row["title"] for row in json.loads(proc.stdout)]


def test_export_jsonl_has_bodies_dates_and_duplicate_groups(mixed_db, tmp_path):
    proc = run_cli("export", db=mixed_db)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rows) == 5
    by_title = {r["title"]: r for r in rows}
    first, copy = by_title["Satu"], by_title["Salinan"]
    assert first["body"].startswith(story(50).split("\n")[0])
    assert first["outlet"] == "Kompas.com" and first["published"] == "2025-03-13"
    assert first["language"] == "id" and by_title["English one"]["language"] == "en"
    assert copy["duplicate_of"] == first["id"] and copy["group"] == first["group"] == first["id"]
    assert "2025-03-12" in [d["value"] for d in first["dates"]]


def test_export_csv_to_a_file_round_trips_multiline_bodies(mixed_db, tmp_path):
    out = tmp_path / "corpus.csv"
    proc = run_cli("export", "--format", "csv", "--lang", "id", "--to", "2025-12", "-o", str(out), db=mixed_db)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and not (tmp_path / "corpus.csv.partial").exists()
    with out.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["title"] for r in rows) == ["Dua Suramadu", "Salinan", "Satu", "Tiga"]
    body = next(r["body"] for r in rows if r["title"] == "Tiga")
    assert "\n\n" in body and body.startswith(story(52).split("\n")[0])
    assert "2025-03-12" in next(r["dates"] for r in rows if r["title"] == "Satu")


def test_filters_of_export_and_articles(mixed_db):
    with Store(mixed_db, readonly=True) as store:
        def titles(**filters):
            exported = sorted(row["title"] for row in store.export_articles(**filters))
            assert exported == sorted(row["title"] for row in store.list_articles(**filters))
            return exported
        assert titles(date_from="2025-03", date_to="2025-03") == ["English one", "Salinan", "Satu"]
        assert titles(date_from="2025-03-14", date_to="2025-04-30") == ["English one", "Salinan"]
        assert titles(date_to="2024") == ["Tiga"]
        assert titles(query="suramadu") == ["Dua Suramadu"]
        assert titles(language="en") == ["English one"]
        assert titles(outlet="KOMPAS.com") == ["Dua Suramadu", "Satu"]


def test_articles_options_and_limit_zero(mixed_db):
    assert sorted(_titles(run_cli("articles", "-f", "json", "--outlet", "kompas.com", "--from", "2025-03",
                                  "--limit", "0", db=mixed_db))) == ["Dua Suramadu", "Satu"]
    assert _titles(run_cli("articles", "-f", "json", "--lang", "id", "--query", "suramadu", "--limit", "5",
                           db=mixed_db)) == ["Dua Suramadu"]
    bad = run_cli("articles", "--from", "March", db=mixed_db)
    assert bad.returncode == 2 and "YYYY" in bad.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_export_ingested_again_keeps_each_articles_fields(tmp_path, fmt):
    """`export`, then `ingest` of the export: the export's `source` (the file read) became the outlet of every
    article without one, and its `id` (the old store's) the record's own id. Now each field comes back from
    its own column: the same outlets (none where there was none), ids, titles, dates and bodies."""
    rows = [{"judul": "Satu", "isi_berita": story(60), "tanggal": "2025-03-13", "id": "ext-1"},
            {"judul": "Dua", "isi_berita": story(61), "tanggal": "2025-05-02", "sumber": "kompas.com"}]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    first, second, out = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "out"
    assert run_cli("ingest", str(path), "--quiet", "--field", "outlet=sumber", db=first).returncode == 0
    out.mkdir()
    assert run_cli("export", "-f", fmt, "-o", str(out / f"corpus.{fmt}"), db=first).returncode == 0
    assert run_cli("ingest", str(out), "--quiet", db=second).returncode == 0

    def fields(db):
        exported = [json.loads(line) for line in run_cli("export", db=db).stdout.splitlines()]
        return sorted((r["title"], r["outlet"], r["external_id"], r["published"], r["body"]) for r in exported)
    assert fields(second) == fields(first)
    assert [r[:3] for r in fields(second)] == [("Dua", "Kompas.com", None), ("Satu", None, "ext-1")]
