"""`triage copy SRC DST`: a store from a file to a PostgreSQL server or back
(`corpus_tools.store.copy.copy_store`), holding the destination file's write lock meanwhile."""

from __future__ import annotations

from contextlib import nullcontext

import typer

from ..render import message
from .common import QUIET_OPTION, open_reader, store_errors, store_target

EPILOG = """Examples:

  triage copy triage.db postgresql://triage@db.example.org/news

  triage copy postgresql://triage@db.example.org/news backup.db

  triage copy --wait 600 postgresql://triage@db.example.org/news backup.db

Ids are kept. Running the same copy again copies only what is missing (an interrupted
copy is finished, a finished one changes nothing; articles changed or removed in the
source since are not carried: copy into a new file for a backup). The destination must be new or an
earlier copy of the same store. Into a file that an ingest is writing, the copy
waits up to --wait seconds for it, then gives up (exit 75)."""


def copy_command(
    src: str = typer.Argument(..., help="The store to copy: a file or postgresql://… URL."),
    dst: str = typer.Argument(..., help="Where to: a file (created if missing) or postgresql://… URL."),
    wait: float = typer.Option(0.0, "--wait", min=0,
                               help="Seconds to wait if an ingest is writing to the destination file."),
    quiet: bool = QUIET_OPTION,
) -> None:
    """Copy a store between a file and a PostgreSQL server, either way."""
    from corpus_tools.lock import StoreLock
    from corpus_tools.store import Store, is_server
    from corpus_tools.store.copy import copy_store

    with store_errors():
        src, dst = store_target(src, "SRC"), store_target(dst, "DST")  # before the destination's lock is taken
    lock = nullcontext() if is_server(dst) else StoreLock(dst, wait=wait)  # no ingest into a file while it is filled
    with store_errors(), lock, open_reader(src, "SRC") as source, Store(dst) as target:
        counts = copy_store(source, target)
        total = target.count_articles()
    message(f"{source.path} → {target.path}: {counts['articles']} articles copied, "
            f"{counts['present']} already there ({total} in all)", quiet)
