"""`triage articles` and `triage show`."""

from __future__ import annotations

import os
from typing import Optional

import typer

from ..render import Format, TextOrJson, out, print_json, rows_out
from .common import DB_OPTION, EXIT_FAILED, fail, open_reader, store_errors

ARTICLES_EPILOG = """Examples:

  triage articles

  triage articles --format csv > articles.csv

  triage articles --format json | jq '.[] | select(.duplicate_of != null)'"""

SHOW_EPILOG = """Examples:

  triage show 3

  triage show 3 --format json"""

COLUMNS = ["id", "published", "language", "outlet", "title", "url", "source", "duplicate_of"]


def articles_command(
    db: Optional[str] = DB_OPTION,
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json, csv or markdown."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Show at most N articles."),
) -> None:
    """List the stored articles: id, date, language, outlet, title, where each came from."""
    with store_errors(), open_reader(db) as store:
        rows = store.list_articles(limit)
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
