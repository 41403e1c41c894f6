"""Shared fixtures: paths to the seeds and the gold annotation, and a CLI runner.

The CLI is run as a real subprocess (`python -m cli`) against a real SQLite file.
Everything a test needs is in the repository (the seeds in sample_corpus/, their gold
annotation in tests/data/, corpora made by tests/corpora.py), except benchmark-scale
development data: tests marked `devdata` read ../shared/data and are skipped without it,
and the skips are listed at the end of the run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEV_DATA = SHARED / "data"
SEEDS = REPO / "sample_corpus"
GOLD_PATH = Path(__file__).resolve().parent / "data" / "seeds.json"  # a copy of ../shared/gold/seeds.json


def fold(text: str) -> str:
    """NFKC and whitespace folding, as the gold file prescribes for comparisons."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD_PATH.read_text())


@pytest.fixture(scope="session")
def seed_names() -> list[str]:
    return sorted(p.name for p in SEEDS.glob("00[0-4]_*.txt"))


def run_cli(*args: str, db: Path | None = None, input: bytes | None = None, env: dict | None = None,
            cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `python -m cli ARGS` and return the completed process (text output)."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    command = [sys.executable, "-m", "cli", *args]
    if db is not None:
        command += ["--db", str(db)]
    proc = subprocess.run(command, input=input, capture_output=True, env=full_env, cwd=cwd or REPO,
                          timeout=timeout)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


_LAUNCH_REPORTING = ("import sys\nsys.argv = ['triage', *sys.argv[1:]]\nfrom cli.launch import main\ntry:\n"
                      "    main()\nfinally:\n    print('LOADED', *sorted(m for m in ('typer', 'click', 'rich')"
                      " if m in sys.modules), file=sys.stderr)\n")


def run_launch(*args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run the `triage` entry point (cli/launch.py) with ARGS: the completed process (text output), and
    which of Typer, Click and Rich it had imported when it ended."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-c", _LAUNCH_REPORTING, *args], capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=120)
    return proc, proc.stderr.split("LOADED")[-1].split()


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory) -> Path:
    """A store holding the whole sample corpus, ingested once for the session."""
    db = tmp_path_factory.mktemp("seeded") / "triage.db"
    proc = run_cli("ingest", str(SEEDS), "--quiet", "--workers", "1", db=db)
    assert proc.returncode == 0, proc.stderr
    return db


PG_SERVER = os.environ.get("TRIAGE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The PostgreSQL server the `postgres` tests use; skipped, with the reason, when none answers."""
    try:
        import psycopg
    except ImportError:
        pytest.skip("psycopg is not installed (pip install '.[postgres]')")
    try:
        with psycopg.connect(PG_SERVER, connect_timeout=3):
            pass
    except psycopg.Error as exc:
        pytest.skip(f"no PostgreSQL server at {PG_SERVER}: {str(exc).strip().splitlines()[0]}")
    return PG_SERVER


@pytest.fixture()
def pg_db(pg_server) -> str:
    """A new database on the server for one test (dropped afterwards); its URL."""
    import uuid

    import psycopg
    name = f"triage_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield pg_server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by playwright, launched once for the session (never downloaded)."""
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM}: apt-get install chromium to run the browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def pytest_collection_modifyitems(config, items):
    if DEV_DATA.is_dir():
        return
    skip = pytest.mark.skip(reason=f"devdata: development data not found at {DEV_DATA}")
    for item in items:
        if "devdata" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    """Never a silent skip: name every test that did not run for want of development data."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "devdata" in r.keywords]
    if skipped:
        terminalreporter.write_sep("-", f"{len(skipped)} devdata tests skipped (no {DEV_DATA})")
        for report in skipped:
            terminalreporter.write_line(f"SKIPPED {report.nodeid}")


def documents_read_with_peak(path: Path, max_bytes: int = 1024 * 1024) -> tuple[int, int]:
    """(documents read from `path`, the traced memory's peak meanwhile): a reader streams when the peak stays
    far below the file's size."""
    import tracemalloc

    from corpus_tools.read import ReadProblem, read_documents
    tracemalloc.start()
    try:
        count = sum(1 for r in read_documents(path, max_bytes=max_bytes) if not isinstance(r, ReadProblem))
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
