"""What the ingest's worker processes hand the writer (issue 13, fifteenth round): with 2 workers the writer is
the ingest process itself, sharing the cores with them, and every byte a worker pickles the writer unpickles."""

from __future__ import annotations

import importlib
import pickle
from datetime import date

from corpus_tools.pipeline import Context, process
from corpus_tools.read import read_documents
from corpus_tools.record import Article, SourceDocument

from .conftest import SEEDS

ingest_module = importlib.import_module("corpus_tools.ingest")


def _seed_documents() -> list[SourceDocument]:
    docs = [d for p in sorted(SEEDS.glob("00[0-4]_*.txt")) for d in read_documents(p)]
    assert len(docs) == 5 and all(isinstance(d, SourceDocument) for d in docs)
    return docs


def test_a_worker_sends_each_article_without_the_document_the_writer_already_holds(monkeypatch):
    """The worker's pickled chunk holds no document, nor its raw bytes (they were sent to it, and the writer
    keeps them), and the writer gets back, document by document, exactly what `process` returns."""
    ctx = Context(today=date(2026, 12, 7))
    monkeypatch.setattr(ingest_module, "_CTX", ctx)  # what `_set_context` leaves in a worker process
    docs = _seed_documents()
    sent = pickle.dumps(ingest_module._process_chunk(docs), protocol=pickle.HIGHEST_PROTOCOL)
    assert b"SourceDocument" not in sent  # a pickled document names its class
    assert b"SourceDocument" in pickle.dumps([(doc, process(doc, ctx)) for doc in docs])  # as it was before
    received = pickle.loads(sent)
    assert len(received) == len(docs)
    for doc, outcome in zip(docs, received):
        got = ingest_module._received(doc, outcome)
        assert isinstance(got, Article) and got.source is doc
        assert got == process(doc, ctx)


def test_an_article_of_another_document_keeps_its_source():
    """`_sent` takes out only the document the worker was handed: a result naming another one keeps it."""
    docs = _seed_documents()
    article = process(docs[0], Context(today=date(2026, 12, 7)))
    assert ingest_module._sent(docs[1], article).source is docs[0]
