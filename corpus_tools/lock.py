"""One writer per store file: an advisory lock file beside the database.

SQLite serialises writes by itself, but two ingests interleaving their batches
would each think they own the run (and double the work). `flock` is released
by the kernel when a process dies, even by SIGKILL, so a crashed run never
leaves a stale lock behind. A PostgreSQL store takes several writers and is not
locked here (ingest.py, cli/commands/copy.py).

Why not the filelock package: on Unix it takes the same `flock`, but the wait here
must end early on a stop request (Ctrl-C, SIGTERM: `Interrupted`) and give up with
the library's own `StoreBusy` after `wait` seconds; that is these few lines, and
no dependency. `fcntl` makes it Unix-only, as the signal handling of ingest is.
"""

from __future__ import annotations

import fcntl
import os
import time


from .errors import Interrupted, StoreBusy, StoreError, StoreIsFolder

__all__ = ["StoreBusy", "StoreLock", "lock_path", "writer_holds"]


def lock_path(db_path: str) -> str:
    """The lock file of the store file `db_path`: beside the file itself, a symlink's target (`--db sl.db` and
    `--db link-to-sl.db` are one store and take one lock; by the name as given both wrote at once)."""
    return f"{os.path.realpath(db_path)}.lock"


def writer_holds(db_path: str) -> bool:
    """Whether a writer (`StoreLock`) holds the store file `db_path` now. Asked without creating the lock file
    or taking the lock from anyone: a shared, non-blocking `flock` that fails only while a writer holds it."""
    try:
        fd = os.open(lock_path(db_path), os.O_RDONLY)
    except OSError:  # no lock file: no writer ever ran here, or none can be seen
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)  # closing lets the shared lock go
    return False


class StoreLock:
    """Hold the store's write lock; wait up to `wait` seconds for it, unless `stop` is set meanwhile."""

    def __init__(self, db_path: str, wait: float = 0, stop=None):
        from .store.dialect import check_target
        check_target(db_path)  # "mysql://…" is no folder to look for
        self.db_path = db_path
        self.path = lock_path(db_path)
        self.wait = wait
        self.stop = stop
        self._fd: int | None = None

    def __enter__(self) -> "StoreLock":
        if os.path.isdir(self.db_path):  # not a lock file beside it ("/tmp" → "/tmp.lock")
            raise StoreIsFolder(self.db_path)
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            folder = os.path.dirname(os.path.abspath(self.path))
            if not os.path.isdir(folder):
                raise StoreError(f"{self.db_path}: the folder {folder} does not exist") from None
            raise StoreError(f"{self.path}: cannot create the lock file ({exc.strerror})") from None
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                stopped = self.stop is not None and self.stop.is_set()
                if stopped or time.monotonic() >= deadline:
                    os.close(self._fd)
                    self._fd = None
                    if stopped:
                        raise Interrupted("stopped while waiting for another writer to release the store") from None
                    raise StoreBusy(f"another writer holds this store (waited {self.wait:g}s)",
                                    waited=self.wait) from None
                time.sleep(0.2)
        os.ftruncate(self._fd, 0)
        os.write(self._fd, f"{os.getpid()}\n".encode())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
