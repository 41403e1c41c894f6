"""The diagnosis of the timeline's day ranking in benchmarks/date_features.py."""

from __future__ import annotations

import pytest

from benchmarks.date_features import (CAUSES, FEATURES, auc, ceiling, day_features, f1_top, learned_rankers,
                                      missing_days, report)
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
    days = [{"date": d, **{f: 0 for f in FEATURES}, "rank": r} for d, r in (("a", 3.0), ("b", 2.0), ("c", 1.0))]
    gold = {"a", "c", "z"}  # "z" has no row
    assert auc(days, "rank", gold) == pytest.approx(0.5)  # "a" above "b", "c" below it
    assert f1_top(["a", "b", "c"], gold, 3) == pytest.approx(2 * 2 / 6)
    result = report({"t:0": (days, gold)})
    assert result["now"]["t:0"] == pytest.approx(2 * 2 / 6)  # top-3 of the rank: a, b, c
    assert result["ceiling"]["t:0"] == pytest.approx(2 * 2 / 6)  # a and c are every gold day with a row
    assert "| t | 3 | 3 | 2 |" in result["text"]


def test_twelfth_round_features_burst_explicit_position_centrality():
    mentions = [
        _mention(1, "2011-03-01", "2011-03-01", "Rebels attacked the port on Tuesday ."),
        _mention(2, "2011-03-05", "2011-03-01", "Rebels attacked the port on 1 March , officials recalled ."),
        _mention(3, "2011-03-09", "2011-03-01", "Rebels said the port was attacked on 1 March .", report_date=True),
        _mention(4, "2011-02-27", "2011-03-02", "Ships will be attacked on 2 March , the army warned ."),
    ]
    rows = build_timeline(mentions, granularity="day")
    bodies = {1: "Rebels attacked the port on Tuesday . More text", 2: "Intro . " * 10 + mentions[1].sentence}
    first, second = day_features(rows, {"2011-03-01": 4, "2011-03-02": 2, "2011-02-20": 1}, bodies, bodies)
    assert first["date"] == "2011-03-01"
    assert (first["next day"], first["labels"], first["mentions"]) == (2, 1, 3)  # labels of events only
    assert first["burst"] == pytest.approx((4 + 2 + 1) / (2 * 6 / 15 + 1))  # 6 within ±7 days (20 Feb: 9 before)
    assert (first["explicit"], first["explicit share"]) == (1, pytest.approx(1 / 2))  # "1 March": article 2 only
    assert first["position"] == 0.0 and first["mean position"] == pytest.approx((0 + 80 / len(bodies[2])) / 2)
    assert first["report share"] == pytest.approx(1 / 3)
    assert 0 < second["centrality"] < first["centrality"] <= 1  # the port attack is most of the timeline's words


def test_learned_rankers_leave_one_topic_out_and_in_sample():
    def topic(prefix: str) -> tuple[list[dict], set[str]]:
        days = [{"date": f"{prefix}{i}", **{f: 0 for f in FEATURES}, "rank": float(i % 2), "support": float(i % 2)}
                for i in range(10)]
        return days, {f"{prefix}{i}" for i in range(10) if i % 2}

    learned = learned_rankers({"a:0": topic("a"), "b:1": topic("b")})
    loto, inside = learned["logistic regression, C 1, log"]
    assert loto == {"a:0": 1.0, "b:1": 1.0} and inside == loto  # the odd days are gold, and rank above


def test_missing_gold_days_take_the_first_cause_that_holds():
    gold = {f"2011-03-0{n}" for n in range(1, 9)}
    story = {"2011-03-01"}  # has a row: not missing
    missing = missing_days(
        gold, story, story_reports=story | {"2011-03-02"}, topic=story | {"2011-03-02", "2011-03-03"},
        topic_reports=story | {"2011-03-04"}, named_story={"2011-03-02", "2011-03-05"},
        named_topic={"2011-03-05", "2011-03-06"}, published={"2011-03-08"})
    assert missing == {CAUSES[0]: ["2011-03-02"],  # a report date of the story, though other causes hold too
                       CAUSES[1]: ["2011-03-03"], CAUSES[2]: ["2011-03-04"], CAUSES[3]: ["2011-03-05"],
                       CAUSES[4]: ["2011-03-06"],
                       CAUSES[5]: ["2011-03-07", "2011-03-08"],  # published the next day, or on the day
                       CAUSES[6]: []}
    days = [{"date": "2011-03-01", **{f: 0 for f in FEATURES}}]
    text = report({"t:0": (days, gold)}, {"t": missing})["text"]
    assert f"| {CAUSES[5]} | 2 |" in text and f"| {CAUSES[6]} | 0 |" in text


def test_ceiling_of_a_path_ranks_its_gold_rows_first():
    gold = {"a", "b", "c", "d"}
    assert ceiling({"a", "b", "x", "y", "z"}, gold) == (2, pytest.approx(2 * 2 / (4 + 4)))  # a, b, then two others
    assert ceiling({"a", "b"}, gold) == (2, pytest.approx(2 * 2 / (2 + 4)))  # fewer rows than gold days: all shown
    assert ceiling({"x"}, gold) == (0, 0.0)
    days = [{"date": "a", **{f: 0 for f in FEATURES}}]
    missing = {"t": {**{cause: [] for cause in CAUSES}, "paths": {"--story": (2, 0.5), "alone": (3, 0.75)}}}
    text = report({"t:0": (days, gold)}, missing)["text"]
    assert "| --story | 2 (0.500) | 0.500 |" in text and "| alone | 3 (0.750) | 0.750 |" in text


def test_candidate_days_split_the_days_trigger_less_sentences_name():
    from benchmarks.date_features import CANDIDATES, candidate_days
    from corpus_tools.record import Article, EventMention, SourceDocument, Timex

    def article(dates, events):
        return Article(source=SourceDocument(path="a.txt", kind="text", payload=b""), dates=dates, events=events)

    def event(value, report=False):
        return EventMention("report" if report else "attack", "attacked", (), value, "day", "s", report)

    first = article([Timex(0, 9, "1 March", "2011-03-01", "day"), Timex(20, 29, "yesterday", "2011-03-02", "day"),
                     Timex(40, 47, "2 March", "2011-03-02", "day"), Timex(50, 57, "5 March", "2011-03-05", "day"),
                     Timex(60, 66, "Monday", "2011-03-07", "day"), Timex(70, 79, "9 March", "2011-03-09", "day"),
                     Timex(80, 88, "1 May", "2011-05-01", "day")],
                    [event("2011-03-01"), event("2011-03-09", report=True)])
    second = article([Timex(0, 8, "Thursday", "2011-03-03", "day"), Timex(10, 17, "1 March", "2011-03-01", "day")],
                     [event("2011-03-04")])
    out = candidate_days([first, second], {"2011-03-01", "2011-03-02", "2011-03-03", "2011-03-07", "2011-03-31"})
    events, numbered, unnumbered = CANDIDATES
    assert out[events] == (1, 2)  # 1 March (gold) and 4 March; 9 March is a report date, 1 May outside the range
    assert out[numbered] == (1, 2)  # 2 March ("yesterday" too: its number written once is enough), 5 March
    assert out[unnumbered] == (2, 2)  # "Monday", "Thursday"; 1 March is an event day already
