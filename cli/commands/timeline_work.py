"""`triage timeline`'s work, without Typer: its plain command lines are answered by `run_timeline` straight
from the entry point (cli/launch.py), as `triage clean FILE`'s are.

Importing Typer and the other commands was a quarter of `triage timeline --query WORDS` on a
100k-article store (issue 13). `timeline_arguments` reads the plain forms of the command line
(each option of the command at most once, as `--name value`, `--name=value` or `-f value`, with a
value Typer would take as it is); anything else — `--help`, an unknown or repeated option, a
value that is not a choice, a number or a date — returns None and goes to Typer, whose messages
and exit codes stay the reference. A store that cannot be read goes to Typer too (nothing has
been printed yet), so its message and exit code are the Typer command's. Both ways run
`read_timeline` and `print_timeline` below.
"""

from __future__ import annotations

import sys
from typing import Any

from corpus_tools.record import GRANULARITIES

from .plain import EXIT_FAILED, EXIT_OK, EXIT_USAGE, empty_note, no_story, open_reader, plain_arguments, run_plain

DEFAULT_SOURCES = 10  # corpus_tools.timeline.DEFAULT_SOURCES (not imported: the timeline module loads later)
DEFAULT_LIMIT = 100  # a timeline is read by people: the best-supported rows, unless asked for all (an ingest
# stores this timeline finished: timeline.STORED_QUESTIONS)
FORMATS = ("table", "json", "csv", "markdown", "html")
SOURCES_HELP = ("List at most N sources a row, the most central first (its totals always count every one), or "
                "\"all\".")
TABLE_SUMMARY_CHARS = 160


class NoTimeline(Exception):
    """What was asked names nothing (a story or an article the store lacks, --from after --to): one line on
    stderr and `code` (EXIT_FAILED, or EXIT_USAGE for a usage error), nothing on stdout."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def sources_count(value: str) -> int | None:
    """`--sources`' value: a count (0 or more), or None for "all"; ValueError for anything else."""
    if value == "all":
        return None
    if not value.isascii() or not value.isdigit():
        raise ValueError(f"{value!r} is not a count (0 or more) or 'all'")
    return int(value)


def read_timeline(db: str | None, *, query: str | None, date_from: str | None, date_to: str | None,
                  lang: str | None, min_sources: int, limit: int, article: int | None, story: int | None,
                  reports: bool, granularity: str | None, fmt: str, conflicts: bool,
                  sources: int | None = DEFAULT_SOURCES) -> tuple[list[dict], dict[int, str]]:
    """The timeline's rows, each listing at most `sources` sources (None: all), and the stories' titles when
    the page (html) shows them. Raises NoTimeline when the options name nothing; an empty timeline otherwise
    comes with a note on stderr saying why."""
    from corpus_tools.timeline import timeline_dicts
    if date_from and date_to and date_from[:len(date_to)] > date_to:
        raise NoTimeline(f"--from {date_from} is after --to {date_to}", EXIT_USAGE)
    if fmt not in ("json", "html"):
        sources = 0  # the table, CSV and Markdown give each row's totals, no source of its own
    with open_reader(db) as store:
        data = timeline_dicts(store, query=query, date_from=date_from, date_to=date_to, language=lang,
                              article_id=article, limit=limit or None, min_sources=min_sources,
                              granularity=granularity, story_id=story, reports=reports, conflicts=conflicts,
                              sources=sources)
        if not data:
            def with_reports() -> bool:  # the hint is given only where --reports would list something
                return bool(timeline_dicts(store, query=query, date_from=date_from, date_to=date_to, language=lang,
                                           article_id=article, limit=1, min_sources=min_sources,
                                           granularity=granularity, story_id=story, reports=True, conflicts=conflicts,
                                           sources=0))
            _explain_empty(store, story=story, article=article, reports=reports, lang=lang, with_reports=with_reports)
        story_titles = {}
        if fmt == "html":  # the headline `triage stories` gives, for the stories the page groups rows by
            from corpus_tools.stories import story_headlines
            story_titles = story_headlines(store, (row["stories"][0] for row in data if len(row["stories"]) == 1))
    return data, story_titles


def _explain_empty(store, *, story: int | None, article: int | None, reports: bool, lang: str | None,
                   with_reports=lambda: True) -> None:
    """Why a timeline is empty: NoTimeline when a story or article asked for is not in the store, else a note
    on stderr (the empty table or `[]` is still printed: a script reads valid output); it names --reports
    only when the same options with it list something (`with_reports()`)."""
    from corpus_tools.stories import current_story
    if story is not None and current_story(store, story) is None:
        raise NoTimeline(no_story(story), EXIT_FAILED)
    if article is not None and store.get_article(article) is None:
        raise NoTimeline(f"no article with id {article}", EXIT_FAILED)
    note = empty_note(store, "events", lang)
    if note == "no events match these options" and not reports and with_reports():
        note += " (dates that only say when something was reported need --reports)"
    sys.stderr.write(f"triage: {note}\n")


def print_timeline(data: list[dict], story_titles: dict[int, str], *, query: str | None, date_from: str | None,
                   date_to: str | None, lang: str | None, min_sources: int, limit: int, article: int | None,
                   conflicts: bool, granularity: str | None, fmt: str, story: int | None = None,
                   reports: bool = False, sources: int | None = DEFAULT_SOURCES) -> None:
    """The rows in `fmt`; the page lists every option that narrowed or widened them (`story`, `reports`
    too, which only the page shows: the other formats' rows say it themselves)."""
    from ..render import Format, print_json, rows_out
    if fmt == "json":
        print_json(data)
        return
    if fmt == "html":
        from corpus_tools import __version__
        from corpus_tools.page import timeline_page
        filters = {"search": query, "story": story, "from": date_from, "to": date_to, "language": lang,
                   "article": article, "granularity": granularity,
                   "also": "the dates of reports" if reports else None,
                   "at least": f"{min_sources} sources" if min_sources > 1 else None,
                   "only": "conflicting dates" if conflicts else None,
                   "kept": f"the {limit} best-supported events" if limit and len(data) >= limit else None,
                   "listed": f"the {sources} most central sources of each event"
                   if sources is not None and any(d["sources_total"] > len(d["sources"]) for d in data) else None}
        sys.stdout.write(timeline_page(data, title=f"Timeline: {query}" if query else "Timeline",
                                       filters=filters, generator=f"triage {__version__}",
                                       story_titles=story_titles))
        return
    if fmt == "csv":  # for a spreadsheet: one value a column, the whole summary, the count a number to sort by
        flat = [{"date": d["date"], "granularity": d["granularity"], "label": d["label"],
                 "actors": "; ".join(d["actors"]), "summary": d["summary"], "sources": d["articles"],
                 "outlets": "; ".join(_outlet_parts(d)),
                 **({"conflicts": conflicts_cell(d["conflicts"])} if conflicts else {})} for d in data]
        columns = ["date", "granularity", "label", "actors", "summary", "sources", "outlets"]
    else:  # for reading: the event in one cell; a terminal's table cuts a runaway summary
        flat = [{"date": d["date"], "event": _event_cell(d, cut=fmt == "table"), "sources": _sources_cell(d),
                 **({"conflicts": conflicts_cell(d["conflicts"])} if conflicts else {})} for d in data]
        columns = ["date", "event", "sources"]
    rows_out(flat, columns + (["conflicts"] if conflicts else []), Format(fmt), wide=("event",))


def conflicts_cell(conflicts: list[dict]) -> str:
    """'2024-11-10 (2 articles: ANTARA, Tempo); …' — the other dates the sources give."""
    return "; ".join(f"{c['date']} ({c['articles']} article{'s' if c['articles'] != 1 else ''}: "
                     f"{', '.join('no outlet' if o == '?' else o for o in c['outlets'])})" for c in conflicts)


def _event_cell(row: dict, cut: bool) -> str:
    actors = ", ".join(row["actors"][:3])
    summary = row["summary"]
    if cut and len(summary) > TABLE_SUMMARY_CHARS:
        summary = summary[:TABLE_SUMMARY_CHARS - 1].rstrip() + "…"
    return f"{row['label']}" + (f" ({actors})" if actors else "") + f": {summary}"


def _sources_cell(row: dict) -> str:
    """'3: Kompas TV ×2, SINDOnews, no outlet' — independent articles, each outlet once with its count."""
    return f"{row['articles']}: " + ", ".join(_outlet_parts(row))


def _outlet_parts(row: dict) -> list[str]:
    return [f"{outlet or 'no outlet'}" + (f" ×{n}" if n > 1 else "") for outlet, n in row["outlets"].items()]


# option → (argument name, kind); the kinds are read as Typer would read these values, or not at all
_OPTIONS = {"--db": ("db", "text"), "--query": ("query", "text"), "--from": ("date_from", "date"),
            "--to": ("date_to", "date"), "--lang": ("lang", "text"), "--min-sources": ("min_sources", "count1"),
            "--limit": ("limit", "count0"), "--article": ("article", "count0"), "--story": ("story", "count0"),
            "--granularity": ("granularity", GRANULARITIES), "--format": ("fmt", FORMATS), "-f": ("fmt", FORMATS),
            "--reports": ("reports", "flag"), "--conflicts": ("conflicts", "flag"), "--sources": ("sources", "text")}


def timeline_arguments(args: list[str]) -> dict[str, Any] | None:
    """`timeline`'s arguments as `read_timeline` and `print_timeline` take them, when the command line is in
    a plain form; else None (Typer's turn)."""
    found = plain_arguments(args, _OPTIONS)
    if found is None:
        return None
    if "sources" in found:
        try:
            found["sources"] = sources_count(found["sources"])
        except ValueError:
            return None  # Typer's message
    return {"db": None, "query": None, "date_from": None, "date_to": None, "lang": None, "min_sources": 1,
            "limit": DEFAULT_LIMIT, "article": None, "story": None, "reports": False, "conflicts": False,
            "granularity": None, "fmt": "table", "sources": DEFAULT_SOURCES, **found}


def run_timeline(arguments: dict[str, Any]) -> int | None:
    """`timeline` as the Typer command runs it (cli/app.py): the same output, flushing and exit codes; None
    when the store could not be read (nothing printed: the Typer command answers, with its message)."""
    return run_plain(lambda: _timeline_exit(arguments))


def _timeline_exit(arguments: dict[str, Any]) -> int | None:
    from corpus_tools.errors import TriageError
    reading = dict(arguments)
    printing = {k: v for k, v in arguments.items() if k != "db"}
    try:
        data, story_titles = read_timeline(**reading)
    except NoTimeline as exc:
        sys.stderr.write(f"triage: {exc}\n")
        return exc.code
    except (TriageError, OSError):
        return None
    print_timeline(data, story_titles, **printing)
    sys.stdout.flush()
    return EXIT_OK
