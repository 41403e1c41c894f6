"""`triage ingest`, `articles`, `show` end to end: real files, a real SQLite store, the real CLI."""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from .conftest import SEEDS, fold, run_cli
from .corpora import html_article, html_home, news_records


def _articles(db: Path) -> list[dict]:
    proc = run_cli("articles", "--format", "json", db=db)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_seed_metadata_matches_the_gold(seeded_db, gold):
    by_file = {Path(a["source"]).name: a for a in _articles(seeded_db)}
    for name, expected in gold["articles"].items():
        got = by_file[name]
        for field in ("published", "title", "author", "outlet", "language"):
            if field in expected:
                assert fold(got[field] or "") == fold(expected[field]), (name, field, got[field])


def test_rerun_does_no_work_and_says_so(tmp_path):
    db = tmp_path / "t.db"
    first = run_cli("ingest", str(SEEDS), "--format", "json", "--workers", "1", db=db)
    second = run_cli("ingest", str(SEEDS), "--format", "json", "--workers", "1", db=db)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    one, two = json.loads(first.stdout), json.loads(second.stdout)
    assert one["new"] >= 5 and one["failed"] == []
    assert two["new"] == two["updated"] == 0 and two["unchanged"] == one["new"]
    table = run_cli("ingest", str(SEEDS), "--workers", "1", db=db)
    assert "unchanged" in table.stderr and "nothing new" in table.stderr


def test_a_page_saved_again_with_only_its_furniture_changed_is_unchanged(tmp_path):
    """A scraper saves the same article page again, a related-links heading and a served-at comment changed: the
    file's hash differs, so it is read again, but the article is the one stored. It counts unchanged, keeps its id
    and story, and is not written again (its `updated_at` stays); before (session 21) it counted `updated`."""
    page, db = tmp_path / "a.html", tmp_path / "t.db"
    page.write_text(html_article(1))
    first = run_cli("ingest", str(page), "--format", "json", "--workers", "1", db=db)
    assert json.loads(first.stdout)["new"] == 1, first.stderr
    before = _articles(db)
    saved = run_cli("show", str(before[0]["id"]), "--format", "json", db=db)
    page.write_text(html_article(1).replace("<h3>Baca juga</h3>", "<h3>Baca juga yang lain</h3>")
                    .replace("</body>", "<!-- served 2026-12-07 --></body>"))
    again = run_cli("ingest", str(page), "--format", "json", "--workers", "1", db=db)
    report = json.loads(again.stdout)
    assert (report["new"], report["updated"], report["unchanged"]) == (0, 0, 1), report
    assert _articles(db) == before
    assert run_cli("show", str(before[0]["id"]), "--format", "json", db=db).stdout == saved.stdout
    edited = run_cli("ingest", str(page), "--format", "json", "--workers", "1", db=db)
    assert json.loads(edited.stdout)["unchanged"] == 1  # its hash recorded: not even read now
    # the same columns, other dates (as a triage that reads them otherwise stored them): not the same article
    dates = json.loads(saved.stdout)["dates"]
    assert dates  # the premise: the page's dates were read
    with closing(sqlite3.connect(db)) as raw, raw:
        raw.execute("UPDATE dates SET value = '1999-01-01' WHERE article_id = ?", (before[0]["id"],))
    page.write_text(html_article(1).replace("</body>", "<!-- served 2026-12-08 --></body>"))
    reread = json.loads(run_cli("ingest", str(page), "--format", "json", "--workers", "1", db=db).stdout)
    assert (reread["updated"], reread["unchanged"]) == (1, 0), reread
    assert json.loads(run_cli("show", str(before[0]["id"]), "--format", "json", db=db).stdout)["dates"] == dates
    page.write_text(html_article(1).replace("</article>", "<p>Pembaruan: rapat ditunda sampai pekan depan.</p>"
                                                        "</article>"))
    changed = json.loads(run_cli("ingest", str(page), "--format", "json", "--workers", "1", db=db).stdout)
    assert (changed["updated"], changed["unchanged"]) == (1, 0), changed


def test_changed_file_is_reingested_in_place(tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(SEEDS, corpus)
    db = tmp_path / "t.db"
    run_cli("ingest", str(corpus), "--workers", "1", "--quiet", db=db)
    before = {Path(a["source"]).name: a["id"] for a in _articles(db)}
    seed = corpus / "004_2a7bb38a2f5d2ca6.txt"
    seed.write_text(seed.read_text() + "\nPutin mengunjungi Pyongyang pada 19 Juni 2024 untuk menandatangani pakta.\n")
    proc = run_cli("ingest", str(corpus), "--format", "json", "--workers", "1", db=db)
    report = json.loads(proc.stdout)
    assert report["updated"] == 1 and report["new"] == 0
    after = {Path(a["source"]).name: a["id"] for a in _articles(db)}
    assert after == before  # same ids: updated in place, not added
    shown = run_cli("show", str(after[seed.name]), db=db)
    assert "Putin mengunjungi Pyongyang pada 19 Juni 2024" in shown.stdout


def test_json_jsonl_gz_html_and_stdin_inputs(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    lines = news_records(3)
    (corpus / "records.jsonl").write_text("\n".join(lines) + "\n")
    (corpus / "one.json").write_text(json.dumps({"judul": "Putin meneken dekrit", "isi_berita":
                                                 "Presiden Rusia Vladimir Putin meneken dekrit pada Sabtu, 9 November 2024, "
                                                 "tentang ratifikasi perjanjian dengan Korea Utara.",
                                                 "tanggal": "2024-11-10T08:00:00+07:00", "tautan": "https://example.id/a"}))
    (corpus / "seed.txt.gz").write_bytes(gzip.compress((SEEDS / "003_15edf630a0e2ea7e.txt").read_bytes()))
    (corpus / "article.html").write_text(html_article())
    (corpus / "home.html").write_text(html_home())
    (corpus / "notes.docx").write_bytes(b"PK\x03\x04 not ours")
    db = tmp_path / "t.db"
    proc = run_cli("ingest", str(corpus), "--format", "json", "--workers", "1", db=db)
    report = json.loads(proc.stdout)
    assert proc.returncode == 0, proc.stderr
    assert report["new"] == 3 + 1 + 1 + 1
    skipped = {Path(s["path"]).name: s["error"] for s in report["skipped"]}
    assert "not an article" in skipped["home.html"]
    assert "unknown format" in skipped["notes.docx"]
    rows = _articles(db)
    record = next(r for r in rows if r["source"].endswith("one.json"))
    assert record["title"] == "Putin meneken dekrit" and record["published"] == "2024-11-10"
    assert record["url"] == "https://example.id/a"
    assert sum(1 for r in rows if r["source"].split(":")[0].endswith("records.jsonl")) == 3
    assert any(r["source"].endswith("records.jsonl:2") for r in rows)
    stdin = run_cli("ingest", "-", "--format", "json", "--workers", "1", db=db,
                    input=(SEEDS / "001_175bf339afc62747.txt").read_bytes())
    assert json.loads(stdin.stdout)["new"] == 1


def test_exit_code_1_when_an_input_fails_and_the_rest_is_kept(tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(SEEDS, corpus)
    (corpus / "empty.txt").write_text("")
    db = tmp_path / "t.db"
    proc = run_cli("ingest", str(corpus), "--workers", "1", db=db)
    assert proc.returncode == 1
    assert f"{corpus / 'empty.txt'}: empty file" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(_articles(db)) >= 5


def test_usage_errors_exit_2_and_version_and_help(tmp_path):
    assert run_cli("ingest", "--format", "yaml", str(SEEDS)).returncode == 2
    assert run_cli("frobnicate").returncode == 2
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("triage ")
    helptext = run_cli("ingest", "--help").stdout
    assert "Examples:" in helptext and "Exit codes" in helptext
    missing = run_cli("articles", db=tmp_path / "none.db")
    assert missing.returncode == 74 and "Traceback" not in missing.stderr
    assert "run `triage ingest` first" in missing.stderr


def test_no_color_and_plain_output_when_piped(seeded_db):
    proc = run_cli("articles", db=seeded_db)
    assert proc.returncode == 0 and "\x1b[" not in proc.stdout
    csv_out = run_cli("articles", "--format", "csv", db=seeded_db).stdout.splitlines()
    assert csv_out[0].startswith("id,published,language,outlet,title")


def test_a_folder_holding_the_store_is_ingested_without_the_stores_own_files(tmp_path):
    """`triage ingest .` where the store lives (a cron job's folder): its database, journal and lock files
    are not inputs; they were reported "unknown format" on every run."""
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "story.txt").write_bytes(next(SEEDS.glob("000_*.txt")).read_bytes())
    db = folder / "triage.db"
    for _ in range(2):
        proc = run_cli("ingest", str(folder), "--format", "json", "--workers", "1", db=db)
        assert proc.returncode == 0 and proc.stderr == "", proc.stderr
        report = json.loads(proc.stdout)
        assert report["skipped"] == [] and report["failed"] == []
    assert report["unchanged"] == 1 and (folder / "triage.db.lock").exists()


def test_the_library_takes_one_path_as_a_string_or_a_path(tmp_path):
    """`ingest("sample_corpus", "s.db")` read each character as a path ("s: no such file…")."""
    import corpus_tools as ct
    from .conftest import SEEDS
    one = sorted(SEEDS.glob("*.txt"))[0]
    report = ct.ingest(str(one), str(tmp_path / "a.db"), workers=1)
    assert report.new == 1 and not report.failed, report.failed
    report = ct.ingest(one.parent, tmp_path / "b.db", workers=1)  # Path objects, for the folder and the store
    assert report.new == len(list(SEEDS.iterdir())) and not report.failed, report.failed


def test_records_a_file_still_holds_as_they_were_are_unchanged_not_processed_again(tmp_path):
    """A scraper appends to its JSONL file every hour: the records stored before are counted unchanged (not
    read, cleaned and stored again as "updated"); a record edited in place is updated; other reading options
    read them all again."""
    from .corpora import news_records
    lines = news_records(6)
    feed = tmp_path / "feed.jsonl"
    db = tmp_path / "t.db"

    def run(*options: str) -> dict:
        proc = run_cli("ingest", str(feed), "-f", "json", "--workers", "1", *options, db=db)
        assert proc.returncode == 0, proc.stderr
        report = json.loads(proc.stdout)
        return {k: report[k] for k in ("new", "updated", "unchanged", "removed")}

    feed.write_text("\n".join(lines[:4]) + "\n")
    assert run() == {"new": 4, "updated": 0, "unchanged": 0, "removed": 0}
    feed.write_text("\n".join(lines[:5]) + "\n")  # one appended
    assert run() == {"new": 1, "updated": 0, "unchanged": 4, "removed": 0}
    edited = json.loads(lines[1])
    edited["text"] = edited["text"].replace(".", "!", 1)
    feed.write_text("\n".join([lines[0], json.dumps(edited), *lines[2:6]]) + "\n")  # one edited, one appended
    assert run() == {"new": 1, "updated": 1, "unchanged": 4, "removed": 0}
    assert run("--lang", "id") == {"new": 0, "updated": 6, "unchanged": 0, "removed": 0}


def test_standard_input_named_twice_is_read_once(tmp_path):
    """`triage ingest - -` (a doubled argument in a script): standard input is read once, as a file named twice is.
    Before (session 21) the second reading found it at its end: `-: empty file`, exit 1, in a run with nothing wrong."""
    db = tmp_path / "t.db"
    first, second = sorted(SEEDS.glob("00*.txt"))[:2]
    (tmp_path / "a.txt").write_text(first.read_text())
    text = second.read_bytes()
    proc = run_cli("ingest", "-", str(tmp_path / "a.txt"), "-", "--format", "json", "--workers", "1", db=db, input=text)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert (report["new"], report["failed"], report["skipped"]) == (2, [], []), report
