"""`triage duplicates`: the groups of near-identical articles formed at ingest
(`Store.duplicate_groups`), the kept article of each and its copies."""

from __future__ import annotations

from typing import Optional

import typer

from ..render import Format, TableOrJson, print_json, rows_out
from .common import DB_OPTION, open_reader, store_errors

EPILOG = """Examples:

  triage duplicates

  triage duplicates --format json

  triage duplicates --threshold 0.9   # only the closest copies

Groups are formed at ingest (Jaccard similarity of word 3-grams of the cleaned
bodies >= 0.5); --threshold shows only copies at least that similar."""


def duplicates_command(
    db: Optional[str] = DB_OPTION,
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help="table or json."),
    threshold: float = typer.Option(0.0, "--threshold", min=0.0, max=1.0,
                                    help="Only copies at least this similar to their kept article."),
) -> None:
    """Groups of near-identical stories: the kept article of each group and its copies."""
    with store_errors(), open_reader(db) as store:
        groups = store.duplicate_groups(threshold)
        titles = {row["id"]: row for row in store.list_articles()} if fmt == TableOrJson.table else {}
    if fmt == TableOrJson.json:
        print_json([g for g in groups if g["duplicates"]])
        return
    rows = []
    for group in groups:
        kept = titles.get(group["kept"], {})
        where = kept.get("source") if not kept.get("source_line") else f"{kept['source']}:{kept['source_line']}"
        rows.append({"kept": group["kept"], "title": kept.get("title") or where,  # an untitled record: its line
                     "copies": ", ".join(f"{d['id']} ({d['similarity']:.2f})" for d in group["duplicates"])})
    rows_out(rows, ["kept", "title", "copies"], Format.table, wide=("title",))
