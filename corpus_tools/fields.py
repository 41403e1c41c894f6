"""The fields of a news record, one table for JSON, JSONL, CSV and TSV (`fields.toml`).

`FIELDS` lists, per canonical field, the names records use for it. Keys are compared
case-insensitively; `apply_mapping` adds the user's own mappings (`--field
title=kop`), which win over the aliases.

`DateOrder` decides once for a whole column whether numeric dates such as
`10/21/2025 20:43` are day-first or month-first (one value above 12 in the first
place means day-first, in the second place month-first): a value such as
`03/04/2025` alone cannot say, its column can. dateparser and dateutil decide
per value, which reads one column two ways, so this is our own small rule.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Mapping


@cache
def _table() -> dict:
    with Path(__file__).with_name("fields.toml").open("rb") as fh:
        return tomllib.load(fh)


FIELDS: dict[str, tuple[str, ...]] = {name: tuple(names) for name, names in _table()["fields"].items()}
WRAPPER_KEYS: frozenset[str] = frozenset(_table()["wrappers"]["keys"])
EXPORT_MARKS: frozenset[str] = frozenset(_table()["export"]["marks"])
EXPORT_KEYS: dict[str, str] = dict(_table()["export"]["keys"])


def own_export(record: dict[str, Any]) -> dict[str, Any]:
    """A record (keys lower-cased) that `triage export` wrote, as its canonical fields from their own keys alone
    (`[export]` of fields.toml); any other record as it is."""
    if not EXPORT_MARKS <= record.keys():
        return record
    return {field: record.get(key) for field, key in EXPORT_KEYS.items()}


class FieldError(ValueError):
    """A --field mapping that cannot be used."""


def parse_mappings(specs: Iterable[str]) -> dict[str, str]:
    """['title=headline', ...] → {'title': 'headline'}; FieldError names what is wrong."""
    mapping: dict[str, str] = {}
    for spec in specs:
        field, sep, source = spec.partition("=")
        field, source = field.strip().lower(), source.strip()
        if not sep or not field or not source:
            raise FieldError(f"{spec!r}: expected FIELD=NAME, e.g. title=headline")
        if field not in FIELDS:
            raise FieldError(f"{spec!r}: unknown field {field!r} (one of {', '.join(FIELDS)})")
        mapping[field] = source
    return mapping


def apply_mapping(record: dict[str, Any], mapping: Mapping[str, str] | None) -> dict[str, Any]:
    """The record with the user's `--field` mappings applied: {'title': 'kop'} copies `kop` (any case) to `title`;
    a dotted name reaches into nested objects: {'text': 'content.rendered'} (WordPress's REST API)."""
    for field, source in (mapping or {}).items():
        value = _value_at(record, source)
        if value is not _MISSING:
            record[field] = value
    return record


_MISSING = object()


def _value_at(record: Mapping[str, Any], source: str) -> Any:
    """The value of `source` in `record`: a key of that name (any case, as `field_key` compares), else, for a
    dotted name, the path through the objects it names (`content.rendered`); `_MISSING` when there is none."""
    wanted = field_key(source)
    for key, value in record.items():
        if isinstance(key, str) and field_key(key) == wanted:
            return value
    head, dot, rest = source.partition(".")
    if dot and head and rest:
        inner = _value_at(record, head)
        if isinstance(inner, Mapping):
            return _value_at(inner, rest)
    return _MISSING


def field_key(name: str) -> str:
    """A field name as compared: 'Publish Date', 'publish-date' and 'PUBLISH_DATE' are `publish_date`."""
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def lower_keys(record: Mapping[str, Any]) -> dict[str, Any]:
    """Keys as `field_key` compares them ('Title' is `title`; the first spelling wins)."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        out.setdefault(field_key(str(key)), value)
    return out


def column_of(header: Iterable[str], field: str, mapping: Mapping[str, str] | None = None) -> int | None:
    """Index of the column a record would take `field` from, or None."""
    lowered = [field_key(h) for h in header]
    wanted = (mapping or {}).get(field)
    for name in ([field_key(wanted)] if wanted else []) + list(FIELDS[field]):
        if name in lowered:
            return lowered.index(name)
    return None


_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b")


class DateOrder:
    """Which way a column writes its numeric dates, from every value of the column."""

    def __init__(self) -> None:
        self.day_first = self.month_first = 0

    def add(self, value: str) -> None:
        match = _NUMERIC_DATE.match(value or "")
        if match:
            self.day_first += int(match.group(1)) > 12
            self.month_first += int(match.group(2)) > 12

    @property
    def order(self) -> str:
        return "mdy" if self.month_first > self.day_first else "dmy"


def valid_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD, a real day or month (what a timeline's `date_from`/`date_to` and the
    commands' --from and --to take)."""
    for length in (10, 7, 4):
        try:
            if len(value) == length:
                date.fromisoformat(value if length == 10 else value + ("-01" if length == 7 else "-01-01"))
                return True
        except ValueError:
            break
    return False


def iso_date(value: str, order: str) -> str:
    """A numeric date as ISO 8601 (YYYY-MM-DD) read in the column's `order`; other values unchanged."""
    match = _NUMERIC_DATE.match(value or "")
    if not match:
        return value
    a, b, year = int(match.group(1)), int(match.group(2)), match.group(3)
    day, month = (a, b) if order == "dmy" else (b, a)
    try:
        return date(int(year) if len(year) == 4 else 2000 + int(year), month, day).isoformat()
    except ValueError:  # 31/02: not a date
        return value
