"""A row lists at most N sources (`--sources N|all`, default 10), the most central first, and always states its
totals (issue 13: a 100k store's `--query` rows listed 7,999 sources, most of its cost)."""

from __future__ import annotations

import json

from corpus_tools.page import timeline_page
from corpus_tools.store import Store
from corpus_tools.timeline import (DEFAULT_SOURCES, MentionRow, build_timeline, row_as_dict, source_order,
                                   timeline_dicts, timeline_from_store)

from .conftest import run_cli

SIGNING = "Putin dan Kim menandatangani perjanjian kemitraan strategis di Pyongyang"


def _m(article, sentence=SIGNING, cluster=None, outlet="", published="2024-06-20", value="2024-06-19",
       granularity="day"):
    return MentionRow(article, cluster or article, f"Outlet {article:02}" if outlet == "" else outlet, published, "sign", "sign",
                      ("Putin", "Kim"), value, granularity, sentence, False, language="id")


def test_a_row_lists_ten_sources_and_counts_every_one():
    row = build_timeline([_m(n) for n in range(1, 26)])[0]
    shown = row_as_dict(row)
    assert DEFAULT_SOURCES == 10 and len(shown["sources"]) == 10
    assert shown["sources_total"] == 25 and shown["articles"] == 25
    assert sum(shown["outlets"].values()) == 25 and len(shown["outlets"]) == 25
    every = row_as_dict(row, sources=None)
    assert len(every["sources"]) == 25 and every["sources_total"] == 25
    assert every["sources"][:10] == shown["sources"]  # the cap cuts the same list
    assert row_as_dict(row, sources=0)["sources"] == [] and row_as_dict(row, sources=3)["sources"] == every["sources"][:3]
    assert {k: v for k, v in every.items() if k != "sources"} == {k: v for k, v in shown.items() if k != "sources"}


def test_the_most_central_independent_articles_come_first_then_the_earliest():
    """Among sources of the row's day: the sentences that tell what most of the row tells first, earliest
    published first among equals; one article per copy group before any copy; a source giving only the month
    after those giving the day."""
    mentions = [_m(n, published=f"2024-06-{20 + n % 5:02}") for n in range(1, 7)]  # the row's common sentence
    mentions.append(_m(7, "Pertemuan lain soal cuaca dan harga beras di pasar", published="2024-06-19"))  # an aside
    mentions.append(_m(8, cluster=1, published="2024-06-19"))  # a copy of article 1, published first
    mentions.append(_m(9, published="2024-06-19", value="2024-06", granularity="month"))  # the month alone
    row = build_timeline(mentions)[0]
    order = [m.article_id for m in source_order(row)]
    assert row.date == "2024-06-19" and sorted(order) == list(range(1, 10))
    # copy group 1 is represented by its earlier article 8 (same sentence); the others by date, then id
    assert order[:6] == [8, 5, 6, 2, 3, 4]
    assert order[6:] == [7, 9, 1]  # the aside, the month, then the copy
    listed = [s["article"] for s in row_as_dict(row, sources=7)["sources"]]
    assert listed == order[:7] and 1 not in listed and row_as_dict(row)["articles"] == 8


def test_outlets_count_copies_once_whatever_is_listed():
    row = build_timeline([_m(1, outlet="detikcom"), _m(2, outlet="detikcom", cluster=1), _m(3, outlet="Kompas"),
                          _m(4, outlet=None)] + [_m(n, outlet="detikcom") for n in range(5, 16)])[0]
    data = row_as_dict(row, sources=2)
    assert data["outlets"] == {"detikcom": 12, "Kompas": 1, "": 1}
    assert data["articles"] == 14 and data["sources_total"] == 15 and len(data["sources"]) == 2


def test_the_page_says_how_many_sources_it_leaves_out():
    row = row_as_dict(build_timeline([_m(n) for n in range(1, 16)])[0], sources=4)
    page = timeline_page([row])
    assert page.count('class="chip"') == 4 and "… and 11 more not listed" in page
    assert "4 independent articles listed" in page
    whole = timeline_page([row_as_dict(build_timeline([_m(n) for n in range(1, 16)])[0], sources=None)])
    assert "not listed" not in whole and "15 independent articles</li>" in whole


def test_the_cli_caps_every_timeline_the_stored_one_too(seeded_db, tmp_path):
    """The default timeline (stored finished by the ingest) and a computed one list at most `--sources`;
    `--sources all` lists what the library's whole rows list; the totals never change."""
    every = json.loads(run_cli("timeline", "--sources", "all", "-f", "json", db=seeded_db).stdout)
    with Store(seeded_db, readonly=True) as store:
        assert every == [row_as_dict(r, sources=None) for r in timeline_from_store(store, limit=100)]
        stored = store.stored_timeline(next(iter(_stored_keys(store))))
    assert every and max(len(r["sources"]) for r in every) > 1
    assert all(r["sources_total"] == len(r["sources"]) for r in every)
    for options in ([], ["--query", "Korea"]):
        one = json.loads(run_cli("timeline", *options, "--sources", "1", "-f", "json", db=seeded_db).stdout)
        whole = json.loads(run_cli("timeline", *options, "--sources", "all", "-f", "json", db=seeded_db).stdout)
        assert one and all(len(r["sources"]) == min(1, r["sources_total"]) for r in one), options
        assert [{**r, "sources": r["sources"][:1]} for r in whole] == one, options
    assert stored is not None and all(len(r["sources"]) <= DEFAULT_SOURCES for r in json.loads(stored))


def _stored_keys(store: Store) -> list[str]:
    from corpus_tools.timeline import STORED_QUESTIONS, stored_question
    return [stored_question(options) for options in STORED_QUESTIONS]


def test_a_stored_timeline_is_cut_to_fewer_sources_and_computed_for_more(seeded_db):
    """`timeline_dicts` gives the stored rows (DEFAULT_SOURCES each at most) for DEFAULT_SOURCES or fewer, cut to
    the count asked, and computes the rows for more."""
    with Store(seeded_db, readonly=True) as store:
        stored = json.loads(store.stored_timeline(_stored_keys(store)[0]))
        computed = [row_as_dict(r, sources=None) for r in timeline_from_store(store, limit=100)]
        assert timeline_dicts(store, limit=100) == stored == [
            {**r, "sources": r["sources"][:DEFAULT_SOURCES]} for r in computed]
        assert timeline_dicts(store, limit=100, sources=2) == [{**r, "sources": r["sources"][:2]} for r in computed]
        assert timeline_dicts(store, limit=100, sources=None) == computed


def test_a_row_listing_no_source_counts_the_same():
    """`sources=0` (the table, CSV and Markdown, which list none) skips the sources' order, not their totals."""
    mentions = [_m(n, outlet=("A", "B", None)[n % 3]) for n in range(1, 12)]
    mentions += [_m(12, cluster=1, outlet="C"), _m(13, outlet="D", value="2024-06", granularity="month")]
    row = build_timeline(mentions)[0]
    none, every = row_as_dict(row, sources=0), row_as_dict(row, sources=None)
    assert none["sources"] == [] and len(every["sources"]) == 13
    assert {k: v for k, v in none.items() if k != "sources"} == {k: v for k, v in every.items() if k != "sources"}
    assert none["outlets"] == {"B": 4, "A": 3, "D": 1, "": 4}  # copy group 1 counts for B, its first article's
