"""The end of an ingest run that changed the store, in an interpreter of its own (`end_step`), and the writer's
side of it: that process, started early and given the store late (`EndStep`, `EarlyEndStep`; the writer's
`ingest._run_end_step` sends it the store and waits for it).

Kept apart from `ingest.py` so that this process imports the store and the timeline alone, not the
pipeline's stages and the worker pool it never uses (start-up is part of every run's serial end:
about half of this process's CPU was those imports). The writer's side adds nothing to its imports
(`subprocess` is imported when a process is started).
"""

from __future__ import annotations

import itertools
import os
import random
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .store import QueryConflict, QueryError, Store, StoreError
from .store.dialect import STOP_PATIENCE
from .timeline import event_terms_fresh, fill_event_terms, refresh_stored_timelines, stored_timelines_fresh, warm

if TYPE_CHECKING:
    import threading

REPLAYS = 5  # times a transaction the server broke off (deadlock) is run again before giving up

# what `ingest._run_end_step` runs: the store's path or URL comes on stdin, not the command line; the arguments
# after it are the languages of the run's articles, whose tables it builds while it waits (`timeline.warm`)
COMMAND = "import sys; from corpus_tools.end_step import waiting_end_step; waiting_end_step(sys.argv[1:], sys.stdin)"


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
    this process before it knew, needs no end step (`EndStep.dismiss`); nothing is done."""
    if not target:
        return
    try:
        with Store(target) as store:
            replaying(store, lambda: None, lambda: _rebuild(store))
    except (QueryError, StoreError) as exc:
        print(exc, file=sys.stderr)
        sys.exit(1)


def waiting_end_step(codes: list[str], stdin) -> None:
    """`end_step` of the target read from `stdin`; while the writer settles its last batch and has not sent it
    yet, what the timelines of articles in the languages `codes` need is built (`timeline.warm`): off the run's
    serial end (issue 13). `codes` is empty when the writer stored no article (such a run is mostly dismissed):
    nothing is built then."""
    if codes:
        try:
            warm(codes)
        except Exception:  # speed only: the timeline's build meets the same failure again, and reports it
            pass
    end_step(stdin.read())


def _rebuild(store: Store) -> None:
    with store.shared_step():
        if not event_terms_fresh(store):  # the run's new events' words (migration 0020), before the timeline reads them
            fill_event_terms(store)
        if not store.aggregates_fresh():
            store.refresh_aggregates()
        if not stored_timelines_fresh(store):
            refresh_stored_timelines(store)


# -- the writer's side: the process, started early, given its target late -------------------------
class EndStep:
    """The end step's process (`COMMAND`: `end_step` in an interpreter of its own), started when the writer has every
    result and has still the last batch to commit and settle: its interpreter's start and its imports (some 0.1 s of
    CPU) then run on the core the workers no longer use, instead of after the settling, where they were part of the
    run's serial end (issue 13). It waits for its target on stdin (`send`); given none (`dismiss`: the run changed
    nothing that needs it, or the last commit failed) it exits without opening the store. The writer sends the target
    only once the last batch is settled (`ingest._run_end_step`), so the process does its work, and holds its memory,
    when it did before. It has a session of its own, as the workers have a process group of their own: a Ctrl-C or
    timeout(1) to the terminal's group reaches the writer alone, which stops it (`kill`) or not."""

    def __init__(self, codes: Iterable[str] = ()) -> None:
        """`codes`: the languages of the run's articles (`waiting_end_step`)."""
        import subprocess  # the parent's alone: the end step's process does not import it

        env = dict(os.environ)
        here = str(Path(__file__).resolve().parents[1])  # the end step imports this corpus_tools, wherever it is
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [here, env.get("PYTHONPATH")]))
        self.process = subprocess.Popen([sys.executable, "-c", COMMAND, *sorted(codes)], stdin=subprocess.PIPE, text=True,
                                        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        start_new_session=True)

    def send(self, target: str) -> None:
        """Send `target` (a path, or a server's URL with its password: a pipe, not the command line): it begins."""
        try:
            self.process.stdin.write(target)
            self.process.stdin.close()
        except BrokenPipeError:  # it is gone already: `wait` says how
            pass

    def wait(self, stop: threading.Event | None = None) -> bool:
        """Wait for it to end; a failure is raised as StoreError with its last line. `stop` (the run's stop request):
        once set, it gets `STOP_PATIENCE` more, then it is killed and False returned: every batch is settled, and
        `timeline` answers from the store until a run rebuilds what it did not (before, session 22, a stopped run
        waited for it to end, and it may wait 5 minutes for another writer's shared step)."""
        if stop is not None:
            import subprocess
            patience = None
            while True:
                try:
                    self.process.wait(timeout=0.2)  # it writes one line to stderr at most: the pipe cannot fill
                    break
                except subprocess.TimeoutExpired:
                    if not stop.is_set():
                        continue
                    now = time.monotonic()
                    patience = patience or now + STOP_PATIENCE
                    if now >= patience:
                        self.kill()
                        return False
        errors = self.process.stderr.read()
        self.process.stderr.close()
        self.process.wait()
        if self.process.returncode:
            lines = errors.strip().splitlines()
            raise StoreError("the event terms, the per-date aggregates and the stored timeline were not rebuilt: "
                             + (lines[-1] if lines else f"exit status {self.process.returncode}"))
        return True

    def dismiss(self) -> None:
        """No target: the process exits without opening the store; waited for, never left behind."""
        self.process.communicate("")

    def kill(self) -> None:
        """Stopped wherever it is (the writer was interrupted) and waited for; nothing when it has ended."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for pipe in (self.process.stdin, self.process.stderr):
            if not pipe.closed:
                pipe.close()


class EarlyEndStep:
    """The run's `EndStep`, started at most once and as early as it helps: by the pool when the workers have
    computed every result and are stopped (`ingest._process_all`'s `on_computed`: the writer then still stores and
    settles the last ones, some 0.25 s of CPU on the 1,005 Detik dumps, while a core is idle), else by the
    writer when it has taken every result. `languages`: those of the articles the writer has stored so far (it
    adds them), which the process prepares for while it waits (`waiting_end_step`)."""

    def __init__(self) -> None:
        self._step: EndStep | None = None
        self._started = False
        self.languages: set[str] = set()

    def start(self) -> None:
        if not self._started:
            self._started = True
            self._step = EndStep(self.languages)

    def take(self) -> EndStep | None:
        """The started process, for `ingest._run_end_step` (None: none was started)."""
        step, self._step = self._step, None
        return step

    def dismiss(self) -> None:
        """A process started and not taken exits without opening the store."""
        step = self.take()
        if step is not None:
            step.dismiss()
