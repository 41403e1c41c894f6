"""`triage ingest`: its options, read by Typer, to `ingest_work.ingest_exit` (`corpus_tools.ingest`, a progress
bar, Ctrl-C and SIGTERM turned into a clean stop between two articles, and the summary, table or JSON, with its
exit code); the plain command lines are read without Typer (cli/launch.py, `ingest_work.ingest_arguments`)."""

from __future__ import annotations

import os
from typing import Optional

import typer

from corpus_tools.fields import FieldError, parse_mappings

from ..render import TableOrJson
from .common import DB_OPTION, EXIT_USAGE, QUIET_OPTION, fail
from .ingest_work import ingest_exit
from .text_tools import Lang

EPILOG = """Examples:

  triage ingest sample_corpus

  triage ingest --db news.db --glob '*.jsonl' scrapes/

  triage ingest --field title=kop --field text=naskah export.csv

  triage ingest --lang id briefs/

  curl -s https://example.com/story | triage ingest -

  triage ingest --quiet --format json --wait 600 /data/scrapes >> ingest.log

Exit codes: 0 all ingested; 1 some inputs failed (the rest were ingested and committed);
2 usage error; 73 the report cannot be written (stdout); 74 the store cannot be opened or written (read-only,
disk full, corrupt, a server refusing this user or database); 75 temporary, the next run catches up: another
ingest holds the store, or a PostgreSQL server is not taking connections (stopped, restarting, full); 130
interrupted."""


def ingest_command(
    paths: list[str] = typer.Argument(..., help="Files or folders to ingest; '-' reads one document from stdin."),
    db: Optional[str] = DB_OPTION,
    recursive: bool = typer.Option(True, "--recursive/--no-recursive", help="Descend into sub-folders."),
    glob: list[str] = typer.Option([], "--glob", help="Only files whose name matches, e.g. '*.txt' (repeatable: "
                                   "any of them, --glob '*.txt' --glob '*.log')."),
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help="Summary as a table or one JSON object."),
    workers: int = typer.Option(os.cpu_count() or 1, "--workers", "-w", min=1, show_default=False,
                                help="Processes for the per-article work (default: CPU count)."),
    max_size: float = typer.Option(20.0, "--max-size", min=0.001,
                                   help="Skip documents larger than this many MB: a page, a record, a CSV row "
                                        "(a JSONL or CSV file of many documents may be any size)."),
    wait: float = typer.Option(0.0, "--wait", min=0, help="Seconds to wait if another ingest holds the store."),
    batch_size: int = typer.Option(200, "--batch-size", min=1,
                                   help="Articles per transaction: a crash costs at most one batch."),
    field: list[str] = typer.Option([], "--field", metavar="FIELD=NAME",
                                    help="Read FIELD (title, text, published, url, outlet, author, id, html, language) from "
                                         "the record's NAME column or key; repeatable. See docs/input-formats.md."),
    all_pages: bool = typer.Option(False, "--all-pages", help="Store every HTML page with a main text, even "
                                                                "home or section pages the article check refuses."),
    lang: Lang = typer.Option(Lang.auto, "--lang", help="Language of every document, for a folder in one "
                                                        "language whose short briefs the detector cannot tell "
                                                        "(auto: the language a record's own language field "
                                                        "names, when it has a language file; else detected)."),
    published_before: Optional[str] = typer.Option(
        None, "--published-before", metavar="YYYY-MM-DD",
        help="Latest possible publication date: a weekday without a year ('Senin 30 Oktober') is read as the "
             "only such date in the 4 years up to it, else left undated (default: each file's modification time)."),
    quiet: bool = QUIET_OPTION,
) -> None:
    """Read articles into the store: decode, clean, detect language, tag dates and events, find copies."""
    window_end = _iso_day(published_before, "--published-before") if published_before else None
    try:
        fields = parse_mappings(field)
    except FieldError as exc:
        raise fail(f"--field {exc}", EXIT_USAGE) from None
    raise typer.Exit(ingest_exit(paths, db, fmt=fmt.value, workers=workers, quiet=quiet, recursive=recursive,
                                 glob=glob, max_size=max_size, wait=wait, batch_size=batch_size, all_pages=all_pages,
                                 window_end=window_end, fields=fields,
                                 language=None if lang == Lang.auto else lang.value))


def _iso_day(value: str, option: str):
    from datetime import date
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option} {value!r}: expected YYYY-MM-DD", EXIT_USAGE) from None
