"""Rendering: data to stdout (table, JSON, CSV, Markdown), messages to stderr.

Rich honours NO_COLOR and drops colour when stdout is not a terminal, so the
same command is readable by hand and safe in a pipe.
"""

from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from functools import cache
from itertools import chain
from typing import Any, Callable, Iterable, Sequence



PIPED_WIDTH = 160  # a table's width when stdout is a pipe or a file and COLUMNS does not say


class _Console:
    """A Rich console made on first use: `triage --version` and `--help` never import Rich."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console = None

    def rich(self):
        """The Rich console itself, for what takes one (a progress bar)."""
        if self._console is None:
            import os

            from rich.console import Console
            options = dict(self._options)
            stream = sys.stderr if options.get("stderr") else sys.stdout
            if not os.environ.get("COLUMNS") and not stream.isatty():
                # `triage stories | less -S`, `> table.txt`: Rich's 80 columns squeezed a table's words into
                # pieces ("jack/son"); a pipe or a file has room
                options["width"] = PIPED_WIDTH
            self._console = Console(**options)
            if not self._options.get("stderr"):
                self._console.on_broken_pipe = _broken_pipe
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rich(), name)


def _broken_pipe() -> None:
    """Rich's answer to a closed stdout is exit 1; a reader that stopped early (`triage show 3 | head -2`) is not
    a failure: raise the BrokenPipeError the commands' `_pipe_safe` turns into exit 0."""
    out.rich().quiet = True
    raise BrokenPipeError


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
        err.print(text, markup=False, highlight=False, soft_wrap=True)


def problem(path: str, reason: str) -> None:
    """`PATH: reason` on stderr, one line, no markup surprises."""
    err.print(f"{path}: {reason}", markup=False, highlight=False, soft_wrap=True)


def print_json(data: Any) -> None:
    """`data` as indented JSON: the same text as `json.dumps(data, ensure_ascii=False, indent=2, default=str)`,
    written an item of a list at a time (a whole timeline's text is never held at once; issue 13: memory).

    The standard library encodes an indented text in Python, value by value (with `indent`, its C encoder is
    not used): a 100k store's timeline lists tens of thousands of sources, and encoding them was most of the
    command. Here a list or dict whose items are all plain values (a source, a row's outlets) is encoded by the
    C encoder in one call, its separators carrying the line breaks and the indentation of its depth."""
    pieces: list[str] = []
    if isinstance(data, (list, tuple)) and data:  # a list of rows: written a row at a time
        separator = "[\n" + _INDENT
        for item in data:
            pieces.append(separator)
            separator = ",\n" + _INDENT
            _indented(item, 1, pieces)
            sys.stdout.write("".join(pieces))  # one write per row, each let go once written
            pieces.clear()
        pieces.append("\n]")
    else:
        _indented(data, 0, pieces)
    pieces.append("\n")
    sys.stdout.write("".join(pieces))


_PLAIN = (str, int, float, bool, type(None))  # what the C encoder writes as the indenting encoder does
_PLAIN_TYPES = frozenset(_PLAIN)
_STR = frozenset((str,))  # the keys the C encoder writes as they are
_DICT = frozenset((dict,))
_INDENT = "  "
_plain = json.JSONEncoder(ensure_ascii=False).encode


@cache
def _flat_encoder(depth: int) -> Callable[[Any], str]:
    """The C encoder of a list or dict of plain values at `depth`: its items one a line, indented one step more."""
    return json.JSONEncoder(ensure_ascii=False, separators=(",\n" + _INDENT * (depth + 1), ": ")).encode


def _indented(value: Any, depth: int, pieces: list[str]) -> None:
    """Append the pieces of `value`'s indented JSON at `depth` to `pieces` (`print_json`)."""
    if isinstance(value, (list, tuple)):
        keys = None
        items = value
    elif isinstance(value, dict):
        keys = list(value)
        items = value.values()
    elif isinstance(value, _PLAIN):
        pieces.append(_plain(value))
        return
    else:  # the encoder's `default=str`
        pieces.append(_plain(str(value)))
        return
    if not value:
        pieces.append("{}" if keys is not None else "[]")
        return
    closing = "}" if keys is not None else "]"
    if _PLAIN_TYPES.issuperset(map(type, items)) and (keys is None or _STR.issuperset(map(type, keys))):
        # every item is a plain value: the C encoder writes them, each on its line at this depth
        text = _flat_encoder(depth)(value)
        pieces.append(text[0] + "\n" + _INDENT * (depth + 1) + text[1:-1] + "\n" + _INDENT * depth + closing)
        return
    inner = "\n" + _INDENT * (depth + 1)
    if keys is None and _flat_dicts(items):
        pieces.append(_flat_dict_list(value, depth))
        return
    separator = ("{" if keys is not None else "[") + inner
    if keys is None:
        for item in items:
            pieces.append(separator)
            separator = "," + inner
            _indented(item, depth + 1, pieces)
    else:
        for key, item in zip(keys, items):
            pieces.append(separator + _key(key) + ": ")
            separator = "," + inner
            _indented(item, depth + 1, pieces)
    pieces.append("\n" + _INDENT * depth + closing)


def _flat_dicts(items: list | tuple) -> bool:
    """Every item is a non-empty dict of plain values under string keys (a row's sources)."""
    return (_DICT.issuperset(map(type, items)) and all(items)
            and _STR.issuperset(map(type, chain.from_iterable(items)))
            and _PLAIN_TYPES.issuperset(map(type, chain.from_iterable(map(dict.values, items)))))


def _flat_dict_list(value: list | tuple, depth: int) -> str:
    """A list of `_flat_dicts` at `depth`, indented, in one call of the C encoder: its separator is the one of
    the dicts' items (one step deeper than the dicts), and the seams between the dicts, "},\n" with that
    indentation and "{" (a raw line break is never inside an encoded string), are then given the dicts' own."""
    outer, inner = "\n" + _INDENT * (depth + 1), "\n" + _INDENT * (depth + 2)
    text = _flat_encoder(depth + 1)(value)  # [{"a": 1,<inner>"b": 2},<inner>{"a": 3,<inner>"b": 4}]
    text = text[2:-2].replace("}," + inner + "{", outer + "}," + outer + "{" + inner)
    return "[" + outer + "{" + inner + text + outer + "}" + "\n" + _INDENT * depth + "]"


def _key(key: Any) -> str:
    """A dict key as the encoder writes it: a string, or a float, bool, None or int written as one."""
    if isinstance(key, str):
        return _plain(key)
    if isinstance(key, (float, bool, int)) or key is None:
        return _plain(_plain(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


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
        from rich.text import Text
        wide = set(wide)
        # cells and title as Text: scraped text holds "[/caption]" and "[i]", which Rich would read as markup
        table = Table(title=None if title is None else Text(title), show_lines=bool(wide), expand=bool(wide))
        for column in columns:
            longest = max((len(_flat(row.get(column))) for row in rows), default=0)
            short = longest <= 12  # ids and dates keep their natural width
            ratio = None if short or not wide else (3 if column in wide else 1)
            table.add_column(column, overflow="fold", ratio=ratio, no_wrap=short)
        for row in rows:
            table.add_row(*(Text(_flat(row.get(c))) for c in columns))
        out.print(table)


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_flat(v) for v in value)
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)
