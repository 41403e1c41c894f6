"""Issue 13: what an ingest has loaded after its first document stays out of the garbage collector's
full passes (`gc.freeze`), which walked all of it again every few pages."""

from __future__ import annotations

import gc

from corpus_tools.ingest import ingest

from .conftest import SEEDS


def test_an_ingest_leaves_what_it_loaded_out_of_the_full_collections(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        (folder / seed.name).write_text(seed.read_text())
    gc.unfreeze()
    try:
        ingest([str(folder)], str(tmp_path / "store.db"), workers=1)
        frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()  # the rest of this test process collects as before
    assert frozen > 10_000  # the stages' modules and tables, loaded by the first document


def _seed_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:3]:
        (folder / seed.name).write_text(seed.read_text())
    return folder


def test_the_collector_waits_while_a_document_is_processed(tmp_path, monkeypatch):
    """Issue 13: a document's stages make tens of thousands of containers that live until its result
    is built and then go, by reference counting (an HTML ingest's collections freed under 200 objects
    in all). Collected while they live, they were walked and promoted, and walked again: 5 % of the
    CPU of `ingest --workers 1` on the 119 speed pages. The collector pauses for each document and
    resumes after it, even when a stage fails; the results are the same."""
    import importlib
    module = importlib.import_module("corpus_tools.ingest")
    states: list[bool] = []
    real = module.process

    def process(doc, ctx, *args, **kwargs):
        states.append(gc.isenabled())
        if len(states) == 2:
            raise RuntimeError("a stage failed")
        return real(doc, ctx, *args, **kwargs)
    monkeypatch.setattr(module, "process", process)
    assert gc.isenabled()
    gc.unfreeze()
    try:
        report = ingest([str(_seed_folder(tmp_path))], str(tmp_path / "store.db"), workers=1)
    finally:
        gc.unfreeze()
    assert states == [False, False, False]
    assert gc.isenabled()
    assert report.new == 2 and len(report.failed) == 1 and "a stage failed" in report.failed[0]["error"]


def test_the_collector_stays_off_for_a_caller_that_turned_it_off(tmp_path):
    gc.disable()
    gc.unfreeze()
    try:
        report = ingest([str(_seed_folder(tmp_path))], str(tmp_path / "store.db"), workers=1)
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
    assert report.new == 3


def test_what_a_later_document_loaded_is_frozen_too(tmp_path, monkeypatch):
    """A stage that loads its tables on a later document (dateparser's first call: some 690,000 objects
    on the speed pages) leaves them out of the full collections too, as the first document's are."""
    import importlib
    module = importlib.import_module("corpus_tools.ingest")
    real = module.process
    loaded: list = []
    frozen_before: list[int] = []

    def process(doc, ctx, *args, **kwargs):
        if len(frozen_before) == 1 and not loaded:  # the second document: a library loads its tables
            frozen_before.append(gc.get_freeze_count())
            loaded.extend([i] for i in range(100_000))
        frozen_before.append(gc.get_freeze_count())
        return real(doc, ctx, *args, **kwargs)
    monkeypatch.setattr(module, "process", process)
    gc.unfreeze()
    try:
        report = ingest([str(_seed_folder(tmp_path))], str(tmp_path / "store.db"), workers=1)
        frozen_after = gc.get_freeze_count()
    finally:
        gc.unfreeze()
    assert report.new == 3
    assert frozen_after - frozen_before[1] >= 90_000  # the tables (less what the first froze and has freed since)
    assert frozen_before[1] > 10_000  # (the first document's, frozen after it as before)
