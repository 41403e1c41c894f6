"""The learned day ranking of benchmarks/learned_rank.py, and the rank's weights it sets (`timeline.RANK_WEIGHTS`)."""

from __future__ import annotations

import math

import pytest

from benchmarks.learned_rank import PARTS, SHIPPED, day_parts, leave_one_topic_out, models, report, weighted
from corpus_tools import timeline
from corpus_tools.timeline import MentionRow, build_timeline


def _mention(article: int, published: str, value: str, sentence: str, label: str = "attack") -> MentionRow:
    return MentionRow(article, article, "wire", published, label, "attacked", ("Rebels",), value, "day", sentence,
                      story_id=1, language="en")


MENTIONS = [
    _mention(1, "2011-03-01", "2011-03-01", "Rebels attacked the port on Tuesday ."),
    _mention(2, "2011-03-05", "2011-03-01", "Rebels attacked the port on 1 March , officials recalled ."),
    _mention(3, "2011-03-02", "2011-03-02", "Rebels attacked the harbour wall on 2 March ."),
]
PUBLISHED = {"2011-03-01": 3, "2011-03-02": 1, "2011-03-05": 1}


def _build(limit: int | None = None) -> list:
    return build_timeline(MENTIONS, published=PUBLISHED, granularity="day", limit=limit)


def test_day_parts_are_the_ranks_terms_and_the_shipped_weights_sum_them():
    days, parts = day_parts(_build)
    assert days == ["2011-03-01", "2011-03-02"]
    first, second = parts
    # 1 March: two articles (one written that day, half), one written later, three published on it
    assert first[:4] == pytest.approx([math.log1p(2), math.log1p(1.5), math.log1p(1), math.log1p(3)])
    assert second[:4] == pytest.approx([math.log1p(1), math.log1p(0.5), 0.0, math.log1p(1)])
    assert 0 < first[4] <= 1 and 0 < second[4] <= 1  # each row's centrality against the other of its story
    shipped = {row.date: row.rank for row in _build()}
    for day, values in zip(days, parts):
        assert shipped[day] == pytest.approx(sum(w * v for w, v in zip(SHIPPED, values)))
    assert timeline.RANK_WEIGHTS == SHIPPED[:4] and timeline.CENTRALITY_WEIGHT == SHIPPED[4]  # restored


def test_rank_weights_decide_which_day_a_limit_keeps():
    assert [row.date for row in _build(limit=1)] == ["2011-03-01"]
    # weighing only the centrality, ties broken by articles then date: 1 March still first (two articles)
    with weighted([0, 0, 0, 0, 1]):
        assert [row.date for row in _build(limit=1)] == ["2011-03-01"]
    # a negative weight on the articles published on the day turns the order round
    with weighted([1, 1, 1, -10, 0.1]):
        assert [row.date for row in _build(limit=1)] == ["2011-03-02"]
    assert [row.date for row in _build(limit=1)] == ["2011-03-01"]


def test_leave_one_topic_out_trains_on_the_other_topics_and_reports_drops():
    # in every topic the gold days have more support; a model trained on two must weigh support positively
    def days(n):
        return [([float(i % 2) + 0.1 * i, 0.2, 0.1, 0.3, 0.5], bool(i % 2)) for i in range(n)]

    samples = {(t, p): days(12) for t in ("a", "b", "c") for p in ("--story", "--query")}
    seen = []

    def score(weights, topic):
        seen.append((topic, weights))
        return {"--story": 0.5 if weights[0] > 0 else 0.1, "--query": 0.45}

    shipped = {(t, p): 0.45 for t in ("a", "b", "c") for p in ("--story", "--query")}
    fitters = {k: v for k, v in models().items() if k in ("pointwise, C 1.0", "shrunk 0.1")}
    learned = leave_one_topic_out(samples, score, fitters, shipped)
    assert sorted(t for t, _ in seen) == ["a", "a", "b", "b", "c", "c"]
    point = learned["pointwise, C 1.0"]
    assert all(w[0] == 1.0 for w in point["weights"].values())  # scaled so that support weighs 1
    assert point["drops"] == [] and point["f1"][("a", "--story")] == 0.5
    text = report(shipped, learned)  # the query's mean is the shipped one's, not above it
    assert "Beats the shipped weights on both paths with no topic dropping more than 0.01: none." in text
    learned["pointwise, C 1.0"]["f1"] = {k: 0.6 for k in shipped}
    assert ": pointwise, C 1.0." in report(shipped, learned)
    assert len(PARTS) == len(SHIPPED) == 5


def test_reads_table_sets_the_days_a_limited_timeline_reads_and_restores_them():
    from benchmarks.learned_rank import QUERY_READS, STORY_READS, reading, reads_table

    shipped = (timeline.QUERY_DAYS_PER_ROW, timeline.QUERY_DAYS_MORE, timeline.CANDIDATES_PER_ROW)

    def score(weights, topic):  # what the timeline module holds while a line is scored
        return {"--query": timeline.QUERY_DAYS_PER_ROW, "--story": timeline.CANDIDATES_PER_ROW / 10}

    lines = reads_table(score, ["a", "b"])
    assert len(lines) == 5 + len(QUERY_READS) + len(STORY_READS)
    assert "| `--query` 1.5 × L + 10 | 1.500 | 1.500 | 1.500 |" in lines
    assert "| `--story` 8 × L + 20 | 0.800 | 0.800 | 0.800 |" in lines
    with reading(query=(2.0, 5)):
        assert (timeline.QUERY_DAYS_PER_ROW, timeline.QUERY_DAYS_MORE) == (2.0, 5)
    assert (timeline.QUERY_DAYS_PER_ROW, timeline.QUERY_DAYS_MORE, timeline.CANDIDATES_PER_ROW) == shipped
