"""Issue 13, the serial start of `triage ingest`: its plain command lines start without Typer (cli/launch.py,
`ingest_work.ingest_arguments`), and answer as the Typer command does, failures included."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cli.commands.ingest_work import ingest_arguments

from .conftest import SEEDS, run_cli, run_launch


def test_a_plain_ingest_imports_neither_typer_nor_click(tmp_path):
    proc, loaded = run_launch("ingest", str(SEEDS), "--db", str(tmp_path / "t.db"), "-f", "json", "--quiet",
                              "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.split("LOADED")[0])["new"] > 0
    assert "typer" not in loaded and "click" not in loaded


@pytest.mark.parametrize("direct, through_typer", [
    (["-f", "json", "--quiet", "-w", "1"], ["-fjson", "--quiet", "-w", "1"]),
    (["--workers=2", "--format=json"], ["--workers=2", "--format=json", "--batch-size", "200"]),
    (["-w", "1"], ["-w", "1", "--recursive"]),  # the summary table and the languages line on stderr
])
def test_a_plain_ingest_answers_as_the_typer_command(tmp_path, direct, through_typer):
    assert ingest_arguments([str(SEEDS), *direct]) is not None and ingest_arguments([str(SEEDS), *through_typer]) is None
    for side in ("a", "b"):
        (tmp_path / side).mkdir()
    ours = run_cli("ingest", str(SEEDS), *direct, db=Path("t.db"), cwd=tmp_path / "a")
    typers = run_cli("ingest", str(SEEDS), *through_typer, db=Path("t.db"), cwd=tmp_path / "b")
    assert (ours.returncode, ours.stdout, ours.stderr) == (typers.returncode, typers.stdout, typers.stderr)
    assert ours.returncode == 0 and (ours.stdout or ours.stderr)


@pytest.mark.parametrize("case", ["empty store name", "store in a missing folder", "a file that fails", "busy"])
def test_a_failing_ingest_says_so_the_same_way_either_way(tmp_path, case):
    """A usage error, a store that cannot be opened, an input that fails and a store another ingest holds: the
    same line on stderr, JSON object on stdout and exit code from the plain command line and from Typer."""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 10)
    inputs, db = [str(SEEDS)], str(tmp_path / "t.db")
    if case == "empty store name":
        db = ""
    elif case == "store in a missing folder":
        db = str(tmp_path / "no" / "such" / "t.db")
    elif case == "a file that fails":
        inputs = [str(bad)]
    else:
        (tmp_path / "t.db.lock").write_text("")  # the lock file exists: taken below, by a process holding it
    answers = []
    for extra in ([], ["--batch-size", "200"]):
        if case == "busy":
            import fcntl
            with open(tmp_path / "t.db.lock", "a") as held:
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
                proc = run_cli("ingest", *inputs, "--db", db, "-f", "json", "--quiet", *extra)
        else:
            proc = run_cli("ingest", *inputs, "--db", db, "-f", "json", "--quiet", *extra)
        answers.append((proc.returncode, proc.stdout, proc.stderr))
    assert ingest_arguments([*inputs, "--db", db, "-f", "json", "--quiet"]) is not None
    assert answers[0] == answers[1]
    code, stdout, stderr = answers[0]
    expected = {"empty store name": 2, "store in a missing folder": 74, "a file that fails": 1, "busy": 75}[case]
    assert code == expected, stderr
    assert stderr.strip(), "a failure is told on stderr"
    if case != "a file that fails":
        assert json.loads(stdout) == {"error": stderr.strip().removeprefix("triage: "), "exit_code": expected}


def test_only_plain_ingest_command_lines_skip_typer():
    assert ingest_arguments(["a", "--db", "x.db", "b", "-f", "json", "-q", "--workers", "3"]) == {
        "paths": ["a", "b"], "db": "x.db", "fmt": "json", "workers": 3, "quiet": True}
    assert ingest_arguments(["a"]) == {"paths": ["a"], "db": None, "fmt": "table",
                                       "workers": os.cpu_count() or 1, "quiet": False}
    for args in ([], ["--help"], ["a", "--help"], ["-"], ["a", "-"], ["a", "--glob", "*.txt"], ["a", "--lang", "id"],
                 ["a", "-w", "0"], ["a", "-w", "1.5"], ["a", "-w"], ["a", "--db"], ["a", "--db", "--quiet"],
                 ["a", "-f", "csv"], ["a", "-fjson"], ["a", "-q", "-q"], ["a", "--quiet=1"], ["a", "--", "b"],
                 ["a", "--workers", "2", "-w", "2"], ["--db", "x.db"], ["a", "--no-recursive"]):
        assert ingest_arguments(args) is None, args
    assert "Examples" in run_cli("ingest", "--help").stdout
    bad = run_cli("ingest", "x", "--workers", "0", "--db", "unused.db")
    assert bad.returncode == 2 and "--workers" in bad.stderr
