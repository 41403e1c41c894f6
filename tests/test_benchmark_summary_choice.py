"""The summary-choice diagnosis in benchmarks/summary_choice.py measures the library's choice, not a copy that
drifted from it."""

from __future__ import annotations

import pytest

from benchmarks.summary_choice import choose, dates_day, pool, quote_share, rouge_f, two_sentences
from corpus_tools.store import Store
from corpus_tools.timeline import MentionRow, build_timeline, timeline_from_store


def test_the_restated_pool_chooses_the_shipped_summary_on_every_row_of_the_seeds(seeded_db):
    store = Store(seeded_db)
    try:
        rows = timeline_from_store(store, limit=None)
    finally:
        store.close()
    assert len(rows) >= 5
    assert [choose(row) for row in rows] == [row.summary for row in rows]
    assert {pool(row)[0] for row in rows} <= {"told", "lead", "after", "mention"}
    # two sentences: the shipped one first, then another article's when the row has one
    for row in rows:
        text = two_sentences(row)
        assert text.startswith(row.summary)
        assert text == row.summary or len({m.article_id for m in row.mentions}) > 1


def test_a_lead_dates_the_rows_day_when_its_latest_day_is_that_day():
    mention = MentionRow(1, 1, None, "2011-09-28", "trial", "trial", ("Conrad Murray",), "2011-09-27", "day",
                         "Dr Conrad Murray 's lawyer said on Tuesday his client would not testify .", story_id=1,
                         language="en")
    row = next(r for r in build_timeline([mention]) if r.date == "2011-09-27")
    lead = "Jurors saw a photograph of the singer yesterday as the case against his doctor opened ."
    assert dates_day(row, (1, lead, "en"))
    assert not dates_day(row, (1, lead.replace("yesterday", "last week"), "en"))
    assert not dates_day(row, (1, lead.replace("yesterday", "yesterday , a day before 29 September"), "en"))
    assert not dates_day(row, (2, lead, "en"))  # an article the row does not hold: no publication day to read by


def test_quote_share_and_rouge_f():
    assert quote_share("He said `` we will make BP pay '' .") == pytest.approx(5 / 7)
    assert quote_share("“All of it,” she said.") == pytest.approx(3 / 5)
    assert quote_share("No quote here .") == 0.0
    assert rouge_f("oil reached the coast", "Oil reached the Louisiana coast") == pytest.approx(2 * 1 * 0.8 / 1.8)
    assert rouge_f("ships", "oil") == 0.0
