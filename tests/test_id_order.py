"""A date read in a text is checked against the outlet's id order (corpus_tools/id_order.py).

Constructed records: an outlet numbers its articles in its URLs (`/berita/d-1000100/…`); some
records carry a date field (strong evidence), the others only a dateline in their text. A text
date outside the dates of the strongly dated ids around it is not taken; a date older than the
first dated id, with nothing below it, is kept.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from corpus_tools.id_order import contradicts, url_id
from corpus_tools.ingest import ingest
from corpus_tools.store import Store

WINDOW_END = date(2025, 12, 31)
BODY = ("Pemerintah daerah mengumumkan program bantuan baru bagi para petani di wilayah selatan yang "
        "terdampak banjir besar. Bantuan berupa benih, pupuk dan uang tunai akan dibagikan melalui kelompok "
        "tani setempat. Para petani menyambut baik rencana tersebut dan berharap bantuan segera diterima "
        "sebelum musim tanam berikutnya dimulai. Sawah mereka terendam sejak kemarin.\n")


def record(number: int, dateline: str | None = None, field: str | None = None) -> dict:
    text = BODY + (f"Hal itu disampaikan Kepala Dinas Pertanian kepada wartawan di kantornya, {dateline}.\n"
                   if dateline else "Kepala Dinas Pertanian menyampaikan hal itu kepada wartawan di kantornya.\n")
    out = {"id": f"r{number}", "judul": f"Bantuan petani {number}", "isi": text,
           "link": f"https://news.example.com/berita/d-{number}/bantuan-petani-{number}"}
    if field:
        out["tanggal"] = field
    return out


def write(path, records: list[dict]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return str(path)


def dates_by_id(target: str) -> dict[str, tuple[str | None, str | None]]:
    with Store(target) as store:
        rows = store.db.execute("SELECT external_id, published, published_from FROM articles").fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}


STRONG = [record(1000100, field="2024-03-01"), record(1000300, field="2024-03-20")]
# weekdays agree: 4/3/2019 a Monday, 12/3/2024 a Tuesday, 30/10/2017 a Monday
HISTORY = record(1000200, dateline="Senin (4/3/2019)")  # between ids dated March 2024: the story's past
RIGHT = record(1000250, dateline="Selasa (12/3/2024)")
OLDER = record(1000050, dateline="Senin (30/10/2017)")  # below every dated id: older, rightly
NEWER_BY_YEARS = record(1000400, dateline="Senin (4/3/2019)")  # above every dated id, years before them


def backend_target(backend, tmp_path, request) -> str:
    return str(tmp_path / "t.db") if backend == "sqlite" else request.getfixturevalue("pg_db")


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_text_date_the_id_order_contradicts_is_not_taken(backend, tmp_path, request):
    target = backend_target(backend, tmp_path, request)
    # the text-dated records come first in the file: the batch's strong records still bracket them
    path = write(tmp_path / "a.jsonl", [HISTORY, RIGHT, OLDER, NEWER_BY_YEARS, *STRONG])
    report = ingest([path], target, window_end=WINDOW_END)
    assert report.new == 6 and not report.failed
    got = dates_by_id(target)
    assert got["r1000200"] == (None, "id-order")
    assert got["r1000400"] == (None, "id-order")
    assert got["r1000250"] == ("2024-03-12", "dateline")
    assert got["r1000050"] == ("2017-10-30", "dateline")
    assert got["r1000100"] == ("2024-03-01", "record")


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_records_of_an_earlier_run_bracket_a_later_one(backend, tmp_path, request):
    target = backend_target(backend, tmp_path, request)
    ingest([write(tmp_path / "first.jsonl", STRONG)], target, window_end=WINDOW_END)
    ingest([write(tmp_path / "second.jsonl", [HISTORY, RIGHT])], target, window_end=WINDOW_END)
    got = dates_by_id(target)
    assert got["r1000200"] == (None, "id-order")
    assert got["r1000250"] == ("2024-03-12", "dateline")
    with Store(target) as store:  # its dates and events were read again with no document date
        article = store.db.execute("SELECT id FROM articles WHERE external_id = 'r1000200'").fetchone()[0]
        values = [row[0] for row in store.db.execute("SELECT value FROM dates WHERE article_id = ?", (article,))]
    assert "2019-03-04" in values and "2019-03-03" not in values  # "kemarin" is no longer read from 2019-03-04


def test_another_outlet_or_numbering_brackets_nothing(tmp_path):
    target = str(tmp_path / "t.db")
    other_host = {**HISTORY, "link": HISTORY["link"].replace("news.example.com", "news.example.org")}
    other_width = {**HISTORY, "id": "wide", "link": "https://news.example.com/berita/d-10000200/x"}
    ingest([write(tmp_path / "a.jsonl", [*STRONG, other_host, other_width])], target, window_end=WINDOW_END)
    got = dates_by_id(target)
    assert got["r1000200"] == ("2019-03-04", "dateline")
    assert got["wide"] == ("2019-03-04", "dateline")


def test_the_article_id_of_a_url():
    assert url_id("https://finance.detik.com/moneter/d-7961581/nasabah") == ("finance.detik.com 7", 7961581)
    # the id after the date and time of an older URL style, in the same series as the new style's
    assert url_id("https://finance.detik.com/read/2019/06/29/081500/4567890/4/slug") == ("finance.detik.com 7",
                                                                                          4567890)
    assert url_id("https://www.example.com/a/123456.html") == ("example.com 6", 123456)
    assert url_id("https://example.com/2024/01/02/rp-100000-triliun") is None  # a number in a slug is no id
    assert url_id(None) is None and url_id("no url") is None


def test_a_bracket_needs_both_sides_or_a_clear_break():
    assert contradicts("2019-03-04", "2024-03-01", "2024-03-20")
    assert not contradicts("2024-03-12", "2024-03-01", "2024-03-20")
    assert not contradicts("2024-03-25", "2024-03-01", "2024-03-20")  # a few days off: a late report
    assert not contradicts("2017-10-30", None, "2024-03-20")  # older than the first dated id
    assert not contradicts("2023-06-01", "2024-03-01", None)  # one side: less than a year off
    assert contradicts("2019-03-04", "2024-03-01", None)
    assert not contradicts("2019-03-04", "2024-03-20", "2024-03-01")  # neighbours out of order bound nothing
