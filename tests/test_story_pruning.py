"""The stories' term index pruned by date (migration 0018, docs/stories.md "Thirteenth round"): the rows of stories
no lookup can reach move to a cold table and come back when an older article's lookup reaches them, so that
every lookup, every story and every article's story are what they are without pruning."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest

from corpus_tools import stories
from corpus_tools.ingest import ingest
from corpus_tools.store import Store

def _words(story: int, n: int = 12) -> list[str]:
    """Made-up words of one story alone (letters only: the tokenizer's words), the same on every run."""
    rng = random.Random(story)
    return ["".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3)) for _ in range(n)]


def _text(words: list[str], seed: int) -> tuple[str, str]:
    """(title, text) of an article about `words`: sentences of its words and function words, in an order of
    its own (no copy of another article of the story)."""
    rng = random.Random(seed)
    forms = ["The {} of the {} met the {}.", "In {}, the {} and the {} were there.", "{} said that the {} had {}.",
             "After the {} came the {} of {}.", "A {} for the {} and {}."]
    sentences = [rng.choice(forms).format(*(w.capitalize() for w in rng.sample(words, 3))) for _ in range(8)]
    return " ".join(w.capitalize() for w in rng.sample(words, 3)), " ".join(sentences)


def _stream() -> list[tuple[str, str, str]]:
    """Four stories a year over eight years, three articles each within three days, in date order."""
    items = []
    for year in range(2010, 2018):
        for topic in range(4):
            story = year * 10 + topic
            for day in range(3):
                when = date(year, 1 + 3 * topic, 10) + timedelta(days=day)
                items.append((when.isoformat(), *_text(_words(story), story * 10 + day)))
    return items


def _archived(year: int, topic: int) -> tuple[str, str, str]:
    """An article of the story of `topic` in `year`, found late: below the index's horizon by then."""
    story = year * 10 + topic
    return ((date(year, 1 + 3 * topic, 10) + timedelta(days=5)).isoformat(), *_text(_words(story), story * 10 + 7))


def _write(path, items) -> None:
    path.write_text("".join(json.dumps({"id": f"{path.stem}-{i}", "published": day, "title": title, "text": text})
                            + "\n" for i, (day, title, text) in enumerate(items)))


_STREAM = _stream()
_ARCHIVE = [_archived(2011, 2), _archived(2012, 0)]
_COPY = [("2017-12-20", _STREAM[0][1], _STREAM[0][2])]  # the first article's text again, dated now: a copy


def _dump(target: str) -> dict:
    """Every article's story (named by its first article), every story's dates, counts and centroid, the term
    index (hot and cold together, each row's story named likewise)."""
    with Store(target) as store:
        first = {r[0]: r[1] for r in store.db.execute(
            "SELECT story_id, min(doc_key) FROM articles WHERE story_id IS NOT NULL GROUP BY story_id")}
        articles = sorted((r[0], first[r[1]]) for r in store.db.execute("SELECT doc_key, story_id FROM articles"))
        rows = sorted((first[r[0]], *r[1:]) for r in store.db.execute(
            "SELECT id, first_date, last_date, articles, centroid, title FROM stories WHERE merged_into IS NULL"))
        index = sorted((t, d, first[s]) for t, d, s in store.db.execute(
            "SELECT term, last_date, story_id FROM story_terms UNION ALL "
            "SELECT term, last_date, story_id FROM story_terms_cold"))
    return {"articles": articles, "stories": rows, "index": index}


def _ingest(tmp_path, target: str, files: list[str]) -> None:
    for name in files:
        report = ingest([str(tmp_path / name)], target, batch_size=4, today=date(2018, 1, 1))
        assert not report.failed and not report.skipped


@pytest.fixture()
def streams(tmp_path):
    _write(tmp_path / "stream.jsonl", _STREAM)
    _write(tmp_path / "archive.jsonl", _ARCHIVE)
    _write(tmp_path / "copy.jsonl", _COPY)
    return tmp_path


def _compare(streams, pruned: str, plain: str, monkeypatch) -> None:
    with monkeypatch.context() as m:  # the same ingest with the index never pruned
        m.setattr(stories, "prune_index", lambda store, days: 0)
        _ingest(streams, plain, ["stream.jsonl", "archive.jsonl", "copy.jsonl"])
    _ingest(streams, pruned, ["stream.jsonl"])
    with Store(pruned) as store:
        horizon = store.story_horizon()
        cold = {r[0] for r in store.db.execute("SELECT DISTINCT story_id FROM story_terms_cold")}
        hot = store.db.execute("SELECT min(last_date) FROM story_terms").fetchone()[0]
        old = {r[0]: r[1] for r in store.db.execute("SELECT doc_key, story_id FROM articles")}
    assert horizon >= "2016-01-01" and cold and hot >= horizon  # the stories of 2010-2015 left the index
    _ingest(streams, pruned, ["archive.jsonl"])
    with Store(pruned) as store:
        joined = [r[0] for r in store.db.execute("SELECT story_id FROM articles WHERE doc_key LIKE '%archive%' "
                                                 "ORDER BY doc_key")]
        assert store.story_horizon() < "2012-01-01"  # an archive article's lookup brought the old stories back
    assert len(joined) == 2 and set(joined) <= cold  # each found its cold story again, and joined it
    copied = old[next(k for k in old if k.endswith("stream.jsonl#L1"))]  # the first article's story
    assert copied in cold
    _ingest(streams, pruned, ["copy.jsonl"])
    with Store(pruned) as store:  # the copy's story, saved again with the copy's date: its rows are hot, once
        assert [r[0] for r in store.db.execute("SELECT story_id FROM articles WHERE doc_key LIKE '%copy.jsonl%'")] \
            == [copied]
        assert store.db.execute("SELECT count(*) FROM story_terms_cold WHERE story_id = ?", (copied,)).fetchone()[0] == 0
        assert {r[0] for r in store.db.execute("SELECT last_date FROM story_terms WHERE story_id = ?",
                                               (copied,))} == {"2017-12-20"}
    assert _dump(pruned) == _dump(plain)


def test_pruning_the_term_index_changes_no_story_and_an_archive_article_finds_a_cold_story(streams, monkeypatch):
    _compare(streams, str(streams / "pruned.db"), str(streams / "plain.db"), monkeypatch)


@pytest.mark.postgres
def test_pruning_the_term_index_on_postgresql(streams, monkeypatch, pg_db):
    """The same on a server (its own migration 0018), against an SQLite store never pruned."""
    _compare(streams, pg_db, str(streams / "plain.db"), monkeypatch)


def test_every_lookup_through_a_pruned_index_answers_as_the_whole_index_does(tmp_path):
    """Stories saved at dates over six years, one store pruned at each year's end: lookups at every `since`,
    in an order that moves rows back and out again, answer as in the store never pruned."""
    terms = [f"w{i}" for i in range(12)]
    plain, pruned = Store(tmp_path / "plain.db"), Store(tmp_path / "pruned.db")
    moved = 0
    for year in range(2010, 2016):
        for store in (plain, pruned):
            with store.transaction():
                for month in range(1, 13, 2):
                    day = f"{year}-{month:02d}-15"
                    first = (year * 7 + month) % len(terms)
                    store.save_story(None, first_date=day, last_date=day, articles=1, centroid={"w0": 1.0},
                                     title=None, title_score=0.0, top_terms=(terms * 2)[first:first + 5])
                if store is pruned:
                    moved += stories.prune_index(store, [f"{year}-12-31"])
    assert moved > 0 and pruned.db.execute("SELECT count(*) FROM story_terms_cold").fetchone()[0] > 0
    sinces = ["2015-06-01", "2013-02-01", "2014-12-31", "2009-01-01", "2012-07-15", "2016-01-01"]
    for since in sinces:
        for term in terms:
            with pruned.transaction():
                assert pruned.story_candidates([term, "w0"], since, 12, per_term=3) == \
                    plain.story_candidates([term, "w0"], since, 12, per_term=3)
        with pruned.transaction():
            stories.prune_index(pruned, ["2015-12-31"])  # out again: the next, later lookups find them cold
    assert sorted(map(tuple, plain.db.execute("SELECT term, last_date, story_id FROM story_terms"))) == sorted(
        map(tuple, pruned.db.execute("SELECT term, last_date, story_id FROM story_terms UNION ALL "
                                     "SELECT term, last_date, story_id FROM story_terms_cold")))
    plain.close()
    pruned.close()
