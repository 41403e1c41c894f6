"""The end of an ingest run that changed the store, in an interpreter of its own (`ingest._refresh_aggregates`).

Kept apart from `ingest.py` so that this process imports the store and the timeline alone, not the
pipeline's stages and the worker pool it never uses (start-up is part of every run's serial end:
about half of this process's CPU was those imports).
"""

from __future__ import annotations

import itertools
import random
import sys
import time
from typing import Any, Callable

from .store import QueryConflict, QueryError, Store, StoreError
from .timeline import event_terms_fresh, fill_event_terms, refresh_stored_timelines, stored_timelines_fresh

REPLAYS = 5  # times a transaction the server broke off (deadlock) is run again before giving up

# what `ingest._refresh_aggregates` runs: the store's path or URL comes on stdin, not the command line
COMMAND = "import sys; from corpus_tools.end_step import end_step; end_step(sys.stdin.read())"


def replaying(store: Store, replay: Callable[[], None], step: Callable[[], Any]) -> Any:
    """Run `step`; when the server rolls its transaction back to end a conflict between
    writers, roll back here too, `replay` what the transaction had written, and run `step`
    again. Only a server raises `QueryConflict`; SQLite's file lock leaves one writer."""
    for attempt in itertools.count():
        try:
            if attempt:
                replay()
            return step()
        except QueryConflict:
            store.rollback()
            if attempt >= REPLAYS:
                raise
            time.sleep(random.uniform(0.05, 0.3) * (attempt + 1))  # apart, so they do not meet again


def end_step(target: str) -> None:
    """The words of the events stored since (migration 0020), the per-date aggregates and then the stored
    timelines, each only when stale (another writer of a
    server may have rebuilt them since), in one shared step, replayed when the server breaks it off. A
    known error is printed as one line, for the writer to report. An empty `target`: the writer, which started
    this process before it knew, needs no end step (`ingest._EndStep.dismiss`); nothing is done."""
    if not target:
        return
    try:
        with Store(target) as store:
            replaying(store, lambda: None, lambda: _rebuild(store))
    except (QueryError, StoreError) as exc:
        print(exc, file=sys.stderr)
        sys.exit(1)


def _rebuild(store: Store) -> None:
    with store.shared_step():
        if not event_terms_fresh(store):  # the run's new events' words (migration 0020), before the timeline reads them
            fill_event_terms(store)
        if not store.aggregates_fresh():
            store.refresh_aggregates()
        if not stored_timelines_fresh(store):
            refresh_stored_timelines(store)
