"""Issue 13, `timeline` latency: its plain command lines start without Typer, and answer as Typer would."""

from __future__ import annotations

import json

import pytest

from cli.commands.timeline_work import DEFAULT_LIMIT, timeline_arguments

from .conftest import run_cli, run_launch


def test_plain_timeline_imports_neither_typer_nor_rich(seeded_db):
    proc, loaded = run_launch("timeline", "--db", str(seeded_db), "-f", "json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("[") and loaded == []


@pytest.mark.parametrize("direct, through_typer", [
    (["-f", "json"], ["-fjson"]),
    (["--format=csv", "--limit", "5"], ["--limit", "3", "--format", "csv", "--limit", "5"]),
    (["--limit", "0", "--min-sources", "2", "--conflicts"], ["--limit", "0", "--min-sources", "2", "--conflicts", "-ftable"]),
    (["--from", "2020", "--to=2030-12", "--granularity", "day", "-f", "markdown"],
     ["--from", "2020", "--to=2030-12", "--granularity", "day", "-fmarkdown"]),
    (["--query", "the", "--reports", "-f", "html"], ["--query", "the", "--reports", "-fhtml"]),
    (["--sources", "all", "-f", "json"], ["--sources", "all", "-fjson"]),
    (["--sources=1", "--limit", "0", "-f", "html"], ["--sources", "1", "--limit", "0", "-fhtml"]),
])
def test_timeline_without_typer_answers_as_the_typer_command(seeded_db, direct, through_typer):
    assert timeline_arguments(direct) is not None and timeline_arguments(through_typer) is None
    ours, typers = run_cli("timeline", *direct, db=seeded_db), run_cli("timeline", *through_typer, db=seeded_db)
    assert (ours.returncode, ours.stdout, ours.stderr) == (typers.returncode, typers.stdout, typers.stderr)
    assert ours.returncode == 0 and ours.stdout


@pytest.mark.parametrize("options, code, said", [
    (["--story", "99"], 1, "no story 99"),
    (["--article", "999"], 1, "no article with id 999"),
    (["--from", "2024-12", "--to", "2024-01-31"], 2, "--from 2024-12 is after --to 2024-01-31"),
    (["--lang", "xx", "-f", "json"], 0, "no events match these options (no article is stored in language 'xx')"),
    (["--query", "zzzqqq", "-f", "json"], 0, "no events match these options"),
])
def test_an_empty_timeline_says_why_either_way(seeded_db, options, code, said):
    """A story or article the store lacks, or reversed dates, is an error (one line, nothing on stdout); an
    empty answer to a real question prints its empty table or `[]` and says so on stderr. Both ways: the plain
    command line (no Typer) and one Typer reads (a repeated option)."""
    for extra in ([], ["--limit", "50", "--limit", "100"]):
        proc = run_cli("timeline", *options, *extra, db=seeded_db)
        assert proc.returncode == code, (extra, proc.stderr)
        assert proc.stderr.strip().splitlines() == [f"triage: {said}" + (
            " (`triage stories` lists them)" if "story" in said else "")], proc.stderr  # --reports finds nothing either
        assert (proc.stdout.strip() == "[]") if code == 0 else proc.stdout == ""


def test_an_empty_timeline_names_reports_only_where_they_would_list_something(tmp_path):
    """An article whose dates only say when something was reported: its timeline is empty without --reports,
    and the note says so; by weeks (--granularity week, which no report date is) it is empty either way,
    and the note does not send the reader to --reports."""
    corpus = tmp_path / "r.jsonl"
    corpus.write_text(json.dumps({
        "title": "Korea Utara Umumkan Ratifikasi", "date": "2024-11-13",
        "text": "Dilansir dari Reuters, Rabu, 13 November 2024, pengumuman tersebut muncul setelah parlemen Rusia "
                "secara bulat mendukung perjanjian ini.\nKantor berita KCNA melaporkan pada Rabu (13/11/2024) "
                "bahwa perjanjian itu kini berlaku bagi kedua negara."}) + "\n", encoding="utf-8")
    db = tmp_path / "t.db"
    assert run_cli("ingest", str(corpus), "--quiet", db=db).returncode == 0
    assert json.loads(run_cli("timeline", "--reports", "-f", "json", db=db).stdout)
    for options, hint in ((["-f", "json"], True), (["--granularity", "week", "-f", "json"], False)):
        proc = run_cli("timeline", *options, db=db)
        assert proc.returncode == 0 and proc.stdout.strip() == "[]"
        assert proc.stderr.strip() == "triage: no events match these options" + (
            " (dates that only say when something was reported need --reports)" if hint else ""), options


def test_a_store_that_cannot_be_read_gets_the_typer_commands_message(tmp_path):
    missing = str(tmp_path / "no" / "such.db")
    assert timeline_arguments(["--db", missing]) is not None
    ours, typers = run_cli("timeline", "--db", missing), run_cli("timeline", "--db", missing, "-ftable")
    assert ours.returncode == typers.returncode == 74
    assert ours.stderr == typers.stderr and "triage:" in ours.stderr and not ours.stdout


def test_only_plain_timeline_command_lines_skip_typer():
    assert timeline_arguments(["--query", "presiden prabowo", "--limit", "0", "-f", "json", "--story=3"]) == {
        "db": None, "query": "presiden prabowo", "date_from": None, "date_to": None, "lang": None,
        "min_sources": 1, "limit": 0, "article": None, "story": 3, "reports": False, "conflicts": False,
        "granularity": None, "fmt": "json", "sources": 10}
    assert timeline_arguments([])["limit"] == DEFAULT_LIMIT
    assert timeline_arguments(["--sources", "all"])["sources"] is None
    assert timeline_arguments(["--sources=0"])["sources"] == 0
    for args in (["--help"], ["-h"], ["x"], ["--limit", "-1"], ["--limit", "1.5"], ["--min-sources", "0"],
                 ["--from", "2024-13"], ["--to", "yesterday"], ["-f", "xml"], ["--granularity", "Day"],
                 ["--query"], ["--query", "--limit", "5"], ["--reports=1"], ["--lang", "id", "--lang", "en"],
                 ["--", "--query", "x"], ["--quiet"], ["--sources", "x"], ["--sources", "-1"], ["--sources", "ALL"],
                 ["--sources", "٣"]):
        assert timeline_arguments(args) is None, args
    assert "Examples" in run_cli("timeline", "--help").stdout
    bad = run_cli("timeline", "--limit", "-1", "--db", "unused.db")
    assert bad.returncode == 2 and "--limit" in bad.stderr
    bad = run_cli("timeline", "--sources", "some", "--db", "unused.db")
    assert bad.returncode == 2 and bad.stderr.strip().splitlines() == [
        "triage: --sources 'some': expected a count (0 or more) or 'all'"] and not bad.stdout


def test_an_articles_event_dates_come_from_the_index_alone(tmp_path):
    """Migrations 0012 and 0016: the candidate step of `timeline --query` (Store.mention_dates: dates and report
    flags) does not read event rows."""
    from corpus_tools.store import Store
    with Store(tmp_path / "t.db") as store:
        plan = " ".join(str(row[-1]) for row in store.db.execute(
            "EXPLAIN QUERY PLAN SELECT e.id, e.article_id, e.value, e.granularity, e.is_report FROM events e WHERE "
            + store.db.in_list("e.article_id"), (store.db.list_param([1, 2]),)))
    assert "COVERING INDEX events_article" in plan, plan


_MODULES_LOADED = ("import sys\nsys.argv = ['triage', *sys.argv[1:]]\nfrom cli.launch import main\ntry:\n"
                   "    main()\nfinally:\n    print('MODULES', *sorted(sys.modules), file=sys.stderr)\n")


@pytest.mark.parametrize("extra", [["-f", "json", "--limit", "0"], ["-f", "json", "--query", "Korea Utara", "--limit", "5"],
                                   ["-f", "html", "--limit", "0"]])
def test_a_computed_timeline_imports_no_extract_or_clean_stage(seeded_db, extra):
    """Its summaries cut an outlet's dateline (corpus_tools/dateline.py) without importing the extract stage, its
    decoders and cleaner (a tenth of `timeline --query`'s CPU). Nor does the HTML page, naming a source by its
    URL's site (naming it through extract's canonical_outlet added 0.4 s of imports, s21)."""
    import os
    import subprocess
    import sys

    from .conftest import REPO
    proc = subprocess.run([sys.executable, "-c", _MODULES_LOADED, "timeline", "--db", str(seeded_db), *extra], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
                          cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert '"summary": "' in proc.stdout  # rows were made, their summaries cut by body_part
    loaded = proc.stderr.split("MODULES")[-1].split()
    assert "corpus_tools.timeline" in loaded and "corpus_tools.dateline" in loaded
    assert not [m for m in loaded if m.split(".")[:2] in (["corpus_tools", "extract"], ["corpus_tools", "clean"],
                                                          ["corpus_tools", "decode"])]
