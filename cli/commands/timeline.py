"""`triage timeline`: the Typer command and its options; the work (reading the rows, printing
them) is in timeline_work.py, which also answers plain command lines without Typer."""

from __future__ import annotations

from enum import Enum
from typing import Optional

import typer

from corpus_tools.record import GRANULARITIES

from .common import DB_OPTION, EXIT_USAGE, check_date, fail, store_errors
from .timeline_work import (DEFAULT_LIMIT, DEFAULT_SOURCES, SOURCES_HELP, NoTimeline, conflicts_cell, print_timeline,
                            read_timeline, sources_count)

__all__ = ["conflicts_cell", "timeline_command"]

EPILOG = """Examples:

  triage timeline

  triage timeline --query "Korea Utara" --from 2024-06-01 --to 2024-12-31

  triage timeline --limit 20 --min-sources 2 --format markdown > timeline.md

  triage timeline --conflicts

  triage timeline --format html > timeline.html

  triage timeline --article 3

  triage timeline --story 1 --min-sources 2

  triage timeline --reports

  triage timeline --query gempa --sources all --format json"""


class TimelineFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"


Granularity = Enum("Granularity", {name: name for name in GRANULARITIES}, type=str)


def timeline_command(
    db: Optional[str] = DB_OPTION,
    query: Optional[str] = typer.Option(None, "--query", help="Only articles containing all these words."),
    date_from: Optional[str] = typer.Option(None, "--from", help="First date (YYYY[-MM[-DD]])."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Last date (YYYY[-MM[-DD]])."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Only articles in this language (id, en, ...)."),
    min_sources: int = typer.Option(1, "--min-sources", min=1, help="Only events reported by at least N independent articles."),
    limit: int = typer.Option(DEFAULT_LIMIT, "--limit", min=0,
                              help="Keep the N highest-ranked events (independent sources, and how much their day stood out in the coverage), shown in date order (0: all)."),
    article: Optional[int] = typer.Option(None, "--article", help="Only the dated events of one article."),
    story: Optional[int] = typer.Option(None, "--story", help="Only the articles of one story (see `triage stories`)."),
    reports: bool = typer.Option(False, "--reports",
                                 help="Also rows that only date when something was reported (\"said on Monday\")."),
    conflicts: bool = typer.Option(False, "--conflicts", help="Only events whose sources disagree on the date."),
    granularity: Optional[Granularity] = typer.Option(None, "--granularity",
                                                      help=f"Only rows dated to the {GRANULARITIES[0]} (or {', '.join(GRANULARITIES[1:])})."),
    sources: str = typer.Option(str(DEFAULT_SOURCES), "--sources", metavar="N|all", help=SOURCES_HELP),
    fmt: TimelineFormat = typer.Option(TimelineFormat.table, "--format", "-f",
                                       help="table, json, csv, markdown or html (a self-contained page)."),
) -> None:
    """The dated events the articles report, one row per event, with independent sources counted."""
    date_from, date_to = check_date(date_from, "--from"), check_date(date_to, "--to")
    try:
        listed = sources_count(sources)
    except ValueError:
        raise fail(f"--sources {sources!r}: expected a count (0 or more) or 'all'", EXIT_USAGE) from None
    options = dict(query=query, date_from=date_from, date_to=date_to, lang=lang, min_sources=min_sources,
                   limit=limit, sources=listed, article=article, granularity=granularity.value if granularity else None,
                   fmt=fmt.value)
    with store_errors():
        try:
            data, story_titles = read_timeline(db, story=story, reports=reports, conflicts=conflicts, **options)
        except NoTimeline as exc:
            raise fail(str(exc), exc.code) from None
    print_timeline(data, story_titles, conflicts=conflicts, story=story, reports=reports, **options)
