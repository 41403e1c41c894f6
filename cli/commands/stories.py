"""`triage stories`: the stories ingest built (`corpus_tools.stories.list_stories`), filtered
by date, words and size."""

from __future__ import annotations

from typing import Optional

import typer

from ..render import Format, message, rows_out
from .common import DB_OPTION, check_date, open_reader, store_errors
from .plain import empty_note


EPILOG = """Examples:

  triage stories

  triage stories --from 2024-11-01 --min-articles 3

  triage stories --query "Korea Utara" --format json

  triage timeline --story 1"""


def stories_command(
    db: Optional[str] = DB_OPTION,
    query: Optional[str] = typer.Option(None, "--query", help="Only stories with an article containing all these words."),
    date_from: Optional[str] = typer.Option(None, "--from",
                                            help="Only stories still running on or after this date (YYYY[-MM[-DD]]); "
                                                 "a story of undated articles has no dates and is not listed."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Only stories begun on or before this date (YYYY[-MM[-DD]]); "
                                          "a story of undated articles is not listed."),
    min_articles: int = typer.Option(1, "--min-articles", min=1, help="Only stories of at least N independent articles."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json, csv or markdown."),
) -> None:
    """News stories: articles grouped by content across outlets and days, as ingest builds them."""
    from corpus_tools.stories import list_stories  # imported when used: keeps `triage` quick to start

    date_from, date_to = check_date(date_from, "--from"), check_date(date_to, "--to")
    with store_errors(), open_reader(db) as store:
        rows = list_stories(store, date_from=date_from, date_to=date_to, query=query, min_articles=min_articles)
        if not rows:  # the empty table or `[]` is printed all the same
            message(f"triage: {empty_note(store, 'stories')}")
    columns = ["id", "first_date", "last_date", "articles", "outlets", "title", "terms"]
    if fmt in (Format.table, Format.markdown):  # a story of undated articles has no dates: null in JSON, empty in CSV
        # … and one whose articles name no outlet has none to count: "—", not "0" beside its 276 articles
        rows = [{**row, **{c: "—" for c in ("first_date", "last_date") if row[c] is None},
                 **({"outlets": "—"} if not row["outlets"] else {})} for row in rows]
    rows_out(rows, columns, fmt, wide=("title",))
