"""The records that flow through the pipeline stages.

read → decode → extract → language → clean → dates → events → fingerprint → store

(`SourceDocument` from read; `extract.Extracted` from decode + extract; the cleaner's
`DroppedLine`s, the tagger's `Timex`es and the `EventMention`s end up in the `Article`
that `pipeline.process` returns; docs/development.md, "How a record flows".)
Each stage takes one of these and returns the next; none of them touches the
database. Keeping them as plain dataclasses means a stage can be tested alone
and a record can cross a process boundary (the ingest worker pool) by pickling.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

# The granularities of an event's date, finest first: what an EventMention carries (`events.CALENDAR`) and
# `triage timeline --granularity` offers.
Granularity = Literal["day", "week", "month", "quarter", "season", "year"]
GRANULARITIES: tuple[Granularity, ...] = get_args(Granularity)
# A Timex's: those, and the spans the tagger reads that never date an event
TimexGranularity = Literal[Granularity, "half", "decade", "century"]


@dataclass(frozen=True)
class SourceDocument:
    """One document as read from disk or stdin, before decoding.

    A `.jsonl` file yields one SourceDocument per line (``line`` set); other
    files yield one. ``kind`` says how the payload is to be read.
    """

    path: str  # file path as given, or "-" for stdin
    kind: str  # "text" | "html" | "record"
    payload: bytes  # raw bytes for text/html; the JSON line (or object) for records
    line: int | None = None  # 1-based line number for JSONL records
    size: int = 0
    mtime: float | None = None
    content_hash: str = ""  # sha256 of the whole file's bytes

    @property
    def key(self) -> str:
        """Stable identity of the document inside the store."""
        return self.path if self.line is None else f"{self.path}#L{self.line}"

    @property
    def where(self) -> str:
        """Where it is, for a message: its path, and a record's line after a colon (`data.jsonl:12`)."""
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Timex:
    """A date expression found in text, normalised TIMEX3-style.

    ``value`` is one of YYYY-MM-DD, YYYY-MM, YYYY-Www, YYYY (or a season such as
    2024-SU); ``mod`` carries START/MID/END for awal/pertengahan/akhir, early/mid/late.
    Offsets are character offsets into the text the tagger was given.
    """

    start: int
    end: int
    text: str
    value: str
    granularity: TimexGranularity
    type: str = "DATE"
    mod: str | None = None


@dataclass(frozen=True)
class DroppedLine:
    """A line the cleaner removed, with the rule that removed it."""

    text: str
    reason: str
    line_no: int = 0


@dataclass(frozen=True)
class EventMention:
    """A dated sentence of one article that says something happened."""

    label: str  # short English label from the language's trigger table, e.g. "sign"
    trigger: str  # the word in the text
    actors: tuple[str, ...]
    value: str  # TIMEX3 value of the date it carries
    granularity: Granularity
    sentence: str
    is_report: bool = False  # dates the report ("kata KCNA, Selasa"), not the event
    start: int = 0  # offset of the sentence in the cleaned body


@dataclass
class Article:
    """Everything the pipeline learns about one article."""

    source: SourceDocument
    text: str = ""  # decoded, NFKC-normalised text (HTML: extracted main text)
    title: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    published_from: str | None = None  # provenance: "header", "dateline", "html", "record", ...
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    external_id: str | None = None
    language: str = "und"
    language_prob: float = 0.0
    body: str = ""  # cleaned body
    body_hash: str = ""
    dropped: list[DroppedLine] = field(default_factory=list)
    repaired: bool = False  # its text was mojibake, read back as UTF-8 (decode.repair_mojibake): told, not stored
    dates: list[Timex] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    minhash: list[int] | None = None  # MinHash signature of the cleaned body
    shingle_hashes: bytes | None = None  # fingerprint.shingle_hashes of the cleaned body
    # Work done for the writer by the pipeline (in the worker processes), each with what it was computed from:
    # the writer takes it only while the article still holds those inputs, and computes it itself otherwise
    # (an article changed since, e.g. by `dataclasses.replace`). Not part of the article's value.
    story_terms: tuple | None = field(default=None, compare=False, repr=False)  # stories.counted_terms
    lsh_keys: tuple | None = field(default=None, compare=False, repr=False)  # fingerprint.keyed_bands
