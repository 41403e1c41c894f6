"""A data desk's cron-job findings (session 19): a store from a triage older than stories, stray bytes in
scraped files. Real files, the CLI as a subprocess, real SQLite and PostgreSQL stores."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from pathlib import Path

import pytest

from corpus_tools.store import Store

from .conftest import SEEDS, run_cli
from .corpora import news_records
from .test_ops_fixes import _sql


def _before_stories(db: str) -> None:
    """The store as migrations 0006 to 0021 leave one written before stories (tried by hand on a store of the
    code before 0006): every article without a story and (0021) without a record hash, the story tables empty,
    its files recorded as finished."""
    _sql(db, "UPDATE articles SET story_id = NULL, record_hash = NULL")
    for table in ("story_terms", "story_terms_cold", "stories", "term_df"):
        _sql(db, f"DELETE FROM {table}")
    _sql(db, "UPDATE story_horizon SET horizon = ''")


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_store_from_before_stories_is_settled_by_the_next_ingest(tmp_path, backend, request):
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("00*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "feed.jsonl").write_text("".join(line + "\n" for line in news_records(5, seed=7)))
    db = request.getfixturevalue("pg_db") if backend == "postgres" else str(tmp_path / "old.db")
    assert run_cli("ingest", str(folder), "--workers", "1", "--quiet", "--db", db).returncode == 0
    _before_stories(db)
    before = run_cli("check", "--db", db)
    assert before.returncode == 1 and "older than stories" in before.stderr, before.stderr
    proc = run_cli("ingest", str(folder), "--workers", "1", "--format", "json", "--db", db)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["updated"] == 10 and report["new"] == 0 and report["removed"] == 0
    check = run_cli("check", "--db", db)
    assert check.returncode == 0, check.stderr  # before the fix: the files counted unchanged, check failing for ever
    with Store(db, readonly=True) as store:
        rows = list(store.export_articles())
    assert len(rows) == 10
    stories = json.loads(run_cli("stories", "--format", "json", "--db", db).stdout)
    assert sum(story["articles"] for story in stories) == 10
    again = run_cli("ingest", str(folder), "--workers", "1", "--format", "json", "--db", db)
    assert json.loads(again.stdout)["unchanged"] == 10  # settled once: not read again


def test_articles_of_a_deleted_file_from_before_stories_are_kept(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "feed.jsonl").write_text("".join(line + "\n" for line in news_records(3, seed=8)))
    db = str(tmp_path / "old.db")
    assert run_cli("ingest", str(folder), "--workers", "1", "--quiet", "--db", db).returncode == 0
    _before_stories(db)
    (folder / "feed.jsonl").unlink()
    proc = run_cli("ingest", str(folder), "--workers", "1", "--format", "json", "--db", db)
    assert proc.returncode == 0 and json.loads(proc.stdout)["removed"] == 0  # a deleted file's articles are kept
    with Store(db, readonly=True) as store:
        assert store.count_articles() == 3
    check = run_cli("check", "--db", db)
    assert check.returncode == 1 and "3 articles stored by a triage older than stories" in check.stderr
    assert "stopped between its two steps" not in check.stderr  # no run stopped: not said


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_stray_nul_byte_in_a_utf8_file_costs_nothing_more_than_that_byte(tmp_path, backend, request):
    folder = tmp_path / "in"
    folder.mkdir()
    seed = sorted(SEEDS.glob("00*.txt"))[0].read_bytes()
    (folder / "a.txt").write_bytes(seed[:300] + b"\x00" + seed[300:])  # within the first bytes the decoder looks at
    table = io.StringIO()
    csv.writer(table, lineterminator="\n").writerows(
        [("title", "text")] + [(f"Judul {i}", json.loads(line)["text"]) for i, line in enumerate(news_records(30, seed=9))])
    (folder / "t.csv").write_bytes(table.getvalue().encode().replace(b"Judul 2,", b"Judul 2\x00,", 1))
    db = request.getfixturevalue("pg_db") if backend == "postgres" else str(tmp_path / "n.db")
    proc = run_cli("ingest", str(folder), "--workers", "1", "--format", "json", "--db", db)
    assert "UTF-16" not in proc.stderr and "binary" not in proc.stderr, proc.stderr  # before: the whole file refused
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["new"] == 31
    with Store(db, readonly=True) as store:
        rows = {(Path(row["source"]).name, row["source_line"]): row for row in store.export_articles()}
    assert len(rows) == 31
    assert all("\x00" not in row["body"] and "\x00" not in (row["title"] or "") for row in rows.values())
    assert [row["title"] for key, row in sorted(rows.items()) if key[0] == "t.csv"][2] == "Judul 2"  # the row holding the NUL, without it
    assert rows["a.txt", None]["body"]


def test_nul_bytes_beyond_a_stray_few_are_still_binary_or_utf16(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = json.loads(news_records(1, seed=10)[0])["text"]
    (folder / "zeros.txt").write_bytes(text.encode()[:200] + b"\x00" * 64 + text.encode()[200:])
    (folder / "wide.txt").write_bytes(text.encode("utf-16-le"))  # no BOM: read by its shape, as before
    proc = run_cli("ingest", str(folder), "--workers", "1", "--format", "json", "--db", str(tmp_path / "z.db"))
    report = json.loads(proc.stdout)
    assert [item["path"] for item in report["failed"]] == [str(folder / "zeros.txt")]
    assert report["new"] == 1


def test_a_jsonl_line_still_being_written_is_skipped_and_stored_by_the_next_run(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [line + "\n" for line in news_records(4, seed=11)]
    feed = folder / "feed.jsonl"
    feed.write_text("".join(lines[:3]) + lines[3][:40])  # a scraper appending: half of line 4 written so far
    db = str(tmp_path / "f.db")
    proc = run_cli("ingest", str(folder), "--workers", "1", "--quiet", "--format", "json", "--db", db)
    assert proc.returncode == 0, proc.stderr  # before: exit 1, `malformed JSON line (Unterminated string …)`
    report = json.loads(proc.stdout)
    assert report["new"] == 3 and report["failed"] == []
    assert [item["path"] for item in report["skipped"]] == [f"{feed}:4"]
    assert "still being written" in proc.stderr  # listed even under --quiet
    feed.write_text("".join(lines))  # the scraper finished the line
    again = json.loads(run_cli("ingest", str(folder), "--workers", "1", "--format", "json", "--db", db).stdout)
    assert (again["new"], again["unchanged"], again["skipped"]) == (1, 3, [])
    assert run_cli("check", "--db", db).returncode == 0



def test_a_json_array_still_being_written_is_skipped_and_stored_whole_by_the_next_run(tmp_path):
    """A `.json` array cut short by its scraper (cron met it at work) kept its whole records and failed the file,
    exit 1, every such run; as a JSONL's unfinished last line it is now skipped and read again next run. A wrong
    character inside a whole file still fails."""
    folder = tmp_path / "in"
    folder.mkdir()
    records = [json.loads(line) for line in news_records(4, seed=12)]
    whole = json.dumps(records)
    feed = folder / "feed.json"
    feed.write_text(whole[:whole.index(json.dumps(records[3])) + 40])  # three records and part of the fourth
    db = str(tmp_path / "j.db")
    proc = run_cli("ingest", str(folder), "--workers", "1", "--quiet", "--format", "json", "--db", db)
    assert proc.returncode == 0, proc.stderr  # before: exit 1, `invalid JSON (Unterminated string …)`
    report = json.loads(proc.stdout)
    assert report["new"] == 3 and report["failed"] == []
    assert [item["path"] for item in report["skipped"]] == [str(feed)]
    assert "still being written" in proc.stderr
    cut_after_a_record = whole[:whole.index(json.dumps(records[3])) - 2]  # "…}" of the third, no "]" yet
    feed.write_text(cut_after_a_record)
    assert json.loads(run_cli("ingest", str(folder), "--workers", "1", "--format", "json",
                              "--db", db).stdout)["skipped"][0]["path"] == str(feed)
    feed.write_text(whole)  # the scraper finished
    again = json.loads(run_cli("ingest", str(folder), "--workers", "1", "--format", "json", "--db", db).stdout)
    assert (again["new"], again["skipped"], again["failed"]) == (1, [], [])
    assert run_cli("check", "--db", db).returncode == 0
    (folder / "bad.json").write_text(whole[:-1] + ",]")  # whole, with a wrong character: a failure as before
    bad = run_cli("ingest", str(folder / "bad.json"), "--workers", "1", "--format", "json", "--db", db)
    assert bad.returncode == 1 and "invalid JSON" in json.loads(bad.stdout)["failed"][0]["error"]

def test_a_malformed_jsonl_line_that_is_not_the_last_or_has_its_line_break_still_fails(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [line + "\n" for line in news_records(3, seed=12)]
    (folder / "a.jsonl").write_text(lines[0] + lines[1][:40] + "\n" + lines[2])  # a bad line amid good ones
    (folder / "b.jsonl").write_text(lines[0] + lines[1][:40] + "\n")  # the last, with its line break: written whole
    proc = run_cli("ingest", str(folder), "--workers", "1", "--format", "json", "--db", str(tmp_path / "m.db"))
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert sorted(item["path"] for item in report["failed"]) == [f"{folder}/a.jsonl:2", f"{folder}/b.jsonl:2"]
    assert report["skipped"] == []


def test_gzip_on_standard_input_is_read_as_the_file_inside_it(tmp_path):
    records = "".join(line + "\n" for line in news_records(3, seed=13)).encode()
    db = str(tmp_path / "z.db")
    proc = run_cli("ingest", "-", "--workers", "1", "--format", "json", "--db", db, input=gzip.compress(records))
    assert proc.returncode == 0, proc.stderr  # before: `-: binary content, not text`
    assert json.loads(proc.stdout)["new"] == 3
    seed = sorted(SEEDS.glob("00*.txt"))[0].read_bytes()
    text = run_cli("ingest", "-", "--workers", "1", "--format", "json", "--db", db, input=gzip.compress(seed))
    assert json.loads(text.stdout)["new"] == 1
    with Store(db, readonly=True) as store:
        bodies = [row["body"] for row in store.export_articles()]
    assert len(bodies) == 4 and all("\ufffd" not in body for body in bodies)


def _noise(seed: str, length: int) -> str:
    """`length` letters and digits without repeats for a compressor to find: PostgreSQL compresses a long index
    row before it measures it, and a repetitive one passes."""
    digests = (hashlib.sha256(f"{seed} {i}".encode()).hexdigest() for i in range(length // 64 + 1))
    return "".join(digests)[:length]


def _long_word_inputs(folder: Path) -> str:
    """Texts holding a "word" thousands of characters long (a base64 image pasted in a dump), on a line of its
    own and in the text, and a record whose outlet field holds a text; the long word."""
    folder.mkdir()
    word = "Q" + _noise("word", 6000)
    seeds = sorted(SEEDS.glob("00*.txt"))
    for seed in seeds[:3]:
        text = seed.read_text()
        (folder / seed.name).write_text(text.replace("\n\n", f"\n\n{word}\n\n", 1) + f"\n{word} sumber\n")
    record = {"id": "r1", "outlet": word[:3000], "title": word[:3000], "text": seeds[3].read_text()}
    (folder / "feed.jsonl").write_text(json.dumps(record) + "\n")
    return word


@pytest.mark.postgres
def test_a_word_or_an_outlet_thousands_of_characters_long_is_stored_on_both_backends_alike(tmp_path, pg_db):
    _long_word_inputs(tmp_path / "in")
    stories = []
    for db in (str(tmp_path / "w.db"), pg_db):
        proc = run_cli("ingest", str(tmp_path / "in"), "--workers", "1", "--format", "json", "--db", db)
        # before, on PostgreSQL: exit 74, `index row size 3032 exceeds btree version 4 maximum 2704 for index
        # "outlet_lines_pkey"` (then "story_terms_pkey"), nothing stored, on every run
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["new"] == 4
        again = run_cli("ingest", str(tmp_path / "in"), "--workers", "1", "--format", "json", "--db", db)
        assert json.loads(again.stdout)["unchanged"] == 4
        assert run_cli("check", "--db", db).returncode == 0
        stories.append(json.loads(run_cli("stories", "--format", "json", "--db", db).stdout))
    assert stories[0] == stories[1] and stories[0]


@pytest.mark.postgres
def test_a_path_too_long_for_the_servers_index_is_one_line_and_the_run_goes_on(tmp_path, pg_db):
    folder = tmp_path / "in"
    deep = folder
    for i in range(14):  # 14 folders of 200 characters: a path of about 2,850 bytes (Linux allows 4,096)
        deep = deep / _noise(f"folder {i}", 200)
    deep.mkdir(parents=True)
    seeds = sorted(SEEDS.glob("00*.txt"))
    (deep / "a.txt").write_bytes(seeds[0].read_bytes())
    (folder / "b.txt").write_bytes(seeds[1].read_bytes())
    proc = run_cli("ingest", str(folder), "--workers", "1", "--format", "json", "--db", pg_db)
    assert proc.returncode == 1, proc.stderr  # before: exit 74 (`index row size … "sources_path_key"`), nothing stored
    report = json.loads(proc.stdout)
    assert report["new"] == 1
    assert [item["path"] for item in report["failed"]] == [str(deep / "a.txt")]
    assert "path too long for a PostgreSQL store" in report["failed"][0]["error"]
    assert len(proc.stderr.splitlines()) == 1
    sqlite = run_cli("ingest", str(folder), "--workers", "1", "--format", "json", "--db", str(tmp_path / "p.db"))
    assert sqlite.returncode == 0 and json.loads(sqlite.stdout)["new"] == 2  # a file store has no such limit


def test_an_error_page_saved_as_json_or_jsonl_is_named_as_markup_once(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    page = ("<!DOCTYPE html>\n<html>\n<head><title>429 Too Many Requests</title></head>\n<body>\n"
            "<h1>Too Many Requests</h1>\nSlow down.\n</body>\n</html>\n")
    (folder / "api.json").write_text(page)
    (folder / "feed.jsonl").write_text(page)
    lines = [line + "\n" for line in news_records(2, seed=14)]
    (folder / "mixed.jsonl").write_text(lines[0] + "<html><body>502 Bad Gateway</body></html>\n" + lines[1])
    proc = run_cli("ingest", str(folder), "--workers", "1", "--format", "json", "--db", str(tmp_path / "e.db"))
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["new"] == 2
    # before: `JSON is neither an object nor an array of objects`, and a `malformed JSON line` for each of the
    # page's 8 lines
    assert sorted(item["path"] for item in report["failed"]) == [
        str(folder / "api.json"), str(folder / "feed.jsonl"), f"{folder}/mixed.jsonl:2"]
    assert all("not JSON but markup" in item["error"] for item in report["failed"])
    assert len(proc.stderr.splitlines()) == 3
