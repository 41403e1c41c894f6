"""Stage 1, read: find input files and turn them into SourceDocuments.

Formats are chosen by extension and, when the extension says nothing, by
sniffing the first bytes. A ``.gz`` is read as the file inside it. A JSONL file
yields one document per line so that one bad line costs one record, not the
file. Problems are reported as ``ReadProblem`` values, never raised, so one bad
file never stops a run.
"""

from __future__ import annotations

import errno
import fnmatch
import gzip
import hashlib
import io
import json
import os
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

from .record import SourceDocument

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # a news page is < 1 MB; 20 MB means "not a page"
TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html",
                 ".xhtml": "html", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass(frozen=True)
class ReadProblem:
    """A file that could not be read (``skipped``: not ours to read; else failed)."""

    path: str
    reason: str
    skipped: bool = False


def discover(paths: list[str], *, recursive: bool = True, glob: str | None = None
             ) -> Iterator[Path | ReadProblem]:
    """Yield input files under ``paths`` in a stable order, or problems.

    Symlinked directories are followed once: a loop is reported, not walked.
    """
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


def _walk(root: Path, recursive: bool, glob: str | None) -> Iterator[Path | ReadProblem]:
    seen_dirs: set[tuple[int, int]] = set()
    stack = [root]
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
            elif glob is None or fnmatch.fnmatch(entry.name, glob):
                yield _dead_link(entry) or entry
        stack.extend(reversed(subdirs))


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


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.4g} MB"


def _os_reason(exc: OSError) -> str:
    return exc.strerror.lower() if exc.strerror else str(exc)


def format_of(name: str, head: bytes) -> str | None:
    """'text' | 'html' | 'json' | 'jsonl' | None (unknown), by extension then sniffing."""
    suffix = Path(name).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return TEXT_SUFFIXES[suffix]
    start = head.lstrip()[:200].lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start:
        return "html"
    if start.startswith(b"{"):
        return "jsonl" if head.count(b"\n{") >= 1 else "json"
    return None


def read_documents(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                   stdin: BinaryIO | None = None) -> Iterator[SourceDocument | ReadProblem]:
    """Read one file (or stdin for ``-``) into documents; problems are yielded."""
    name = str(path)
    try:
        data, size, mtime = _read_bytes(path, max_bytes, stdin)
    except _Unreadable as exc:
        yield ReadProblem(name, exc.reason, skipped=exc.skipped)
        return
    content_hash = hashlib.sha256(data).hexdigest()
    inner_name = name[:-3] if name.lower().endswith(".gz") else name
    if name.lower().endswith(".gz") or data[:2] == b"\x1f\x8b":
        try:
            data = _gunzip(data, max_bytes)
        except _Unreadable as exc:
            yield ReadProblem(name, exc.reason)
            return
    kind = format_of(inner_name, data[:4096]) or ("text" if name == "-" else None)
    if kind is None:
        yield ReadProblem(name, "unknown format (expected .txt, .html, .json, .jsonl or .gz of them)",
                          skipped=True)
        return
    if not data.strip():
        yield ReadProblem(name, "empty file")
        return
    common = dict(path=name, size=size, mtime=mtime, content_hash=content_hash)
    if kind in ("text", "html"):
        yield SourceDocument(kind=kind, payload=data, **common)
    elif kind == "json":
        yield from _json_documents(data, common)
    else:
        yield from _jsonl_documents(data, common)


class _Unreadable(Exception):
    def __init__(self, reason: str, skipped: bool = False):
        super().__init__(reason)
        self.reason, self.skipped = reason, skipped


def _read_bytes(path: Path, max_bytes: int, stdin: BinaryIO | None) -> tuple[bytes, int, float | None]:
    if str(path) == "-":
        stream = stdin if stdin is not None else os.fdopen(0, "rb", closefd=False)
        data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise _Unreadable(f"larger than the size limit of {_mb(max_bytes)}")
        return data, len(data), None
    try:
        before = path.stat()
        if not stat.S_ISREG(before.st_mode):
            raise _Unreadable("not a regular file", skipped=True)
        if before.st_size > max_bytes:
            raise _Unreadable(f"{_mb(before.st_size)} is larger than the size limit of "
                              f"{_mb(max_bytes)}")
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
        after = path.stat()
    except FileNotFoundError:
        raise _Unreadable("file disappeared while being read") from None
    except PermissionError:
        raise _Unreadable("permission denied") from None
    except OSError as exc:
        raise _Unreadable(_os_reason(exc)) from None
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns) or len(data) != after.st_size:
        raise _Unreadable("file changed while being read (still being written?); will retry next run")
    return data, len(data), after.st_mtime


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise _Unreadable(f"corrupt or truncated gzip ({exc})") from None
    if len(out) > max_bytes:
        raise _Unreadable(f"decompresses to more than the size limit of {_mb(max_bytes)}")
    return out


def _json_documents(data: bytes, common: dict) -> Iterator[SourceDocument | ReadProblem]:
    try:
        obj = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        # A .json file holding JSON lines is common enough to accept.
        if data.lstrip().startswith(b"{") and b"\n" in data.strip():
            yield from _jsonl_documents(data, common)
            return
        yield ReadProblem(common["path"], f"invalid JSON ({_short(exc)})")
        return
    items = obj if isinstance(obj, list) else [obj]
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            yield ReadProblem(f"{common['path']}#{index}", "JSON item is not an object")
            continue
        line = index if isinstance(obj, list) else None
        yield SourceDocument(kind="record", payload=json.dumps(item).encode(), line=line, **common)


def _jsonl_documents(data: bytes, common: dict) -> Iterator[SourceDocument | ReadProblem]:
    for number, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            yield ReadProblem(f"{common['path']}:{number}", f"malformed JSON line ({_short(exc)})")
            continue
        if not isinstance(item, dict):
            yield ReadProblem(f"{common['path']}:{number}", "JSON line is not an object")
            continue
        yield SourceDocument(kind="record", payload=raw, line=number, **common)


def _short(exc: Exception) -> str:
    return str(exc).split("\n")[0][:120]
