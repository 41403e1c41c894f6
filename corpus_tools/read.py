"""Stage 1, read: find input files and turn them into SourceDocuments.

Formats are chosen by extension and, when the extension says nothing, by
sniffing the first bytes. A ``.gz`` is read as the file inside it. A file of
records (JSONL, a JSON array or ``{"articles": [...]}``, CSV, TSV) yields one
document per record, streamed: memory stays flat whatever the file's size, the
size limit bounds one record, and one bad line or row costs that record, not the
file. Record fields are named as in ``fields.toml``. Problems are reported as
``ReadProblem`` values, never raised, so one bad file never stops a run.

The JSON reader is our own small loop around ``json.JSONDecoder.raw_decode``
(one array item at a time) because the standard library has no streaming JSON
parser and ijson would be a new dependency for one format; CSV is the csv module.
"""

from __future__ import annotations

import codecs
import csv
import errno
import fnmatch
import gzip
import hashlib
import io
import itertools
import json
import os
import re
import shutil
import stat
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterator, Mapping

from .decode import DecodeError, decode_bytes, wide_encoding
from .fields import WRAPPER_KEYS, DateOrder, apply_mapping, column_of, field_key, iso_date
from .record import SourceDocument

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # a news page is < 1 MB; 20 MB means "not a page"
TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html",
                 ".xhtml": "html", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
                 ".csv": "csv", ".tsv": "tsv", ".tab": "tsv"}


@dataclass(frozen=True)
class ReadProblem:
    """A file that could not be read (``skipped``: not ours to read; else failed). ``again``: skipped for now,
    its file read again by the next run (its hash not recorded), as a failure's is: a JSONL line still being
    written."""

    path: str
    reason: str
    skipped: bool = False
    again: bool = False


def discover(paths: list[str], *, recursive: bool = True, glob: str | list[str] | tuple[str, ...] | None = None
             ) -> Iterator[Path | ReadProblem]:
    """Yield input files under ``paths`` in a stable order, or problems.

    Symlinked directories are followed once: a loop is reported, not walked. `glob`: a pattern, or several,
    that a file's name in a folder walked must match (any of them); a file named itself is always read. A folder
    holding files none of whose names matches is reported (skipped), so a mistyped pattern is not silent.
    """
    if isinstance(glob, str):
        glob = (glob,)
    glob = tuple(glob) if glob else None
    for raw in paths:
        if raw == "-":
            yield Path("-")
            continue
        path = Path(raw)
        if not path.exists() and not path.is_symlink():
            yield ReadProblem(raw, "no such file or directory")
        elif path.is_dir():
            yield from _walk(path, recursive, glob)
        elif path.is_file():
            yield path
        else:
            yield _dead_link(path) or ReadProblem(raw, "not a regular file (special file)")


def _walk(root: Path, recursive: bool, glob: tuple[str, ...] | None) -> Iterator[Path | ReadProblem]:
    seen_dirs: set[tuple[int, int]] = set()
    stack = [root]
    matched = unmatched = 0
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
        except OSError as exc:
            yield ReadProblem(str(folder), _os_reason(exc))
            continue
        ident = (info.st_dev, info.st_ino)
        if ident in seen_dirs:
            yield ReadProblem(str(folder), "symlink loop: directory already visited", skipped=True)
            continue
        seen_dirs.add(ident)
        try:
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            yield ReadProblem(str(folder), _os_reason(exc))
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError as exc:  # e.g. ELOOP on a self-referencing link
                yield ReadProblem(str(entry), _os_reason(exc))
                continue
            if is_dir:
                if recursive:
                    subdirs.append(entry)
            elif glob is None or any(fnmatch.fnmatch(entry.name, pattern) for pattern in glob):
                matched += 1
                yield _dead_link(entry) or entry
            else:
                unmatched += 1
        stack.extend(reversed(subdirs))
    if glob and unmatched and not matched:  # a pattern mistyped in a crontab: said, not silently nothing
        patterns = ", ".join(repr(pattern) for pattern in glob)
        others = f"{unmatched} other file" + ("s" if unmatched > 1 else "")
        yield ReadProblem(str(root), f"no file name matches {patterns} ({others} here)", skipped=True)


def _dead_link(path: Path) -> ReadProblem | None:
    """A symlink that leads nowhere: a loop fails (something is wrong), a dangling link is skipped."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return ReadProblem(str(path), "symlink loop (too many levels of symbolic links)")
        if path.is_symlink():
            return ReadProblem(str(path), "broken symlink", skipped=True)
        return ReadProblem(str(path), _os_reason(exc))
    return None


def path_text(path: str) -> str:
    """`path` as text that UTF-8 (and so the store) can hold: a file name's bytes that are not UTF-8 (which Python
    keeps as lone surrogates, `os.fsencode` giving the bytes back) written as `\\xNN`, the same each run."""
    if not _LONE_SURROGATE.search(path):
        return path
    return os.fsencode(path).decode("utf-8", "backslashreplace")


_ESCAPED_BYTE = re.compile(rb"\\x([89a-f][0-9a-f])")  # `path_text`'s writing of a byte that is not UTF-8


def text_path(text: str) -> str:
    """The path `path_text` wrote as `text`: each `\\xNN` of a byte 0x80–0xFF back to that byte (as Python holds a
    file name that is not UTF-8)."""
    if "\\x" not in text:
        return text
    return os.fsdecode(_ESCAPED_BYTE.sub(lambda found: bytes([int(found.group(1), 16)]), text.encode()))


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def shown_path(path: str) -> str:
    """`path` for a one-line message: as `path_text`, and a control character in it (a newline in a file name)
    escaped as Python writes it (`\\n`, `\\x1b`), so the message stays one line."""
    text = path_text(path)
    return _CONTROL.sub(lambda found: repr(found.group())[1:-1], text) if _CONTROL.search(text) else text


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.4g} MB"


def _os_reason(exc: OSError) -> str:
    return exc.strerror.lower() if exc.strerror else str(exc)


def format_of(name: str, head: bytes) -> str | None:
    """'text' | 'html' | 'json' | 'jsonl' | 'csv' | 'tsv' | None (unknown), by extension then sniffing."""
    suffix = Path(name).suffix.lower()
    start = head.lstrip()[:200].lower()
    is_html = start.startswith((b"<!doctype html", b"<html")) or b"<html" in start
    if suffix in TEXT_SUFFIXES:  # a ".txt" that is really a saved page is read as the page
        return "html" if is_html and TEXT_SUFFIXES[suffix] == "text" else TEXT_SUFFIXES[suffix]
    if is_html:
        return "html"
    if start.startswith(b"{"):
        return "jsonl" if head.count(b"\n{") >= 1 else "json"
    if start.startswith(b"["):
        return "json"
    return None


HashCheck = Callable[[str], bool]  # content hash → go on reading?

_waiting_on_stdin = False


def waiting_on_stdin() -> bool:
    """Whether a `read_documents("-")` is blocked reading stdin: a signal handler that would let the run stop
    between two documents must stop it now instead (a pipe's writer may never finish: `sleep 600 | triage
    ingest -`)."""
    return _waiting_on_stdin


def read_documents(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None,
                   fields: Mapping[str, str] | None = None, on_hash: HashCheck | None = None,
                   ) -> Iterator[SourceDocument | ReadProblem]:
    """Read one file (or stdin for ``-``) into documents; problems are yielded.

    Files of records (JSON, JSONL, CSV, TSV) are streamed: `max_bytes` bounds each
    record, not the file. `fields` maps canonical field names to the record's own
    (`{"title": "kop"}`). `on_hash` is called with the file's content hash before any
    document is parsed; when it returns False nothing is read further (an unchanged file).
    """
    name = str(path)
    path = Path(path)  # a str too
    if name == "-":
        global _waiting_on_stdin
        with tempfile.TemporaryFile() as spool:  # stdin cannot be read twice; disk, not memory
            _waiting_on_stdin = True
            try:
                shutil.copyfileobj(stdin if stdin is not None else os.fdopen(0, "rb", closefd=False), spool)
            finally:
                _waiting_on_stdin = False
            for item in _documents(name, spool, os.fstat(spool.fileno()).st_size, None,
                                   max_bytes, fields, on_hash, lambda: False):
                yield _stdin_cut(item) if isinstance(item, ReadProblem) and item.again else item
        return
    try:
        before = path.stat()
    except FileNotFoundError:  # found by `discover`, gone since
        yield ReadProblem(name, "file disappeared while being read")
        return
    except OSError as exc:
        yield ReadProblem(name, "permission denied" if isinstance(exc, PermissionError) else _os_reason(exc))
        return
    if not stat.S_ISREG(before.st_mode):
        yield ReadProblem(name, "not a regular file", skipped=True)
        return

    def changed() -> bool:
        after = path.stat()
        return (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns)

    try:
        with path.open("rb") as raw:
            yield from _documents(name, raw, before.st_size, before.st_mtime, max_bytes, fields, on_hash, changed)
    except FileNotFoundError:
        yield ReadProblem(name, "file disappeared while being read")
    except PermissionError:
        yield ReadProblem(name, "permission denied")
    except OSError as exc:
        yield ReadProblem(name, _os_reason(exc))


_CHANGED = "file changed while being read (still being written?); will retry next run"
# A JSONL file's last line without its line break, and not whole JSON: a scraper appending to the file has
# written part of it. Not a failure (cron would alert on every run that meets a writer at work): skipped,
# and the file read again by the next run, which stores the line once it is whole.
_UNFINISHED = "last line unfinished (no line break at its end, not whole JSON: still being written?); read again next run"
# The same in a table: the last row short of fields and without its line break (a scraper appending to a CSV).
_UNFINISHED_ROW = ("last row unfinished (no line break at its end, fewer fields than the header: still being "
                   "written?); read again next run")
# A row whose quoted field (an article's text, with its paragraphs' line breaks) is still open where the file ends:
# csv gives it as it stands, the text cut where the scraper was; before (session 21), stored so.
_UNFINISHED_QUOTE = ("last row unfinished (the file ends inside a quoted field: still being written?); read again "
                     "next run")
_UNFINISHED_JSON = ("JSON ends before its closing bracket (still being written?): the whole records before it read, "
                    "the file read again next run")
# The same on standard input is a stream that ended inside a record (a `curl` that failed midway, a writer killed):
# no next run will read it again, so it is a failure (exit 1), not a skip.
_STDIN_CUT = "standard input ended inside a record ({}): the whole records before it read"
CHUNK = 1024 * 1024
# An API that answered with a page (403, 429, 502) and a scraper that saved it under the name it meant for JSON.
_MARKUP_NOT_JSON = "not JSON but markup (an HTML or XML page: a server's error page saved by the scraper?)"


def _stdin_cut(problem: ReadProblem) -> ReadProblem:
    """A record cut short on standard input (`_STDIN_CUT`), where a file's is read again next run: a failure."""
    what = ("no closing bracket" if problem.reason == _UNFINISHED_JSON else "inside a quoted field"
            if problem.reason == _UNFINISHED_QUOTE else "no line break at the end of its last line")
    return ReadProblem(problem.path, _STDIN_CUT.format(what))


def _documents(name: str, raw: BinaryIO, size: int, mtime: float | None, max_bytes: int,
               fields: Mapping[str, str] | None, on_hash: HashCheck | None, changed: Callable[[], bool]
               ) -> Iterator[SourceDocument | ReadProblem]:
    raw.seek(0)  # standard input's spool is at its end
    gz = name.lower().endswith(".gz") or raw.read(2) == b"\x1f\x8b"
    inner_name = name[:-3] if name.lower().endswith(".gz") else name

    def stream() -> BinaryIO:
        """The content from its start (each pass opens its own; closing one leaves `raw` open), as UTF-8
        when it is UTF-16 or UTF-32 (`wide`, below): the record readers read UTF-8 bytes."""
        raw.seek(0)
        content = gzip.GzipFile(fileobj=raw, mode="rb") if gz else io.BufferedReader(_Unclosed(raw))
        return io.BufferedReader(_Utf8From(content, wide), CHUNK) if wide else content

    def start(limit: int) -> bytes:
        """The first `limit` bytes of the content (an uncompressed file read as it is: speed only). A read of
        n bytes allocates n bytes first: a file is read for its size and one byte more, then on to `limit` only
        when that byte came (it grew since), not for `limit` at once (20 MB set up and given back a page)."""
        if gz:
            return stream().read(limit)
        raw.seek(0)
        first = min(limit, size + 1)
        data = raw.read(first)
        if len(data) == first < limit:
            data += raw.read(limit - first)
        return data

    wide, unreadable = None, None
    try:
        head = start(4096)
        try:
            wide = wide_encoding(head)
        except DecodeError as exc:  # a text or page is refused by the decoder, with the same words
            unreadable = str(exc)
        if wide:  # what the first bytes say, in UTF-8
            head = codecs.getincrementaldecoder(wide)(errors="replace").decode(head, final=False).encode()
        kind = format_of(inner_name, head) or ("text" if name == "-" else None)
        if kind is None:
            yield ReadProblem(name, "unknown format (expected .txt, .html, .json, .jsonl, .csv, .tsv "
                                    "or .gz of them)", skipped=True)
            return
        if unreadable and kind not in ("text", "html"):
            yield ReadProblem(name, unreadable)
            return
        if kind in ("text", "html"):  # one document: the limit bounds the file
            if not gz and size > max_bytes:
                yield ReadProblem(name, f"{_mb(size)} is larger than the size limit of {_mb(max_bytes)}")
                return
            data = start(max_bytes + 1)
            if len(data) > max_bytes:
                yield ReadProblem(name, f"decompresses to more than the size limit of {_mb(max_bytes)}")
                return
        else:  # records: the limit bounds each one (see the readers below)
            data = head
        if not data.strip():
            yield ReadProblem(name, "empty file")
            return
        if kind in ("text", "html") and not gz:  # `data` is the whole file (speed only: not read again)
            content_hash = hashlib.sha256(data).hexdigest()
        else:
            raw.seek(0)
            content_hash = _hash(raw)
        if on_hash is not None and not on_hash(content_hash):
            return
        common = dict(path=name, size=size, mtime=mtime, content_hash=content_hash)
        if kind in ("text", "html"):
            if changed():
                yield ReadProblem(name, _CHANGED)
            else:
                yield SourceDocument(kind=kind, payload=data, **common)
            return
        reader = {"json": _json_documents, "jsonl": _jsonl_documents}.get(kind, _table_documents)
        yield from reader(stream, kind, common, max_bytes, fields)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield ReadProblem(name, f"corrupt or truncated gzip ({exc})")
        return
    if changed():
        yield ReadProblem(name, _CHANGED)


class _Utf8From(io.RawIOBase):
    """A UTF-16 or UTF-32 stream read as UTF-8, decoded a chunk at a time (the readers stay byte readers
    and streaming: a JSONL line ends at its own line break, not at a 0x0A byte of a UTF-16 character)."""

    def __init__(self, source: BinaryIO, encoding: str):
        self.source = source
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self.out, self.at, self.done = b"", 0, False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self.at >= len(self.out):
            if self.done:
                return 0
            chunk = self.source.read(CHUNK)
            self.done = not chunk
            self.out, self.at = self.decoder.decode(chunk, final=self.done).encode(), 0
        size = min(len(buffer), len(self.out) - self.at)
        buffer[:size] = self.out[self.at:self.at + size]
        self.at += size
        return size


class _Unclosed(io.RawIOBase):
    """A view of an open file that a wrapper may close without closing the file."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def _hash(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _record(item: dict, kind: str, line: int | None, common: dict, fields: Mapping[str, str] | None,
            raw: bytes | None = None) -> SourceDocument:
    if raw is not None and _MAY_BE_LONE_SURROGATE.search(raw) and (mended := _mended(item)) != item:
        item, raw = mended, None  # the line as read holds a lone surrogate: written again, mended
    if fields:
        item, raw = apply_mapping(item, fields), None
    if raw is not None:
        payload = raw
    else:
        try:
            payload = json.dumps(item, ensure_ascii=False).encode()
        except UnicodeEncodeError:  # a lone surrogate: UTF-8 cannot hold it, nor can the store
            payload = json.dumps(_mended(item), ensure_ascii=False).encode()
    return SourceDocument(kind="record", payload=payload, line=line, **common)


# A JSON string may hold half of a UTF-16 surrogate pair ("\ud83d" with no "\ude00" after it: a scraper that
# cut its text at a fixed length through an emoji). Python's json reads it as a lone surrogate, which no UTF-8
# text (nor the store) can hold: it becomes U+FFFD, the replacement character, as an invalid byte in a text file
# does, and the record is kept. A pair that is whole is one character and stays as it is.
_MAY_BE_LONE_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]|\xed[\xa0-\xbf]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _mended(value):
    """`value` (a JSON value) with each lone surrogate in its strings and keys made U+FFFD."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_mended(key): _mended(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_mended(item) for item in value]
    return value


def _too_big(max_bytes: int) -> str:
    return f"record larger than the size limit of {_mb(max_bytes)}"


def _jsonl_documents(stream, kind, common, max_bytes, fields) -> Iterator[SourceDocument | ReadProblem]:
    """One record per line, read line by line: a bad or oversized line costs that line only."""
    source = stream()
    number, seen = 0, False
    while True:
        raw = source.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        where = f"{common['path']}:{number}"
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while (rest := source.readline(CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield ReadProblem(where, _too_big(max_bytes))
            continue
        if not raw.strip():
            continue
        first, seen = not seen, True
        try:
            item = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            if raw.lstrip().startswith(b"<"):
                if first:  # the file is a page, not records: said once, not once a line
                    yield ReadProblem(common["path"], _MARKUP_NOT_JSON)
                    return
                yield ReadProblem(where, _MARKUP_NOT_JSON)
                continue
            if not raw.endswith(b"\n"):  # the file's end in the middle of a line (a longer one was refused above)
                yield ReadProblem(where, _UNFINISHED, skipped=True, again=True)
                return
            yield ReadProblem(where, f"malformed JSON line ({_short(exc)})")
            continue
        except RecursionError:
            yield ReadProblem(where, f"malformed JSON line ({_TOO_DEEP})")
            continue
        if not isinstance(item, dict):
            yield ReadProblem(where, "JSON line is not an object")
            continue
        yield _record(item, kind, number, common, fields, raw=raw)


class _JsonTooBig(Exception):
    pass


_TOO_DEEP = "arrays or objects nested too deeply"  # Python's json parser recurses: ~1,000 levels


class _JsonScanner:
    """Top-level JSON values read from a stream a piece at a time (the json module parses each piece).

    Holds at most one value (bounded by the size limit) plus one chunk in memory.
    """

    def __init__(self, source: BinaryIO, max_chars: int):
        self.text = io.TextIOWrapper(source, encoding="utf-8-sig", errors="replace")
        self.buf, self.pos, self.eof, self.max_chars = "", 0, False, max_chars
        self.decoder = json.JSONDecoder()

    def _more(self) -> bool:
        if self.eof:
            return False
        chunk = self.text.read(max(CHUNK, len(self.buf) - self.pos))
        self.buf, self.pos = self.buf[self.pos:] + chunk, 0
        self.eof = not chunk
        return bool(chunk)

    def cut_short(self) -> bool:
        """After a parse error: the text ran out inside a value (the file's last character closes no array or
        object, or nothing is left where more was expected), not a wrong character inside it."""
        if not self.eof:
            return False
        rest = self.buf[self.pos:].rstrip()
        return not rest or rest[-1] not in "]}"

    def peek(self) -> str:
        """The next character that is not white space ('' at the end)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf) or not self._more():
                return self.buf[self.pos:self.pos + 1]

    def take(self, char: str) -> bool:
        if self.peek() == char:
            self.pos += 1
            return True
        return False

    def value(self):
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
                if end < len(self.buf) or self.eof:  # a number cut at the chunk's end would parse short
                    self.pos = end
                    return value
            except RecursionError:  # more data cannot help: the depth so far is already too much
                raise ValueError(_TOO_DEEP) from None
            except ValueError as exc:
                if self.eof:
                    raise
                error = exc
            else:
                error = None
            if len(self.buf) - self.pos > self.max_chars:
                raise _JsonTooBig() from error
            self._more()


def _json_documents(stream, kind, common, max_bytes, fields) -> Iterator[SourceDocument | ReadProblem]:
    """A JSON array of records, one record, or records wrapped as {"articles": [...]} / {"data": [...]}.

    Arrays are read one item at a time. A .json file holding JSON lines is read as JSONL.
    """
    path = common["path"]
    scan = _JsonScanner(stream(), max_bytes)
    try:
        if scan.take("["):
            yield from _json_items(scan, kind, common, max_bytes, fields)
        elif scan.take("{"):
            record: dict = {}
            wrapped = False
            while not scan.take("}"):
                key = scan.value()
                if not isinstance(key, str) or not scan.take(":"):
                    raise ValueError(f"expected a key and ':' at item {len(record) + 1}")
                if field_key(key) in WRAPPER_KEYS and scan.take("["):
                    wrapped = True
                    yield from _json_items(scan, kind, common, max_bytes, fields)
                else:
                    value = scan.value()
                    if not wrapped:
                        record[key] = value
                if not scan.take(","):
                    if not scan.take("}"):
                        raise ValueError("expected ',' or '}'")
                    break
            if scan.peek() == "{":  # JSON lines in a .json file
                yield from _jsonl_documents(stream, kind, common, max_bytes, fields)
                return
            if not wrapped:
                yield _record(record, kind, None, common, fields)
        elif scan.peek() == "<":
            yield ReadProblem(path, _MARKUP_NOT_JSON)
            return
        else:
            yield ReadProblem(path, "JSON is neither an object nor an array of objects")
            return
        if scan.peek():
            yield ReadProblem(path, "extra data after the JSON value (ignored)")
    except _JsonTooBig:
        yield ReadProblem(path, f"invalid JSON, or a record larger than the size limit of {_mb(max_bytes)}")
    except ValueError as exc:
        if scan.cut_short():  # a scraper writing the file as cron reads it: as a JSONL's unfinished last line
            yield ReadProblem(path, _UNFINISHED_JSON, skipped=True, again=True)
        else:
            yield ReadProblem(path, f"invalid JSON ({_short(exc)})")


def _json_items(scan: _JsonScanner, kind, common, max_bytes, fields) -> Iterator[SourceDocument | ReadProblem]:
    index = 0
    if scan.take("]"):
        return
    while True:
        index += 1
        start = scan.pos
        item = scan.value()
        where = f"{common['path']}#{index}"
        if scan.pos - start > max_bytes:
            yield ReadProblem(where, _too_big(max_bytes))
        elif not isinstance(item, dict):
            yield ReadProblem(where, "JSON item is not an object")
        else:
            yield _record(item, kind, index, common, fields)
        if scan.take("]"):
            return
        if not scan.take(","):
            raise ValueError(f"expected ',' or ']' after item {index}")


def _table_documents(stream, kind, common, max_bytes, fields) -> Iterator[SourceDocument | ReadProblem]:
    """CSV or TSV: the header row names the fields; one record per row, with its first line number.

    The date column is read one way for the whole file (`fields.DateOrder`), which takes
    one pass over the column before the first record is given out.
    """
    path = common["path"]
    encoding = _text_encoding(stream().read(64 * 1024))
    if encoding is None:
        yield ReadProblem(path, "binary content, not text")
        return
    csv.field_size_limit(max(max_bytes, 1024))
    header, header_line, date_column, order = None, 0, None, "dmy"
    scan = _rows(stream, encoding, kind, path, max_bytes)
    for line, row, _, _ in scan:  # first pass: the header, and how the date column writes its dates
        if header is None:
            if not isinstance(row, ReadProblem) and any(cell.strip() for cell in row):
                header, header_line = row, line
                date_column = column_of(header, "published", fields)
                if date_column is None:
                    break
                evidence = DateOrder()
            continue
        if not isinstance(row, ReadProblem) and len(row) > date_column:
            evidence.add(row[date_column])
    if header is None:
        yield ReadProblem(path, "no header row")
        return
    if date_column is not None:
        order = evidence.order
    width = len(header)
    for line, row, bare, open_quote in _rows(stream, encoding, kind, path, max_bytes):
        if line <= header_line:
            continue
        where = f"{path}:{line}"
        if isinstance(row, ReadProblem):
            yield ReadProblem(where, row.reason)
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > width and not any(cell.strip() for cell in row[width:]):
            row = row[:width]  # trailing separators
        if bare and len(row) < width:  # a scraper appending to the file: as a JSONL's unfinished last line
            yield ReadProblem(where, _UNFINISHED_ROW, skipped=True, again=True)
            continue
        if open_quote:
            yield ReadProblem(where, _UNFINISHED_QUOTE, skipped=True, again=True)
            continue
        if len(row) != width:
            yield ReadProblem(where, f"row has {len(row)} fields, the header has {width}")
            continue
        if sum(len(cell) for cell in row) > max_bytes:
            yield ReadProblem(where, _too_big(max_bytes))
            continue
        record: dict[str, str] = {}
        for column, (key, cell) in enumerate(zip(header, row, strict=True)):
            record.setdefault(key, iso_date(cell, order) if column == date_column else cell)
        yield _record(record, kind, line, common, fields)


class _Seen:
    """What `_table_lines` gave out: `last`, its last line; `long`, that it put an empty line for one too long;
    `ended`, that it gave out the file's last line and was asked for another (csv asks for one after the last line
    only for a row whose quoted field is still open)."""

    __slots__ = ("last", "long", "ended")

    def __init__(self) -> None:
        self.last, self.long, self.ended = "", False, False


def _table_lines(text, limit: int, seen: _Seen) -> Iterator[str]:
    """A table's text line by line for csv.reader, none held longer than `limit` characters: a longer one (a file
    of one line, a row with a field of hundreds of MB) is read through in pieces and given as an empty line, with
    `seen.long` set (the row it falls in is refused). Before, the line was read whole first, csv's field limit
    coming only after: a 300 MB line cost 650 MB of memory, a multi-GB one the OOM killer. A generator, not a
    class: csv.reader takes some 170,000 lines from it for 20,000 news rows, and a `__next__` method cost four
    times the instructions."""
    readline = text.readline
    while line := readline(limit + 1):
        if len(line) > limit and line[-1] not in "\r\n":
            while (rest := readline(CHUNK)) and rest[-1] not in "\r\n":
                pass
            seen.long, line = True, "\n"
        seen.last = line
        yield line
    seen.ended = True


# A table's first line `sep=;`: Excel reads it as the separator to split by, and tools that write CSV for Excel in
# locales where the comma is the decimal mark put it there. Before (session 20), it was taken for the header
# (`sep=` and an empty name) and every row failed, `row has 3 fields, the header has 2`.
_SEPARATOR_LINE = re.compile(r"sep=(.)\r?\n?", re.IGNORECASE)


def _rows(stream, encoding: str, kind: str, path: str, max_bytes: int
          ) -> Iterator[tuple[int, list[str] | ReadProblem, bool, bool]]:
    """(first line number, row, bare, open quote) for every row, `bare` when the row ends the file without a line
    break (a row being written, if it is short of fields), `open quote` when the file ends inside one of its quoted
    fields (csv, not strict, gives the row as it stands); a row csv cannot read comes as a ReadProblem. A line may be twice
    the size limit and a bit (a cell's quotes are written twice); a longer one is a record too large."""
    text = io.TextIOWrapper(stream(), encoding=encoding, errors="replace", newline="")
    seen = _Seen()
    lines = _table_lines(text, 2 * max_bytes + 1024, seen)
    first = next(lines, "")  # the header's line (the separator is guessed from it); "\n" when too long
    hint = _SEPARATOR_LINE.fullmatch(first)
    if hint:  # Excel's `sep=;` line: it names the separator, and is no header
        reader, skipped = csv.reader(lines, delimiter=hint[1]), 1
    else:
        delimiter = "\t" if kind == "tsv" else max(",;\t|", key=first.count)
        reader, skipped = csv.reader(itertools.chain([first], lines), delimiter=delimiter), 0
    done = skipped
    while True:
        start = done + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = str(exc)
            if "field larger than field limit" in reason:
                reason = "a field is larger than the size limit"
            row = ReadProblem(path, f"unreadable row ({reason})")
        done = reader.line_num + skipped
        if seen.long:
            seen.long = False
            yield start, ReadProblem(path, _too_big(max_bytes)), False, False
        elif isinstance(row, ReadProblem):
            yield start, row, False, False
        else:
            yield start, row, seen.last[-1:] not in ("\n", "\r"), seen.ended


def _text_encoding(head: bytes) -> str | None:
    """The encoding of a table's text: UTF-8 (a cut last character allowed), else detected."""
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        return decode_bytes(head)[1].split(" ")[0]
    except DecodeError:
        return None


def _short(exc: Exception, limit: int = 120) -> str:
    """An exception's first line for a one-line problem, cut at a word (with "…"), never mid-word; Python's
    limit on digits in a number said as the reader's problem, not as advice to call sys.set_int_max_str_digits."""
    text = str(exc).split("\n")[0]
    if isinstance(exc, ValueError) and "integer string conversion" in text:
        digits = re.search(r"value has (\d+) digits", text)
        return f"a number of {digits[1] if digits else 'too many'} digits, more than Python reads"
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
