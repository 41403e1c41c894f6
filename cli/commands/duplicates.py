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
                               help="table, json, csv (one row a copy, with both titles and where each was read) or markdown."),
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

    def where(article_id: int) -> str:
        """Where an article was read: its file, and the line of a record in it."""
        row = titles.get(article_id, {})
        return (row.get("source") if not row.get("source_line") else f"{row['source']}:{row['source_line']}") or ""

    def named(article_id: int) -> str:
        """An article's title, or where an untitled record is (its file and line)."""
        return titles.get(article_id, {}).get("title") or where(article_id)

    if fmt == Format.csv:  # one row a copy: what a spreadsheet sorts and filters; a title column holds titles only
        rows_out([{"kept": group["kept"], "kept_title": titles.get(group["kept"], {}).get("title") or "",
                   "kept_source": where(group["kept"]), "copy": d["id"],
                   "copy_title": titles.get(d["id"], {}).get("title") or "", "copy_source": where(d["id"]),
                   "similarity": f"{d['similarity']:.2f}"}
                  for group in groups for d in group["duplicates"]],
                 ["kept", "kept_title", "kept_source", "copy", "copy_title", "copy_source", "similarity"], fmt)
        return
    rows = [{"kept": group["kept"], "title": named(group["kept"]),
             "copies": ", ".join(f"{d['id']} ({d['similarity']:.2f})" for d in group["duplicates"])}
            for group in groups]
    rows_out(rows, ["kept", "title", "copies"], fmt, wide=("title",))
