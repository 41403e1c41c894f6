"""An operator's faults for a cron job (session 22): what scrapers leave behind, an operator's stop while another
host holds the shared step, a connection to a server that goes quiet. Real files, the CLI as a subprocess, real
signals, real SQLite files and the real PostgreSQL server."""

from __future__ import annotations

import json
from pathlib import Path

from corpus_tools.store import Store

from .conftest import SEEDS, run_cli


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

