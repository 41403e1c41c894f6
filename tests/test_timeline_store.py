"""The timeline read from an SQLite file and from a PostgreSQL server holding the same articles.

The store answers the timeline's questions (candidate dates, a query's articles, the
mentions, the day counts) in SQL of each backend; whatever path it takes, both must
give the same rows, before and after articles are updated, removed and deduplicated.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from corpus_tools.ingest import ingest
from corpus_tools.record import Article, EventMention, SourceDocument
from corpus_tools.store import Store
from corpus_tools.timeline import row_as_dict, timeline_from_store

from .conftest import SEEDS
from .corpora import news_records

TODAY = date(2025, 12, 31)
QUESTIONS = [
    {}, {"limit": 5}, {"limit": 100}, {"query": "Korea Utara", "limit": 100}, {"query": "pemerintah"},
    {"query": "pemerintah", "limit": 3, "min_sources": 2}, {"language": "id", "limit": 20},
    {"date_from": "2025-03", "date_to": "2025-06-30", "limit": 10}, {"story_id": 1}, {"article_id": 3},
    {"granularity": "day", "reports": True, "limit": 50},
]


def corpus(folder: Path, changed: bool = False) -> Path:
    """Generated news records, copies of some under other ids (duplicates), and the seed articles;
    `changed`: a later scrape of it with records edited and removed."""
    folder.mkdir(exist_ok=True)
    records = [json.loads(line) for line in news_records(60, seed=4)]
    copies = [{**r, "id": r["id"] + "-copy", "source_url": r["source_url"] + "?amp"} for r in records[:12]]
    if changed:
        records = records[5:]  # the first five are gone (their copies stay)
        for record in records[:8]:
            record["text"] = record["text"].replace("\n\n", "\n\nBupati Budi Santoso mengatakan banjir "
                                                    "melanda Bandung pada Senin (3/3/2025).\n", 1)
    (folder / "news.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    (folder / "copies.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in copies) + "\n")
    for seed in sorted(SEEDS.glob("*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


def timelines(target: str) -> list[list[dict]]:
    with Store(target, readonly=True) as store:
        return [[row_as_dict(row) for row in timeline_from_store(store, **question)] for question in QUESTIONS]


@pytest.mark.postgres
def test_sqlite_and_postgres_give_the_same_timelines(tmp_path, pg_db):
    db = str(tmp_path / "t.db")
    folder = corpus(tmp_path / "news")
    for target in (db, pg_db):
        report = ingest([str(folder)], target, today=TODAY, batch_size=25)
        assert report.duplicates >= 12
    first = timelines(db)
    assert all(first[:4]) and first[3] != first[2] and first[4]  # the questions found rows, the query fewer
    assert timelines(pg_db) == first

    corpus(tmp_path / "news", changed=True)
    for target in (db, pg_db):
        report = ingest([str(folder)], target, today=TODAY, batch_size=25)
        assert report.removed == 5 and report.updated >= 8  # records are keyed by line: most moved
    again = timelines(db)
    assert again != first  # the update and the removals show
    assert timelines(pg_db) == again


def one_sentence_two_dates(target: str) -> list[tuple]:
    """An article whose one sentence dates two events (same offset), the later date first in the text."""
    sentence = "Banjir melanda Bandung pada 2 Maret 2024, sehari setelah hujan deras pada 1 Maret 2024."
    events = [EventMention("flood", "melanda", ("Bandung",), "2024-03-02", "day", sentence, start=0),
              EventMention("rain", "hujan", ("Bandung",), "2024-03-01", "day", sentence, start=0)]
    article = Article(SourceDocument(path="a.txt", kind="text", payload=b""), text=sentence, body=sentence,
                      body_hash="h", language="id", events=events)
    with Store(target) as store:
        with store.transaction():
            source = store.begin_source("a.txt", 1, None)
            store.save_article(source, "a.txt", article)
        return [store.mention_tuples(["label"], **question) for question in
                ({}, {"values": ["2024-03-01", "2024-03-02"]}, {"article_ids": [1]})]


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_mentions_at_one_offset_come_in_stored_order(backend, tmp_path, request):
    """Rows tied on article and offset: in the order they were stored, whichever path the query takes
    (a server returns ties in any order; SQLite in the order its index gave them)."""
    target = str(tmp_path / "t.db") if backend == "sqlite" else request.getfixturevalue("pg_db")
    assert one_sentence_two_dates(target) == [[("flood",), ("rain",)]] * 3


@pytest.mark.postgres
def test_the_server_search_table_follows_the_articles_through_updates_removals_and_grouping(tmp_path, pg_db):
    """`timeline --query` reads a query's articles from `article_search` (migration 0014), not `articles`:
    its rows must stay what the articles hold — the vector of title and body, the duplicate group,
    day, language and story — after an update, removals and dedup, and the query must find the new words."""
    folder = corpus(tmp_path / "news")
    ingest([str(folder)], pg_db, today=TODAY, batch_size=25)
    corpus(tmp_path / "news", changed=True)
    ingest([str(folder)], pg_db, today=TODAY, batch_size=25)
    with Store(pg_db, readonly=True) as store:
        mirrored = ("SELECT {} FROM {} ORDER BY 1")
        ours = store.db.execute(mirrored.format("id, duplicate_of, published, language, story_id, search::text",
                                                "article_search")).fetchall()
        theirs = store.db.execute(mirrored.format(
            "id, duplicate_of, published, language, story_id, "
            "to_tsvector('simple', coalesce(title, '') || ' ' || body)::text", "articles")).fetchall()
        assert len(ours) == store.count_articles() and ours == theirs
        assert any(row[1] is not None for row in ours) and any(row[4] is not None for row in ours)
        found = store.matching_articles("Budi Santoso banjir")
        assert len(found) >= 8  # the updated records (and their copies' groups)
        assert [a[0] for a in found] == [r["id"] for r in store.list_articles(query="Budi Santoso banjir")]
        assert store.integrity_problems() == []


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_the_per_date_counts_an_ingest_rebuilds_are_the_mentions_counted(backend, tmp_path, request):
    """`event_days` and `published_days` (read by every limited timeline) hold, per date, the independent
    articles (duplicate groups once) the mentions and publication days give, after updates, removals and
    dedup: whatever SQL and indexes the store rebuilds them with."""
    target = str(tmp_path / "t.db") if backend == "sqlite" else request.getfixturevalue("pg_db")
    folder = corpus(tmp_path / "news")
    ingest([str(folder)], target, today=TODAY, batch_size=25)
    corpus(tmp_path / "news", changed=True)
    ingest([str(folder)], target, today=TODAY, batch_size=25)
    with Store(target, readonly=True) as store:
        assert store.aggregates_fresh()
        groups: dict[tuple[str, str], set[int]] = {}
        for cluster, value, granularity in store.mention_tuples(["cluster_id", "value", "granularity"]):
            groups.setdefault((value, "day" if granularity == "day" else "coarse"), set()).add(cluster)
        days: dict[str, set[int]] = {}
        for row in store.list_articles():
            if row["published"] is not None:
                days.setdefault(row["published"], set()).add(row["duplicate_of"] or row["id"])
        stored = {(r[0], r[1]): r[2] for r in store.db.execute("SELECT value, level, clusters FROM event_days")}
        assert stored == {key: len(kept) for key, kept in groups.items()}
        assert any(n > 1 for n in stored.values())
        assert dict(store.db.execute("SELECT day, clusters FROM published_days").fetchall()) == \
            {day: len(kept) for day, kept in days.items()}


def busy_year_quiet_window(target: str) -> None:
    """30 January days told by three articles each, and one June day told by one, all holding "banjir"."""
    stored = [("2024-01-%02d" % day, f"jan{day}-{n}") for day in range(1, 31) for n in range(3)]
    stored.append(("2024-06-10", "jun"))
    with Store(target) as store:
        with store.transaction():
            source = store.begin_source("a.txt", 1, None)
            for index, (day, key) in enumerate(stored):
                sentence = f"Banjir melanda desa nomor {index} pada {day}."
                event = EventMention("flood", "melanda", (f"Desa{index}",), day, "day", sentence)
                article = Article(SourceDocument(path=key, kind="text", payload=b""), text=sentence, body=sentence,
                                  body_hash=key, language="id", published="2024-07-01", events=[event])
                store.save_article(source, key, article)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_limited_query_chooses_its_days_inside_its_dates(backend, tmp_path, request):
    """`timeline --query WORDS --from --to --limit N` chooses the days whose rows it builds among the days inside
    its dates: days outside them, however many articles tell them, leave the window's days their place (the
    store bounds dates by year only, and counting the whole year's days left the window's one out)."""
    target = str(tmp_path / "t.db") if backend == "sqlite" else request.getfixturevalue("pg_db")
    busy_year_quiet_window(target)
    with Store(target, readonly=True) as store:
        rows = timeline_from_store(store, query="banjir", date_from="2024-06-01", date_to="2024-06-30", limit=1)
        every = timeline_from_store(store, query="banjir", date_from="2024-06-01", date_to="2024-06-30")
    assert [row.date for row in every] == ["2024-06-10"]
    assert [row_as_dict(row) for row in rows] == [row_as_dict(row) for row in every]


def told_later_than_happened(target: str) -> None:
    """Twelve days that articles of one outlet only say were reported on ("kata Bupati, Senin (…)"), three
    articles each, published later; and one day an event happened, told by one article that day."""
    stored = [("2024-03-%02d" % day, f"mar{day}-{n}", True, "2024-03-28") for day in range(1, 13) for n in range(3)]
    stored.append(("2024-03-20", "flood", False, "2024-03-20"))
    with Store(target) as store:
        with store.transaction():
            source = store.begin_source("a.txt", 1, None)
            for index, (day, key, report, published) in enumerate(stored):
                sentence = f"Banjir nomor {index} dikatakan pada {day}." if report else f"Banjir melanda desa pada {day}."
                event = EventMention("report" if report else "flood", "kata" if report else "melanda",
                                     (f"Desa{index}",), day, "day", sentence, is_report=report)
                article = Article(SourceDocument(path=key, kind="text", payload=b""), text=sentence, body=sentence,
                                  body_hash=key, language="id", published=published, outlet="Kabar Desa",
                                  events=[event])
                store.save_article(source, key, article)


def test_a_limited_query_reads_more_days_while_the_filters_leave_fewer_rows_than_asked(tmp_path):
    """The days a limited `--query` builds come from an estimate that does not see every filter: the report rows
    of one outlet (not shown without `--reports`) rank first there, and the event day after them must still be
    read when the rows shown would otherwise be fewer than the limit."""
    target = str(tmp_path / "t.db")
    told_later_than_happened(target)
    with Store(target, readonly=True) as store:
        rows = timeline_from_store(store, query="banjir", limit=1)
        every = timeline_from_store(store, query="banjir")
        shown = timeline_from_store(store, query="banjir", limit=1, reports=True)
    assert [row.date for row in every] == ["2024-03-20"]
    assert [row_as_dict(row) for row in rows] == [row_as_dict(row) for row in every]
    assert shown[0].reports_only  # with `--reports`, a report day ranks first: the estimate put them first


def test_a_limited_query_ranks_a_month_among_its_days(tmp_path):
    """A month told by many articles outranks days told by one (`_likely_days` ranks weeks, months and years with
    the days): a limited `--query` still reads and shows it, as the whole timeline ranks it."""
    stored = [("2024-05", "month", f"may{n}") for n in range(20)]
    stored += [("2024-06-%02d" % day, "day", f"jun{day}") for day in range(1, 31)]
    target = str(tmp_path / "t.db")
    with Store(target) as store:
        with store.transaction():
            source = store.begin_source("a.txt", 1, None)
            for index, (value, level, key) in enumerate(stored):
                sentence = f"Banjir melanda desa nomor {index} pada {value}."
                event = EventMention("flood", "melanda", (f"Desa{index}",), value, level, sentence)
                article = Article(SourceDocument(path=key, kind="text", payload=b""), text=sentence, body=sentence,
                                  body_hash=key, language="id", published="2024-07-01", events=[event])
                store.save_article(source, key, article)
    with Store(target, readonly=True) as store:
        rows = timeline_from_store(store, query="banjir", limit=2)
        every = timeline_from_store(store, query="banjir")
    best = sorted(every, key=lambda r: (-r.rank, -r.articles, r.date))[:2]
    assert "2024-05" in {row.date for row in best}
    assert [row_as_dict(row) for row in rows] == [row_as_dict(row) for row in sorted(best, key=lambda r: r.date)]
