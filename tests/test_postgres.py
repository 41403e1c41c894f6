"""The store on a real PostgreSQL server (127.0.0.1:5432, or $TRIAGE_TEST_POSTGRES).

Each test gets a database of its own (`pg_db`), dropped afterwards. Without a
server these tests are skipped and pytest prints why.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from corpus_tools.errors import QueryConflict
from corpus_tools.ingest import ingest as ingest_files
from corpus_tools.store import Store, StoreError
from corpus_tools.timeline import row_as_dict, timeline_from_store

from .conftest import PG_SERVER, REPO, SEEDS, run_cli
from .corpora import news_records

pytestmark = pytest.mark.postgres

ENV = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
ORIGINALS = sorted(SEEDS.glob("00[0-4]_*.txt"))  # five different stories


def ingest(*args: str, db: str, batch: int = 200) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cli", "ingest", *args, "--db", db, "--format", "json", "--quiet",
                             "--workers", "1", "--batch-size", str(batch)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, cwd=REPO)


def finished(proc: subprocess.Popen) -> dict:
    """The run's JSON summary; the run must have succeeded."""
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    return json.loads(out)


def cli_json(*args: str, db: str | Path):
    proc = run_cli(*args, "--format", "json", db=db)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def answers(target: str | Path) -> dict:
    """What the read commands show of a store (in-process: the same store methods the CLI calls)."""
    with Store(str(target), readonly=True) as store:
        shown = store.get_article(3)
        for stamp in ("ingested_at", "updated_at"):
            shown.pop(stamp)
        return {"timeline": [row_as_dict(r) for r in timeline_from_store(store, limit=100)],
                "query": [row_as_dict(r) for r in timeline_from_store(store, query="Korea Utara", limit=100)],
                "all": [row_as_dict(r) for r in timeline_from_store(store)],
                "articles": store.list_articles(), "duplicates": store.duplicate_groups(), "show": shown,
                "articles_query": store.list_articles(query="Kim Jong Un", language="id"),
                "stories": store.list_stories(), "stories_query": store.list_stories(query="Pyongyang"),
                "stories_filtered": store.list_stories(date_from="2024-11-11", min_articles=2),
                "stories_titles": store.stories_titles([s["id"] for s in store.list_stories()]),
                "export_query": [row["id"] for row in store.export_articles(query="Putin", date_from="2024-11")]}


def test_seeds_give_the_same_answers_from_postgres_as_from_sqlite(seeded_db, pg_db):
    assert finished(ingest(str(SEEDS), db=pg_db))["new"] == 8
    ours, theirs = answers(pg_db), answers(seeded_db)
    for key in theirs:
        assert ours[key] == theirs[key], key
    assert theirs["articles_query"] and theirs["export_query"] and theirs["stories_query"]  # the filters found something to compare
    assert theirs["stories_filtered"] and any(theirs["stories_titles"].values())
    assert cli_json("timeline", db=pg_db) == cli_json("timeline", db=seeded_db)
    check = run_cli("check", db=pg_db)
    assert check.returncode == 0 and "ok (8 articles)" in check.stderr, check.stderr
    again = finished(ingest(str(SEEDS), db=pg_db))
    assert (again["new"], again["unchanged"]) == (0, 8)


def _copies(folder: Path, count: int, start: int = 0) -> Path:
    """`count` files, each a copy of one of the five original stories (numbered from `start`)."""
    folder.mkdir(parents=True)
    for n in range(start, start + count):
        shutil.copy(ORIGINALS[n % len(ORIGINALS)], folder / f"story-{n:03d}.txt")
    return folder


def _stored(url: str) -> tuple[int, int, set[str], int]:
    """(articles, distinct documents, their source folders, independent stories)."""
    with Store(url, readonly=True) as store:
        rows = store.list_articles()
        return (store.count_articles(), store.count_distinct_documents(),
                {Path(r["source"]).parent.name for r in rows},
                len({r["duplicate_of"] or r["id"] for r in rows}))


def test_three_writers_at_once_one_killed_and_rerun_store_every_article_once(pg_db, tmp_path):
    parts = [_copies(tmp_path / "p0", 10, 0), _copies(tmp_path / "p1", 6, 100), _copies(tmp_path / "p2", 6, 200)]
    for n in range(3):  # overlapping folders: the same files reach two writers
        (parts[2] / f"shared-{n}.txt").symlink_to(parts[1] / f"story-{100 + n:03d}.txt")
    # The first run migrates an empty database while the others start: no writer may trip on it.
    runs = [ingest(str(part), db=pg_db, batch=2) for part in parts]
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and runs[0].poll() is None:
            try:
                if "p0" in _stored(pg_db)[2]:
                    break
            except StoreError:  # not migrated yet
                pass
            time.sleep(0.05)
        assert runs[0].poll() is None, "the first writer finished before it could be killed"
        runs[0].send_signal(signal.SIGKILL)
        assert runs[0].wait(timeout=60) == -signal.SIGKILL
        for proc in runs[1:]:  # a deadlock between them is replayed by the writer, never exit 75
            finished(proc)
    finally:
        for proc in runs:
            if proc.poll() is None:
                proc.kill()
    with Store(pg_db, readonly=True) as store:
        before = sum(1 for r in store.list_articles() if Path(r["source"]).parent.name == "p0")
    assert 0 < before < 10
    assert finished(ingest(str(parts[0]), db=pg_db))["new"] == 10 - before  # the re-run completes it
    articles, documents, folders, stories = _stored(pg_db)
    assert articles == documents == 22 and folders == {"p0", "p1", "p2"}
    assert stories == len(ORIGINALS)  # every copy joined its story's group
    check = run_cli("check", db=pg_db)
    assert check.returncode == 0, check.stderr


def _waiting_to_settle(url: str, count: int) -> None:
    """Until `count` writers wait for the shared step's lock (`lock_shared_step`)."""
    from corpus_tools.store.dialect import LOCK_SHARED
    with Store(url, readonly=True) as watcher:
        deadline = time.monotonic() + 120
        # this database's writers only: advisory locks are per database, and other tests' (or other users') writers
        # on the same server wait for the same key in theirs
        while watcher.db.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                                 "AND objid = ? AND database = (SELECT oid FROM pg_database "
                                 "WHERE datname = current_database())", (LOCK_SHARED,)).fetchone()[0] < count:
            assert time.monotonic() < deadline, f"fewer than {count} writers came to settle"
            time.sleep(0.02)


def test_two_hosts_ingesting_the_same_new_folder_at_once_report_it_stored_once(pg_db, tmp_path):
    """Host B reads the folder while host A has stored it and not settled it yet (the hashes B looked at said
    nothing of it was done): B finds every article already as it would store it. It is stored once, by A (`new`);
    B reports it `unchanged` and writes none of it again (before: B wrote every row again and reported all of them
    `updated`, of a folder no one had changed). The interleaving is made certain by holding the shared step's
    lock: A commits its batch and waits to settle it, B reads, stores and waits, then they settle in turn."""
    folder = tmp_path / "scrapes"
    folder.mkdir()
    (folder / "feed.jsonl").write_text("".join(line + "\n" for line in news_records(6, seed=3)))
    for n in range(3):
        shutil.copy(ORIGINALS[n], folder / f"story-{n}.txt")
    Store(pg_db).close()  # migrated before the two writers meet
    import psycopg

    from corpus_tools.store.dialect import LOCK_SHARED
    with psycopg.connect(pg_db, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (LOCK_SHARED,))
        runs = [ingest(str(folder), db=pg_db)]
        _waiting_to_settle(pg_db, 1)
        runs.append(ingest(str(folder), db=pg_db))
        _waiting_to_settle(pg_db, 2)
        holder.execute("SELECT pg_advisory_unlock(%s)", (LOCK_SHARED,))
    first, second = (finished(proc) for proc in runs)
    assert (first["new"], first["updated"], first["unchanged"]) == (9, 0, 0), first
    assert (second["new"], second["updated"], second["unchanged"]) == (0, 0, 9), second
    articles, documents, _, _ = _stored(pg_db)
    assert articles == documents == 9
    check = run_cli("check", db=pg_db)
    assert check.returncode == 0, check.stderr
    alone = tmp_path / "alone.db"
    assert finished(ingest(str(folder), db=str(alone)))["new"] == 9
    assert cli_json("stories", db=pg_db) == cli_json("stories", db=alone)
    assert cli_json("timeline", db=pg_db) == cli_json("timeline", db=alone)


def test_a_record_one_host_stored_is_not_removed_by_a_host_that_read_the_file_before_it_grew(pg_db, tmp_path):
    """Host A reads a JSONL file of 3 records and waits to settle them; the scraper appends a fourth; host B reads
    the 4 records, stores the new one and waits. A settles first: the fourth record is in the store and not in the
    file A read. Before (session 21) A removed it as a record gone from the file, and B then recorded the file's
    new hash as done: the record was lost, and no later run read the file again. Now A removes only what was
    stored before it read the file; the next run finds the file as stored."""
    feed = tmp_path / "feed.jsonl"
    records = [line + "\n" for line in news_records(4, seed=5)]
    feed.write_text("".join(records[:3]))
    Store(pg_db).close()  # migrated before the two writers meet
    import psycopg

    from corpus_tools.store.dialect import LOCK_SHARED
    with psycopg.connect(pg_db, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (LOCK_SHARED,))
        runs = [ingest(str(feed), db=pg_db)]
        _waiting_to_settle(pg_db, 1)
        feed.write_text("".join(records))  # the scraper appends its fourth record
        runs.append(ingest(str(feed), db=pg_db))
        _waiting_to_settle(pg_db, 2)
        holder.execute("SELECT pg_advisory_unlock(%s)", (LOCK_SHARED,))
    first, second = (finished(proc) for proc in runs)
    assert first["new"] + second["new"] == 4, (first, second)
    assert _stored(pg_db)[:2] == (4, 4)
    again = finished(ingest(str(feed), db=pg_db))
    assert (again["new"], again["unchanged"], again["removed"]) == (0, 4, 0), again
    check = run_cli("check", db=pg_db)
    assert check.returncode == 0, check.stderr


def test_copies_and_originals_ingested_by_two_writers_at_once_are_grouped(pg_db, tmp_path):
    originals, copies = tmp_path / "desk-a", tmp_path / "desk-b"
    originals.mkdir()
    copies.mkdir()
    for n, path in enumerate(ORIGINALS):
        shutil.copy(path, originals / path.name)
        text = path.read_text()  # a re-scrape: the same story with one more line
        (copies / path.name).write_text(text + "\n\nBaca juga: berita lain hari ini.\n")
    runs = [ingest(str(originals), db=pg_db, batch=1), ingest(str(copies), db=pg_db, batch=1)]
    for proc in runs:
        finished(proc)
    with Store(pg_db, readonly=True) as store:
        rows = store.list_articles()
    cluster = {(Path(r["source"]).parent.name, Path(r["source"]).name): r["duplicate_of"] or r["id"] for r in rows}
    for path in ORIGINALS:
        assert cluster[("desk-a", path.name)] == cluster[("desk-b", path.name)], path.name
    assert len(set(cluster.values())) == len(ORIGINALS)


def test_copy_to_the_server_and_back_is_whole_and_idempotent(seeded_db, pg_db, tmp_path):
    for _ in range(2):
        proc = run_cli("copy", str(seeded_db), pg_db)
        assert proc.returncode == 0, proc.stderr
    assert "0 articles copied, 8 already there" in proc.stderr
    back = tmp_path / "back.db"
    proc = run_cli("copy", pg_db, str(back))
    assert proc.returncode == 0 and "8 articles copied" in proc.stderr, proc.stderr
    expected = answers(seeded_db)
    for db in (pg_db, back):
        assert answers(db) == expected
    assert run_cli("check", db=pg_db).returncode == 0
    # the copy goes on as a store: new ids follow the copied ones
    extra = tmp_path / "extra.txt"
    extra.write_text(ORIGINALS[0].read_text() + "\nSatu kalimat lagi.\n")
    assert finished(ingest(str(extra), db=pg_db))["new"] == 1
    with Store(pg_db, readonly=True) as store:
        assert max(r["id"] for r in store.list_articles()) == 9
    # a store with articles of its own is refused, not merged
    refused = run_cli("copy", str(back), pg_db)
    assert refused.returncode == 74 and "not in" in refused.stderr and "Traceback" not in refused.stderr


def test_a_server_that_does_not_answer_is_a_one_line_error(tmp_path):
    """A server turned off (its port refuses, its socket file is gone) may be back for the next cron run: exit 75,
    as a restart under a run is (before: 74, the exit of a store that needs someone to act). A server that answers
    and refuses for good (no such database, no such role) stays 74."""
    for url in ("postgresql://postgres@127.0.0.1:1/none", f"postgresql://postgres@/none?host={tmp_path}"):
        proc = run_cli("articles", db=url)
        assert proc.returncode == 75 and "cannot connect" in proc.stderr and "try again later" in proc.stderr
        assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    (tmp_path / "a.txt").write_text(ORIGINALS[0].read_text())
    cron = run_cli("ingest", "--quiet", "--format", "json", str(tmp_path / "a.txt"),
                   db="postgresql://postgres@127.0.0.1:1/none")
    assert cron.returncode == 75 and json.loads(cron.stdout)["exit_code"] == 75, cron.stdout
    for url in (PG_SERVER.rsplit("/", 1)[0] + "/triage_no_such_database",
                PG_SERVER.replace("postgres@", "triage_no_such_role@", 1)):
        proc = run_cli("articles", db=url)
        assert proc.returncode == 74 and "cannot connect" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_a_server_whose_connections_are_all_taken_exits_75(pg_db):
    """Every connection the store's role may have is taken (its CONNECTION LIMIT, as a server's max_connections
    would be): the next run may find one free, exit 75 (before: 74)."""
    import uuid

    import psycopg
    Store(pg_db).close()
    role = f"triage_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{role}" LOGIN CONNECTION LIMIT 1')
        try:
            url = pg_db.replace("postgres@", f"{role}@", 1)
            with psycopg.connect(url):  # the one connection the role may have
                proc = run_cli("articles", db=url)
            assert proc.returncode == 75 and "too many connections" in proc.stderr, proc.stderr
            assert "try again later" in proc.stderr and "Traceback" not in proc.stderr
        finally:
            admin.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}'")
            admin.execute(f'DROP ROLE "{role}"')


def test_a_writer_the_server_picks_as_deadlock_victim_replays_its_batch(pg_db, tmp_path):
    """Two writers lock the same two sources in opposite orders: PostgreSQL breaks the deadlock
    by rolling back one transaction. Here the victim is always the ingest (the other session
    waits 60 s before it checks for deadlocks); the ingest must replay its batch and finish."""
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    shutil.copy(ORIGINALS[0], first)
    shutil.copy(ORIGINALS[1], second)
    Store(pg_db).close()  # migrated before the two writers meet
    other = Store(pg_db)
    other.db.execute("SET deadlock_timeout = '60s'")
    other_result: list[object] = []

    def other_writer_takes_the_first_source() -> None:
        try:
            other.begin_source(str(first.resolve()), 0, None)  # waits for the ingest's row
            other_result.append("stored")
        except QueryConflict as exc:
            other_result.append(exc)
        finally:
            other.rollback()

    waiter = threading.Thread(target=other_writer_takes_the_first_source)

    def after_document(count: int) -> None:
        if count != 1:
            return
        # the ingest holds the first source's row; the other writer takes the second, then
        # waits for the first: when the ingest reaches the second source, the two deadlock
        other.begin()
        other.begin_source(str(second.resolve()), 0, None)
        waiter.start()
        with Store(pg_db, readonly=True) as watcher:
            deadline = time.monotonic() + 30
            while not watcher.db.execute("SELECT count(*) FROM pg_locks WHERE NOT granted").fetchone()[0]:
                assert time.monotonic() < deadline, "the other writer never waited"
                time.sleep(0.02)

    try:
        report = ingest_files([str(first), str(second)], pg_db, workers=1, on_document=after_document)
    finally:
        waiter.join(timeout=120)
        other.close()
    assert other_result == ["stored"], other_result  # the ingest was the victim, not the other writer
    assert report.new == 2 and not report.failed
    assert _stored(pg_db)[:2] == (2, 2)
    assert run_cli("check", db=pg_db).returncode == 0


def test_a_statement_the_server_refuses_is_one_line(pg_db):
    from corpus_tools.errors import QueryError
    with Store(pg_db) as store, pytest.raises(QueryError) as refused:
        store.db.execute("SELECT nosuch FROM articles")  # the server adds LINE 1 and a caret line
    assert "nosuch" in str(refused.value) and "\n" not in str(refused.value)


def test_a_server_store_migrated_by_a_newer_triage_is_not_written_by_this_one(pg_db):
    """Several hosts write one server store: once a newer triage migrated it, a host still on this code is refused
    (exit 74, one line naming both schema numbers) instead of writing what the newer schema may not expect."""
    finished(ingest(str(ORIGINALS[0]), db=pg_db))
    with Store(pg_db) as store, store.transaction():
        latest = store.schema_version()
        store.db.execute("INSERT INTO schema_version VALUES (?, ?)", (latest + 1, "2099-01-01"))
    proc = run_cli("ingest", *map(str, ORIGINALS[1:]), "--workers", "1", db=pg_db)
    assert proc.returncode == 74, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert f"schema {latest + 1}" in lines[0] and f"({latest})" in lines[0] and "upgrade triage" in lines[0]
    assert len(cli_json("articles", db=pg_db)) == 1


def test_a_password_in_the_urls_query_string_is_never_printed(pg_db, tmp_path):
    """libpq takes `?password=` as well as `user:password@`: messages, `check` and the ingest table show neither."""
    url = pg_db + "?password=S3cretPw&application_name=triage"
    ingest = run_cli("ingest", str(SEEDS / "000_87d92e1b56b35b62.txt"), db=url)
    check = run_cli("check", db=url)
    refused = run_cli("check", db=pg_db.rsplit("/", 1)[0] + "/no_such_db_here?password=S3cretPw")
    assert ingest.returncode == 0 and check.returncode == 0 and refused.returncode != 0, (ingest.stderr, refused.stderr)
    for proc in (ingest, check, refused):
        assert "S3cretPw" not in proc.stdout + proc.stderr, proc.stderr
    assert "password=***" in check.stdout + check.stderr + refused.stderr


def test_a_rolling_feed_on_the_server_gives_the_stories_of_a_fresh_ingest(pg_db, tmp_path):
    """A rolling JSONL feed (newest first, the oldest dropped): every line's article changes and leaves its story
    (`stories.release`), and the stories are a fresh ingest's; a line deleted (the lines below move up, the last
    is removed): the story its article stays in is made again from it. The server as SQLite, step by step."""
    records = [json.dumps({"id": path.stem, "text": path.read_text()}) + "\n" for path in ORIGINALS]
    feed, here, fresh = tmp_path / "latest.jsonl", tmp_path / "t.db", tmp_path / "fresh.db"

    def content(db) -> list[dict]:
        return sorted(({k: v for k, v in s.items() if k != "id"} for s in cli_json("stories", db=db)), key=json.dumps)

    def groups(db) -> list[dict]:
        return [{k: v for k, v in s.items() if k != "terms"} for s in content(db)]

    def both(lines: list[str]) -> dict:
        feed.write_text("".join(lines))
        report = finished(ingest(str(feed), db=pg_db))
        assert finished(ingest(str(feed), db=str(here))) == report
        assert content(pg_db) == content(here)
        return report

    assert both(records[1:5])["new"] == 4
    report = both(records[:4])
    assert (report["new"], report["unchanged"], report["removed"], report["duplicates"]) == (1, 3, 1, 0)
    assert finished(ingest(str(feed), db=str(fresh)))["new"] == 4
    # the groups a fresh ingest makes; a story that kept articles and lost one weighs its terms by the counts of
    # the store as it is now (docs/stories.md, limits): the same words, maybe not the same first six
    assert groups(pg_db) == groups(fresh)
    edited = [json.dumps({**json.loads(r), "text": json.loads(r)["text"] + "\nDiperbarui."}) + "\n"
              for r in records[:4]]  # each record changed where it stands: each article leaves its story
    report = both(edited)
    assert (report["updated"], report["duplicates"]) == (4, 0)
    fresh.unlink()
    assert finished(ingest(str(feed), db=str(fresh)))["new"] == 4
    assert groups(pg_db) == groups(fresh)
    report = both(edited[:1] + edited[2:4])
    assert (report["unchanged"], report["updated"], report["removed"]) == (3, 0, 1)
    assert sum(s["articles"] for s in content(pg_db)) == 3


def test_a_writer_whose_server_restarts_exits_75_and_the_next_run_catches_up(pg_db, tmp_path):
    """A server restart (or an administrator's terminate) ends the writer's connection with SQLSTATE 57P01: that is
    temporary, exit 75 with one line saying so, as a cron job's next run reconnects and finishes the job (was: exit
    74, "alert", for a routine restart of the shared server)."""
    import psycopg
    folder = _copies(tmp_path / "in", 60)
    run = ingest(str(folder), db=pg_db, batch=2)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and run.poll() is None:
            try:
                if _stored(pg_db)[0] >= 4:
                    break
            except StoreError:  # not migrated yet
                pass
            time.sleep(0.05)
        assert run.poll() is None, "the writer finished before its connection could be ended"
        with psycopg.connect(pg_db, autocommit=True) as admin:  # what a restart's fast shutdown does to each session
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = current_database() AND application_name = 'triage'")
        out, err = run.communicate(timeout=120)
    finally:
        if run.poll() is None:
            run.kill()
    lines = err.decode().strip().splitlines()
    assert run.returncode == 75, err.decode()
    assert len(lines) == 1 and "store unavailable" in lines[0] and "next run catches up" in lines[0], lines
    assert "Traceback" not in err.decode()
    before = _stored(pg_db)[0]
    assert 0 < before < 60
    assert finished(ingest(str(folder), db=pg_db))["new"] == 60 - before  # the next run completes it
    articles, documents, _, stories = _stored(pg_db)
    assert articles == documents == 60 and stories == len(ORIGINALS)
    assert run_cli("check", db=pg_db).returncode == 0
