"""Events and the timeline: the seeds gold end to end, merging rules, and output formats."""

from __future__ import annotations

import csv
import io
import json

from corpus_tools.events import extract_events
from corpus_tools.dates import tag
from corpus_tools.timeline import MentionRow, build_timeline, row_as_dict
from datetime import date

from .conftest import run_cli


def _timeline(db, *args) -> list[dict]:
    proc = run_cli("timeline", "--format", "json", *args, db=db)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_seed_timeline_matches_the_gold(seeded_db, gold):
    rows = _timeline(seeded_db)
    for event in gold["events"]:
        candidates = [r for r in rows if r["date"] == event["date"] and r["articles"] >= event["min_articles"]]
        text = lambda r: " ".join([r["summary"]] + [s["sentence"] for s in r["sources"]]).lower()
        assert any(any(k.lower() in text(r) for k in event["keywords_any"]) for r in candidates), event
    for row in rows:
        assert int(row["date"][:4]) not in gold["forbidden_event_years"], row


def test_copies_count_once(seeded_db):
    for row in _timeline(seeded_db):
        clusters = {s["article"] for s in row["sources"]}
        assert row["articles"] <= len(clusters)


def test_limit_keeps_best_supported_rows_in_date_order(seeded_db):
    everything = _timeline(seeded_db)
    top = _timeline(seeded_db, "--limit", "3")
    assert len(top) == 3
    assert [r["date"] for r in top] == sorted(r["date"] for r in top)
    weakest_kept = min(r["support"] for r in top)
    dropped = [r for r in everything if r not in top]
    assert all(r["support"] <= weakest_kept for r in dropped)


def test_from_to_min_sources_query_and_article_filters(seeded_db):
    june = _timeline(seeded_db, "--from", "2024-06-01", "--to", "2024-06-30")
    assert june and all(r["date"].startswith("2024-06") for r in june)
    assert all(r["articles"] >= 2 for r in _timeline(seeded_db, "--min-sources", "2"))
    dewan = _timeline(seeded_db, "--query", "Dewan Federasi")
    assert dewan and all(any("SINDOnews" == s["outlet"] for s in r["sources"]) for r in dewan)
    assert _timeline(seeded_db, "--query", "zzzxqj") == []
    one = _timeline(seeded_db, "--article", "4")
    assert one and all(s["article"] == 4 for r in one for s in r["sources"])
    bad = run_cli("timeline", "--from", "June", db=seeded_db)
    assert bad.returncode == 2 and "expected YYYY" in bad.stderr


def test_csv_markdown_and_table_formats(seeded_db):
    rows = _timeline(seeded_db)
    table = list(csv.DictReader(io.StringIO(run_cli("timeline", "--format", "csv", db=seeded_db).stdout)))
    assert [r["date"] for r in table] == [r["date"] for r in rows]
    assert set(table[0]) == {"date", "event", "sources"}
    markdown = run_cli("timeline", "--format", "markdown", db=seeded_db).stdout.splitlines()
    assert markdown[0] == "| date | event | sources |" and len(markdown) == len(rows) + 2
    assert "2024-06-19" in run_cli("timeline", db=seeded_db).stdout


def test_report_dates_are_not_event_dates():
    body = "Dilansir kantor berita KCNA, Selasa (12/11), perjanjian itu diratifikasi oleh Kim Jong Un pada Senin kemarin."
    mentions = extract_events(body, tag(body, date(2024, 11, 12), "id"), "id")
    by_value = {m.value: m for m in mentions}
    assert by_value["2024-11-12"].is_report and by_value["2024-11-12"].label == "report"
    assert by_value["2024-11-11"].label == "ratify" and not by_value["2024-11-11"].is_report
    assert "Kim Jong Un" in by_value["2024-11-11"].actors


def test_english_events_and_actors():
    body = "Rebels captured Sirte on October 20, 2011. Muammar Gaddafi was killed the same day, officials said."
    mentions = extract_events(body, tag(body, date(2011, 10, 21), "en"), "en")
    assert [(m.value, m.label) for m in mentions] == [("2011-10-20", "arrest"), ("2011-10-20", "kill")]
    assert "Muammar Gaddafi" in mentions[1].actors


def _m(article, value, label="sign", actors=("Putin", "Kim"), granularity="day", cluster=None, report=False):
    return MentionRow(article, cluster or article, "X", "2024-11-12", label, label, actors, value, granularity,
                      f"sentence of {article}", report)


def test_month_mentions_support_the_day_row_and_copies_count_once():
    rows = build_timeline([_m(1, "2024-06-19"), _m(2, "2024-06", granularity="month"),
                           _m(3, "2024-06-19", cluster=1)])
    assert [(r.date, r.articles) for r in rows] == [("2024-06-19", 2)]


def test_different_dates_for_one_event_are_flagged_as_conflicts():
    rows = build_timeline([_m(1, "2024-11-09"), _m(2, "2024-11-09"), _m(3, "2024-11-10")])
    assert [r.date for r in rows] == ["2024-11-09"]
    assert row_as_dict(rows[0])["conflicts"][0]["date"] == "2024-11-10"


def test_unrelated_events_on_one_day_stay_apart():
    rows = build_timeline([_m(1, "2024-11-09"), _m(2, "2024-11-09", label="attack", actors=("Israel",))])
    assert sorted(r.label for r in rows) == ["attack", "sign"]
