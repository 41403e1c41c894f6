"""The writer's last step (the per-date aggregates and the stored timeline) runs in a process of its own,
and the writer gives back what the run no longer needs meanwhile (issue 13: memory). On a big store that
step reads every mention of the timeline's candidate dates; in the writer it stacked on the page cache and
the story and term caches of the run, so the writer's peak grew with the store (421 MB at 100k articles,
then 337 MB with those caches let go). Memory itself is measured in
benchmarks/speed.py (scaling)."""

from __future__ import annotations

import ctypes
import importlib
import json
import os
import subprocess
import sys

import pytest

from corpus_tools import ingest
from corpus_tools.end_step import COMMAND, EndStep
from corpus_tools.store import Store
from corpus_tools.timeline import stored_timelines_fresh

from .conftest import REPO, SEEDS

ingest_module = importlib.import_module("corpus_tools.ingest")


def _has_malloc_trim() -> bool:
    try:
        return hasattr(ctypes.CDLL(None), "malloc_trim")
    except OSError:
        return False


def test_the_writer_leaves_the_stored_timeline_to_a_process_of_its_own(tmp_path):
    """The timeline reads every mention of its candidate dates: built in the writer, it stacked on what the
    run had built up there. A run in this process leaves no trace of a timeline here (the summaries'
    cache stays empty), and the timeline the other process stored is the one computed here."""
    from corpus_tools.timeline import body_part, row_as_dict, stored_question, timeline_from_store

    body_part.cache_clear()
    db = tmp_path / "t.db"
    assert ingest([str(p) for p in sorted(SEEDS.glob("*.txt"))], str(db), workers=1).new >= 5
    assert body_part.cache_info().currsize == 0  # no summary was chosen in this process
    with Store(db) as store:
        assert stored_timelines_fresh(store)
        text = store.stored_timeline(stored_question({"limit": 100}))
        computed = json.dumps([row_as_dict(r) for r in timeline_from_store(store, limit=100)], ensure_ascii=False)
    assert json.loads(text) == json.loads(computed)
    # stored as ASCII (the same data once parsed): one wide character no longer widens the whole text
    assert text.isascii() and not computed.isascii()
    assert body_part.cache_info().currsize > 0  # what the check above asserts could fail


def test_an_end_step_that_fails_is_a_store_error(tmp_path):
    from corpus_tools.errors import StoreError

    db = tmp_path / "t.db"
    assert ingest([str(sorted(SEEDS.glob("*.txt"))[0])], str(db), workers=1).new == 1
    with Store(db) as store, pytest.raises(StoreError, match="not rebuilt: .*missing"):
        ingest_module._run_end_step(store, str(tmp_path / "missing" / "t.db"))


_FILLED = """
import json, os, sys
sys.path.insert(0, {repo!r})
import importlib
ingest = importlib.import_module("corpus_tools.ingest")
from corpus_tools.store import Store

def anonymous_mb():
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("RssAnon")) // 1024

with Store({db!r}) as store:
    store.size_cache_for_bands()
    store.db.execute("CREATE TABLE filler (x BLOB)")
    store.begin()
    store.db.executemany("INSERT INTO filler VALUES (?)", ((os.urandom(3000),) for _ in range(12000)))
    store.commit()  # about 40 MB of pages now in the writer's page cache
    later = [str(i) * 300 for i in range(2000)]  # allocated after them: the heap's top is in use
    before = anonymous_mb()
    ingest._run_end_step(store, {db!r})
    print(json.dumps([before, anonymous_mb()]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux") or not _has_malloc_trim(),
                    reason="RssAnon and malloc_trim: Linux with glibc")
def test_the_page_cache_let_go_at_the_last_step_goes_back_to_the_system(tmp_path):
    # In a process of its own: what the test process allocated before would blur the figures.
    code = _FILLED.format(repo=str(REPO), db=str(tmp_path / "t.db"))
    before, after = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                              check=True, cwd=REPO).stdout)
    assert before - after >= 25, (before, after)  # freed, but kept by the C heap: about 1 MB less


def test_the_end_step_imports_neither_the_pipeline_nor_the_pool(tmp_path):
    """The end step is part of every run's serial end: its interpreter imports the store and the
    timeline it needs (and what a summary reads), not the pipeline and the worker pool: about half its CPU was those."""
    db = tmp_path / "t.db"
    assert ingest([str(sorted(SEEDS.glob("*.txt"))[0])], str(db), workers=1).new == 1
    with Store(db) as store:
        store.begin()
        store.note_changes()  # stale again: the end step has work to do
        store.commit()
        assert not store.aggregates_fresh()
    code = COMMAND + "; print(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], input=str(db), text=True, capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, check=True)
    loaded = set(done.stdout.split())
    assert "corpus_tools.timeline" in loaded
    assert not loaded & {"corpus_tools.ingest", "corpus_tools.pipeline", "corpus_tools.language",
                         "corpus_tools.dates", "corpus_tools.read", "multiprocessing"}
    with Store(db) as store:
        assert store.aggregates_fresh() and stored_timelines_fresh(store)


def test_the_end_step_started_before_the_last_settling_waits_for_its_target_or_exits_untouched(tmp_path):
    """The writer starts the end step's process before it settles the last batch (its interpreter and imports
    then overlap that settling) and sends the store only after: until then the process does nothing, and
    dismissed (the run needed no end step) it exits without opening the store."""
    db = tmp_path / "t.db"
    assert ingest([str(sorted(SEEDS.glob("*.txt"))[0])], str(db), workers=1).new == 1

    def stale() -> None:
        with Store(db) as store:
            store.begin()
            store.note_changes()
            store.commit()
            assert not store.aggregates_fresh()

    stale()
    dismissed = EndStep()
    dismissed.dismiss()
    assert dismissed.process.returncode == 0
    with Store(db) as store:
        assert not store.aggregates_fresh()  # untouched
    waiting = EndStep()
    with Store(db) as store:
        store.begin()
        store.note_changes()  # written after the process started: it reads the store only once told to
        store.commit()
        waiting.send(str(db))  # it works from here on, while the writer lets go of its caches
        assert waiting.process.wait(timeout=120) == 0
        waiting.wait()
        assert store.aggregates_fresh() and stored_timelines_fresh(store)
    stale()
    with Store(db) as store:
        ingest_module._run_end_step(store, str(db), EndStep())
        assert store.aggregates_fresh() and stored_timelines_fresh(store)


def test_the_early_end_step_has_a_session_of_its_own_and_is_stopped_with_the_writer():
    """Started before the last settling, it must not die of a Ctrl-C (or timeout(1)) sent to the terminal's
    process group, which asks the writer to stop between two articles; the writer stops it when interrupted."""
    step = EndStep()
    try:
        assert os.getsid(step.process.pid) == step.process.pid != os.getsid(0)
    finally:
        step.kill()
    assert step.process.returncode is not None and step.process.returncode != 0


_AT_READ = """
import sys
from corpus_tools import timeline
from corpus_tools.end_step import waiting_end_step


class Stdin:
    def read(self):  # what the process had built when it began to wait for its target
        print("events" if "corpus_tools.events" in sys.modules else "no events",
              timeline._code_fingerprint.cache_info().currsize, timeline._byline_cues.cache_info().currsize,
              timeline._analyzer.cache_info().currsize)
        return ""  # dismissed


waiting_end_step(sys.argv[1:], Stdin())
"""


@pytest.mark.parametrize(("codes", "built"), [(["id"], "events 1 1 1"), (["id", "xx"], "events 1 1 1"),
                                              ([], "no events 0 0 0")])
def test_the_end_step_builds_its_languages_tables_while_it_waits_for_its_target(codes, built):
    """The end step's process, started before the writer settles its last batch, builds what the stored timeline
    needs of the run's languages (the fingerprints, the sentence splitter, each language's tables) before it
    reads its target, so that the work after it — the run's serial end — is the store's alone. A code with no
    language file ("xx") is passed over; with no language (no article stored) nothing is built."""
    done = subprocess.run([sys.executable, "-c", _AT_READ, *codes], text=True, capture_output=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.stdout.split("\n")[0] == built


def test_the_writer_tells_the_early_end_step_its_articles_languages(tmp_path):
    """The process the writer starts early is given the languages of the articles it stored (their codes, on its
    command line after `COMMAND`), and the store still gets its end step."""
    from corpus_tools.end_step import EarlyEndStep

    db = tmp_path / "t.db"
    end = EarlyEndStep()
    with Store(db) as store:
        ctx = ingest_module.Context(today=ingest_module.date.today())
        report = ingest_module.IngestReport()
        files = ingest_module._inputs(ingest_module.discover([str(sorted(SEEDS.glob("*.txt"))[0])]), str(db))
        work = ingest_module._changed_files(files, store, report, lambda *a: None, ingest_module.DEFAULT_MAX_BYTES,
                                            None, None, ingest_module.threading.Event())
        ingest_module._write(store, ingest_module._process_all(work, ctx, 1), report, lambda *a: None, 200,
                             ingest_module.threading.Event(), ctx.today, None, str(db), end)
        assert report.new == 1 and stored_timelines_fresh(store)
    assert end.languages == {"id"}
    early = EarlyEndStep()
    early.languages.update({"id", "en"})
    early.start()
    step = early.take()
    assert step.process.args[1:] == ["-c", COMMAND, "en", "id"]
    step.dismiss()
    assert step.process.returncode == 0
