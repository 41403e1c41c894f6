"""A new user's review of inputs and messages (session 17): what each message says is what happened."""

from __future__ import annotations

import json

from corpus_tools.store import Store

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


_MALAY = ("Menteri itu berkata bahawa perjanjian itu ditandatangani pada hari Isnin di Kuala Lumpur, dan kerajaan "
          "akan melaksanakan dasar baharu itu pada bulan depan untuk rakyat {}.")


def _stored_languages(db) -> dict[int, str]:
    with Store(db, readonly=True) as store:
        return {row["source_line"]: row["language"] for row in store.export_articles()}


def test_a_record_naming_its_language_is_stored_in_it_unless_lang_is_given(tmp_path):
    path = tmp_path / "scrape.jsonl"
    records = [{"text": _MALAY.format("kita"), "language": "ms"},  # detection alone says `id` for these
               {"text": _MALAY.format("negara"), "Language": "Malay"},  # a language file's name
               {"text": _MALAY.format("semua"), "lang": "ms-MY"},  # a code with its region
               {"text": _MALAY.format("jiran"), "lang": "xx"},  # no language file: detected
               {"text": _MALAY.format("desa")}]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    detected = tmp_path / "detected.db"
    proc = run_cli("ingest", str(path), "--workers", "1", "--quiet", db=detected)
    assert proc.returncode == 0, proc.stderr
    languages = _stored_languages(detected)
    assert languages[1] == languages[2] == languages[3] == "ms"
    assert languages[4] == languages[5] != "ms"  # what detection says of these Malay sentences
    forced = tmp_path / "forced.db"
    proc = run_cli("ingest", str(path), "--workers", "1", "--quiet", "--lang", "en", db=forced)
    assert proc.returncode == 0, proc.stderr
    assert set(_stored_languages(forced).values()) == {"en"}  # --lang wins over the record's field


def test_an_empty_db_or_triage_db_is_a_usage_error_not_the_default_store(tmp_path):
    (tmp_path / "in.jsonl").write_text(json.dumps({"text": _MALAY.format("kita")}) + "\n")
    runs = [(["ingest", "in.jsonl", "--db", ""], {}, "--db is empty"),
            (["ingest", "in.jsonl", "--db", "", "--format", "json"], {}, "--db is empty"),
            (["timeline", "--db", ""], {}, "--db is empty"),  # the fast path (cli/launch.py) too
            (["articles", "--db", " "], {}, "--db is empty"),
            (["export", "--db="], {}, "--db is empty"),
            (["check"], {"TRIAGE_DB": ""}, "TRIAGE_DB is set but empty"),
            (["ingest", "in.jsonl"], {"TRIAGE_DB": ""}, "TRIAGE_DB is set but empty"),
            (["copy", "", "copy.db"], {}, "SRC is empty"),
            (["copy", "copy.db", ""], {}, "DST is empty")]
    for args, env, said in runs:
        proc = run_cli(*args, cwd=tmp_path, env=env)
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stderr.startswith(f"triage: {said} (") or proc.stderr.startswith(f"triage: {said}:"), proc.stderr
        assert len(proc.stderr.splitlines()) == 1, proc.stderr
        if "json" in args:
            assert json.loads(proc.stdout)["exit_code"] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]  # no ./triage.db, no lock file


def test_an_output_file_that_cannot_be_written_is_exit_73_naming_it_not_the_stores_74(tmp_path):
    db = tmp_path / "t.db"
    (tmp_path / "in.jsonl").write_text(json.dumps({"text": _MALAY.format("kita")}) + "\n")
    assert run_cli("ingest", str(tmp_path / "in.jsonl"), "--quiet", db=db).returncode == 0
    for target in (tmp_path / "missing" / "x.jsonl", tmp_path):  # a folder that does not exist; a folder
        proc = run_cli("export", "-o", str(target), db=db)
        assert proc.returncode == 73, proc.stderr
        assert proc.stderr.startswith(f"triage: cannot write the output file {target}: "), proc.stderr
        assert len(proc.stderr.splitlines()) == 1
    assert not list(tmp_path.glob("*.partial"))
    proc = run_cli("export", "-o", str(tmp_path / "out.jsonl"), db=db)  # the same store, a writable file: fine
    assert proc.returncode == 0 and len((tmp_path / "out.jsonl").read_text().splitlines()) == 1


def test_an_empty_listing_says_why_as_the_timeline_does(seeded_db, tmp_path):
    lang_note = "no {} match these options (no article is stored in language 'xx')"
    runs = [(["articles", "--lang", "xx"], lang_note.format("articles")),
            (["articles", "--lang", "xx", "-f", "json"], lang_note.format("articles")),
            (["articles", "--query", "zzzqqq"], "no articles match these options"),
            (["export", "--lang", "xx", "-o", str(tmp_path / "out.jsonl")], lang_note.format("articles")),
            (["stories", "--query", "zzzqqq"], "no stories match these options"),
            (["timeline", "--lang", "xx"], lang_note.format("events"))]
    for args, said in runs:
        proc = run_cli(*args, db=seeded_db)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr.splitlines() == [f"triage: {said}"], (args, proc.stderr)
    assert (tmp_path / "out.jsonl").read_text() == ""  # the empty answer is still written
    assert run_cli("articles", "-f", "json", "--lang", "xx", db=seeded_db).stdout.strip() == "[]"
    empty = tmp_path / "empty.db"
    Store(empty).close()
    proc = run_cli("articles", db=empty)
    assert proc.stderr.splitlines() == ["triage: the store holds no articles (run `triage ingest` first)"]
    proc = run_cli("articles", "--lang", "id", db=seeded_db)  # a listing with rows: no note
    assert proc.returncode == 0 and proc.stderr == ""


def test_dates_without_a_publication_date_says_relative_dates_are_left_out_as_they_are():
    text = b"The accord was signed on Saturday and approved on 12 March 2025.\n"
    proc = run_cli("dates", "-", "--lang", "en", "-f", "json", input=text)
    assert proc.returncode == 0, proc.stderr
    assert [row["text"] for row in json.loads(proc.stdout)] == ["12 March 2025"]  # "Saturday" is not listed
    assert proc.stderr.startswith("-: no publication date found: relative dates ('Monday', 'last week') are left "
                                  "out "), proc.stderr
    assert "unresolved" not in proc.stderr  # it said so, and listed nothing unresolved
    resolved = run_cli("dates", "-", "--lang", "en", "-f", "json", "--dct", "2025-03-20", input=text)
    assert [(row["text"], row["value"]) for row in json.loads(resolved.stdout)] == [
        ("Saturday", "2025-03-15"), ("12 March 2025", "2025-03-12")]
    assert resolved.stderr == ""
