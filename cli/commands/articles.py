"""`triage articles`, `triage show` and `triage export`: the stored articles as a table, one
article in full, and every article as JSONL or CSV (`Store.list_articles`, `get_article`,
`export_articles`)."""

from __future__ import annotations

import csv
import json
import os
import sys
from contextlib import contextmanager
from enum import Enum
from typing import Iterator, Optional, TextIO

import typer

from ..render import Format, TextOrJson, message, out, print_json, rows_out
from .common import DB_OPTION, EXIT_FAILED, EXIT_OUTPUT, check_date, fail, open_reader, store_errors
from .plain import empty_note, no_story

ARTICLES_EPILOG = """Examples:

  triage articles

  triage articles --lang en --from 2025-03 --to 2025-04 --outlet kompas.com

  triage articles --query "Korea Utara" --limit 20

  triage articles --story 1

  triage articles --format csv > articles.csv

  triage articles --format json | jq '.[] | select(.duplicate_of != null)'"""

EXPORT_EPILOG = """Examples:

  triage export > corpus.jsonl

  triage export --format csv -o corpus.csv

  triage export --lang id --from 2025-01 --to 2025-06 --query banjir

Every stored article with its metadata, cleaned body, the dates found in it and its
duplicate group (`group`: the id of the group's kept article). See docs/export.md.

Exit codes: 0 written; 2 usage error; 73 the -o file cannot be written (its folder missing
or read-only; nothing is left half-written); 74 the store cannot be opened; 75 a PostgreSQL server is not
taking connections (temporary)."""

QUERY_OPTION = typer.Option(None, "--query", help="Only articles containing all these words (title or body).")
LANG_OPTION = typer.Option(None, "--lang", help="Only articles in this language (id, en, ...).")
OUTLET_OPTION = typer.Option(None, "--outlet", help="Only articles of this outlet (name or domain, any case).")
FROM_OPTION = typer.Option(None, "--from", help="Only articles published on or after (YYYY[-MM[-DD]]).")
TO_OPTION = typer.Option(None, "--to", help="Only articles published on or before (YYYY[-MM[-DD]]).")


def _filters(query: str | None, lang: str | None, outlet: str | None, date_from: str | None,
             date_to: str | None) -> dict:
    from corpus_tools.extract.text import canonical_outlet
    return {"query": query, "language": lang, "outlet": canonical_outlet(outlet),
            "date_from": check_date(date_from, "--from"), "date_to": check_date(date_to, "--to")}

SHOW_EPILOG = """Examples:

  triage show 3

  triage show 3 --format json"""

COLUMNS = ["id", "published", "language", "outlet", "title", "url", "source", "duplicate_of"]


def articles_command(
    db: Optional[str] = DB_OPTION,
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json, csv or markdown."),
    limit: int = typer.Option(0, "--limit", min=0, help="Show at most N articles (0: all)."),
    query: Optional[str] = QUERY_OPTION,
    lang: Optional[str] = LANG_OPTION,
    outlet: Optional[str] = OUTLET_OPTION,
    date_from: Optional[str] = FROM_OPTION,
    date_to: Optional[str] = TO_OPTION,
    story: Optional[int] = typer.Option(None, "--story", min=0,
                                        help="Only the articles of one story (see `triage stories`)."),
) -> None:
    """List the stored articles: id, date, language, outlet, title, where each came from."""
    filters = _filters(query, lang, outlet, date_from, date_to)
    with store_errors(), open_reader(db) as store:
        if story is not None:
            from corpus_tools.stories import current_story
            root = current_story(store, story)  # a story merged into another since its id was noted: that one
            if root is None:
                raise fail(no_story(story), EXIT_FAILED)
            filters["story_id"] = root
        rows = store.list_articles(limit or None, **filters)
        if not rows:  # the empty table or `[]` is printed all the same
            message(f"triage: {empty_note(store, 'articles', filters['language'])}")
    for row in rows:
        if row.get("source_line"):
            row["source"] = f"{row['source']}:{row['source_line']}"
    if fmt == Format.json:
        rows_out(rows, COLUMNS + ["author", "source_line"], fmt)
    elif fmt == Format.table:  # a terminal is narrow: no URL, paths relative to here
        for row in rows:
            row["source"] = _relative(row["source"])
        rows_out(rows, [c for c in COLUMNS if c != "url"], fmt, wide=("title", "source"))
    else:
        rows_out(rows, COLUMNS, fmt)


def _relative(path: str) -> str:
    relative = os.path.relpath(path) if path.startswith("/") else path
    return path if relative.startswith("..") else relative


def show_command(
    article_id: int = typer.Argument(..., help="Article id, as `triage articles` shows it."),
    db: Optional[str] = DB_OPTION,
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f", help="text or json."),
) -> None:
    """Print one article: its metadata and cleaned body."""
    with store_errors(), open_reader(db) as store:
        article = store.get_article(article_id)
    if article is None:
        raise fail(f"no article with id {article_id}", EXIT_FAILED)
    if fmt == TextOrJson.json:
        article.pop("raw_text", None)
        print_json(article)
        return
    for key in ("title", "published", "published_from", "author", "outlet", "url", "language", "source",
                "duplicate_of"):
        if article.get(key) is not None:
            out.print(f"{key}: {article[key]}", markup=False, highlight=False, soft_wrap=True)
    out.print()
    out.print(article["body"], markup=False, highlight=False, soft_wrap=True)


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


EXPORT_COLUMNS = ["id", "title", "published", "published_from", "language", "outlet", "author", "url",
                  "external_id", "source", "source_line", "group", "duplicate_of", "similarity", "ingested_at",
                  "dates", "body"]


def export_command(
    db: Optional[str] = DB_OPTION,
    fmt: ExportFormat = typer.Option(ExportFormat.jsonl, "--format", "-f", help="jsonl (one object a line) or csv."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout (written "
                                                                        "beside it, then renamed into place; exit 73 when it "
                                                                        "cannot be written)."),
    query: Optional[str] = QUERY_OPTION,
    lang: Optional[str] = LANG_OPTION,
    outlet: Optional[str] = OUTLET_OPTION,
    date_from: Optional[str] = FROM_OPTION,
    date_to: Optional[str] = TO_OPTION,
) -> None:
    """Write out the stored articles with their bodies, dates and duplicate groups."""
    filters = _filters(query, lang, outlet, date_from, date_to)
    with store_errors(), open_reader(db) as store, _destination(output) as sink:
        if fmt == ExportFormat.csv:
            writer = csv.DictWriter(sink, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
            writer.writeheader()
        written = 0
        for row in store.export_articles(**filters):
            written += 1
            row["group"] = row.pop("group_id")
            if fmt == ExportFormat.jsonl:
                sink.write(json.dumps({c: row[c] for c in EXPORT_COLUMNS}, ensure_ascii=False) + "\n")
            else:
                row["dates"] = "; ".join(d["value"] for d in row["dates"])
                writer.writerow({c: "" if row[c] is None else row[c] for c in EXPORT_COLUMNS})
        if not written:  # an empty file (or nothing on stdout) all the same
            message(f"triage: {empty_note(store, 'articles', filters['language'])}")


@contextmanager
def _destination(path: str | None) -> Iterator[TextIO]:
    """stdout, or a file written beside its final name and renamed into place when complete."""
    if path is None or path == "-":
        yield sys.stdout
        return
    partial = f"{path}.partial"
    try:
        with open(partial, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(partial, path)
    except OSError as exc:
        raise fail(f"cannot write the output file {path}: {exc.strerror or exc}", EXIT_OUTPUT) from None
    finally:
        if os.path.exists(partial):
            os.remove(partial)
