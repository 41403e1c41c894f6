"""One writer per store: an advisory lock file beside the database.

SQLite serialises writes by itself, but two ingests interleaving their batches
would each think they own the run (and double the work). `flock` is released
by the kernel when a process dies, even by SIGKILL, so a crashed run never
leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time


class StoreBusy(RuntimeError):
    """Another ingest holds the store; exit code 75 (temporary failure)."""


class StoreLock:
    def __init__(self, db_path: str, wait: float = 0):
        self.db_path = db_path
        self.path = f"{db_path}.lock"
        self.wait = wait
        self._fd: int | None = None

    def __enter__(self) -> "StoreLock":
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            from .store import StoreError
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
                if time.monotonic() >= deadline:
                    os.close(self._fd)
                    self._fd = None
                    raise StoreBusy(f"another `triage ingest` is writing to this store "
                                    f"(waited {self.wait:g}s; use --wait SECONDS to wait longer)") from None
                time.sleep(0.2)
        os.ftruncate(self._fd, 0)
        os.write(self._fd, f"{os.getpid()}\n".encode())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
