"""`triage timeline`."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Optional

import typer

from corpus_tools import __version__

from ..render import Format, print_json, rows_out
from .common import DB_OPTION, check_date, open_reader, store_errors

DEFAULT_LIMIT = 100  # a timeline is read by people: the best-supported rows, unless asked for all (an ingest
# stores this timeline finished: timeline.STORED_QUESTIONS)
EPILOG = """Examples:

  triage timeline

  triage timeline --query "Korea Utara" --from 2024-06-01 --to 2024-12-31

  triage timeline --limit 20 --min-sources 2 --format markdown > timeline.md

  triage timeline --conflicts

  triage timeline --format html > timeline.html

  triage timeline --article 3

  triage timeline --story 12 --min-sources 2

  triage timeline --reports"""


class TimelineFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"


class Granularity(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


def timeline_command(
    db: Optional[str] = DB_OPTION,
    query: Optional[str] = typer.Option(None, "--query", help="Only articles containing all these words."),
    date_from: Optional[str] = typer.Option(None, "--from", help="First date (YYYY[-MM[-DD]])."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Last date (YYYY[-MM[-DD]])."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Only articles in this language (id, en, ...)."),
    min_sources: int = typer.Option(1, "--min-sources", min=1, help="Only events reported by at least N independent articles."),
    limit: int = typer.Option(DEFAULT_LIMIT, "--limit", min=0,
                              help="Keep the N best-supported events, shown in date order (0: all)."),
    article: Optional[int] = typer.Option(None, "--article", help="Only the dated events of one article."),
    story: Optional[int] = typer.Option(None, "--story", help="Only the articles of one story (see `triage stories`)."),
    reports: bool = typer.Option(False, "--reports",
                                 help="Also rows that only date when something was reported (\"said on Monday\")."),
    conflicts: bool = typer.Option(False, "--conflicts", help="Only events whose sources disagree on the date."),
    granularity: Optional[Granularity] = typer.Option(None, "--granularity",
                                                      help="Only rows dated to the day (or week, month, year)."),
    fmt: TimelineFormat = typer.Option(TimelineFormat.table, "--format", "-f",
                                       help="table, json, csv, markdown or html (a self-contained page)."),
) -> None:
    """The dated events the articles report, one row per event, with independent sources counted."""
    from corpus_tools.timeline import timeline_dicts
    date_from, date_to = check_date(date_from, "--from"), check_date(date_to, "--to")
    with store_errors(), open_reader(db) as store:
        data = timeline_dicts(store, query=query, date_from=date_from, date_to=date_to, language=lang,
                              article_id=article, limit=limit or None, min_sources=min_sources,
                              granularity=granularity.value if granularity else None, story_id=story,
                              reports=reports)
        story_titles = ({s["id"]: s["title"] for s in store.list_stories()}
                        if fmt == TimelineFormat.html else {})
    if conflicts:
        data = [row for row in data if row["conflicts"]]
    if fmt == TimelineFormat.json:
        print_json(data)
        return
    if fmt == TimelineFormat.html:
        filters = {"search": query, "from": date_from, "to": date_to, "language": lang, "article": article,
                   "granularity": granularity.value if granularity else None,
                   "at least": f"{min_sources} sources" if min_sources > 1 else None,
                   "only": "conflicting dates" if conflicts else None,
                   "kept": f"the {limit} best-supported events" if limit and len(data) >= limit else None}
        from corpus_tools.page import timeline_page
        sys.stdout.write(timeline_page(data, title=f"Timeline: {query}" if query else "Timeline",
                                       filters=filters, generator=f"triage {__version__}",
                                       story_titles=story_titles))
        return
    flat = [{"date": d["date"], "event": _event_cell(d), "sources": _sources_cell(d),
             **({"conflicts": conflicts_cell(d["conflicts"])} if conflicts else {})} for d in data]
    columns = ["date", "event", "sources"] + (["conflicts"] if conflicts else [])
    rows_out(flat, columns, Format(fmt.value), wide=("event",))


TABLE_SUMMARY_CHARS = 160


def conflicts_cell(conflicts: list[dict]) -> str:
    """'2024-11-10 (2 articles: ANTARA, Tempo); …' — the other dates the sources give."""
    return "; ".join(f"{c['date']} ({c['articles']} article{'s' if c['articles'] != 1 else ''}: "
                     f"{', '.join(c['outlets'])})" for c in conflicts)


def _event_cell(row: dict) -> str:
    actors = ", ".join(row["actors"][:3])
    summary = row["summary"]
    if len(summary) > TABLE_SUMMARY_CHARS:
        summary = summary[:TABLE_SUMMARY_CHARS - 1].rstrip() + "…"
    return f"{row['label']}" + (f" ({actors})" if actors else "") + f": {summary}"


def _sources_cell(row: dict) -> str:
    """'3: Kompas TV ×2, SINDOnews, no outlet' — independent articles, each outlet once with its count."""
    parts = [f"{outlet or 'no outlet'}" + (f" ×{n}" if n > 1 else "") for outlet, n in row["outlets"].items()]
    return f"{row['articles']}: " + ", ".join(parts)
