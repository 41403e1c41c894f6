"""The writer's statements on SQLite (issue 13, fifteenth round): a new article is inserted without being looked
for first, and lists of terms or ids are read through a few lengths of statement, each prepared once."""

from __future__ import annotations

import re
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
        again = store.save_article(source, "k", article.__class__(**{**article.__dict__, "title": "Changed"}))
        assert again == (first[0], False)
        assert store.db.execute("SELECT count(*), max(title) FROM articles").fetchone()[:] == (1, "Changed")


def test_document_frequencies_read_through_a_few_statement_lengths(tmp_path):
    """Lists of 1 to 40 terms not yet cached are read with IN lists of 8, 16, 32 or 64 terms (the last one
    repeated), not one statement per length, and the frequencies are what the table holds."""
    with Store(tmp_path / "t.db") as store:
        store.begin()
        words = [f"w{i}" for i in range(900)]
        store.count_terms(words[::2])  # every even word in one document
        store.write_term_counts()
        store.commit()
        store.forget_story_cache()
        assert store.document_frequencies([]) == (1, {})  # the count of documents, cached from here on
        seen = _traced(store)
        start = 0
        for length in range(1, 41):
            terms = words[start:start + length]
            start += length
            documents, df = store.document_frequencies(terms)
            assert documents == 1
            assert df == {t: 1 - int(t[1:]) % 2 for t in terms}
        lengths = {len(re.findall(r"'w\d+'", s)) for s in seen if "FROM term_df" in s}
        assert lengths <= {8, 16, 32, 64} and len(lengths) >= 3
