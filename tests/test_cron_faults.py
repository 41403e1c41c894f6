"""An operator's faults for a cron job (session 22): what scrapers leave behind, an operator's stop while another
host holds the shared step, a connection to a server that goes quiet. Real files, the CLI as a subprocess, real
signals, real SQLite files and the real PostgreSQL server."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest

from corpus_tools.store import Store

from .conftest import REPO, SEEDS, run_cli
from .corpora import news_records

ENV = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "PYTHONFAULTHANDLER": "1"}


def test_files_and_records_without_a_word_are_refused_with_their_reason_and_the_rest_stored(tmp_path):
    """A scraper's placeholder (one byte, a dot or two, white space of another script) is no article. Before (session
    22) a 1-byte file and a record whose text was one letter were stored as articles in language `und`, and a file
    of no-break or ideographic spaces was skipped as `nothing left after removing clutter`."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_bytes(b"x")
    (folder / "dots.txt").write_bytes(b"...\n--\n")
    (folder / "nbsp.txt").write_bytes("\u00a0\u00a0\n\t\u3000\n".encode())
    (folder / "bom.txt").write_bytes("\ufeff \n".encode())
    (folder / "feed.jsonl").write_text('{"id": "a", "text": "x"}\n{"id": "b", "text": "7"}\n'
                                       + json.dumps({"id": "c", "text": sorted(SEEDS.glob("00[0-4]_*.txt"))[0].read_text()})
                                       + "\n")
    db = tmp_path / "t.db"
    proc = run_cli("ingest", str(folder), "--workers", "1", "--format", "json", "--quiet", db=db)
    assert proc.returncode == 1, proc.stderr  # the files failed: their scrapers wrote nothing to store
    assert "Traceback" not in proc.stderr
    report = json.loads(proc.stdout)
    failed = {Path(entry["path"]).name: entry["error"] for entry in report["failed"]}
    skipped = {Path(entry["path"]).name: entry["error"] for entry in report["skipped"]}
    assert failed == {"one.txt": "no words: the file is 1 character ('x')",
                      "dots.txt": "no words: the file is 5 characters ('...--')",
                      "nbsp.txt": "empty file (white space only)", "bom.txt": "empty file (white space only)"}
    assert skipped == {"feed.jsonl:1": "no words: the record's text is 1 character ('x')",
                       "feed.jsonl:2": "no words: the record's text is 1 character ('7')"}
    for name, reason in {**failed, **skipped}.items():  # one line each on stderr, naming the file (and line)
        assert f"{folder / name}: {reason}" in proc.stderr.splitlines()
    assert report["new"] == 1 and report["languages"] == {"id": 1}
    with Store(str(db), readonly=True) as store:
        assert [row["external_id"] for row in store.export_articles()] == ["c"]


def _ingest(*args: str, db: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cli", "ingest", *args, "--db", db, "--format", "json", "--quiet",
                             "--workers", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, cwd=REPO)


@contextlib.contextmanager
def _ingesting(*args: str, db: str) -> Iterator[subprocess.Popen]:
    """`_ingest`'s process, killed and reaped if it still runs when the block ends (a failed wait, a hang)."""
    proc = _ingest(*args, db=db)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _waiting_for_the_shared_step(url: str) -> None:
    from corpus_tools.store.dialect import LOCK_SHARED
    with Store(url, readonly=True) as watcher:
        deadline = time.monotonic() + 120
        while not watcher.db.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                                     "AND objid = ? AND database = (SELECT oid FROM pg_database "
                                     "WHERE datname = current_database())", (LOCK_SHARED,)).fetchone()[0]:
            assert time.monotonic() < deadline, "the writer never came to settle"
            time.sleep(0.02)


def _stopped(proc):
    """The operator's stop (SIGTERM) of a running ingest, waited for: its stdout, stderr and the seconds from the
    signal to its end. Still running `STOP_PATIENCE` + 50 s later (before session 22: waiting for the other host up
    to the 5-minute lock timeout), faulthandler's dump (PYTHONFAULTHANDLER) of where it waits fails the test."""
    from corpus_tools.store.dialect import STOP_PATIENCE
    stopped = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        out, err = proc.communicate(timeout=STOP_PATIENCE + 50)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGABRT)
        raise AssertionError(f"still running: {proc.communicate(timeout=30)[1].decode()[-3000:]}") from None
    return out, err, time.monotonic() - stopped


@pytest.mark.postgres
def test_a_stop_while_another_host_holds_the_shared_step_ends_the_run_within_its_patience(pg_db, tmp_path):
    """Host A's ingest has stored its batch and waits for the shared step, which host B holds (a long settle, or a
    B stuck); the operator stops A (SIGTERM: cron's stop, systemd, timeout(1)). A waits `STOP_PATIENCE` more, then
    ends, exit 130, its batch stored and not settled, said on stderr; the next run settles it. Before (session 22),
    the first SIGTERM waited for B up to the lock timeout, 5 minutes."""
    import psycopg

    from corpus_tools.store.dialect import LOCK_SHARED, STOP_PATIENCE
    folder = tmp_path / "scrapes"
    folder.mkdir()
    for n, seed in enumerate(sorted(SEEDS.glob("00[0-2]_*.txt"))):
        shutil.copy(seed, folder / f"story-{n}.txt")
    Store(pg_db).close()  # migrated before the writers meet
    with psycopg.connect(pg_db, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (LOCK_SHARED,))  # host B, in its shared step
        with _ingesting(str(folder), db=pg_db) as proc:
            _waiting_for_the_shared_step(pg_db)
            time.sleep(1.5)  # well into the wait
            out, err, took = _stopped(proc)
        print(f"stopped in {took:.1f} s")
        assert proc.returncode == 130, err
        assert took < STOP_PATIENCE + 40  # the patience, then the workers' own grace (10 s) on a loaded machine
        report = json.loads(out)
        assert report["interrupted"] and report["new"] == 0
        lines = err.decode().splitlines()
        assert "Traceback" not in err.decode()
        assert ("triage: the last batch (3 articles) is stored but not settled: another writer held the shared step "
                f"for more than {STOP_PATIENCE:.0f} s after the stop; the next ingest settles it") in lines
        check = run_cli("check", db=pg_db)  # no ingest runs now: the batch a stopped run left is named
        assert check.returncode == 1 and "3 articles stored but not settled" in check.stderr, check.stderr
        holder.execute("SELECT pg_advisory_unlock(%s)", (LOCK_SHARED,))
    again = _ingest(str(folder), db=pg_db)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    assert json.loads(out)["new"] + json.loads(out)["updated"] + json.loads(out)["unchanged"] == 3
    check = run_cli("check", db=pg_db)
    assert check.returncode == 0, check.stderr


def _socket_keepalives(raw) -> tuple[int, int, int, int, int]:
    """What the kernel holds for the client's end of a psycopg connection: SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL,
    TCP_KEEPCNT, TCP_USER_TIMEOUT."""
    import socket
    sock = socket.socket(fileno=raw.pgconn.socket)
    try:
        return (sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE),
                *(sock.getsockopt(socket.IPPROTO_TCP, option) for option in
                  (socket.TCP_KEEPIDLE, socket.TCP_KEEPINTVL, socket.TCP_KEEPCNT, socket.TCP_USER_TIMEOUT)))
    finally:
        sock.detach()  # libpq's socket: not closed here


@pytest.mark.postgres
def test_a_server_connection_finds_a_vanished_peer_in_about_a_minute_at_both_ends(pg_db):
    """A cron run waiting for an answer on a connection whose network dropped (no reset, no word: a half-open
    connection) must not hang; nor may the server keep a lost writer host's session, and the shared step's lock it
    held, while every other host's run waits. Both ends of a store's connection probe an idle peer after 30 s, 3
    times 10 s apart, and give up on data unacknowledged for 60 s. Before (session 22) libpq's keepalives used the
    kernel's idle time (2 hours) and the server's its own (2 hours, by default). A URL's own values win."""
    from corpus_tools.store.dialect import connect
    for readonly in (False, True):
        db = connect(pg_db, readonly=readonly)
        try:
            assert _socket_keepalives(db.raw) == (1, 30, 10, 3, 60000)
            assert [db.execute(f"SHOW {name}").fetchone()[0] for name in
                    ("tcp_keepalives_idle", "tcp_keepalives_interval", "tcp_keepalives_count", "tcp_user_timeout")
                    ] == ["30", "10", "3", "60000"]  # the server's end of the same connection (seconds; ms)
        finally:
            db.close()
    separator = "&" if "?" in pg_db else "?"
    db = connect(f"{pg_db}{separator}keepalives_idle=7&tcp_user_timeout=20000")
    try:
        assert _socket_keepalives(db.raw) == (1, 7, 10, 3, 20000)
    finally:
        db.close()


@pytest.mark.postgres
def test_a_stop_while_the_end_step_waits_for_another_host_ends_the_run_within_its_patience(pg_db, tmp_path):
    """A run whose batches are settled has only its end step left (the per-date aggregates and the stored timeline,
    in a process of its own), and that waits for another host's shared step; the operator stops the run. The end
    step gets `STOP_PATIENCE`, then is killed: exit 130, every article settled (`check` exit 0), the timeline
    answered from the store; the next run rebuilds what it did not. Before (session 22), the stopped run waited for
    the end step, which waited for the other host up to the lock timeout, 5 minutes. The store is left as a host
    killed between its last settled batch and its end step leaves it (`note_changes`: the aggregates out of date),
    so that the run has nothing to settle and goes straight to its end step."""
    import psycopg

    from corpus_tools.store.dialect import LOCK_SHARED, STOP_PATIENCE
    folder = tmp_path / "scrapes"
    folder.mkdir()
    for n, seed in enumerate(sorted(SEEDS.glob("00[0-2]_*.txt"))):
        shutil.copy(seed, folder / f"story-{n}.txt")
    first = _ingest(str(folder), db=pg_db)
    assert first.wait(timeout=300) == 0, first.stderr.read().decode()
    with Store(pg_db) as store, store.transaction():
        store.note_changes()
    with psycopg.connect(pg_db, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (LOCK_SHARED,))  # host B, in its shared step
        with _ingesting(str(folder), db=pg_db) as proc:
            _waiting_for_the_shared_step(pg_db)
            time.sleep(1.5)
            out, err, took = _stopped(proc)
        assert proc.returncode == 130, err
        assert took < STOP_PATIENCE + 40
        report = json.loads(out)
        assert report["interrupted"] and report["unchanged"] == 3 and report["new"] == 0, report
        assert "Traceback" not in err.decode()
        with Store(pg_db, readonly=True) as store:
            assert not store.aggregates_fresh()  # the end step did not finish
        check = run_cli("check", db=pg_db)
        assert check.returncode == 0, check.stderr
        timeline = run_cli("timeline", "--format", "json", db=pg_db)
        assert timeline.returncode == 0 and json.loads(timeline.stdout), timeline.stderr
        holder.execute("SELECT pg_advisory_unlock(%s)", (LOCK_SHARED,))
    again = _ingest(str(folder), db=pg_db)
    assert again.wait(timeout=300) == 0, again.stderr.read().decode()
    with Store(pg_db, readonly=True) as store:
        assert store.aggregates_fresh()


@pytest.mark.postgres
def test_a_stop_while_the_writer_waits_for_a_row_another_host_holds_ends_the_run_as_a_second_signal_would(
        pg_db, tmp_path):
    """Two hosts ingest one folder: host B's open batch holds the row of a file host A reads again, and A's upsert
    waits for it (as long as B's batch takes: up to the 5-minute lock timeout). The operator stops A: `STOP_PATIENCE`
    (and 2 s) later the statement is cancelled and the run ends as at a second signal, exit 130, the batch in
    progress rolled back, nothing stored lost; the next run stores the file. Before (session 22), the stopped run
    waited for B's row."""
    import psycopg

    from corpus_tools.store.dialect import STOP_PATIENCE
    feed = tmp_path / "feed.jsonl"
    records = [line + "\n" for line in news_records(4, seed=7)]
    feed.write_text("".join(records[:3]))
    first = _ingest(str(feed), db=pg_db)
    assert first.wait(timeout=300) == 0, first.stderr.read().decode()
    feed.write_text("".join(records))  # the scraper appends a record: the file is read again
    with psycopg.connect(pg_db) as holder:  # host B's open batch, holding the file's row
        holder.execute("SELECT id FROM sources WHERE path LIKE %s FOR UPDATE", ("%feed.jsonl",))
        with _ingesting(str(feed), db=pg_db) as proc:
            with psycopg.connect(pg_db, autocommit=True) as watcher:
                deadline = time.monotonic() + 120
                while not watcher.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                          "AND application_name = 'triage' AND wait_event_type = 'Lock'"
                                          ).fetchone()[0]:
                    assert time.monotonic() < deadline and proc.poll() is None, "the writer never waited for the row"
                    time.sleep(0.02)
            out, err, took = _stopped(proc)
        holder.rollback()
    assert proc.returncode == 130, err
    assert STOP_PATIENCE <= took < STOP_PATIENCE + 40
    assert "Traceback" not in err.decode()
    report = json.loads(out)
    assert report["interrupted"] and report["new"] == 0, report
    with Store(pg_db, readonly=True) as store:
        assert len(store.list_articles()) == 3
    check = run_cli("check", db=pg_db)
    assert check.returncode == 0, check.stderr
    again = _ingest(str(feed), db=pg_db)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    assert json.loads(out)["new"] == 1


def test_libpqs_own_words_stay_english_in_triages_process_whatever_the_users_locale():
    """Which refused connections are temporary (exit 75) is read from libpq's words (`_TURNED_AWAY`: it gives no
    SQLSTATE for a failed connect). libpq translates them, and the C library's "Connection refused", by the
    process's LC_MESSAGES: Python sets LC_CTYPE alone at start, and this checks that nothing the CLI, the ingest and a
    server store import sets LC_MESSAGES from the user's environment (a dependency calling setlocale(LC_ALL, "")
    would turn a routine restart's exit 75 into 74 for a user whose locale is not English)."""
    code = ("import locale\nimport cli.app, cli.launch, corpus_tools.ingest, corpus_tools.timeline\n"
            "import corpus_tools.extract.html, corpus_tools.store.dialect\n"
            "try:\n    import psycopg\nexcept ImportError:\n    pass\n"
            "print(locale.setlocale(locale.LC_MESSAGES))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120,
                          env={**ENV, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "LANGUAGE": "de"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "C"
