"""The writer's last step (the per-date aggregates and the stored timeline) starts from what the run
no longer needs given back (issue 13: memory). On a big store that step reads every mention of the
timeline's candidate dates; it used to stack on the page cache and the story and term caches of the
run, so the writer's peak grew with the store (421 MB at 100k articles). Memory itself is measured in
benchmarks/speed.py (scaling)."""

from __future__ import annotations

import ctypes
import importlib
import json
import subprocess
import sys

import pytest

from corpus_tools import ingest
from corpus_tools.store import Store
from corpus_tools.timeline import stored_timelines_fresh

from .conftest import REPO, SEEDS

ingest_module = importlib.import_module("corpus_tools.ingest")


def _has_malloc_trim() -> bool:
    try:
        return hasattr(ctypes.CDLL(None), "malloc_trim")
    except OSError:
        return False


def test_the_story_and_term_caches_are_let_go_before_the_stored_timeline(tmp_path, monkeypatch):
    seen: list[set[str]] = []
    original = ingest_module.refresh_stored_timelines

    def refresh(store):
        seen.append(set(vars(store)))
        original(store)
    monkeypatch.setattr(ingest_module, "refresh_stored_timelines", refresh)
    db = tmp_path / "t.db"
    assert ingest([str(p) for p in sorted(SEEDS.glob("*.txt"))], str(db), workers=1).new >= 5
    assert len(seen) == 1
    assert not seen[0] & {"_df_cache", "_stories_seen"}, seen[0]  # filled by every settled batch
    with Store(db) as store:  # the stored timeline was built all the same
        assert stored_timelines_fresh(store)


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
    ingest._refresh_aggregates(store)
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
