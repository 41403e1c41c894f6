"""A story's family (benchmarks/story_family.py): which other stories each signal adds, on a real store."""

from __future__ import annotations

from datetime import date

from benchmarks.stories_eval import fill
from benchmarks.story_family import Families, _names
from corpus_tools.pipeline import Context, process
from corpus_tools.read import read_documents
from corpus_tools.store import Store
from corpus_tools.timeline import build_timeline

from .test_stories import _CRASH, _write_jsonl

_LATER = ("2025-06-02", "Lisbon airport opens a new terminal",
          "Lisbon airport opened a new terminal on Monday for passengers of Atlantic Air and other airlines.")


def _families(tmp_path) -> tuple[Families, dict[str, int]]:
    """The crash, the grounding, the football final (the same week) and a terminal a year on,, each a story."""
    _write_jsonl(tmp_path / "a.jsonl", [*_CRASH[:2], _CRASH[4], _LATER])
    ctx = Context(today=date(2025, 7, 1))
    items = [("t", f"a#{doc.line}", process(doc, ctx)) for doc in read_documents(tmp_path / "a.jsonl")]
    store = Store(tmp_path / "t.db")
    label_of = fill(store, items, [])
    fam = Families(store, items, label_of)
    ids = {article.title: store.article_story(a) for a, (_, _, article) in zip(label_of, items)}
    return fam, ids


def test_families_take_only_stories_that_ran_at_the_same_time(tmp_path):
    fam, ids = _families(tmp_path)
    crash, grounding, final, terminal = (ids[t] for t in (_CRASH[0][1], _CRASH[1][1], _CRASH[4][1], _LATER[1]))
    assert len({crash, grounding, final, terminal}) == 4
    assert fam.family(crash, "centroid", 2.0) == {crash}  # no cosine reaches 2
    # any cosine will do: every story within the crash's join window of its dates, never the terminal a year on
    assert fam.family(crash, "centroid", -1.0) == {crash, grounding, final}
    assert fam.family(crash, "article", (0.0, 1.0)) == {crash, grounding, final}
    assert fam.family(terminal, "centroid", -1.0) == {terminal}
    # the family's timeline is the stories' mentions built as one, its rows those of the story alone for {crash}
    alone = {row.date for row in build_timeline(fam.mentions[crash], granularity="day")}
    assert fam.timeline_days({crash}, granularity="day") == alone and alone
    fam.store.close()


def test_names_keep_the_multi_word_terms_only():
    assert _names({"lisbon": 0.6, "atlantic air": 0.3, "boeing 737": 0.4}) == {"atlantic air": 0.6,
                                                                                "boeing 737": 0.8}
    assert _names({"lisbon": 1.0}) == {}
