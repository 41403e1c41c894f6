"""`triage duplicates`: the groups of near-identical articles formed at ingest
(`Store.duplicate_groups`), the kept article of each and its copies."""

from __future__ import annotations

from typing import Optional

import typer

from ..render import Format, print_json, rows_out
from .common import DB_OPTION, open_reader, store_errors

EPILOG = """Examples:

  triage duplicates

  triage duplicates --format json

  triage duplicates --format csv > copies.csv

  triage duplicates --threshold 0.9

Groups are formed at ingest (Jaccard similarity of word 3-grams of the cleaned
bodies >= 0.5); --threshold shows only copies at least that similar. The CSV
has one row a copy, with both titles, for a spreadsheet."""


def duplicates_command(
    db: Optional[str] = DB_OPTION,
    fmt: Format = typer.Option(Format.table, "--format", "-f",
                               help="table, json, csv (one row a copy, with both titles) or markdown."),
    threshold: float = typer.Option(0.0, "--threshold", min=0.0, max=1.0,
                                    help="Only copies at least this similar to their kept article."),
) -> None:
    """Groups of near-identical stories: the kept article of each group and its copies."""
    with store_errors(), open_reader(db) as store:
        groups = store.duplicate_groups(threshold)
        titles = {row["id"]: row for row in store.list_articles()} if fmt != Format.json else {}
    if fmt == Format.json:
        print_json([g for g in groups if g["duplicates"]])
        return

    def named(article_id: int) -> str:
        """An article's title, or where an untitled record is (its file and line)."""
        row = titles.get(article_id, {})
        where = row.get("source") if not row.get("source_line") else f"{row['source']}:{row['source_line']}"
        return row.get("title") or where or ""

    if fmt == Format.csv:  # one row a copy: what a spreadsheet sorts and filters
        rows_out([{"kept": group["kept"], "kept_title": named(group["kept"]), "copy": d["id"],
                   "copy_title": named(d["id"]), "similarity": f"{d['similarity']:.2f}"}
                  for group in groups for d in group["duplicates"]],
                 ["kept", "kept_title", "copy", "copy_title", "similarity"], fmt)
        return
    rows = [{"kept": group["kept"], "title": named(group["kept"]),
             "copies": ", ".join(f"{d['id']} ({d['similarity']:.2f})" for d in group["duplicates"])}
            for group in groups]
    rows_out(rows, ["kept", "title", "copies"], fmt, wide=("title",))
