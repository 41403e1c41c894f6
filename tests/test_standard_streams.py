"""Standard streams a cron job or a script leaves odd (session 20): a stderr whose reader is gone
(`triage ingest DIR 2>&1 | head`), a stderr on a full disk (`2>> /var/log/…` with /var/log full), a closed
stderr or stdin (`2>&-`, `<&-`). Messages are for a reader; none of these may stop the work or lose it.
Real files, the CLI as a subprocess, a real SQLite store read back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_tools.store import Store

from .conftest import REPO, SEEDS, run_cli
from .corpora import news_records, news_text
from .test_reliability import _try_tmpfs

ARTICLES = 3


def _folder(tmp_path: Path) -> Path:
    """An empty file first (its `PATH: reason` line is the run's first write to stderr), then three articles."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "000_empty.txt").write_text("")
    for number in range(ARTICLES):
        (folder / f"{number + 1:03d}.txt").write_text(news_text(number, seed=20), encoding="utf-8")
    return folder


def _run(args: list[str], stderr: str) -> subprocess.CompletedProcess:
    """The CLI with its stderr (or stdin) as `stderr` says: "gone" (a pipe whose reader has exited), "full"
    (/dev/full), "closed" (no descriptor 2), "stdin-closed" (no descriptor 0; stderr captured)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "COLUMNS": "200"}
    command = [sys.executable, "-m", "cli", *args]
    run = {"stdout": subprocess.PIPE, "env": env, "cwd": REPO, "timeout": 120, "text": True}
    if stderr == "gone":
        reader, writer = os.pipe()
        os.close(reader)
        try:
            return subprocess.run(command, stderr=writer, **run)
        finally:
            os.close(writer)
    if stderr == "full":
        with open("/dev/full", "w") as full:
            return subprocess.run(command, stderr=full, **run)
    closing = "2>&-" if stderr == "closed" else "<&-"
    return subprocess.run(["sh", "-c", f'exec "$@" {closing}', "sh", *command],
                          stderr=subprocess.DEVNULL if stderr == "closed" else subprocess.PIPE, **run)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("stderr", ["gone", "full", "closed", "stdin-closed"])
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_an_ingest_whose_stderr_cannot_be_written_stores_everything_and_exits_with_its_outcome(
        tmp_path, stderr, fmt):
    folder = _folder(tmp_path)
    db = tmp_path / "t.db"
    # `--workers 1` is the plain command line (cli/launch.py's fast path); `--glob` goes through Typer
    for extra in (["--workers", "1"], ["--workers", "1", "--glob", "*.txt"]):
        proc = _run(["ingest", str(folder), "--db", str(db), "--format", fmt, *extra], stderr)
        # 1: the empty file failed, as the same run with a stderr to read says; not Rich's 1 for a closed
        # pipe, nor a traceback's
        assert proc.returncode == 1, (extra, proc.returncode, proc.stdout)
        if stderr == "stdin-closed":
            assert "Traceback" not in proc.stderr, proc.stderr
            assert f"{folder / '000_empty.txt'}: empty file" in proc.stderr
        if fmt == "json":
            report = json.loads(proc.stdout)
            assert [entry["error"] for entry in report["failed"]] == ["empty file"]
        with Store(str(db), readonly=True) as store:
            assert store.count_articles() == ARTICLES
        db.unlink()
        for sidecar in tmp_path.glob("t.db-*"):
            sidecar.unlink()


def _full_tmpfs(mountpoint: Path) -> bool:
    """A 256 KB tmpfs at `mountpoint`, filled to the last byte; False where mount(8) is not allowed."""
    if not _try_tmpfs(mountpoint, "256k"):
        return False
    fill = os.open(mountpoint / "fill", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fill, b"\0" * 4096):
            pass
    except OSError:  # ENOSPC: full
        pass
    finally:
        os.close(fill)
    return True


def test_a_full_temporary_folder_is_named_in_the_disk_full_line_and_the_next_run_finishes(tmp_path):
    """The store's disk has room; SQLite's temporary folder (statement journals: a duplicate marked) has none.
    Before, the line said only `t.db: database or disk is full`, and the store's disk was the one looked at."""
    temp = tmp_path / "tmp"
    if not _full_tmpfs(temp):
        pytest.skip("mount(8) is not allowed here (not root): no file system to fill")
    try:
        folder = tmp_path / "in"
        folder.mkdir()
        seeds = sorted(SEEDS.glob("00[0-4]_*.txt"))
        for number in range(10):  # each real article twice, a line added: duplicates to mark, statement
            # journals larger than SQLite keeps in memory (64 KB)
            text = seeds[number % 5].read_text(encoding="utf-8") + f"\nTambahan {number}.\n"
            (folder / f"{number:02d}.txt").write_text(text, encoding="utf-8")
        db = tmp_path / "t.db"
        full = run_cli("ingest", str(folder), "--workers", "1", db=db, env={"SQLITE_TMPDIR": str(temp)})
        assert full.returncode == 74, full.stderr
        line = [line for line in full.stderr.splitlines() if line.startswith("triage: ")]
        assert len(line) == 1 and "Traceback" not in full.stderr, full.stderr
        assert f"SQLite's temporary folder {temp} has 0.0 MB free, the store's folder " in line[0], line
        assert "everything committed before is kept" in line[0]
    finally:
        subprocess.run(["umount", str(temp)], check=True)
    again = run_cli("ingest", str(folder), "--workers", "1", db=db)  # room again: the next run settles the batch
    assert again.returncode == 0, again.stderr
    assert run_cli("check", db=db).returncode == 0
    with Store(str(db), readonly=True) as store:
        assert store.count_articles() == 10


@pytest.mark.parametrize("shape", ["jsonl", "json"])
def test_standard_input_cut_inside_a_record_is_a_failure_not_a_wait_for_a_next_run(tmp_path, shape):
    """`curl … | triage ingest -` with curl failing midway. A file cut so is being written, and is read again next
    run (skipped, exit 0); standard input has ended and is never read again: before, the same skip and exit 0,
    the cut record lost without a failure."""
    records = news_records(4, seed=20)
    if shape == "jsonl":
        cut, where, reason = "\n".join(records[:3]) + "\n" + records[3][:120], "-:4", "no line break at the end"
    else:
        cut, where, reason = "[" + ",\n".join(records[:3]) + ",\n" + records[3][:120], "-", "no closing bracket"
    db = tmp_path / "t.db"
    proc = run_cli("ingest", "-", "--workers", "1", "--format", "json", db=db, input=cut.encode())
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert report["new"] == 3 and report["skipped"] == []
    assert [entry["path"] for entry in report["failed"]] == [where]
    assert f"standard input ended inside a record ({reason}" in report["failed"][0]["error"]
    path = tmp_path / f"feed.{shape}"  # a file cut the same way: still being written, read again next run
    path.write_text(cut, encoding="utf-8")
    as_file = run_cli("ingest", str(path), "--workers", "1", "--format", "json", db=db)
    assert as_file.returncode == 0 and json.loads(as_file.stdout)["failed"] == [], as_file.stdout
