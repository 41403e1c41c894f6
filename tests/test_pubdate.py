"""Publication date of a text without a date field: the day of writing, never a day the story tells of.

Sentences written here in the conventions of Indonesian and English news; each case failed
before extract/pubdate.py (a history date with its weekday, an event's day on a short line
taken as a header, "kemarin (12/2/2020)" read as the day itself, a planned launch, a weekday
read years before the window).
"""

from __future__ import annotations

import json
from datetime import date

from corpus_tools.dates import guess_dct
from corpus_tools.extract import extract
from corpus_tools.record import SourceDocument

END = date(2025, 12, 31)


def published(text: str, window_end: date = END) -> tuple[str | None, str | None]:
    doc = SourceDocument(path="r.jsonl", kind="record", payload=json.dumps({"text": text}).encode(), line=1)
    found = extract(doc, "id", window_end, window_end=window_end)
    return found.published, found.published_from


def test_a_history_date_with_its_weekday_is_not_the_publication_date():
    history = ("Tahun ini adalah peringatan 20 tahun tsunami di Aceh. Peristiwa ini terjadi pada hari Minggu, "
               "26 Desember 2004 pukul 07.58 WIB dengan kekuatan besar.")
    assert published(history) == (None, None)
    dated = history + ' "Kami tidak lupa," kata Gubernur di Banda Aceh, Kamis (26/12/2024).'
    assert published(dated) == ("2024-12-26", "dateline")


def test_an_event_day_on_a_short_line_is_no_header_and_the_report_day_wins():
    text = ("Direktur Baru Ditunjuk\n\nDemikian hasil rapat pemegang saham\n"
            "pada Rabu, 16 Mei 2018 lalu di Jakarta, yang diumumkan dalam siaran pers, Senin (4/6/2018).\n"
            "Rapat itu memilih direksi baru untuk lima tahun.")
    assert published(text) == ("2018-06-04", "dateline")


def test_a_day_word_beside_the_date_moves_it_to_the_day_of_writing():
    assert published("Komite melaporkan capaian kepada menteri kemarin (12/2/2020). Rapat berjalan lancar.") \
        == ("2020-02-13", "dateline")
    assert published("Presiden hari ini (6/9/2019) mengunjungi pabrik mobil di Jawa Tengah.") \
        == ("2019-09-06", "dateline")
    # a weekday without a year, "kemarin" after it: the day after, its year the only one in the window
    # "pada … kemarin": an event recently past, not the day before writing
    assert published("Pengelola sirkuit pada Jumat (13/3) kemarin mengumumkan penutupan.",
                     date(2020, 3, 20)) == (None, None)
    assert published("Pengelola sirkuit, Jumat (13/3) kemarin, mengumumkan penutupan.",
                     date(2020, 3, 20)) == ("2020-03-14", "weekday")


def test_a_planned_or_past_marked_day_is_not_the_day_of_writing():
    text = ("Program ini rencananya diluncurkan Kamis (9/4/2020). Demikian disampaikan direktur jenderal "
            "dalam telekonferensi, Rabu (8/4/2020).")
    assert published(text) == ("2020-04-08", "dateline")
    text = "Pameran akan dibuka hingga Minggu (4/11/2018) mendatang, kata panitia, Selasa (30/10/2018)."
    assert published(text) == ("2018-10-30", "dateline")
    # "akan" inside a quote before the report's date does not make the date planned
    text = '"Ibu kota akan pindah ke Kalimantan," kata Presiden di Istana, Jumat (23/8/2019).'
    assert published(text) == ("2019-08-23", "dateline")


def test_a_weekday_without_a_year_is_read_only_inside_the_window():
    text = "Presiden meresmikan jembatan itu pada Senin 30 Oktober. Warga menyambut dengan gembira."
    assert published(text, date(2023, 12, 31)) == ("2023-10-30", "weekday")
    # no 30 October falls on a Monday in the four years up to the end of 2027: no guess
    assert published(text, date(2027, 12, 31)) == (None, None)


def test_guess_dct_reads_the_same_way():
    assert guess_dct("Peristiwa ini terjadi pada hari Minggu, 26 Desember 2004.", "id", END) is None
    assert guess_dct("SELASA, 12 NOVEMBER 2024 | 09:42 WIB\nIsi berita.", "id", END) == date(2024, 11, 12)


def test_english_history_is_not_the_publication_date():
    def english(text: str) -> str | None:
        doc = SourceDocument(path="r.jsonl", kind="record", payload=json.dumps({"text": text}).encode(), line=1)
        return extract(doc, "en", END, window_end=END).published
    history = "The war has gone on since Thursday, March 20, 2003, and shows no sign of ending."
    assert english(history) is None
    assert english(history + " Officials said Tuesday, March 18, 2025, that talks would resume.") == "2025-03-18"
