"""The writer's statements on SQLite (issue 13, fifteenth round): a new article is inserted without being looked
for first."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from corpus_tools.pipeline import Context, process
from corpus_tools.read import read_documents
from corpus_tools.store import Store

from .conftest import SEEDS


def _traced(store: Store) -> list[str]:
    seen: list[str] = []
    store.db.raw.set_trace_callback(seen.append)
    return seen


def test_a_new_article_is_inserted_without_a_lookup_and_a_stored_one_is_updated(tmp_path):
    doc = next(iter(read_documents(sorted(SEEDS.glob("00[0-4]_*.txt"))[0])))
    article = process(doc, Context(today=date(2026, 12, 7)))
    with Store(tmp_path / "t.db") as store:
        source = store.begin_source(doc.path, doc.size, doc.mtime)
        seen = _traced(store)
        first = store.save_article(source, "k", article)
        assert first[1] is True
        assert not [s for s in seen if s.startswith("SELECT id FROM articles WHERE doc_key")]
        assert [s for s in seen if s.startswith("INSERT INTO articles ")]
        again = store.save_article(source, "k", replace(article, title="Changed"))
        assert again == (first[0], False)
        assert store.db.execute("SELECT count(*), max(title) FROM articles").fetchone()[:] == (1, "Changed")

