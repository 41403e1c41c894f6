"""A new user's review of inputs and messages (session 17): what each message says is what happened."""

from __future__ import annotations

import json

from .conftest import run_cli


def test_an_empty_text_field_is_reported_as_empty_not_missing(tmp_path):
    path = tmp_path / "scrape.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in (
        {"title": "A", "text": ""}, {"title": "B", "content": "  \n "}, {"title": "C", "isi": None}, {"title": "D"})))
    proc = run_cli("ingest", str(path), "--workers", "1", "--quiet", db=tmp_path / "t.db")
    lines = proc.stderr.splitlines()
    assert f"{path}:1: record's text field 'text' is empty" in lines
    assert f"{path}:2: record's text field 'content' is empty" in lines
    assert f"{path}:3: record's text field 'isi' is empty" in lines
    assert any(line.startswith(f"{path}:4: record has no text field (") for line in lines)  # missing: still so
