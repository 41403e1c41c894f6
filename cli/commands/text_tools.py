"""`triage clean` and `triage dates`: look at one document without touching the store."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Optional

import typer

from corpus_tools import languages

from ..render import Format, TableOrJson, TextOrJson, message, print_json, rows_out
from . import clean_work
from .common import EXIT_FAILED, EXIT_USAGE, fail

if TYPE_CHECKING:
    from corpus_tools.record import SourceDocument

CLEAN_EPILOG = """Examples:

  triage clean sample_corpus/003_15edf630a0e2ea7e.txt

  triage clean --explain sample_corpus/000_87d92e1b56b35b62.txt

  curl -s https://example.com/story | triage clean --format json -"""

DATES_EPILOG = """Examples:

  triage dates sample_corpus/002_2bf8664baea84d04.txt

  \b
  echo 'Putin menandatangani dekrit pada hari Sabtu.' | triage dates --dct 2024-11-10 -"""


# One choice per language file in corpus_tools/languages/: adding a file adds a choice.
Lang = Enum("Lang", {"auto": "auto", **{code: code for code in languages.available()}}, type=str)


def _first_document(path: str) -> SourceDocument:
    try:
        return clean_work.first_document(path)
    except clean_work.Failed as exc:
        raise fail(exc.message, exc.code) from None


def _publication_date(doc: SourceDocument) -> date | None:
    """The publication date ingest would store for this document: the same reading (in the
    language ingest finds, whatever `--lang` says for the tagging), the same reference."""
    from corpus_tools.pipeline import ArticleRejected, Context, read_in_language
    try:
        published = read_in_language(doc, Context(today=date.today()))[0].published
    except ArticleRejected:
        return None
    return date.fromisoformat(published) if published else None


def clean_command(
    path: str = typer.Argument(..., help="A .txt dump, .html page or JSON record; '-' for stdin."),
    lang: Lang = typer.Option(Lang.auto, "--lang", help="Language of the text (auto: detect)."),
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f", help="text or json."),
    explain: bool = typer.Option(False, "--explain", help="Show every line, marking dropped ones with the rule, and where the story starts and ends."),
) -> None:
    """Print the cleaned body of one document, clutter removed."""
    try:  # the same function `triage clean` runs without Typer (cli/launch.py)
        clean_work.clean(path, None if lang == Lang.auto else lang.value, fmt.value, explain)
    except clean_work.Failed as exc:
        raise fail(exc.message, exc.code) from None


def dates_command(
    path: str = typer.Argument(..., help="A text file; '-' for stdin. Tagged exactly as given (no cleaning)."),
    dct: Optional[str] = typer.Option(None, "--dct", help="Publication date YYYY-MM-DD (default: the one ingest "
                                                          "would store for this document; without one, relative "
                                                          "dates are left out, as ingest leaves them out)."),
    lang: Lang = typer.Option(Lang.auto, "--lang", help="Language of the text (auto: detect)."),
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help="table or json."),
) -> None:
    """Find the date expressions in a text and resolve them against the publication date."""
    from corpus_tools import dates as date_tagger
    from corpus_tools.decode import DecodeError, decode_bytes
    from corpus_tools.extract import EARLIEST_PUBLICATION, LATEST_PUBLICATION
    from corpus_tools.language import detect_language
    doc = _first_document(path)
    try:
        text, _ = decode_bytes(doc.payload)
    except DecodeError as exc:
        raise fail(f"{path}: {exc}", EXIT_FAILED) from None
    language = detect_language(text)[0] if lang == Lang.auto else lang.value
    # a language without a file is tagged by the fallback file's rules, as ingest tags it (dates.tag falls back)
    rules = language if languages.section(language, "dates") else languages.fallback()
    if dct:
        try:
            reference = date.fromisoformat(dct)
        except ValueError:
            raise fail(f"--dct {dct!r}: expected YYYY-MM-DD", EXIT_USAGE) from None
        if not EARLIEST_PUBLICATION <= reference <= LATEST_PUBLICATION:  # "last week" of 0001-01-01 is no date
            raise fail(f"--dct {dct}: no publication date (give one from {EARLIEST_PUBLICATION.year} to "
                       f"{LATEST_PUBLICATION.year})", EXIT_USAGE)
    else:
        reference = _publication_date(doc)
        if reference is None:
            message(f"{path}: no publication date found: relative dates ('Monday', 'last week') are left out "
                    "(nothing to resolve them against), as ingest leaves them out; give --dct YYYY-MM-DD to "
                    "list them resolved")
    found = date_tagger.tag(text, reference, language)
    rows = [{"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value,
             **({"mod": t.mod} if t.mod else {})} for t in found]
    if fmt == TableOrJson.json:
        print_json(rows)
    else:
        rows_out(rows, ["start", "end", "text", "type", "value", "mod"], Format.table,
                 title=f"dates (reference {reference.isoformat() if reference else 'none'}, "
                       f"{language if language == rules else f'{language}: {rules} rules'})")
