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
