"""A reviewer's cron-job and shared-store findings (session 18): input that crashed every run, output that
could not be written, `check` during a healthy ingest. Real files, the CLI as a subprocess, real stores."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus_tools.store import Store

from .conftest import REPO, SEEDS, run_cli

_TEXT = ("Jakarta - Gubernur meresmikan taman kota baru pada Senin (3/3/2025). Warga menyambut baik taman itu "
         "dan berharap taman {} dirawat dengan baik oleh pemerintah kota.")


def _surrogate_inputs(folder: Path) -> None:
    """A record cut through an emoji in each reader: JSONL, a JSON array, and every text field."""
    folder.mkdir()
    # written by hand: json.dumps would escape the backslash; "\\ud83d" in the file is JSON's escape
    (folder / "cut.jsonl").write_text(
        '{"id": "a", "text": "' + _TEXT.format("kota") + ' \\ud83d"}\n'
        '{"id": "b\\udc00", "title": "Judul \\ud83d", "url": "https://x.example/b\\ud800", "outlet": "X\\udfff",'
        ' "text": "' + _TEXT.format("baru") + '"}\n'
        '{"id": "c", "text": "' + _TEXT.format("itu") + ' \\ud83d\\ude00"}\n')
    (folder / "cut.json").write_text('[{"id": "d", "text": "' + _TEXT.format("ini") + ' \\udbff"}]')


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_lone_surrogate_in_a_record_becomes_the_replacement_character_and_the_record_is_kept(
        tmp_path, backend, request):
    _surrogate_inputs(tmp_path / "in")
    db = request.getfixturevalue("pg_db") if backend == "postgres" else str(tmp_path / "s.db")
    proc = run_cli("ingest", str(tmp_path / "in"), "--workers", "1", "--format", "json", "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert json.loads(proc.stdout)["new"] == 4
    with Store(db, readonly=True) as store:
        rows = {row["external_id"]: row for row in store.export_articles()}
    assert set(rows) == {"a", "b\ufffd", "c", "d"}
    assert rows["a"]["body"].rstrip().endswith("kota. \ufffd")
    assert rows["b\ufffd"]["title"] == "Judul \ufffd" and rows["b\ufffd"]["url"] == "https://x.example/b\ufffd"
    assert "\ufffd" in rows["d"]["body"]
    assert rows["c"]["body"].rstrip().endswith("\U0001f600")  # a whole pair is the emoji, as before
    again = run_cli("ingest", str(tmp_path / "in"), "--workers", "1", "--format", "json", "--db", db)
    assert again.returncode == 0 and json.loads(again.stdout)["new"] == 0  # read the same way each run


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_file_name_that_is_not_utf8_is_stored_and_reported_readably(tmp_path, backend, request):
    folder = tmp_path / "in"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("00[0-2]_*.txt"))
    for seed in seeds[:2]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    bad = os.fsencode(folder) + b"/zz\xffname.txt"
    with open(bad, "wb") as out:
        out.write(seeds[2].read_bytes())
    with open(os.fsencode(folder) + b"/b\xfe\nd.txt", "wb") as out:  # not UTF-8, a newline, and no text
        out.write(b"\x00\x01\x02\x03 binary")
    db = request.getfixturevalue("pg_db") if backend == "postgres" else str(tmp_path / "n.db")
    proc = run_cli("ingest", str(folder), "--workers", "1", "--format", "json", "--db", db)
    assert "Traceback" not in proc.stderr
    report = json.loads(proc.stdout)
    assert report["new"] == 3
    assert [item["path"] for item in report["failed"]] == [f"{folder}/b\\xfe\\nd.txt"]
    assert [line.split(": ")[0] for line in proc.stderr.splitlines()] == [f"{folder}/b\\xfe\\nd.txt"]  # one line
    with Store(db, readonly=True) as store:
        sources = {row["source"] for row in store.export_articles()}
    assert f"{folder.resolve()}/zz\\xffname.txt" in sources
    again = run_cli("ingest", str(folder), "--workers", "1", "--format", "json", "--db", db)
    assert json.loads(again.stdout)["unchanged"] == 3  # the same key each run: not read as new



def _run_to(args: list[str], store: Path, closed: bool) -> subprocess.CompletedProcess:
    """The CLI with stdout on /dev/full, or closed (`>&-`: the child has no descriptor 1)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "COLUMNS": "200"}
    command = [sys.executable, "-m", "cli", *args, "--db", str(store)]
    if closed:
        return subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", *command], stderr=subprocess.PIPE, env=env,
                              cwd=REPO, timeout=120, text=True)
    with open("/dev/full", "w") as full:
        return subprocess.run(command, stdout=full, stderr=subprocess.PIPE, env=env, cwd=REPO, timeout=120,
                              text=True)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("closed", [False, True], ids=["full", "closed"])
def test_output_that_cannot_be_written_is_one_line_and_exit_73_and_the_store_keeps_its_work(
        tmp_path, seeded_db, closed):
    store = tmp_path / "copy.db"
    store.write_bytes(seeded_db.read_bytes())
    before = run_cli("check", db=store)
    assert before.returncode == 0, before.stderr
    with Store(store, readonly=True) as reader:
        stored = reader.count_articles()
    folder = tmp_path / "in"
    _surrogate_inputs(folder)
    reason = "standard output is closed" if closed else "No space left on device"
    for args in (["timeline"], ["timeline", "--format", "json"], ["export"], ["articles"], ["show", "1"],
                 ["ingest", str(folder), "--workers", "1", "--format", "json"]):
        proc = _run_to(args, store, closed)
        assert proc.returncode == 73, (args, proc.stderr)
        assert proc.stderr.splitlines() == [f"triage: cannot write the output: {reason}"], (args, proc.stderr)
    with Store(store, readonly=True) as reader:  # the ingest's articles were committed before its report failed
        assert reader.count_articles() == stored + 4
    after = run_cli("check", db=store)
    assert after.returncode == 0, after.stderr


def _sql(db: str, statement: str) -> None:
    if db.startswith("postgresql://"):
        import psycopg
        with psycopg.connect(db, autocommit=True) as connection:
            connection.execute(statement)
    else:
        import sqlite3
        with sqlite3.connect(db) as connection:
            connection.execute(statement)
        connection.close()


def _unsettle(db: str) -> None:
    """Every article of the store between its two steps, as a writer killed between them leaves it: its
    sources unfinished (hash '': a source is recorded as finished only once its articles are settled)."""
    _sql(db, "UPDATE articles SET story_id = NULL")
    _sql(db, "UPDATE sources SET content_hash = ''")


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_check_passes_unsettled_articles_while_an_ingest_runs_and_fails_them_after(
        tmp_path, backend, request, seeded_db):
    if backend == "postgres":
        db = request.getfixturevalue("pg_db")
        assert run_cli("ingest", str(SEEDS), "--workers", "1", "--quiet", "--db", db).returncode == 0
    else:
        db = str(tmp_path / "u.db")
        Path(db).write_bytes(seeded_db.read_bytes())
    _unsettle(db)
    alone = run_cli("check", "--db", db)
    assert alone.returncode == 1 and "not settled" in alone.stderr  # no writer: a failure, as before
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    # a real ingest, holding the store as any does, waiting on its stdin until the test lets it go
    writer = subprocess.Popen([sys.executable, "-m", "cli", "ingest", "-", "--quiet", "--workers", "1",
                               "--db", db], stdin=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO)
    try:
        deadline = time.monotonic() + 90
        while True:
            during = run_cli("check", "--db", db)
            if during.returncode == 0 or time.monotonic() > deadline or writer.poll() is not None:
                break
            time.sleep(0.3)
        assert during.returncode == 0, during.stderr
        assert "being written by a running ingest" in during.stderr
    finally:
        writer.communicate(b"", timeout=120)
    after = run_cli("check", "--db", db)
    assert after.returncode == 1 and "no ingest is running now" in after.stderr


def _held(lock: Path) -> bool:
    """Whether some process holds `flock` on `lock` (asked with a shared, non-blocking lock of our own)."""
    import fcntl
    try:
        fd = os.open(lock, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def test_a_symlink_to_the_store_takes_the_same_lock(tmp_path):
    db = tmp_path / "sl.db"
    link = tmp_path / "sl-link.db"
    link.symlink_to(db.name)
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    writer = subprocess.Popen([sys.executable, "-m", "cli", "ingest", "-", "--quiet", "--db", str(db)],
                              stdin=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO)
    try:
        deadline = time.monotonic() + 60
        while not _held(tmp_path / "sl.db.lock") and time.monotonic() < deadline and writer.poll() is None:
            time.sleep(0.2)
        second = run_cli("ingest", str(SEEDS), "--quiet", "--workers", "1", db=link)
    finally:
        writer.communicate(b"", timeout=120)
    assert second.returncode == 75, second.stderr  # busy: the other name's writer holds the store
    assert "another `triage ingest` is writing to this store" in second.stderr


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_unsettled_articles_of_a_file_that_is_gone_are_removed_by_the_next_ingest(tmp_path, backend, request):
    from .corpora import news_records
    gone, kept = tmp_path / "gone", tmp_path / "kept"
    gone.mkdir()
    kept.mkdir()
    (gone / "feed.jsonl").write_text("".join(line + "\n" for line in news_records(6, seed=3)))
    (kept / "other.jsonl").write_text("".join(line + "\n" for line in news_records(4, seed=4)))
    db = request.getfixturevalue("pg_db") if backend == "postgres" else str(tmp_path / "g.db")
    assert run_cli("ingest", str(gone), str(kept), "--workers", "1", "--quiet", "--db", db).returncode == 0
    # as a writer killed between a batch's two steps leaves the file: the last 3 of its records unsettled,
    # the file unfinished; in the other file too (its file stays: the next run redoes it)
    _sql(db, "UPDATE articles SET story_id = NULL, record_hash = NULL "
             "WHERE source_line > 3 OR source_line > 2 AND doc_key LIKE '%other%'")
    _sql(db, "UPDATE sources SET content_hash = ''")
    assert run_cli("check", "--db", db).returncode == 1
    (gone / "feed.jsonl").unlink()
    proc = run_cli("ingest", str(kept), "--workers", "1", "--format", "json", "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["removed"] == 3  # the gone file's unsettled ones, not the other file's
    check = run_cli("check", "--db", db)
    assert check.returncode == 0, check.stderr
    with Store(db, readonly=True) as store:
        rows = list(store.export_articles())
    by_source = {}
    for row in rows:
        by_source.setdefault(Path(row["source"]).name, set()).add(row["source_line"])
    assert by_source == {"feed.jsonl": {1, 2, 3}, "other.jsonl": {1, 2, 3, 4}}  # the settled ones kept


def test_glob_may_be_given_several_times_and_any_of_them_matches(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("00[0-2]_*.txt"))
    (folder / "a.txt").write_bytes(seeds[0].read_bytes())
    (folder / "b.text").write_bytes(seeds[1].read_bytes())
    (folder / "c.htm").write_bytes(b"<html><body><p>" + seeds[2].read_bytes() + b"</p></body></html>")
    proc = run_cli("ingest", str(folder), "--glob", "*.txt", "--glob", "*.text", "--workers", "1",
                   "--format", "json", db=tmp_path / "g.db")
    assert proc.returncode == 0, proc.stderr
    with Store(tmp_path / "g.db", readonly=True) as store:
        names = {Path(row["source"]).name for row in store.export_articles()}
    assert names == {"a.txt", "b.text"}  # both patterns (before: only the last one given, b.text)



def test_a_glob_that_matches_no_file_of_a_folder_says_so_and_the_run_carries_on(tmp_path):
    """A pattern mistyped in a crontab (`--glob '*.jsn'`) read nothing and said nothing, exit 0, every hour."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(sorted(SEEDS.glob("00[0-2]_*.txt"))[0].read_bytes())
    (folder / "b.txt").write_bytes(sorted(SEEDS.glob("00[0-2]_*.txt"))[1].read_bytes())
    proc = run_cli("ingest", str(folder), "--glob", "*.jsn", "--workers", "1", "--format", "json",
                   db=tmp_path / "g.db")
    assert proc.returncode == 0, proc.stderr  # nothing failed: an empty match is not an error
    [skipped] = json.loads(proc.stdout)["skipped"]
    assert skipped["path"] == str(folder) and "'*.jsn'" in skipped["error"] and "2 other files" in skipped["error"]
    assert str(folder) in proc.stderr and "'*.jsn'" in proc.stderr
    matching = run_cli("ingest", str(folder), "--glob", "a.*", "--workers", "1", "--format", "json",
                       db=tmp_path / "g.db")
    assert matching.returncode == 0 and json.loads(matching.stdout)["skipped"] == []  # one match: no note

def test_a_store_whose_shm_file_is_left_read_only_is_named_in_the_message(tmp_path, seeded_db):
    from .test_reliability import _unprivileged_prefix
    prefix = _unprivileged_prefix(tmp_path)
    store = tmp_path / "t.db"
    store.write_bytes(seeded_db.read_bytes())
    store.chmod(0o444)
    reader = run_cli("articles", db=store)  # a reader of the read-only store: SQLite makes -wal/-shm 0444
    assert reader.returncode == 0, reader.stderr
    shm = Path(f"{store}-shm")
    assert shm.exists() and not shm.stat().st_mode & 0o222
    store.chmod(0o644)
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    proc = subprocess.run([*prefix, sys.executable, "-m", "cli", "ingest", str(SEEDS), "--quiet", "--workers", "1",
                           "--db", str(store)], capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert proc.returncode == 74, proc.stderr
    assert "attempt to write a readonly database" in proc.stderr
    assert f"{shm} " in proc.stderr and "not writable" in proc.stderr  # the file to fix is named


def test_a_number_too_long_for_python_fails_its_line_in_words_a_user_reads(tmp_path):
    """A 5,000-digit number in a JSONL record: the line's message was Python's advice cut mid-word
    ("… use sys.set_int_max_str_digits() t)"); the other records are stored."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"title": "a", "text": "A story about what happened in Jakarta on Monday."})[:-1]
                    + ', "n": ' + "9" * 5000 + "}\n"
                    + json.dumps({"title": "b", "text": "Another story about what happened in Jakarta on Tuesday."})
                    + "\n")
    proc = run_cli("ingest", str(feed), "--workers", "1", "--format", "json", db=tmp_path / "n.db")
    assert proc.returncode == 1  # a failed line, as any malformed line
    [failed] = json.loads(proc.stdout)["failed"]
    assert failed["path"] == f"{feed}:1"
    assert failed["error"] == "malformed JSON line (a number of 5000 digits, more than Python reads)"
    with Store(tmp_path / "n.db", readonly=True) as store:
        assert [row["title"] for row in store.export_articles()] == ["b"]


def test_a_long_reason_is_cut_at_a_word_not_inside_one():
    from corpus_tools.read import _short
    said = _short(ValueError("word " * 40))
    assert said.endswith("…") and len(said) <= 121 and said[:-1].split(" ")[-1] == "word"
    assert _short(ValueError("short reason")) == "short reason"


@pytest.mark.postgres
def test_a_read_only_role_on_a_store_from_an_older_triage_is_told_who_can_migrate_it(pg_db):
    """An editor's machine upgraded before the cron host: the reader's migration is refused by the server (a
    read-only role, docs/shared-store.md). Before, the line was the server's `permission denied for schema public`
    alone; now it says the schema and what to run. Once the writer migrates it, the same reader reads it."""
    import uuid

    import psycopg
    seed = SEEDS / "000_87d92e1b56b35b62.txt"
    assert run_cli("ingest", str(seed), "--workers", "1", "--db", pg_db).returncode == 0
    with psycopg.connect(pg_db, autocommit=True) as admin:  # as a store one migration behind says it is
        latest = admin.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        admin.execute("DELETE FROM schema_version WHERE version = %s", (latest,))
        role = f"triage_read_{uuid.uuid4().hex[:8]}"
        admin.execute(f"CREATE ROLE {role} LOGIN")
        admin.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        admin.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
        admin.execute(f"REVOKE CREATE ON SCHEMA public FROM PUBLIC, {role}")
    reader = pg_db.replace("://postgres@", f"://{role}@")
    try:
        for args in (["timeline"], ["articles"], ["check"]):
            proc = run_cli(*args, "--db", reader)
            assert proc.returncode == 74, (args, proc.stderr)
            assert proc.stderr.splitlines() == [
                f"triage: {reader}: store is at schema {latest - 1}, this triage needs {latest}, and this reader "
                "cannot migrate it (permission denied for schema public): run `triage ingest` once as a user or "
                "role that writes the store (an empty folder will do), then read"], proc.stderr
        with psycopg.connect(pg_db, autocommit=True) as admin:  # migrated again (its tables are there: the row
            admin.execute("INSERT INTO schema_version VALUES (%s, 'x')", (latest,))  # alone is put back)
        assert run_cli("articles", "--db", reader).returncode == 0
    finally:
        with psycopg.connect(pg_db, autocommit=True) as admin:
            admin.execute(f"DROP OWNED BY {role}")
            admin.execute(f"DROP ROLE {role}")
