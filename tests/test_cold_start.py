"""Issue 13, one-document commands: `triage clean FILE` starts without Typer, and answers as Typer would."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cli.commands.clean_work import clean_arguments

from .conftest import REPO, SEEDS, run_cli, run_launch

TEXT = str(SEEDS / "003_15edf630a0e2ea7e.txt")


def test_clean_of_a_file_imports_neither_typer_nor_rich():
    proc, loaded = run_launch("clean", TEXT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() and loaded == []


@pytest.mark.parametrize("direct, through_typer", [
    (["--format", "json", TEXT], ["-fjson", TEXT]),
    (["--explain", "--lang", "id", TEXT], ["--lang", "id", "--explain", "--", TEXT]),
    (["--lang=id", TEXT], ["--lang", "id", "--", TEXT]),
    (["no/such/file.txt"], ["--", "no/such/file.txt"]),
])
def test_clean_without_typer_answers_as_the_typer_command(direct, through_typer):
    assert clean_arguments(direct) is not None and clean_arguments(through_typer) is None
    ours, typers = run_cli("clean", *direct), run_cli("clean", *through_typer)
    assert (ours.returncode, ours.stdout, ours.stderr) == (typers.returncode, typers.stdout, typers.stderr)
    assert ours.stdout or ours.returncode == 1 and "no such file" in ours.stderr


def test_only_plain_clean_command_lines_skip_typer():
    assert clean_arguments([TEXT, "-f", "json", "--explain"]) == {"path": TEXT, "lang": None, "fmt": "json",
                                                                   "explain": True}
    assert clean_arguments(["-", "--lang", "id"]) == {"path": "-", "lang": "id", "fmt": "text", "explain": False}
    for args in ([], ["--help"], ["-h", TEXT], [TEXT, TEXT], ["--lang", "xx", TEXT], ["--format", "csv", TEXT],
                 ["--lang", "id", "--lang", "en", TEXT], ["--lang"], ["--explain=1", TEXT], ["--quiet", TEXT]):
        assert clean_arguments(args) is None, args
    assert "Examples" in run_cli("clean", "--help").stdout
    bad = run_cli("clean", "--format", "csv", TEXT)
    assert bad.returncode == 2 and "csv" in bad.stderr


def test_clean_into_a_closed_pipe_is_not_a_failure():
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    try:
        proc = subprocess.run([sys.executable, "-m", "cli", "clean", TEXT], stdout=write_end, stderr=subprocess.PIPE,
                              env=env, cwd=REPO, timeout=120)
    finally:
        os.close(write_end)
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr


def test_a_page_of_a_short_domain_does_not_load_the_public_suffix_list():
    """trafilatura's `hostname` (courlan + the tld package's suffix list for a domain like bbc.com)
    is a field triage never reads: extract_html goes without it, and leaves trafilatura as it was."""
    code = ("import sys, courlan, trafilatura.metadata, tld.utils\n"
            "from corpus_tools.extract.html import extract_html\n"
            "from tests.corpora import html_article\n"
            "page = extract_html(html_article(3).replace('https://berita.example.id/', 'https://www.bbc.com/'))\n"
            "assert page.is_article and page.url.startswith('https://www.bbc.com/') and page.published, page\n"
            "assert trafilatura.metadata.extract_domain is courlan.extract_domain\n"
            "print(len(tld.utils.tld_names))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "0"
