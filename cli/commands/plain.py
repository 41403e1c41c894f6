"""What the commands share that needs no Typer: the fast paths of cli/launch.py use it too."""

from __future__ import annotations

import errno
import os
import re
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Callable, Iterator

from corpus_tools.errors import SchemaBehind, StoreError, TriageError
from corpus_tools.fields import valid_date

if TYPE_CHECKING:
    from corpus_tools.store import Store

# The exit codes of every command (cli/app.py's EXIT_CODES lists them for the user); here, not in common.py,
# because the fast paths (cli/launch.py) answer without importing Typer.
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_STORE, EXIT_BUSY, EXIT_INTERRUPTED = 0, 1, 2, 74, 75, 130
EXIT_OUTPUT = 73  # an output file (`export -o FILE`) cannot be written: sysexits' EX_CANTCREAT, not the store's 74
INTERRUPTED = "interrupted: the work committed so far is kept; run the same command again to finish"


class EmptyStoreName(TriageError):
    """`--db ""` (an unset variable in a cron line: `--db "$STORE"`), an empty $TRIAGE_DB, or an empty store
    argument: a usage error (exit 2), never a quiet fall back to ./triage.db."""


def store_target(db: str | None, option: str = "--db") -> str:
    """The store `db` names (`store.default_path`: else $TRIAGE_DB, else ./triage.db); EmptyStoreName when
    `db`, or $TRIAGE_DB in its place, is empty or white space."""
    from corpus_tools.store import default_path
    if db is not None and not db.strip():
        raise EmptyStoreName(f"{option} is empty (an unset variable?): give a store file or postgresql:// URL"
                             + (", or leave --db out for $TRIAGE_DB, else ./triage.db" if option == "--db" else ""))
    if db is None and os.environ.get("TRIAGE_DB") is not None and not os.environ["TRIAGE_DB"].strip():
        raise EmptyStoreName("TRIAGE_DB is set but empty: set it to a store file or postgresql:// URL, or unset "
                             "it for ./triage.db")
    return default_path(db)


def store_failure(exc: Exception) -> tuple[str, int] | None:
    """The one line and exit code a store's trouble is told with (`common.store_errors`; `ingest_work` without
    Typer), never a traceback; None for an exception that is not the store's (a closed stdout included)."""
    from corpus_tools.errors import Interrupted, QueryBusy, StoreBusy, StoreError, StoreMissing
    if isinstance(exc, EmptyStoreName):
        return str(exc), EXIT_USAGE
    if isinstance(exc, StoreBusy):
        return (f"another `triage ingest` is writing to this store (waited {exc.waited:g}s; "
                "use --wait SECONDS to wait longer)", EXIT_BUSY)
    if isinstance(exc, QueryBusy):
        return str(exc), EXIT_BUSY
    if isinstance(exc, Interrupted):
        return INTERRUPTED, EXIT_INTERRUPTED
    if isinstance(exc, StoreMissing):
        return f"{exc} (run `triage ingest` first)", EXIT_STORE
    if isinstance(exc, StoreError):
        return str(exc), EXIT_STORE
    if isinstance(exc, (BrokenPipeError, OutputError)):
        return None  # stdout's reader went away, or stdout cannot be written: not a store problem (app._pipe_safe)
    if isinstance(exc, OSError):
        return f"{getattr(exc, 'filename', '') or 'store'}: {exc.strerror or exc}", EXIT_STORE
    return None



@contextmanager
def told_store_errors(fail: Callable[[str, int], BaseException]) -> Iterator[None]:
    """Store trouble raised as `fail(line, exit code)` (`store_failure`), never a traceback: Typer's `common.fail` for
    the commands, `ingest_work`'s own without Typer."""
    try:
        yield
    except Exception as exc:
        found = store_failure(exc)
        if found is None:
            raise
        raise fail(*found) from None

def open_reader(db: str | None, option: str = "--db") -> Store:
    """A read-only connection: readers never take the write lock.

    A store written by an older triage is migrated first (a short write), so an
    upgrade does not break the next `timeline` run before the next ingest. A reader that may not write it (a
    server's read-only role, a store file of another user) is told so, and who can: before, it was told the
    server's own refusal alone (`permission denied for schema public`).
    """
    from corpus_tools.store import Store  # the store only for commands that open one
    path = store_target(db, option)
    try:
        return Store(path, readonly=True)
    except SchemaBehind as behind:
        try:
            Store(path).close()
        except SchemaBehind:
            raise
        except TriageError as refused:
            schema = str(behind).split(";")[0]
            raise StoreError(f"{schema}, and this reader cannot migrate it ({_without_store(refused)}): run "
                              "`triage ingest` once as a user or role that writes the store (an empty folder will "
                              "do), then read") from None
        return Store(path, readonly=True)


def _without_store(exc: Exception) -> str:
    """An error's text without the store's name it starts with (`STORE: reason`)."""
    return str(exc).split(": ", 1)[-1]


def empty_note(store: Store, things: str, language: str | None = None) -> str:
    """Why a listing (`timeline`, `articles`, `export`, `stories`) came out empty, for a line on stderr: the
    empty table or `[]` is still printed, a script reads valid output."""
    if not store.count_articles():
        return "the store holds no articles (run `triage ingest` first)"
    if language and not store.list_articles(1, language=language):
        return f"no {things} match these options (no article is stored in language {language!r})"
    return f"no {things} match these options"


_DIGITS = re.compile(r"[0-9]+")


def no_story(story: int) -> str:
    """The one line of `--story N` naming no story the store holds (`stories.current_story` is None)."""
    return f"no story {story} (`triage stories` lists them)"


def plain_arguments(args: list[str], options: dict[str, tuple[str, Any]],
                    positional: str | None = None, many: bool = False) -> dict[str, Any] | None:
    """A command line in its plain forms, read the way Typer would read it, else None (Typer's turn).

    `options` maps an option (`--name`, or a short `-f`) to (argument name, kind); a kind is "flag",
    "text", "date" (YYYY[-MM[-DD]]), "count0" or "count1" (digits, at least 0 or 1), or a tuple of
    choices. Each is taken at most once, as `--name value`, `--name=value` or `-f value`; a value that
    starts with "-" where one was expected is left to Typer. `positional` names the one positional
    argument (`-` included), if the command has one; with `many`, each positional argument goes to a list under
    that name (`ingest PATH...`). Anything else — `--help`, `--`, an unknown or bundled option, a repeated one, a
    value Typer would refuse — returns None."""
    found: dict[str, Any] = {}
    rest = iter(args)
    for arg in rest:
        if positional and (arg == "-" or not arg.startswith("-")):
            if many:
                found.setdefault(positional, []).append(arg)
            elif positional in found:
                return None
            else:
                found[positional] = arg
            continue
        name, value = arg, None
        if arg.startswith("--") and "=" in arg:
            name, value = arg.split("=", 1)
        if name not in options:
            return None
        key, kind = options[name]
        if key in found:
            return None
        if kind == "flag":
            if value is not None:
                return None
            found[key] = True
            continue
        if value is None:
            value = next(rest, None)
            if value is None or value.startswith("-"):
                return None  # Typer's error, or an option taken as a value: Typer decides
        if isinstance(kind, tuple):
            if value not in kind:
                return None
        elif kind == "date":
            if not valid_date(value):
                return None
        elif kind != "text":
            if not _DIGITS.fullmatch(value) or (kind == "count1" and int(value) < 1):
                return None
            value = int(value)
        found[key] = value
    return found


class OutputError(OSError):
    """Standard output cannot be written (`> /dev/full`, a full disk, stdout closed with `>&-`): not the store's
    fault, and not a reader that stopped early (BrokenPipeError). One line, exit EXIT_OUTPUT."""


OUTPUT_FAILED = "cannot write the output"


class _Stdout:
    """sys.stdout as a command sees it: a failed write or flush is an OutputError (a closed pipe stays a
    BrokenPipeError); when stdout was closed, every write is one."""

    def __init__(self, stream, closed: bool) -> None:
        self._stream, self._closed = stream, closed

    def _failed(self, exc: OSError) -> OutputError:
        return OutputError(exc.errno, exc.strerror or str(exc))

    def write(self, text: str) -> int:
        if self._closed:
            raise OutputError(errno.EBADF, "standard output is closed")
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._failed(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._failed(exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Stderr:
    """sys.stderr as a command sees it: a write or flush that fails (the reader of `triage ingest DIR 2>&1 | head`
    gone, `2>> ingest.err` on a full disk) is dropped, and from then on stderr is /dev/null. Messages are for a
    reader; one that cannot take them must not stop the work: before, the first `PATH: reason` line of an ingest
    ended it (Rich's exit 1 on a closed pipe, a traceback on ENOSPC) with nothing stored, the JSON report unwritten."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def _lost(self) -> None:
        _devnull_on(self._stream.fileno())

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError:
            self._lost()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError:
            self._lost()
            self._stream.flush()  # what it held goes to /dev/null: the interpreter's last flush does not fail again

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _fill_closed_descriptors() -> None:
    """/dev/null on each of descriptors 0, 1 and 2 that was closed (`triage ingest DIR <&- 2>&-`), so that no file a
    command opens (the store, its lock file) takes one and gets stderr's messages written into it, or is read as
    standard input. sys.stdin or sys.stderr, None then, becomes /dev/null (stdin: empty; stderr: messages dropped;
    before, `sys.stdin.buffer` was a traceback with nothing stored); sys.stdout is left None for guard_streams."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            _devnull_on(fd)
    if sys.stdin is None:
        sys.stdin = open(0, closefd=False)  # noqa: SIM115  (the process's own stdin, kept open)
    if sys.stderr is None:
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115


def guard_streams() -> None:
    """Make sys.stdout a `_Stdout` and sys.stderr a `_Stderr`, after putting /dev/null on a closed descriptor. A
    closed stdout (`triage timeline >&-`: Python's sys.stdout is None) is a failed output (exit 73) on its first
    write; a stderr that fails is dropped (`_Stderr`)."""
    _fill_closed_descriptors()
    closed = sys.stdout is None
    if closed:
        sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115  (the process's own stdout, kept open)
    if not isinstance(sys.stdout, _Stdout):
        sys.stdout = _Stdout(sys.stdout, closed)
    if not isinstance(sys.stderr, _Stderr):
        sys.stderr = _Stderr(sys.stderr)


def output_failed(exc: OSError) -> str:
    """The line for an OutputError (after which stdout is pointed at /dev/null: the final flush would fail again)."""
    drop_stdout()
    return f"{OUTPUT_FAILED}: {exc.strerror or exc}"


def drop_stdout() -> None:
    """Point stdout at /dev/null, so that Python's final flush after a closed pipe does not fail again."""
    _devnull_on(sys.stdout.fileno())


def _devnull_on(fd: int) -> None:
    """/dev/null on descriptor `fd`, in place of what it held, or of nothing when it was closed (then the open
    itself may take `fd`). Opened for reading and writing: stdin, stdout and stderr alike."""
    devnull = os.open(os.devnull, os.O_RDWR)
    if devnull != fd:
        os.dup2(devnull, fd)
        os.close(devnull)


def run_plain(work: Callable[[], int | None]) -> int | None:
    """`work`'s exit code, a fast path's command run as the Typer commands are (app._pipe_safe): a closed
    pipe (`triage clean page.html | head -2`) is not a failure, exit 0 with no message; Ctrl-C or SIGTERM
    (launch._terminated) ends with one line and exit 130."""
    try:
        return work()
    except BrokenPipeError:
        drop_stdout()
        return EXIT_OK
    except OutputError as exc:
        sys.stderr.write(f"triage: {output_failed(exc)}\n")
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        sys.stderr.write("triage: interrupted\n")
        return EXIT_INTERRUPTED
