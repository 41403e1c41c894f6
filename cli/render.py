"""Rendering: data to stdout (table, JSON, CSV, Markdown), messages to stderr.

Rich honours NO_COLOR and drops colour when stdout is not a terminal, so the
same command is readable by hand and safe in a pipe.
"""

from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from typing import Any, Iterable, Sequence



class _Console:
    """A Rich console made on first use: `triage --version` and `--help` never import Rich."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console = None

    def rich(self):
        """The Rich console itself, for what takes one (a progress bar)."""
        if self._console is None:
            from rich.console import Console
            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rich(), name)


out = _Console(soft_wrap=False)
err = _Console(stderr=True)


class Format(str, Enum):
    """Where the output is rows of data."""
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class TableOrJson(str, Enum):
    """Where the output is a summary or groups: a table for people, JSON for scripts."""
    table = "table"
    json = "json"


class TextOrJson(str, Enum):
    """Where the output is one document."""
    text = "text"
    json = "json"


def message(text: str, quiet: bool = False) -> None:
    """A note for the human, on stderr; silent under --quiet."""
    if not quiet:
        err.print(text, highlight=False)


def problem(path: str, reason: str) -> None:
    """`PATH: reason` on stderr, one line, no markup surprises."""
    err.print(f"{path}: {reason}", markup=False, highlight=False, soft_wrap=True)


def print_json(data: Any) -> None:
    """`data` as indented JSON, written piece by piece as it is encoded (the same text as `json.dumps`, which
    with an indent encodes in Python too): a whole timeline's text is never held at once (issue 13: memory)."""
    from itertools import islice
    chunks = json.JSONEncoder(ensure_ascii=False, indent=2, default=str).iterencode(data)
    while batch := list(islice(chunks, 4096)):  # one write per few thousand pieces, not per piece
        sys.stdout.write("".join(batch))
    sys.stdout.write("\n")


def rows_out(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: Format, *,
             title: str | None = None, wide: Iterable[str] = ()) -> None:
    """Print dict rows in the requested format, keeping `columns` in that order."""
    if fmt == Format.json:
        print_json(list(rows))
    elif fmt == Format.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _flat(row.get(c)) for c in columns})
    elif fmt == Format.markdown:
        sys.stdout.write("| " + " | ".join(columns) + " |\n")
        sys.stdout.write("|" + "|".join("---" for _ in columns) + "|\n")
        for row in rows:
            cells = [_flat(row.get(c)).replace("|", "\\|").replace("\n", " ") for c in columns]
            sys.stdout.write("| " + " | ".join(cells) + " |\n")
    else:
        from rich.table import Table
        wide = set(wide)
        table = Table(title=title, show_lines=bool(wide), expand=bool(wide))
        for column in columns:
            longest = max((len(_flat(row.get(column))) for row in rows), default=0)
            short = longest <= 12  # ids and dates keep their natural width
            ratio = None if short or not wide else (3 if column in wide else 1)
            table.add_column(column, overflow="fold", ratio=ratio, no_wrap=short)
        for row in rows:
            table.add_row(*(_flat(row.get(c)) for c in columns))
        out.print(table)


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_flat(v) for v in value)
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)
