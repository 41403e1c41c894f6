"""The diagnosis of the timeline's day ranking in benchmarks/date_features.py."""

from __future__ import annotations

import pytest

from benchmarks.date_features import auc, day_features, f1_top, report
from corpus_tools.timeline import MentionRow, build_timeline


def _mention(article: int, published: str, value: str, sentence: str, report_date: bool = False) -> MentionRow:
    return MentionRow(article, article, "wire", published, "report" if report_date else "attack",
                      "said" if report_date else "attacked", ("Rebels",), value, "day", sentence, report_date,
                      story_id=1, language="en")


def test_features_count_independent_articles_by_when_they_were_written():
    mentions = [
        _mention(1, "2011-03-01", "2011-03-01", "Rebels attacked the port on Tuesday ."),
        _mention(2, "2011-03-05", "2011-03-01", "Rebels attacked the port on 1 March , officials recalled ."),
        _mention(3, "2011-03-09", "2011-03-01", "Since rebels attacked the port on 1 March , ships stayed away ."),
        _mention(4, "2011-02-27", "2011-03-02", "Rebels will be attacked on 2 March , the army warned ."),
    ]
    rows = build_timeline(mentions, granularity="day")
    days = day_features(rows, {"2011-03-01": 1}, {1: "Rebels attacked the port on Tuesday . More text"})
    assert [d["date"] for d in days] == ["2011-03-01", "2011-03-02"]  # the timeline's rank order
    first, second = days
    assert (first["articles"], first["later"], first["later days"], first["same day"], first["before"]) == (3, 2, 2, 1, 0)
    assert (first["published"], first["opening"], first["latest mention (days)"]) == (1, 1, 8)
    assert (second["before"], second["later"], second["latest mention (days)"]) == (1, 0, -3)


def test_auc_ceiling_and_report():
    days = [{"date": d, "rank": r, **{f: 0 for f in ("support", "articles", "later", "later days", "before",
                                                     "same day", "published", "opening", "reports", "furniture",
                                                     "chronologies", "latest mention (days)")}}
            for d, r in (("a", 3.0), ("b", 2.0), ("c", 1.0))]
    gold = {"a", "c", "z"}  # "z" has no row
    assert auc(days, "rank", gold) == pytest.approx(0.5)  # "a" above "b", "c" below it
    assert f1_top(["a", "b", "c"], gold, 3) == pytest.approx(2 * 2 / 6)
    result = report({"t:0": (days, gold)})
    assert result["now"]["t:0"] == pytest.approx(2 * 2 / 6)  # top-3 of the rank: a, b, c
    assert result["ceiling"]["t:0"] == pytest.approx(2 * 2 / 6)  # a and c are every gold day with a row
    assert "| t | 3 | 3 | 2 |" in result["text"]
