"""triage's library: everything that does work; the `triage` command only calls it.

    import corpus_tools as ct

    report = ct.ingest(["sample_corpus"], "news.db")          # read, clean, date, dedup, store
    with ct.Store("news.db", readonly=True) as store:
        rows = ct.timeline_from_store(store, limit=10)        # the timeline the CLI prints
    ct.clean_text(text, "id").body                             # one stage on its own
    ct.tag("Senin (11/11/2024) ...", date(2024, 11, 12), "id") # dates, TIMEX3 values

Names are loaded on first use (module `__getattr__`), so `import corpus_tools` stays
cheap: trafilatura, datasketch and langdetect are imported only by what needs them.
Every error raised on purpose is a `TriageError` (see `corpus_tools.errors`).
See docs/library.md.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# public name → module that defines it
_EXPORTS = {
    # the whole run
    "ingest": "ingest", "IngestReport": "ingest",
    # the store
    "Store": "store", "default_path": "store", "copy_store": "store.copy",
    # the timeline
    "timeline_from_store": "timeline", "build_timeline": "timeline", "row_as_dict": "timeline",
    "mention_rows": "timeline", "MentionRow": "timeline", "TimelineRow": "timeline",
    "timeline_dicts": "timeline", "timeline_page": "page",
    # stories
    "list_stories": "stories",
    # the stages, one document at a time
    "read_documents": "read", "discover": "read", "ReadProblem": "read",
    "decode": "decode", "decode_bytes": "decode",
    "extract": "extract", "Extracted": "extract",
    "detect_language": "language",
    "clean_text": "clean", "CleanResult": "clean",
    "tag": "dates", "guess_dct": "dates",
    "extract_events": "events",
    "process": "pipeline", "Context": "pipeline",
    "SourceDocument": "record", "Article": "record", "Timex": "record", "EventMention": "record",
    "languages": "languages",
    # errors
    "TriageError": "errors", "StoreError": "errors", "StoreMissing": "errors", "SchemaBehind": "errors",
    "StoreBusy": "errors", "Interrupted": "errors", "DecodeError": "errors", "NotAnArticle": "errors",
    "ArticleRejected": "errors", "QueryError": "errors", "QueryBusy": "errors",
    "QueryConflict": "errors", "ServerRestarting": "errors", "ServerUnreachable": "errors",
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:
    # What a type checker and an editor see: the same names, typed. At run time nothing here is
    # imported (each name loads on first use, `__getattr__` below); tests/test_packaging.py checks
    # that this list and _EXPORTS agree.
    from . import languages as languages
    from .ingest import ingest as ingest, IngestReport as IngestReport
    from .store import Store as Store, default_path as default_path
    from .store.copy import copy_store as copy_store
    from .timeline import (
        timeline_from_store as timeline_from_store,
        build_timeline as build_timeline,
        row_as_dict as row_as_dict,
        mention_rows as mention_rows,
        MentionRow as MentionRow,
        TimelineRow as TimelineRow,
        timeline_dicts as timeline_dicts,
    )
    from .page import timeline_page as timeline_page
    from .stories import list_stories as list_stories
    from .read import read_documents as read_documents, discover as discover, ReadProblem as ReadProblem
    from .decode import decode as decode, decode_bytes as decode_bytes
    from .extract import extract as extract, Extracted as Extracted
    from .language import detect_language as detect_language
    from .clean import clean_text as clean_text, CleanResult as CleanResult
    from .dates import tag as tag, guess_dct as guess_dct
    from .events import extract_events as extract_events
    from .pipeline import process as process, Context as Context
    from .record import (
        SourceDocument as SourceDocument,
        Article as Article,
        Timex as Timex,
        EventMention as EventMention,
    )
    from .errors import (
        TriageError as TriageError,
        StoreError as StoreError,
        StoreMissing as StoreMissing,
        SchemaBehind as SchemaBehind,
        StoreBusy as StoreBusy,
        Interrupted as Interrupted,
        DecodeError as DecodeError,
        NotAnArticle as NotAnArticle,
        ArticleRejected as ArticleRejected,
        QueryError as QueryError,
        QueryBusy as QueryBusy,
        QueryConflict as QueryConflict,
        ServerRestarting as ServerRestarting,
        ServerUnreachable as ServerUnreachable,
    )


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'corpus_tools' has no attribute {name!r}")
    loaded = importlib.import_module(f".{module}", __name__)
    value = loaded if name == "languages" else getattr(loaded, name)
    globals()[name] = value  # next time, no __getattr__
    return value


class _Package(types.ModuleType):
    """`corpus_tools.ingest` is the function even after `import corpus_tools.ingest`.

    Importing a submodule sets it as an attribute of its package, which would replace the
    functions named like their modules (ingest, decode, extract); the submodules stay in
    sys.modules, so `from corpus_tools.ingest import ...` is unaffected.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and _EXPORTS.get(name) == name and name != "languages":
            return  # the function is found by __getattr__
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

